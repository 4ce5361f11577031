"""`python -m bot.healthcheck`: exit 0 when this machine's `clerk serve` is healthy (the
container's HEALTHCHECK; no curl in a slim image)."""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    url = args[0] if args else f"http://127.0.0.1:{os.environ.get('PORT') or '3000'}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=float(os.environ.get("HEALTH_TIMEOUT", "4"))):
            return 0  # urlopen raises for 503
    except (urllib.error.URLError, OSError) as err:
        print(f"unhealthy: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

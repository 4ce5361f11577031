"""`python -m bench [--quick]`: run the benchmarks, print the tables, save bench/results/.

1. slash-command latency and throughput through `clerk serve`, against a bare Bolt app
2. /report compile time by meeting size
3. reminder dispatch: 1,000 reminders due at one instant
4. peak memory of `clerk serve` around a 3,000-document report
5. first-time delegates at once
6. the group's register: /doc history and /clerk search over 20 meetings; a TDoc list import
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
from datetime import UTC, datetime
from pathlib import Path

from . import first_users, http, memory, register, reminders, report

RESULTS = Path(__file__).parent / "results"


def machine() -> str:
    return (
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument(
        "--only",
        type=int,
        default=0,
        help="run one section and print it (1: slash commands; 2: /report, also saved as "
        "bench/results/report.md)",
    )
    args = parser.parse_args()
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    quick = args.quick
    results: dict = {"machine": machine(), "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}
    sections = []

    if args.only in (0, 1):
        rows = http.run(
            requests=80 if quick else 1600, concurrency=(1, 8) if quick else http.CONCURRENCY
        )
        results["http"] = rows
        sections.append("## 1. Slash commands through the HTTP edge\n\n" + http.table(rows))
    if args.only == 1:
        print(sections[0] + f"\n\nMachine: {results['machine']}; run {results['when']}.")
        return

    rows = report.run((12, 100) if quick else report.SIZES, 1 if quick else 3)
    results["report"] = rows
    sections.append("## 2. /report compile time (median of runs)\n\n" + report.table(rows))

    rows = report.run_profiles(100 if quick else 3000, 1 if quick else 3)
    results["report_profiles"] = rows
    sections.append(
        "## 2b. /report per profile (ITU-T TD, 3GPP, IETF, W3C)\n\n" + report.profiles_table(rows)
    )
    if args.only == 2:
        text = (
            "\n\n".join(sections) + f"\n\nMachine: {results['machine']}; run {results['when']}.\n"
        )
        print(text)
        if not quick:
            RESULTS.mkdir(exist_ok=True)
            (RESULTS / "report.md").write_text(text)
        return

    rem = reminders.run(count=50 if quick else 1000)
    results["reminders"] = rem
    sections.append("## 3. Reminders due at one instant\n\n" + reminders.table(rem))

    first = first_users.run()
    results["first_users"] = first
    sections.append(
        "## 5. First-time delegates at once, users.info taking 0.3 s\n\n" + first_users.table(first)
    )

    mem = memory.run(documents=100 if quick else 3000)
    results["memory"] = mem
    sections.append("## 4. Memory of clerk serve around a large report\n\n" + memory.table(mem))

    reg = register.run(3, 100, 200, 5) if quick else register.run()
    results["register"] = reg
    sections.append("## 6. The group's register: history, search, import\n\n" + register.table(reg))

    text = "\n\n".join(sections) + f"\n\nMachine: {results['machine']}; run {results['when']}.\n"
    print(text)
    if not quick:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "latest.md").write_text(text)
        (RESULTS / "latest.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

"""`python -m bench [--quick]`: run the benchmarks, print the table, save bench/results/."""

from __future__ import annotations

import argparse
import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path

from . import report

RESULTS = Path(__file__).parent / "results"


def machine() -> str:
    return (
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, one run each")
    args = parser.parse_args()
    sizes, repeat = ((12, 100), 1) if args.quick else (report.SIZES, 3)
    rows = report.run(sizes, repeat)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = (
        f"## /report compile time (median of {repeat})\n\n{report.table(rows)}\n\n"
        f"Machine: {machine()}; run {when}.\n"
    )
    print(text)
    if not args.quick:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "report.md").write_text(text)
        (RESULTS / "report.json").write_text(
            json.dumps({"machine": machine(), "when": when, "report": rows}, indent=2)
        )


if __name__ == "__main__":
    main()

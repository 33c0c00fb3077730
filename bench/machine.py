"""What machine a benchmark ran on, printed with its figures."""

from __future__ import annotations

import argparse
import os
import platform
from pathlib import Path

TINY_ENV = "LINLI_BENCH_TINY"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def describe() -> str:
    return (
        f"{platform.platform()} · {cpu_model()} · {os.cpu_count()} cores · "
        f"Python {platform.python_version()}"
    )


def add_tiny(parser: argparse.ArgumentParser) -> None:
    """`--tiny` (or LINLI_BENCH_TINY=1): a few hundred items, so the test suite can check every
    benchmark still runs end to end in seconds. Its figures are not the benchmark's figures."""
    parser.add_argument(
        "--tiny",
        action="store_true",
        default=os.environ.get(TINY_ENV) == "1",
        help="a few hundred items: checks the benchmark runs; figures not comparable",
    )

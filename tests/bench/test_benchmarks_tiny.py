"""Every benchmark in bench/ runs in its tiny mode (a few hundred items) as part of the suite,
so a renamed method or a changed signature breaks a test, not a benchmark nobody ran.

Each runs as `make bench` runs it — its own process, `python bench/<name>.py --tiny` — and
must finish with exit 0 and print its figures. A new benchmark must be added to FIGURES.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

NUMBER = r"[\d,.]+"
# The lines each benchmark must print: its figures, with numbers in them.
FIGURES: dict[str, list[str]] = {
    "pipeline": [
        *(
            rf"^{backend} {mode}\s+best\s+{NUMBER} msg/s\s+median\s+{NUMBER} msg/s\s+"
            rf"p50\s+{NUMBER} ms\s+p99\s+{NUMBER} ms\s+CPU {NUMBER} ms/msg\s+"
            rf"{NUMBER} statements/msg"
            for backend in ("SQLite", "PostgreSQL")
            for mode in ("one at a time", rf"grouped {NUMBER}/s", "grouped, all at once")
        ),
        rf"^PostgreSQL one at a time .* {NUMBER} round trips/msg",
        # The server's CPU: measured when the server runs on this machine (/proc).
        *(
            rf"^PostgreSQL {mode}\s.* statements/msg\s+server CPU ({NUMBER} ms/msg|n/a)"
            for mode in ("one at a time", rf"grouped {NUMBER}/s", "grouped, all at once")
        ),
        # One at a time: each kind of message's latency, client CPU and statements.
        rf"^\s+by kind: chat {NUMBER}% p50 {NUMBER} ms CPU {NUMBER} ms {NUMBER} statements; "
        rf"report {NUMBER}% p50 {NUMBER} ms CPU {NUMBER} ms {NUMBER} statements; command ",
        rf"^PostgreSQL commits: {NUMBER}/s each durable, {NUMBER}/s in groups of",
        rf"^\s+groups: {NUMBER}, mean {NUMBER} msgs, max {NUMBER}; "
        rf"durable commits {NUMBER}/s",
    ],
    "intents": [
        rf"^jieba\.lcut\s+{NUMBER} msg/s",
        rf"^classify\s+{NUMBER} msg/s",
        rf"^ratio\s+{NUMBER}x",
        rf"^cold start {NUMBER} s median",
    ],
    "sla_sweep": [
        rf"^due-case query .* over 300 open cases: median {NUMBER} ms",
        rf"^one whole sweep: 20 due cases, 20 escalations in {NUMBER} ms",
        r"^the next sweep \(nothing due\): [\d.]+ ms, 0 cases",
        r"^open cases after the sweep: 300$",
    ],
    "outbox": [
        rf"^SQLite\s+enqueue 100 groups:\s+{NUMBER} ms\s+drain:\s+{NUMBER} msg/s",
        rf"^PostgreSQL\s+enqueue 100 groups:\s+{NUMBER} ms\s+drain:\s+{NUMBER} msg/s",
    ],
    "wechaty_roundtrip": [
        *(
            rf"^{mode}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+\("
            for mode in ("wechaty-echo", "transport-echo", "pipeline-query", "pipeline-report")
        ),
        rf"^pipeline-query adds [+-]{NUMBER} ms median",
    ],
    "votes": [
        rf"^\[PostgreSQL\] count of 30 ballots over {NUMBER} electors: median {NUMBER} ms",
        rf"^\[SQLite\] count of 30 ballots over {NUMBER} electors: median {NUMBER} ms",
        r"^\[SQLite\] closing step .*: [\d.]+ ms, 1 vote closed",
    ],
}
FIGURES["volume"] = [
    rf"^filled 3000 cases, 20000 messages, {NUMBER} rows by COPY",
    rf"^\s*nightly job: [1-9]\d* finished-month ledger files in {NUMBER} s",
    *(
        rf"^{call}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+\d+\s+\d+"
        for call in (
            "dashboard month",
            "dashboard quarter",
            "board: overdue",
            "case page",
            "points ledger month",
            "export points month",
        )
    ),
    rf"^{NUMBER} of 28 calls under 300 ms at p95",
    rf"^rollups: \d+ months backfilled in {NUMBER} s",
    rf"^  dashboard quarter\s+{NUMBER} ms$",  # the server's execution time per call
    r"^\d+ SELECTs explained",
    r"Execution Time: [\d.]+ ms",
]
FIGURES["district"] = [
    r"^district: 2 processes · 2 accounts · 20 groups",
    r"^messages: accepted (\d+)  stored \1  lost 0  never accepted 0  errors 0$",
    r"^deliveries: duplicates 0  undelivered 0  unmarked 0  still queued \d+$",
    rf"^SLA steps: {NUMBER} due, {NUMBER} fired, 0 fired twice, 0 missed",
    rf"^latency posted → kept: p50 {NUMBER} ms  p99 {NUMBER} ms",
    rf"^PostgreSQL CPU: {NUMBER} s in \d+ backends",
    r"^verdict: OK$",
]
NOT_BENCHMARKS = {"__init__", "machine", "volume_data"}  # volume_data: the generator


def test_every_benchmark_has_a_tiny_run() -> None:
    found = {p.stem for p in (ROOT / "bench").glob("*.py")} - NOT_BENCHMARKS
    assert found == set(FIGURES)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for name in FIGURES:
        assert f"bench/{name}.py" in makefile  # `make bench` and `make bench-tiny` run it


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_the_benchmark_runs_in_tiny_mode(name: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "LINLI_BENCH_TINY"}
    done = subprocess.run(
        [sys.executable, f"bench/{name}.py", "--tiny"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert "Traceback" not in done.stderr
    missing = [p for p in FIGURES[name] if not re.search(p, done.stdout, re.MULTILINE)]
    assert missing == [], done.stdout

"""Benchmark: `classify` (lexicon + model) against bare `jieba.lcut` on the same messages.

Run: .venv/bin/python bench/intents.py [--messages 10000] [--repeat 3]

Goal (issue 11): classify (lexicon + model, as the bot runs it) costs ≤ 1.5× lcut; ready to
classify < 1.5 s from process start.
Cold start is measured in fresh subprocesses with jieba's cache file already written (the state of
any machine after the first run); the very first run on a machine also writes that cache.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = [
    ROOT / "tests" / "data" / "intents_dev.jsonl",
    ROOT / "tests" / "data" / "intents_test.jsonl",
]

COLD_START = """
import time
start = time.perf_counter()
from intents import default_engine
engine = default_engine()
engine.classify("3号楼电梯困人了")
print(time.perf_counter() - start)
"""


def messages(count: int) -> list[str]:
    texts = [
        json.loads(line)["text"]
        for path in CORPUS
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    # Past one pass over the corpus, splice two messages so the set is not 11 exact repeats.
    out = []
    for i in range(count):
        text = texts[i % len(texts)]
        if i >= len(texts):
            other = texts[(i * 7 + 3) % len(texts)]
            text = f"{text} {other[: 3 + i % 17]}"
        out.append(text)
    return out


def rate(func: Callable[[str], object], batch: Sequence[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in batch:
            func(text)
        best = min(best, time.perf_counter() - start)
    return len(batch) / best


def cold_start(runs: int) -> tuple[list[float], list[float]]:
    in_process, wall = [], []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", COLD_START],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        wall.append(time.perf_counter() - start)
        in_process.append(float(result.stdout.strip()))
    return in_process, wall


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cold-runs", type=int, default=5)
    sys.path.insert(0, str(ROOT))
    from bench.machine import add_tiny

    add_tiny(parser)
    args = parser.parse_args(argv)
    if args.tiny:
        args.messages, args.repeat, args.cold_runs = 300, 1, 1

    import jieba

    from bench.machine import describe
    from intents.engine import IntentEngine

    jieba.setLogLevel(30)
    print(f"machine    {describe()}")
    print(f"jieba      {jieba.__version__}")

    batch = messages(args.messages)
    avg_len = sum(map(len, batch)) / len(batch)
    print(f"messages   {len(batch)} (mean {avg_len:.1f} chars), best of {args.repeat}")

    jieba.initialize()
    engine = IntentEngine.from_files()
    if engine.model is None:
        print("model      none packaged: the figures are the lexicon alone")
    else:
        print(f"model      {len(engine.model.kind_head.weights):,} n-grams ({engine.mode})")
    # Warm both once so neither pays first-call costs inside the timed loop.
    for text in batch[:200]:
        jieba.lcut(text)
        engine.classify(text)

    lcut_rate = rate(jieba.lcut, batch, args.repeat)
    classify_rate = rate(engine.classify, batch, args.repeat)
    ratio = lcut_rate / classify_rate
    print(f"jieba.lcut {lcut_rate:10,.0f} msg/s")
    print(f"classify   {classify_rate:10,.0f} msg/s")
    print(f"ratio      {ratio:.2f}x  (classify time / lcut time; goal ≤ 1.5)")

    in_process, wall = cold_start(args.cold_runs)
    print(
        f"cold start {statistics.median(in_process):.3f} s median import→first classify "
        f"(min {min(in_process):.3f}); {statistics.median(wall):.3f} s median from process "
        f"spawn (min {min(wall):.3f}); goal < 1.5 s"
    )
    if args.tiny:
        print("tiny mode: figures printed, goals not judged")
        return 0
    return 0 if ratio <= 1.5 and statistics.median(wall) < 1.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())

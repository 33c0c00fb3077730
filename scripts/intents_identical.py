"""Check that a change to the model's scoring (intents/ngram.py) changes no output at all.

Run: .venv/bin/python scripts/intents_identical.py [--against REV]

Loads intents/ngram.py as it is at git revision REV (default: main) beside the working tree's,
reads the packaged model.json with each, and for every text of the team's training and
development corpora (tests/data/intents_train*.jsonl, intents_dev.jsonl and the train_src
sources; never the score-only sets), and each of them with another spliced on as
bench/intents.py builds its messages, compares:
  - the n-gram features: the same set in the same order (the order the weights are added in);
  - the opinion: kind probabilities, category, its probability and urgency, bit for bit;
  - one engine classifying with either model: the Intent (every field, the confidence
    unrounded), the whole trace (hits, context, evidence, decision, which heads decide asked
    for) and `explain`.
Prints the counts; exit 1 on the first difference.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import types
from collections.abc import Sequence
from dataclasses import astuple
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intents import ngram  # noqa: E402
from intents.engine import IntentEngine, Trace  # noqa: E402

DATA = ROOT / "tests" / "data"


def texts() -> list[str]:
    out = [
        json.loads(line)["text"]
        for path in [*sorted(DATA.glob("intents_train*.jsonl")), DATA / "intents_dev.jsonl"]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for path in sorted((DATA / "train_src").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split(None, 1)
            if len(parts) == 2 and not line.startswith("#"):
                out.append(parts[1].strip())
    # Spliced pairs, as the benchmark's second pass builds them (longer texts, odd endings).
    spliced = [f"{t} {out[(i * 7 + 3) % len(out)][: 3 + i % 17]}" for i, t in enumerate(out)]
    return out + spliced


def old_module(rev: str) -> types.ModuleType:
    source = subprocess.run(
        ["git", "show", f"{rev}:intents/ngram.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    module = types.ModuleType("intents_ngram_old")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"{rev}:intents/ngram.py", "exec"), module.__dict__)
    return module


def opinion_view(op: Any) -> tuple[Any, ...] | None:
    """What decide could read, and which lazy heads it had asked for (before forcing them)."""
    if op is None:
        return None
    asked = (op._category is not None, op._urgent is not None)
    return (asked, list(op.kind.items()), op.category, op.category_p, op.urgent)


def trace_view(trace: Trace | None) -> tuple[Any, ...] | None:
    if trace is None:
        return None
    return (
        trace.text,
        trace.hits,
        astuple(trace.context),
        astuple(trace.evidence),
        opinion_view(trace.opinion),
        trace.decision,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="main", help="git revision of the old ngram.py")
    args = parser.parse_args(argv)
    old = old_module(args.against)
    engine = IntentEngine.from_files(cache_dir=None)
    new_model = engine.model
    assert new_model is not None, "no packaged model"
    path = Path(str(ngram.__file__)).parent / "data" / "model.json"
    old_model = old.NgramModel.load(path)
    corpus = texts()
    compared = 0
    for text in corpus:
        clean = engine.normalize(text)
        if list(old.ngrams(clean)) != list(ngram.ngrams(clean)):
            print(f"n-grams differ: {text!r}")
            return 1
        if clean and opinion_view(old_model.opinion(clean)) != opinion_view(
            new_model.opinion(clean)
        ):
            print(f"opinion differs: {text!r}")
            return 1
        seen = []
        for model in (old_model, new_model):
            engine.model = model
            intent = engine.classify(text)
            seen.append(
                (
                    astuple(intent),
                    intent.to_json(),
                    trace_view(engine.trace(text)),
                    engine.explain(text),
                )
            )
        if seen[0] != seen[1]:
            print(f"output differs: {text!r}\n  old {seen[0]}\n  new {seen[1]}")
            return 1
        compared += 1
    print(f"{compared} texts ({len(corpus) // 2} corpus lines, as many spliced): identical")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

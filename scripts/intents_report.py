"""The intent engine's figures: lexicon / model / combined × every split, and cross-source.

Run: .venv/bin/python scripts/intents_report.py [--shared-dir DIR] [--cross] [--blind]

Splits: the team's dev, test and train corpora (tests/data/intents_*.jsonl); the real-source
held-out lines (intents.splits) with weak labels (complaint posts = issue, chat files = chat,
the chat lines naming a residential problem left out), the Tencent chit-chat file's held-out
lines alone, and with --blind the blind-labelled files (scored once, at the end). --cross
retrains twice in a temporary folder (team text only → real text, real text only → team
text): it needs scikit-learn and a few minutes.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intents.cli import default_shared_dir, run_train  # noqa: E402
from intents.engine import IntentEngine  # noqa: E402
from intents.metrics import EvalReport, GoldRecord, RefResolver, evaluate, read_corpus  # noqa: E402
from intents.train import weak_refs  # noqa: E402

DATA = ROOT / "tests" / "data"
TENCENT = "chat_tencent_chitchat_prompts.jsonl"
COLUMNS = (
    ("F1", "kind_macro_f1"),
    ("case", "issue_case"),
    ("case+rev", "issue_case_review"),
    ("chat act", "chat_acted"),
    ("chat rev", "chat_review"),
    ("urg rec", "urgent_recall"),
    ("hyp urg", "hypothetical_urgent"),
    ("cat acc", "category_accuracy"),
)


def team_split(name: str, refs: RefResolver) -> list[GoldRecord] | None:
    path = DATA / f"intents_{name}.jsonl"
    if not path.is_file():
        return None
    with path.open(encoding="utf-8") as fh:
        return list(read_corpus(fh, refs))


def weak_split(shared: Path, refs: RefResolver, files: Sequence[str] | None) -> list[GoldRecord]:
    lines = [json.dumps(r, ensure_ascii=False) for r in weak_refs(shared, True, files)]
    return list(read_corpus(lines, refs))


def row(label: str, report: EvalReport) -> str:
    cells = []
    for _, attr in COLUMNS:
        value = getattr(report, attr)
        cells.append(f"{value:>9}" if isinstance(value, int) else f"{value:>9.3f}")
    return f"{label:<34}{report.total:>6}" + "".join(cells)


def table(engines: dict[str, IntentEngine], splits: dict[str, list[GoldRecord]]) -> list[str]:
    lines = [f"{'split / engine':<34}{'n':>6}" + "".join(f"{h:>9}" for h, _ in COLUMNS)]
    for split, records in splits.items():
        for mode, engine in engines.items():
            lines.append(row(f"{split} / {mode}", evaluate(engine, records)))
    return lines


def engines_for(model: Path | None) -> dict[str, IntentEngine]:
    return {
        mode: IntentEngine.from_files(model_path=model, mode=mode)  # type: ignore[arg-type]
        for mode in ("lexicon", "model", "combined")
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-dir", type=Path, default=None)
    parser.add_argument("--cross", action="store_true", help="also the cross-source figures")
    parser.add_argument("--blind", action="store_true", help="also the blind-labelled files")
    args = parser.parse_args(argv)
    shared = args.shared_dir or default_shared_dir()
    refs = RefResolver(shared)

    splits: dict[str, list[GoldRecord]] = {}
    for name in ("dev", "train", "test"):
        records = team_split(name, refs)
        if records is not None:
            splits[f"team {name}"] = records
    if args.blind:
        for name in ("blind", "blind3", "real_test"):
            records = team_split(name, refs)
            if records is not None:
                splits[name] = records
    real = weak_split(shared, refs, None)
    splits["real held-out (weak)"] = real
    splits["tencent held-out"] = weak_split(shared, refs, [TENCENT])

    print("packaged model (team dev+train and real training lines)")
    print("\n".join(table(engines_for(None), splits)))
    if args.cross:
        with tempfile.TemporaryDirectory() as tmp:
            for sources, scored in (("team", "real held-out (weak)"), ("real", "team test")):
                out = Path(tmp) / f"{sources}.json"
                run_train(out, [], io.StringIO(), sys.stderr, shared_dir=shared, sources=sources)
                print(f"\ncross-source: model trained on {sources} text only, scored on {scored}")
                print("\n".join(table(engines_for(out), {scored: splits[scored]})))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

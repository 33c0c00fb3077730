"""Cross-validated figures for the intent engine: lexicon / model / combined on material the
scored model never trained on.

Run: .venv/bin/python scripts/intents_cv.py [--shared-dir DIR]

- train folds: intents_train.jsonl and train2's training lines split in two by crc32
  (intents.splits.fold_of); each half is scored by a model trained on everything else (dev, the
  other half, the real training lines);
- train2 holdout: the ~30 % of intents_train2.jsonl that intents.splits.is_holdout keeps out of
  every model, scored with the packaged model;
- dev: scored by a model trained without dev;
- real held-out (weak): the real texts' test lines, scored with the packaged model.
It needs scikit-learn (dev extras) and a few minutes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from intents_report import COLUMNS, row, weak_split  # noqa: E402

from intents.cli import default_shared_dir  # noqa: E402
from intents.engine import IntentEngine  # noqa: E402
from intents.metrics import GoldRecord, RefResolver, evaluate, read_corpus  # noqa: E402
from intents.splits import fold_of, is_holdout  # noqa: E402
from intents.train import Sample, fit, real_samples, write  # noqa: E402

DATA = ROOT / "tests" / "data"


def records(name: str) -> list[GoldRecord]:
    path = DATA / f"intents_{name}.jsonl"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return list(read_corpus(fh))


def samples(recs: Sequence[GoldRecord]) -> list[Sample]:
    return [Sample(r.text, r.kind, r.category, 1.0, r.urgent) for r in recs]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-dir", type=Path, default=None)
    parser.add_argument("--skip", default="", help="comma list of splits to skip")
    parser.add_argument("--models", type=Path, default=None, help="keep (and reuse) fold models")
    args = parser.parse_args(argv)
    shared = args.shared_dir or default_shared_dir()
    skip = set(args.skip.split(","))
    dev, train, train2 = records("dev"), records("train"), records("train2")
    train2_fit = [r for r in train2 if not is_holdout(r.text)]
    holdout = [r for r in train2 if is_holdout(r.text)]
    real = list(real_samples(shared))
    plans: list[tuple[str, list[GoldRecord], list[GoldRecord]]] = []
    if "dev" not in skip:
        plans.append(("dev (model without dev)", dev, train + train2_fit))
    if "folds" not in skip:
        for k in range(2):
            # train2's training lines are folded the same way, so each fold model has not seen
            # the train2 lines scored with it either.
            scored = [r for r in train + train2_fit if fold_of(r.text) == k]
            rest = [r for r in train + train2_fit if fold_of(r.text) != k]
            plans.append((f"train fold {k}", scored, dev + rest))
    header = f"{'split / engine':<34}{'n':>6}" + "".join(f"{h:>9}" for h, _ in COLUMNS)
    print(header)
    with tempfile.TemporaryDirectory() as tmp:
        for label, scored, fit_on in plans:
            out = (args.models or Path(tmp)) / f"{label.split(' (')[0].replace(' ', '_')}.json"
            if not out.is_file():
                out.parent.mkdir(parents=True, exist_ok=True)
                write(fit(samples(fit_on) + real), out)
            for mode in ("lexicon", "model", "combined"):
                engine = IntentEngine.from_files(model_path=out, mode=mode)  # type: ignore[arg-type]
                print(row(f"{label} / {mode}", evaluate(engine, scored)), flush=True)
    packaged = {
        mode: IntentEngine.from_files(mode=mode)  # type: ignore[arg-type]
        for mode in ("lexicon", "model", "combined")
    }
    refs = RefResolver(shared)
    finals = {"train2 holdout": holdout, "real held-out (weak)": weak_split(shared, refs, None)}
    for label, scored in finals.items():
        if not scored or label.split()[0] in skip:
            continue
        for mode, engine in packaged.items():
            print(row(f"{label} / {mode}", evaluate(engine, scored)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

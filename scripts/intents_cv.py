"""Cross-validated figures for the intent engine: lexicon / model / combined on material the
scored model never trained on.

Run: .venv/bin/python scripts/intents_cv.py [--shared-dir DIR]

- train folds: intents_train.jsonl, train2's training lines and the retired blind sets
  intents_blind.jsonl, intents_blind3.jsonl (round six), intents_blind4.jsonl and
  intents_blind5.jsonl (round eight), intents_blind6.jsonl and intents_blind7.jsonl (round
  nine), split in two by crc32
  (intents.splits.fold_of); each half is scored by a model trained on everything else (dev, the
  other half, the real training lines); the blind sets are also printed on their own rows, each
  line scored by the fold model that did not see it;
- train2 holdout: the ~30 % of intents_train2.jsonl that intents.splits.is_holdout keeps out of
  every model, scored with the packaged model;
- dev: scored by a model trained without dev;
- real held-out (weak): the real texts' test lines, scored with the packaged model.
It needs scikit-learn (dev extras) and a few minutes. Fold models are fitted without the chat
prior shift and shifted when loaded (`--shift`, the fits do not depend on it), so one set of
fits (`--models DIR`) serves a sweep; `--set name=value,...` overrides settings.toml.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from intents_report import COLUMNS, row, weak_split  # noqa: E402

from intents.cli import default_shared_dir  # noqa: E402
from intents.engine import IntentEngine  # noqa: E402
from intents.metrics import GoldRecord, RefResolver, evaluate, read_corpus  # noqa: E402
from intents.model import Intent  # noqa: E402
from intents.ngram import Head, NgramModel  # noqa: E402
from intents.splits import fold_of, is_holdout  # noqa: E402
from intents.train import CHAT_PRIOR_SHIFT, Sample, fit, real_samples, write  # noqa: E402

DATA = ROOT / "tests" / "data"
# Blind sets retired to training material (round six: blind, blind3; round eight: blind4, blind5;
# round nine: blind6, blind7; round eleven: blind8, blind9; round thirteen: blind10;
# round fourteen: blind11; round fifteen: blind12).
RETIRED = (
    "blind",
    "blind3",
    "blind4",
    "blind5",
    "blind6",
    "blind7",
    "blind8",
    "blind9",
    "blind10",
    "blind11",
    "blind12",
)


def records(name: str) -> list[GoldRecord]:
    path = DATA / f"intents_{name}.jsonl"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return list(read_corpus(fh))


def samples(recs: Sequence[GoldRecord]) -> list[Sample]:
    return [Sample(r.text, r.kind, r.category, 1.0, r.urgent) for r in recs]


class FoldEngine:
    """Each text classified by the fold engine whose model did not train on it."""

    def __init__(self, engines: dict[int, IntentEngine]) -> None:
        self.engines = engines

    def classify(self, text: str) -> Intent:
        return self.engines[fold_of(text)].classify(text)


def shifted(path: Path, shift: float) -> Path:
    """The fold model at `path` with `shift` added to the kind head's chat bias (a copy)."""
    if not shift:
        return path
    model = NgramModel.load(path)
    head = model.kind_head
    bias = tuple(
        b + shift if label == "chat" else b for label, b in zip(head.labels, head.bias, strict=True)
    )
    model = NgramModel(
        Head(head.labels, bias, head.weights),
        model.category_head,
        {**model.meta, "chat_prior_shift": shift},
        model.urgent_head,
    )
    out = path.with_name(f"{path.stem}.shift{shift:g}.json")
    write(model, out)
    return out


def overrides(spec: str) -> dict[str, Any] | None:
    if not spec:
        return None
    pairs = (item.split("=", 1) for item in spec.split(",") if item)
    return {"settings": {name.strip(): float(value) for name, value in pairs}}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-dir", type=Path, default=None)
    parser.add_argument("--skip", default="", help="comma list of splits to skip")
    parser.add_argument("--models", type=Path, default=None, help="keep (and reuse) fold models")
    parser.add_argument("--shift", type=float, default=CHAT_PRIOR_SHIFT, help="chat prior shift")
    parser.add_argument("--set", default="", help="settings overrides: name=value,...")
    parser.add_argument("--modes", default="lexicon,model,combined")
    parser.add_argument(
        "--packaged-model",
        type=Path,
        default=None,
        help="model for the held-out rows (default: packaged)",
    )
    args = parser.parse_args(argv)
    shared = args.shared_dir or default_shared_dir()
    skip = set(args.skip.split(","))
    extra = overrides(args.set)
    modes = args.modes.split(",")
    dev, train, train2 = records("dev"), records("train"), records("train2")
    retired = {name: records(name) for name in RETIRED}
    train2_fit = [r for r in train2 if not is_holdout(r.text)]
    holdout = [r for r in train2 if is_holdout(r.text)]
    pool = train + train2_fit + [r for recs in retired.values() for r in recs]
    real = list(real_samples(shared))
    plans: list[tuple[str, list[GoldRecord], list[GoldRecord]]] = []
    if "dev" not in skip:
        plans.append(("dev (model without dev)", dev, pool))
    if "folds" not in skip:
        for k in range(2):
            # train2's training lines are folded the same way, so each fold model has not seen
            # the train2 lines scored with it either.
            scored = [r for r in pool if fold_of(r.text) == k]
            rest = [r for r in pool if fold_of(r.text) != k]
            plans.append((f"train fold {k}", scored, dev + rest))
    header = f"{'split / engine':<34}{'n':>6}" + "".join(f"{h:>9}" for h, _ in COLUMNS)
    print(header)
    fold_models: dict[int, Path] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, scored, fit_on in plans:
            out = (args.models or Path(tmp)) / f"{label.split(' (')[0].replace(' ', '_')}.json"
            if not out.is_file():
                out.parent.mkdir(parents=True, exist_ok=True)
                write(fit(samples(fit_on) + real, chat_prior_shift=0.0), out)
            out = shifted(out, args.shift)
            if label.startswith("train fold"):
                fold_models[int(label[-1])] = out
            for mode in modes:
                engine = IntentEngine.from_files(extra, model_path=out, mode=mode)
                print(row(f"{label} / {mode}", evaluate(engine, scored)), flush=True)
        if len(fold_models) == 2 and "blind" not in skip:
            # The retired blind sets on their own, each line scored by the fold model that did
            # not train on it (the lexicon has read their misses: in-sample for it).
            for mode in modes:
                by_fold = FoldEngine(
                    {
                        k: IntentEngine.from_files(extra, model_path=path, mode=mode)
                        for k, path in fold_models.items()
                    }
                )
                for name, recs in retired.items():
                    print(row(f"{name} (CV) / {mode}", evaluate(by_fold, recs)), flush=True)
    packaged = {
        mode: IntentEngine.from_files(extra, model_path=args.packaged_model, mode=mode)
        for mode in modes
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

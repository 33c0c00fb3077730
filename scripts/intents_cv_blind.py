"""Cross-validation across the four newest retired blind sets: each is scored by a model that
trained on everything else (the team corpus, the other blind sets, the real training lines).

Run: .venv/bin/python scripts/intents_cv_blind.py [--models DIR] [--data-dir DIR] [--shipped]

Each of blind9, blind10, blind11 and blind12 is scored by a model trained without it and with
the other three. The lexicon (intents/data, or --data-dir) has the same data in all; with
--shipped the packaged model is used instead of the fold models (honest only for a set that
model never trained on). Needs scikit-learn and a few minutes a fit.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from intents_report import COLUMNS, row  # noqa: E402

from intents.cli import TEAM_TRAINING, default_shared_dir  # noqa: E402
from intents.engine import IntentEngine  # noqa: E402
from intents.metrics import evaluate, read_corpus  # noqa: E402
from intents.train import fit, real_samples, team_samples, write  # noqa: E402

DATA = ROOT / "tests" / "data"
HELD_OUT = (
    "intents_blind9.jsonl",
    "intents_blind10.jsonl",
    "intents_blind11.jsonl",
    "intents_blind12.jsonl",
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=Path, default=ROOT / ".cv_blind")
    parser.add_argument("--data-dir", type=Path, default=None, help="lexicon folder")
    parser.add_argument("--shipped", type=Path, default=None, help="score this model instead")
    parser.add_argument("--modes", default="lexicon,model,combined")
    args = parser.parse_args(argv)
    shared = default_shared_dir()
    real = list(real_samples(shared)) if args.shipped is None else []
    print(f"{'split / engine':<34}{'n':>6}" + "".join(f"{h:>9}" for h, _ in COLUMNS))
    for held in HELD_OUT:
        with (DATA / held).open(encoding="utf-8") as fh:
            scored = list(read_corpus(fh))
        model = args.shipped
        if model is None:
            model = args.models / f"without_{held.removesuffix('.jsonl')}.json"
            if not model.is_file():
                model.parent.mkdir(parents=True, exist_ok=True)
                names = [n for n in TEAM_TRAINING if n != held]
                team = list(team_samples(p for n in names if (p := DATA / n).is_file()))
                write(fit(team + real), model)
        for mode in args.modes.split(","):
            engine = IntentEngine.from_files(None, args.data_dir, model_path=model, mode=mode)
            name = held.removeprefix("intents_").removesuffix(".jsonl")
            print(row(f"{name} held out / {mode}", evaluate(engine, scored)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

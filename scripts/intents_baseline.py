"""Dev-only baseline for the intent engine: TF-IDF on character 1–3-grams + LinearSVC.

Trained on tests/data/intents_dev.jsonl, scored on tests/data/intents_test.jsonl beside the
keyword engine with the same metrics (intents.metrics.evaluate). Needs scikit-learn (a dev
dependency, not a runtime one): .venv/bin/python scripts/intents_baseline.py [--json]

The learned model predicts one flat label (issue/<category>, wish, chat) and a separate urgent
flag; both see the same normalised text as the engine. Locations are not learned: the baseline
borrows intents.parse_location, so that row compares nothing and is shown for completeness.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intents import Intent, normalize, parse_location  # noqa: E402
from intents.engine import IntentEngine  # noqa: E402
from intents.metrics import EvalReport, GoldRecord, evaluate, read_corpus  # noqa: E402

DEV = ROOT / "tests" / "data" / "intents_dev.jsonl"
TEST = ROOT / "tests" / "data" / "intents_test.jsonl"


def load(path: Path) -> list[GoldRecord]:
    with path.open(encoding="utf-8") as fh:
        return list(read_corpus(fh))


def flat_label(record: GoldRecord) -> str:
    return f"issue/{record.category}" if record.kind == "issue" else record.kind


class SvmBaseline:
    def __init__(self, records: list[GoldRecord]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_pipeline
        from sklearn.svm import LinearSVC

        texts = [normalize(record.text) for record in records]

        def model() -> Any:
            return make_pipeline(
                TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True),
                LinearSVC(C=1.0, class_weight="balanced"),
            )

        self._label = model().fit(texts, [flat_label(record) for record in records])
        self._urgent = model().fit(texts, [record.urgent for record in records])

    def classify(self, text: str) -> Intent:
        clean = normalize(text)
        label = str(self._label.predict([clean])[0])
        margin = float(max(self._label.decision_function([clean])[0]))
        confidence = 1.0 / (1.0 + math.exp(-margin))
        location = parse_location(clean)
        if label.startswith("issue/"):
            urgent = bool(self._urgent.predict([clean])[0])
            return Intent("issue", label.removeprefix("issue/"), confidence, urgent, location)
        return Intent(label, None, confidence, False, location)  # type: ignore[arg-type]


ROWS = (
    ("kind macro-F1", "kind_macro_f1"),
    ("category accuracy", "category_accuracy"),
    ("chat false alarms", "chat_false_alarm"),
    ("urgent recall", "urgent_recall"),
    ("urgent precision", "urgent_precision"),
    ("location exact*", "location_exact"),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    dev, test = load(DEV), load(TEST)
    reports: dict[str, EvalReport] = {
        "engine": evaluate(IntentEngine.from_files(), test),
        "tfidf_svm": evaluate(SvmBaseline(dev), test),
    }
    if args.json:
        payload = {name: {key: getattr(r, key) for _, key in ROWS} for name, r in reports.items()}
        print(json.dumps(payload, indent=2))
        return 0
    print(f"trained on {len(dev)} dev messages, scored on {len(test)} test messages")
    print(f"{'metric':20}{'engine':>10}{'tfidf+svm':>12}")
    for title, key in ROWS:
        values = [getattr(report, key) for report in reports.values()]
        print(
            f"{title:20}" + "".join(f"{v:>{w}.3f}" for v, w in zip(values, (10, 12), strict=True))
        )
    print("* the baseline borrows the engine's parse_location")
    print()
    print("baseline kind confusion and category confusion:")
    print(reports["tfidf_svm"].format_text().split("\n\n", 1)[1])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

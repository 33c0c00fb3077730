"""Dump what the engine says about the team's training texts, to compare two revisions.

Run: .venv/bin/python scripts/intents_dump.py OUT.jsonl   (once before a change, once after;
then `cmp` the two files)

For every text of intents_train.jsonl, intents_train2.jsonl, intents_dev.jsonl and the retired
blind sets 8, 9 and 10 (training material; never the score-only sets), and each of them with another
spliced on as bench/intents.py builds its messages: the `linli classify` JSON line, then, for the
same texts, `explain` (every stage's view). A speed change must leave the file byte for byte.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intents.cli import run_classify  # noqa: E402
from intents.engine import IntentEngine  # noqa: E402

FILES = (
    "intents_train.jsonl",
    "intents_train2.jsonl",
    "intents_dev.jsonl",
    "intents_blind8.jsonl",
    "intents_blind9.jsonl",
    "intents_blind10.jsonl",
    "intents_blind11.jsonl",
    "intents_blind12.jsonl",
)


def texts() -> list[str]:
    out = [
        # One message a line for `linli classify`.
        json.loads(line)["text"].replace("\n", " ").replace("\r", " ")
        for name in FILES
        for line in (ROOT / "tests" / "data" / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    spliced = [f"{t} {out[(i * 7 + 3) % len(out)][: 3 + i % 17]}" for i, t in enumerate(out)]
    return out + spliced


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.splitlines()[2].strip(), file=sys.stderr)
        return 2
    corpus = texts()
    lines = io.StringIO()
    run_classify(IntentEngine.from_files(), io.StringIO("\n".join(corpus) + "\n"), lines)
    engine = IntentEngine.from_files()  # a fresh one: explain must not lean on classify's cache
    with open(argv[0], "w", encoding="utf-8") as out:
        out.write(lines.getvalue())
        for text in corpus:
            out.write(json.dumps(engine.explain(text), ensure_ascii=False, default=str) + "\n")
    print(f"{len(corpus)} texts ({len(corpus) // 2} lines, as many spliced) → {argv[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

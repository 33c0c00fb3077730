"""Check the third blind intent test set (shape only: never prints a text).

Usage: python tests/data/validate_blind3.py
Exit code 0 when the file is well formed; prints counts.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from validate_blind import BLIND_KEYS, CLASSES, check_labels, numbers_in

HERE = Path(__file__).resolve().parent
FILE = HERE / "intents_blind3.jsonl"
SOURCE = "team-2026-12-blind3"
# The floors the brief set for this set; a shortfall is an error, so the set cannot shrink silently.
MINIMUMS = {
    "per_category": 25,
    "urgent": 90,
    "hypo": 60,
    "overfire": 120,
    "wish": 120,
    "chat_plain": 200,
}


def check(path: Path, errors: list[str]) -> list[dict]:
    """Validate every line of the blind3 file; errors name the line, never the text."""
    rows: list[dict] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            errors.append(f"{where}: not JSON")
            continue
        if set(row) != BLIND_KEYS:
            errors.append(f"{where}: keys {sorted(row)}")
            continue
        check_labels(row, where, errors)
        if row["class"] not in CLASSES:
            errors.append(f"{where}: bad class {row['class']!r}")
        if row["source"] != SOURCE:
            errors.append(f"{where}: bad source")
        if not row["text"].strip() or row["text"] in seen:
            errors.append(f"{where}: empty or duplicate text")
        seen.add(row["text"])
        numbers = numbers_in(row["text"])
        for key in ("building", "unit", "room"):
            if row[key] is not None and row[key] not in numbers:
                errors.append(f"{where}: {key} {row[key]} is not stated in the text")
        rows.append(row)
    return rows


def check_minimums(rows: list[dict], errors: list[str]) -> None:
    cats = Counter(r["category"] for r in rows if r["kind"] == "issue")
    classes = Counter(r["class"] for r in rows)
    for cat, n in cats.items():
        if n < MINIMUMS["per_category"]:
            errors.append(f"category {cat}: {n} < {MINIMUMS['per_category']}")
    if sum(r["urgent"] for r in rows) < MINIMUMS["urgent"]:
        errors.append("too few urgent lines")
    if sum(r["kind"] == "wish" for r in rows) < MINIMUMS["wish"]:
        errors.append("too few wishes")
    for cls in ("hypo", "overfire", "chat_plain"):
        if classes[cls] < MINIMUMS[cls]:
            errors.append(f"class {cls}: {classes[cls]} < {MINIMUMS[cls]}")


def summary(rows: list[dict]) -> None:
    print(f"{FILE.name}: {len(rows)} lines, urgent {sum(r['urgent'] for r in rows)}")
    print("  kind:", dict(Counter(r["kind"] for r in rows).most_common()))
    cats = Counter(r["category"] for r in rows if r["kind"] == "issue")
    print("  category:", dict(cats.most_common()))
    print("  class:", dict(Counter(r["class"] for r in rows).most_common()))
    by = Counter((r["class"], r["kind"]) for r in rows)
    print("  class x kind:", {f"{c}/{k}": n for (c, k), n in sorted(by.items())})
    located = Counter(key for r in rows for key in ("building", "unit", "room") if r[key])
    print("  located:", dict(located))
    print("  with alt:", sum(bool(r["alt"]) for r in rows))


def main() -> int:
    errors: list[str] = []
    rows = check(FILE, errors)
    check_minimums(rows, errors)
    for error in errors:
        print("ERROR", error)
    if rows:
        summary(rows)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

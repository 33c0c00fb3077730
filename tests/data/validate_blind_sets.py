"""Check the later blind intent test sets, 3 to 14 (shape only: never prints a text).

Usage: python tests/data/validate_blind_sets.py [3 … 14]   (set numbers; default: all twelve)
Exit code 0 when every file is well formed and meets its floors; prints counts.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from validate_blind import BLIND_KEYS, CLASSES, check_labels, numbers_in

HERE = Path(__file__).resolve().parent
# Round six's writers also tagged citizen-board posts, Weibo posts, follow-ups, thanks and
# questions to neighbours.
LATER_CLASSES = CLASSES | {"board", "weibo", "followup", "thanks", "question"}


@dataclass(frozen=True)
class BlindSet:
    file: Path
    source: str
    # The floors each writer's brief set; a shortfall is an error, so a set cannot shrink silently.
    minimums: dict[str, int]


SETS = {
    "3": BlindSet(
        HERE / "intents_blind3.jsonl",
        "team-2026-12-blind3",
        {
            "per_category": 25,
            "urgent": 90,
            "hypo": 60,
            "overfire": 120,
            "wish": 120,
            "chat_plain": 200,
        },
    ),
    "4": BlindSet(
        HERE / "intents_blind4.jsonl",
        "team-2026-12-blind4",
        {
            "per_category": 20,
            "urgent": 120,
            "hypo": 70,
            "overfire": 150,
            "wish": 150,
            "chat_plain": 0,
        },
    ),
    "5": BlindSet(
        HERE / "intents_blind5.jsonl",
        "team-2026-12-blind5",
        {
            "per_category": 15,
            "urgent": 100,
            "hypo": 60,
            "overfire": 120,
            "wish": 100,
            "chat_plain": 0,
        },
    ),
    "6": BlindSet(
        HERE / "intents_blind6.jsonl",
        "team-2026-12-blind6",
        {
            "per_category": 15,
            "urgent": 110,
            "hypo": 70,
            "overfire": 150,
            "wish": 120,
            "chat_plain": 0,
        },
    ),
    "7": BlindSet(
        HERE / "intents_blind7.jsonl",
        "team-2026-12-blind7",
        {
            "per_category": 20,
            "urgent": 120,
            "hypo": 80,
            "overfire": 150,
            "wish": 140,
            "chat_plain": 50,
        },
    ),
    # Round nine: two writers' halves (different voices), lines repeating a training text dropped.
    "8": BlindSet(
        HERE / "intents_blind8.jsonl",
        "team-2026-12-blind8",
        {
            "per_category": 30,
            "urgent": 150,
            "hypo": 90,
            "overfire": 160,
            "wish": 150,
            "chat_plain": 60,
        },
    ),
    "9": BlindSet(
        HERE / "intents_blind9.jsonl",
        "team-2026-12-blind9",
        {
            "per_category": 35,
            "urgent": 160,
            "hypo": 100,
            "overfire": 160,
            "wish": 160,
            "chat_plain": 60,
        },
    ),
    "10": BlindSet(
        HERE / "intents_blind10.jsonl",
        "team-2026-12-blind10",
        {
            "per_category": 45,
            "urgent": 180,
            "hypo": 120,
            "overfire": 180,
            "wish": 170,
            "chat_plain": 60,
        },
    ),
    "11": BlindSet(
        HERE / "intents_blind11.jsonl",
        "team-2026-12-blind11",
        {
            "per_category": 50,
            "urgent": 190,
            "hypo": 130,
            "overfire": 190,
            "wish": 180,
            "chat_plain": 70,
        },
    ),
    "12": BlindSet(
        HERE / "intents_blind12.jsonl",
        "team-2026-12-blind12",
        {
            "per_category": 55,
            "urgent": 190,
            "hypo": 130,
            "overfire": 190,
            "wish": 200,
            "chat_plain": 80,
        },
    ),
    "13": BlindSet(
        HERE / "intents_blind13.jsonl",
        "team-2026-12-blind13",
        {
            "per_category": 65,
            "urgent": 200,
            "hypo": 150,
            "overfire": 200,
            "wish": 240,
            "chat_plain": 80,
        },
    ),
    "14": BlindSet(
        HERE / "intents_blind14.jsonl",
        "team-2026-12-blind14",
        {
            "per_category": 75,
            "urgent": 220,
            "hypo": 170,
            "overfire": 210,
            "wish": 260,
            "chat_plain": 100,
        },
    ),
}


def check(blind: BlindSet, errors: list[str]) -> list[dict]:
    """Validate every line of a blind file; errors name the line, never the text."""
    path = blind.file
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
        if row["class"] not in LATER_CLASSES:
            errors.append(f"{where}: bad class {row['class']!r}")
        if row["source"] != blind.source:
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


def check_minimums(rows: list[dict], minimums: dict[str, int], errors: list[str]) -> None:
    cats = Counter(r["category"] for r in rows if r["kind"] == "issue")
    classes = Counter(r["class"] for r in rows)
    for cat, n in cats.items():
        if n < minimums["per_category"]:
            errors.append(f"category {cat}: {n} < {minimums['per_category']}")
    if sum(r["urgent"] for r in rows) < minimums["urgent"]:
        errors.append("too few urgent lines")
    if sum(r["kind"] == "wish" for r in rows) < minimums["wish"]:
        errors.append("too few wishes")
    for cls in ("hypo", "overfire", "chat_plain"):
        if classes[cls] < minimums[cls]:
            errors.append(f"class {cls}: {classes[cls]} < {minimums[cls]}")


def summary(rows: list[dict], name: str) -> None:
    print(f"{name}: {len(rows)} lines, urgent {sum(r['urgent'] for r in rows)}")
    print("  kind:", dict(Counter(r["kind"] for r in rows).most_common()))
    cats = Counter(r["category"] for r in rows if r["kind"] == "issue")
    print("  category:", dict(cats.most_common()))
    print("  class:", dict(Counter(r["class"] for r in rows).most_common()))
    by = Counter((r["class"], r["kind"]) for r in rows)
    print("  class x kind:", {f"{c}/{k}": n for (c, k), n in sorted(by.items())})
    located = Counter(key for r in rows for key in ("building", "unit", "room") if r[key])
    print("  located:", dict(located))
    print("  with alt:", sum(bool(r["alt"]) for r in rows))


def main(argv: list[str]) -> int:
    errors: list[str] = []
    for key in argv or list(SETS):
        blind = SETS[key]
        rows = check(blind, errors)
        check_minimums(rows, blind.minimums, errors)
        if rows:
            summary(rows, blind.file.name)
    for error in errors:
        print("ERROR", error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

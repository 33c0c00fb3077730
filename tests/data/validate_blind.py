"""Check the blind intent test files (shape only: never prints a text).

Usage: python tests/data/validate_blind.py [--shared PATH]
Exit code 0 when both files are well formed; prints counts.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import zlib
from collections import Counter
from pathlib import Path

import cn2an

HERE = Path(__file__).resolve().parent
KINDS = {"issue", "wish", "chat"}
CATEGORIES = {
    "elevator",
    "utilities",
    "sanitation",
    "parking",
    "ebike",
    "fire_safety",
    "facilities",
    "noise",
    "greenery",
    "pets",
    "property",
    "neighbor",
    "other",
}
CLASSES = {
    "vocab",
    "polite",
    "overfire",
    "danger",
    "hypo",
    "irony",
    "forward",
    "wish",
    "chat_plain",
    "mixed",
    "suggestion",
}
BLIND_KEYS = {
    "text",
    "kind",
    "category",
    "alt",
    "urgent",
    "building",
    "unit",
    "room",
    "source",
    "class",
}
REAL_KEYS = {
    "ref",
    "field",
    "kind",
    "category",
    "alt",
    "urgent",
    "building",
    "unit",
    "room",
    "source",
}
CN_DIGITS = dict(zip("零一二三四五六七八九", "0123456789", strict=True))
FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def in_test_portion(name: str, n: int) -> bool:
    """The split rule shared with the training side: 1 line in 5, by CRC of 'file:line'."""
    return zlib.crc32(f"{name}:{n}".encode()) % 5 == 0


def cn_numbers(s: str) -> set[str]:
    """What a run of Chinese numerals may stand for: its value (二十三 → 23, by cn2an) and,
    read digit by digit, a door number (五零二 → 502)."""
    found = set()
    if all(c in CN_DIGITS for c in s):
        found.add("".join(CN_DIGITS[c] for c in s))
    # Not a well-formed number (一二三十): the digit reading, if any, stands.
    with contextlib.suppress(ValueError, KeyError):
        found.add(str(int(cn2an.cn2an(s, "normal"))))
    return found


def numbers_in(text: str) -> set[str]:
    text = text.translate(FULL_WIDTH)
    found = set(re.findall(r"\d+", text))
    for run in re.findall(r"[零一二三四五六七八九十]+", text):
        found |= cn_numbers(run)
    return found


def check_labels(row: dict, where: str, errors: list[str]) -> None:
    kind, cat, alt = row["kind"], row["category"], row["alt"]
    if kind not in KINDS:
        errors.append(f"{where}: bad kind {kind!r}")
    if not isinstance(alt, list) or not isinstance(row["urgent"], bool):
        errors.append(f"{where}: alt must be a list and urgent a bool")
        return
    if kind == "issue":
        if cat not in CATEGORIES or any(a not in CATEGORIES or a == cat for a in alt):
            errors.append(f"{where}: bad category/alt {cat!r} {alt!r}")
    elif cat is not None or alt:
        errors.append(f"{where}: category only for issues")
    if row["urgent"] and kind != "issue":
        errors.append(f"{where}: urgent must be an issue")
    for key in ("building", "unit", "room"):
        value = row[key]
        if value is not None and not (isinstance(value, str) and re.fullmatch(r"[0-9]+", value)):
            errors.append(f"{where}: {key} must be digits or null")


def check_blind(path: Path, errors: list[str]) -> list[dict]:
    rows, seen = [], set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        where = f"{path.name}:{n}"
        if set(row) != BLIND_KEYS:
            errors.append(f"{where}: keys {sorted(row)}")
            continue
        check_labels(row, where, errors)
        if row["class"] not in CLASSES:
            errors.append(f"{where}: bad class {row['class']!r}")
        if row["source"] != "team-2026-11-blind":
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


def check_real(path: Path, shared: Path, errors: list[str]) -> list[dict]:
    rows, refs = [], set()
    cache: dict[str, list[str]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        where = f"{path.name}:{n}"
        if set(row) != REAL_KEYS:
            errors.append(f"{where}: keys {sorted(row)} (texts must not be copied)")
            continue
        check_labels(row, where, errors)
        name, _, num = row["ref"].rpartition(":")
        if row["ref"] in refs:
            errors.append(f"{where}: duplicate ref")
        refs.add(row["ref"])
        if row["source"] != f"real:{name}":
            errors.append(f"{where}: source does not match ref")
        if name not in cache:
            source = shared / "data" / "intents" / name
            if not source.is_file():
                errors.append(f"{where}: no such source file {name}")
                continue
            cache[name] = source.read_text(encoding="utf-8").splitlines()
        lineno = int(num)
        if not 1 <= lineno <= len(cache[name]):
            errors.append(f"{where}: line {lineno} out of range")
            continue
        if not in_test_portion(name, lineno):
            errors.append(f"{where}: {row['ref']} is in the training portion")
        has_head = bool(json.loads(cache[name][lineno - 1]).get("content_head"))
        if row["field"] != ("title+content_head" if has_head else "text"):
            errors.append(f"{where}: field {row['field']!r} does not match the source line")
        rows.append(row)
    return rows


def summary(rows: list[dict], label: str) -> None:
    print(f"{label}: {len(rows)} lines, urgent {sum(r['urgent'] for r in rows)}")
    print("  kind:", dict(Counter(r["kind"] for r in rows).most_common()))
    cats = Counter(r["category"] for r in rows if r["kind"] == "issue")
    print("  category:", dict(cats.most_common()))
    key = "class" if "class" in rows[0] else "source"
    print(f"  {key}:", dict(Counter(r[key] for r in rows).most_common()))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=HERE.parents[1].parent / "shared")
    args = parser.parse_args()
    shared = args.shared if args.shared.is_dir() else Path("/work/shared")
    errors: list[str] = []
    blind = check_blind(HERE / "intents_blind.jsonl", errors)
    real = check_real(HERE / "intents_real_test.jsonl", shared, errors)
    for error in errors:
        print("ERROR", error)
    summary(blind, "intents_blind.jsonl")
    summary(real, "intents_real_test.jsonl")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

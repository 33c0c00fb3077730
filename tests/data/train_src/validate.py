"""Check tests/data/intents_train.jsonl: shape, keys, labels; print counts."""

import json
from collections import Counter
from pathlib import Path

CATS = {
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
# build.py's sources: the first files (November), round six (40+), seven (60+), eight (90+).
SOURCES = {
    "team-2026-11-train",
    "team-2026-12-train",
    "team-2026-12-train7",
    "team-2026-12-train9",
    "team-2026-12-train10",
    "team-2026-12-train11",
    "team-2026-12-train12",
}
KEYS = ["text", "kind", "category", "alt", "urgent", "building", "unit", "room", "source", "class"]


def main() -> None:
    path = Path(__file__).parent.parent / "intents_train.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    texts = Counter(r["text"] for r in rows)
    assert not [t for t, n in texts.items() if n > 1], "duplicate texts"
    for r in rows:
        assert list(r) == KEYS, r
        assert r["kind"] in {"issue", "wish", "chat"}, r
        assert isinstance(r["alt"], list) and isinstance(r["urgent"], bool), r
        if r["kind"] == "issue":
            assert r["category"] in CATS and set(r["alt"]) <= CATS - {r["category"]}, r
        else:
            assert r["category"] is None and r["alt"] == [] and not r["urgent"], r
        for k in ("building", "unit", "room"):
            assert r[k] is None or (isinstance(r[k], str) and r[k].isdigit()), r
        assert r["source"] in SOURCES and r["text"].strip(), r
    issues = [r for r in rows if r["kind"] == "issue"]
    located = sum(1 for r in issues if r["building"] or r["unit"] or r["room"])
    print("rows", len(rows))
    print("kind", dict(Counter(r["kind"] for r in rows)))
    print("source", dict(Counter(r["source"] for r in rows)))
    print("class", dict(Counter(r["class"] for r in rows)))
    print("category", dict(Counter(r["category"] for r in issues).most_common()))
    print(
        "urgent",
        sum(r["urgent"] for r in rows),
        "issues with a location",
        located,
        "of",
        len(issues),
    )
    lens = sorted(len(r["text"]) for r in rows)
    print("length min/median/max", lens[0], lens[len(lens) // 2], lens[-1])


if __name__ == "__main__":
    main()

"""The engine's shared scan and per-run caches give exactly what the separate passes gave."""

from __future__ import annotations

from collections.abc import Sequence

from intents.automaton import TermAutomaton, TermSets
from intents.context import ContextReader, ContextRules
from intents.engine import IntentEngine
from intents.evidence import containers_of

TEXTS = [
    "路灯不亮了 打120 1200元",
    "万一着火了怎么办 楼道里堆满了纸箱",
    "不是着火 是烧焊，上次漏水修好了",
    "",
    "abc 120abc 救命救命",
]


def test_term_sets_find_what_each_set_finds_alone() -> None:
    sets = [
        ["路灯", "不亮", "灯不亮", "120", "着火"],
        ["不亮", "着火了怎么办", "救命"],
        ["万一", "不是", "上次", "着火"],
        [],
    ]
    scan = TermSets(sets)
    for text in TEXTS:
        found = scan.find(text)
        assert len(found) == len(sets)
        for terms, hits in zip(sets, found, strict=True):
            assert hits == TermAutomaton(terms).find(text), (text, terms)


def test_containers_are_the_substring_test() -> None:
    terms = ["绿化", "绿化带", "化", "坏", "坏了", "又坏了", "120", "1200"]
    scan = TermSets([terms, ["绿化带子"]])
    assert scan.containers(0) == containers_of(terms)
    assert scan.containers(0)["绿化"] == frozenset({"绿化带"})  # 绿化带子 is another set's
    assert TermSets([[]]).containers(0) == {}


def test_engine_scans_once_as_the_separate_automata_did(engine: IntentEngine) -> None:
    for text in ("3号楼电梯又坏了，停在8楼不动", "电梯广告好吵", "是不是着火了？"):
        clean = engine.normalize(text)
        found, negatives, markers, states = engine._scan.find(clean)
        assert found == TermAutomaton(engine._signals).find(clean)
        assert negatives == TermAutomaton(engine.lexicon.negative).find(clean)
        assert markers == TermAutomaton(engine._context.words).find(clean)
        assert states == TermAutomaton(engine._urgency.words).find(clean)


def test_word_starts_are_cached_per_segmenter() -> None:
    reader = ContextReader(ContextRules.from_document({"negation": ["无"]}))
    hits = TermAutomaton(["漏水", "使用"]).find("漏水 无法使用")

    def whole(run: str) -> Sequence[str]:
        return ["无法", "使用"] if run == "无法使用" else [run]

    def split(run: str) -> Sequence[str]:
        return list(run)

    # 无 inside the word 无法 is no negation; cut as a word of its own it is.
    for _ in range(2):  # the second read comes from the cache
        ctx = reader.read("漏水 无法使用", "漏水 无法使用", whole, hits)
        assert ctx.status == ("live", "live")
    ctx = reader.read("漏水 无法使用", "漏水 无法使用", split, hits)
    assert ctx.status == ("live", "negated")
    assert ctx.markers == ("negation:无",)


def test_word_start_cache_is_bounded() -> None:
    reader = ContextReader(ContextRules.from_document({"negation": ["没有"]}), cache_size=3)
    hits = TermAutomaton(["漏水"]).find("没有漏水")
    for n in range(10):
        text = "没有漏水" + "啊" * n
        # 没有 starts a word (没 / 有 …): a marker of two characters need only start one.
        assert reader.read(text, text, list, hits).status == ("negated",)
        assert len(reader._words) <= 3

"""Each stage of the engine on its own: automaton, context rules, evidence, decision."""

from __future__ import annotations

import zlib

import pytest

from intents.automaton import TermAutomaton
from intents.context import ContextError, ContextReader, ContextRules
from intents.engine import IntentEngine
from intents.splits import is_real_test


def test_automaton_finds_terms_however_jieba_cuts(engine: IntentEngine) -> None:
    # jieba cuts 路灯不亮 as 路 / 灯不亮; the automaton works on characters.
    assert "路灯" not in engine.tokenize("路灯不亮了")
    found = {hit.term for hit in TermAutomaton(["路灯", "不亮", "灯不亮"]).find("路灯不亮了")}
    assert found == {"路灯", "不亮", "灯不亮"}
    intent = engine.classify("小区东边的路灯不亮了")
    assert (intent.action, intent.category) == ("case", "facilities")


def test_automaton_keeps_digits_whole() -> None:
    automaton = TermAutomaton(["120", "救命"])
    assert [h.term for h in automaton.find("打120")] == ["120"]
    assert automaton.find("1200元") == []
    assert TermAutomaton([]).find("任何") == []


def reader(**rules: object) -> ContextReader:
    return ContextReader(ContextRules.from_document(rules))


def statuses(engine: IntentEngine, text: str) -> dict[str, str]:
    trace = engine.trace(text)
    assert trace is not None
    return {h.term: s for h, s in zip(trace.hits, trace.context.status, strict=True)}


@pytest.mark.parametrize(
    ("text", "term", "status"),
    [
        ("家里没有漏水", "漏水", "negated"),
        ("不是着火 是烧焊", "着火", "negated"),
        ("万一着火了怎么办", "着火", "hypothetical"),
        ("要是漏电就麻烦了", "漏电", "hypothetical"),
        ("着火了怎么办", "着火", "hypothetical"),
        ("上次着火那家搬走了", "着火", "past"),
        ("刚才的焦味是我搞错了", "焦味", "past"),
        ("你们那边停电了吗", "停电", "elsewhere"),
        ("上次修好了 这次又漏水了", "漏水", "live"),
        ("电梯坏了，要是有人被困怎么办", "电梯坏了", "live"),
    ],
)
def test_context_rules(engine: IntentEngine, text: str, term: str, status: str) -> None:
    assert statuses(engine, text)[term] == status


def test_marker_inside_a_word_does_not_fire(engine: IntentEngine) -> None:
    # 无 is a negation, but not inside 无法: the fault after it stays live.
    assert statuses(engine, "水管漏水 无法使用")["漏水"] == "live"


def test_politeness_is_neutral(engine: IntentEngine) -> None:
    plain = engine.classify("3号楼电梯坏了")
    polite = engine.classify("请问3号楼电梯坏了 麻烦看一下 谢谢 辛苦了")
    assert plain.action == polite.action == "case"
    assert polite.category == "elevator"


def test_forwarded_and_articles_are_never_reports(engine: IntentEngine) -> None:
    assert engine.classify("【转发】电动车进楼充电着火 转给家人看看").action == "none"
    article = "冬季用电安全知识\n" + "电热毯着火的原因有很多。" * 20
    assert engine.classify(article).action == "none"


def test_irony_beside_a_nuisance_is_a_complaint(engine: IntentEngine) -> None:
    intent = engine.classify("草坪上又是狗屎 真有素质👍")
    assert (intent.action, intent.category) == ("case", "pets")


def test_object_and_fault_compose(engine: IntentEngine) -> None:
    assert engine.classify("井盖没了").category == "facilities"
    assert engine.classify("外墙脱落 好吓人").action == "case"
    # An object alone is not a report.
    assert engine.classify("今天路灯下面好多人跳舞").action != "case"


def test_nuisance_noun_alone_is_a_report(engine: IntentEngine) -> None:
    for text, category in (("对面那套房子群租", "other"), ("楼下有人烧垃圾", "sanitation")):
        intent = engine.classify(text)
        assert (intent.action, intent.category) == ("case", category), text


def test_urgent_danger_stands_alone(engine: IntentEngine) -> None:
    for text in ("有人触电了", "孩子走丢了 穿红衣服", "楼道里一股焦糊味"):
        intent = engine.classify(text)
        assert intent.action == "case" and intent.urgent and intent.kind == "issue", text
    assert engine.classify("楼道里一股焦糊味").category == "fire_safety"
    assert engine.classify("有人晕倒了 请问谁能帮忙 谢谢").urgent  # politeness cancels nothing


@pytest.mark.parametrize(
    "text", ["万一着火了怎么办", "要是漏电了怎么处理", "小心煤气泄漏", "上次着火那家搬走了"]
)
def test_hypothetical_or_past_danger_is_not_urgent(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert not intent.urgent and intent.action == "none"


def test_explain_shows_every_stage(engine: IntentEngine) -> None:
    shown = engine.explain("万一电梯困人了怎么办")
    assert set(shown) >= {"normalised", "tokens", "terms", "context", "evidence", "decision"}
    assert any(t.endswith(":hypothetical") for t in shown["terms"])
    assert shown["decision"]["action"] == "none"


def test_context_rules_are_validated() -> None:
    with pytest.raises(ContextError):
        ContextRules.from_document({"negation": "没有"})
    with pytest.raises(ContextError):
        ContextRules.from_document({"sarcasm": ["呵呵"]})
    assert reader(negation=["没有"]).rules.markers["negation"] == frozenset({"没有"})


def test_real_test_split_rule() -> None:
    picked = [n for n in range(1, 1001) if is_real_test("a.jsonl", n)]
    assert 150 < len(picked) < 250  # about one line in five
    # The documented rule, spelled out: line n of file f is test iff crc32("f:n") % 5 == 0.
    assert all(
        is_real_test("a.jsonl", n) == (zlib.crc32(f"a.jsonl:{n}".encode()) % 5 == 0)
        for n in range(1, 200)
    )


@pytest.mark.parametrize("text", ["脑涨 真的要爆炸了", "救命 我好饿", "煮两次饭都烧焦了", "看火星"])
def test_chat_uses_of_danger_words_are_not_urgent(engine: IntentEngine, text: str) -> None:
    assert not engine.classify(text).urgent


def test_weak_danger_word_beside_a_person_is_urgent(engine: IntentEngine) -> None:
    intent = engine.classify("救命 老人摔倒了起不来")
    assert intent.urgent and intent.action == "case"


@pytest.mark.parametrize(
    "text",
    [
        "快来人 有个阿姨倒在地上没反应",  # harm beside a person
        "快！火好大 9栋",  # a hazard with a now-marker, no stock word
        "有人被车压住了 地库出口",
        "别碰那个铁门 一碰就电 刚电倒一个人",
    ],
)
def test_danger_without_stock_words_is_urgent(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.urgent and intent.action == "case" and intent.kind == "issue", text


@pytest.mark.parametrize("text", ["6栋电梯按钮按了半天没反应", "儿童乐园的秋千链子断了一根"])
def test_harm_word_needs_a_person(engine: IntentEngine, text: str) -> None:
    # A category word beside 没反应/断了 is a fault report, not an emergency.
    assert not engine.classify(text).urgent


@pytest.mark.parametrize(
    "text",
    [
        "刚才那个警报是误报 物业说是烟感坏了",  # retracted: now-markers do not bring it back
        "刚才那个孩子找到了 在游乐场后面睡着了",
        "昨天3栋有人晕倒了 后来送医院了",  # past, marker in another clause than the danger
        "电视上讲的 有人触电了要先断电",
    ],
)
def test_danger_not_happening_now_is_neither_urgent_nor_a_case(
    engine: IntentEngine, text: str
) -> None:
    intent = engine.classify(text)
    assert not intent.urgent and intent.action != "case", text


def test_a_recurrence_keeps_danger_current(engine: IntentEngine) -> None:
    assert engine.classify("上次修过的电表箱又冒烟了").urgent

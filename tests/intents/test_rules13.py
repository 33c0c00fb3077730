"""Round thirteen (engine13): the two classifier failures of the blind conversations in
tests/scenarios/convo12 (chat_must_stay_silent, leader_pending_and_claim_typo), each made a rule
of a general kind and checked on variants written for the test, beside the messages the rule
must leave alone."""

from __future__ import annotations

import pytest

from intents.engine import IntentEngine


# A fault given to a person instead ("漏气的不是暖气是我"): the contrast says the fault words are
# a figure for the writer, and the thing named is fine. Silence, never a case.
@pytest.mark.parametrize(
    "text",
    [
        "孩子期末考砸了 家里气压低得很 漏气的不是暖气是我😭",
        "坏掉的不是电梯 是我的老腰",
        "堵的不是下水道是我的心",
        "短路的不是电线是我脑子",
        "今天加班到十点 漏电的不是插座是我",
        "冒烟的不是厨房 是我的脑袋",
    ],
)
def test_fault_given_to_a_person_is_a_figure(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.action == "none" and not intent.urgent


# ... while a correction that gives the fault to another place or thing is a real report.
@pytest.mark.parametrize(
    "text",
    [
        "着火的不是我家是楼下 快来人",
        "冒烟的不是3楼是4楼 快打119",
    ],
)
def test_fault_moved_to_another_place_stays_urgent(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.urgent and intent.action == "case"


@pytest.mark.parametrize(
    "text",
    [
        "漏水的不是厨房是我家卫生间",
        "坏的不是1号梯是2号梯 一直停在5楼不动",
    ],
)
def test_fault_moved_to_another_thing_is_no_figure(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.kind == "issue" and intent.action in ("case", "review")


# Reassurance negated is worry (不放心, 不太放心, 放心不下): the hazard is there now, so the
# report is a case, not settled talk sent to 待确认.
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("3号楼1单元楼梯扶手松了 一晃一晃的 老人扶着不放心", "facilities"),
        ("5栋门口的台阶塌了一块 孩子跑来跑去真不放心", "facilities"),
        ("楼道灯坏了好几天 晚上老人上下楼放心不下", "facilities"),
        ("2单元楼梯扶手晃得厉害 我妈扶着下楼很不放心", "facilities"),
    ],
)
def test_worry_keeps_a_report_current(engine: IntentEngine, text: str, category: str) -> None:
    intent = engine.classify(text)
    assert intent.kind == "issue" and intent.action == "case" and intent.category == category


# ... while reassurance itself still settles it.
@pytest.mark.parametrize(
    "text",
    [
        "放心吧 楼梯扶手已经修好了",
        "大家放心 楼道灯昨天换好了",
    ],
)
def test_reassurance_still_settles(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).action == "none"


# The written conditionals (假使, 倘若, 如若) suppose a danger: never an alarm, never a case (a
# strong one may go to 待确认, as 万一 does).
@pytest.mark.parametrize(
    "text",
    [
        "假使楼上漏水淹了我家的木地板 保险赔不赔",
        "倘若电梯困人了 该打哪个电话",
        "如若家里着火了 先跑还是先关燃气",
        "假若有人触电了 能不能直接用手拉",
    ],
)
def test_written_conditional_is_no_alarm(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert not intent.urgent and intent.action != "case"


# Out of the lift already, or help praised for coming fast: the alarm is over.
@pytest.mark.parametrize(
    "text",
    [
        "小孩已经从电梯里出来了 物业来得挺快",
        "老人已经从电梯出来了 谢谢物业",
        "人都从轿厢里出来了 维保来得很快",
    ],
)
def test_out_of_the_lift_is_over(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert not intent.urgent and intent.action != "case"


# ... while someone still shut in, or water still flooding a home, stays urgent.
@pytest.mark.parametrize(
    "text",
    [
        "我家孩子被困电梯里了 还没出来 快来人",
        "楼上漏水把我家淹了 水一直往下流 关不住",
    ],
)
def test_danger_now_stays_urgent(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.urgent and intent.action == "case"


# A request for help in fault words (家里灯泡坏了 谁能帮我换一下): the kind head sure of a 微心愿
# outvotes the lexicon's fault words; a danger word that is only the reason for a request (我爸骨折
# 了 想借个轮椅) is no alarm; a danger now with a request for help stays urgent.
@pytest.mark.parametrize(
    "text",
    [
        "想借个轮椅用两周，我爸骨折了，有闲置的吗",
        "想请人帮我家老人换个手机卡，营业厅排队太久他站不住",
    ],
)
def test_danger_word_as_reason_for_a_request_is_a_wish(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.kind == "wish" and not intent.urgent


@pytest.mark.parametrize(
    "text",
    [
        "我爸摔倒了起不来 谁能来帮帮我 快",
        "家里老人晕倒了 谁能帮我一起送医院",
        "厨房着火了 谁能来帮帮我",
    ],
)
def test_danger_now_with_a_request_stays_urgent(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.urgent and intent.action == "case"


@pytest.mark.parametrize(
    "text",
    [
        "我家水管漏了 一个人弄不了 谁能帮我修一下",
        "家里灯泡坏了 我够不着 谁能帮我换一下",
        "我家厨房水龙头坏了 老伴腿脚不好 有没有会修的邻居帮个忙",
    ],
)
def test_own_fault_with_a_request_for_help_is_a_wish(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).kind == "wish"


def test_public_fault_asked_to_be_reported_stays_a_case(engine: IntentEngine) -> None:
    intent = engine.classify("3号楼电梯坏了 谁能帮忙报修一下")
    assert intent.kind == "issue" and intent.action == "case"

"""Round fifteen (engine15): rules from failure classes that blind11 and blind12 showed (blind12
is training material since this round), each tested on phrasings written for the test beside
the messages the rule must leave alone. Settings tests run with the packaged model.

The three settings of the candidate (model_sure_case 0.9, model_veto 0.3, model_brief_chars 8)
did not ship: scored once on blind13 they tied the shipped engine's kind F1, and round fourteen's
rule asks for a higher one (tests/data/README_blind.md). Their code ships off; the `candidate`
engine below turns them on, so the behaviour is kept under test for the next round's decision."""

from __future__ import annotations

import pytest

from intents.engine import IntentEngine

CANDIDATE = {"settings": {"model_sure_case": 0.9, "model_veto": 0.3, "model_brief_chars": 8}}


@pytest.fixture(scope="module")
def candidate() -> IntentEngine:
    """The engine with round fifteen's candidate settings (off in the shipped settings)."""
    return IntentEngine.from_files(CANDIDATE)


# A fault named as what something is like is a figure (context.toml `hypothetical`: 就像, 像个,
# 像一盏 …): the writer's mood, work or partner is compared with a leaking tap or a broken lamp.
@pytest.mark.parametrize(
    "text",
    [
        "我闺女说我像个漏水的水龙头 一说就停不下来",
        "这个月的加班就像垃圾堆 又臭又长",
        "下班路上觉得自己像一盏坏掉的路灯 没人理",
        "我的心情就跟下水道一样 堵得慌",
    ],
)
def test_a_fault_in_a_comparison_is_a_figure(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).action not in ("case", "wish")


# ... while the thing compared keeps its own words, and a danger described by a comparison is
# still a danger.
@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("7号楼电梯晃得像个筛子 坐着吓人", False),
        ("楼道灯坏了一个礼拜 黑得像个山洞 2号楼", False),
        ("楼上漏水 像下雨一样 往下滴 水漫到插座了", True),
    ],
)
def test_the_thing_compared_stays_a_report(engine: IntentEngine, text: str, urgent: bool) -> None:
    intent = engine.classify(text)
    assert intent.action == "case" and intent.urgent == urgent


# A kind head sure of a report (model_sure_case 0.9) opens a case where a context rule misread
# a word: 的时候 (a time, not a supposition), 路上 inside 小路上 (not a street elsewhere).
@pytest.mark.parametrize(
    "text",
    [
        "8号楼电梯上行的时候咯噔咯噔响 还晃 坐着心慌",
        "小区中心花园小路上到处是狗屎 踩了一脚",
    ],
)
def test_a_sure_model_opens_a_case_past_a_misread_context(
    candidate: IntentEngine, text: str
) -> None:
    intent = candidate.classify(text)
    assert intent.kind == "issue" and intent.action == "case"


# ... never for a supposition, a fault the writer sets in the past, a door knocked at, or talk
# about elsewhere.
@pytest.mark.parametrize(
    "text",
    [
        "万一电梯半夜坏了 咱们找谁",
        "上个月电梯坏了 现在早修好了 挺顺的",
        "上回楼道灯坏了 修了三天",
        "外卖小哥敲门也没人应",
        "我同事说他们小区电梯天天坏",
        "【转发】电梯困人时千万不要扒门",
    ],
)
def test_a_sure_model_does_not_open_talk(candidate: IntentEngine, text: str) -> None:
    assert candidate.classify(text).action != "case"


# A polite request about a fault (想麻烦物业 … 能不能) uses the lexicon's wish words; the model
# sure of a report makes it the report it is, not silence (it used to be dropped as thanks).
@pytest.mark.parametrize(
    "text",
    [
        "您好 想麻烦物业修剪一下我家阳台外面的树 树枝已经碰到窗户玻璃了 谢谢",
        "保洁师傅辛苦了 想麻烦您 电梯里这两天一股馊味 能不能帮忙擦一擦 谢谢 九栋",
    ],
)
def test_a_polite_request_about_a_fault_is_a_report(candidate: IntentEngine, text: str) -> None:
    intent = candidate.classify(text)
    assert intent.kind == "issue" and intent.action == "case"


# ... while thanks for help given and a request for a hand stay what they are.
@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("谢谢党员小陈 昨天帮我把煤气罐扛上了楼", {"chat"}),
        ("家里灯泡坏了 我够不着 想麻烦哪位邻居帮忙换一下", {"wish"}),
    ],
)
def test_thanks_and_requests_for_a_hand_are_not_reports(
    candidate: IntentEngine, text: str, kinds: set[str]
) -> None:
    intent = candidate.classify(text)
    assert (intent.kind if intent.action != "none" else "chat") in kinds


# A weak lexicon case the model doubts (model_veto 0.3) goes to 待确认, not a case: a renter's
# question about who pays for a repair, or problem words in talk about a relative's school or a
# child's dream job.
@pytest.mark.parametrize(
    "text",
    [
        "请教一下 租的房子热水器坏了 是房东修还是我自己修 合同上没写",
        "我外孙说他们幼儿园的秋千坏了 老师不让玩",
        "我家孙子说长大要当修电梯的 专门修坏电梯 哈哈",
    ],
)
def test_a_weak_case_the_model_doubts_is_not_opened(candidate: IntentEngine, text: str) -> None:
    assert candidate.classify(text).action != "case"


# ... and a short nuisance noun stays a case however little the model has to go on
# (model_brief_chars 8).
@pytest.mark.parametrize("text", ["对面那套房子群租", "楼下又在烧垃圾"])
def test_a_brief_nuisance_is_still_a_case(candidate: IntentEngine, text: str) -> None:
    assert candidate.classify(text).action == "case"


# A fire lane or exit locked, chained or welded shut is 消防安全 (compose.toml
# `[anchors.fire_safety]`): the category head, which reads parking words beside it, does not
# rename it.
@pytest.mark.parametrize(
    "text",
    [
        "物业把北门那条消防通道用铁链锁了 旁边还划了收费车位 真出事怎么办",
        "3号楼的安全出口被锁了 推都推不开",
        "地库的消防门锁着 钥匙不知道在谁手里",
    ],
)
def test_a_locked_fire_lane_is_fire_safety(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.action == "case" and intent.category == "fire_safety"


# ... while cars parked in a fire lane stay the head's to name (the corpus labels them 停车),
# and a lock in a supposition is no report.
def test_cars_in_a_fire_lane_are_parking(engine: IntentEngine) -> None:
    intent = engine.classify("消防通道上又停了一排私家车 救护车进不来")
    assert intent.action == "case" and intent.category == "parking"


def test_a_supposed_locked_fire_lane_is_no_case(engine: IntentEngine) -> None:
    assert engine.classify("万一消防通道被锁了 着火了往哪跑").action != "case"


# A matter reported solved, thanks for the concern, a reading back to normal: the alarm is over
# (urgent.toml `over`), whatever the urgency head makes of the words.
@pytest.mark.parametrize(
    "text",
    ["已经解决了 谢谢大家关心 我爸血压降下来了", "孩子退烧了 感谢大家关心 不用担心了"],
)
def test_a_matter_solved_is_no_alarm(engine: IntentEngine, text: str) -> None:
    assert not engine.classify(text).urgent


# ... while a danger with no word of that kind stays one.
def test_a_blood_pressure_emergency_now_is_urgent(engine: IntentEngine) -> None:
    assert engine.classify("我爸血压突然升到两百 人晕过去了 快来人").urgent

"""convofix7's rules, one test each (the replay scenarios in tests/scenarios/convo7_*.jsonl show
them in a conversation)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from bot.chat import yesno
from bot.chat.by_intent import weak_caption
from bot.chat.phrasing import rewrite
from bot.domain.community import Person
from bot.domain.likeness import same_problem
from bot.domain.safety import different_dangers, own_emergency

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "command"),
    [
        # F3: the code before the command word, with 已, punctuation, emoji and thanks around it
        ("水电费都交好了 H0001办结", "办结 H0001 水电费都交好了"),
        ("H0002 已办结了", "办结 H0002"),
        ("H0001 已办结了，谢谢", "办结 H0001"),
        ("已经交完了 H0001 办结 谢谢", "办结 H0001 已经交完了"),
        ("水电费交好了 H0001", "办结 H0001 水电费交好了"),
        ("电梯修好了 E0001已办结了👍", "办结 E0001 电梯修好了"),
        ("E0001已办结 水管换好了", "办结 E0001 水管换好了"),
        ("E0001 已经办结", "办结 E0001"),
        ("E0001 已办结 换了新灯", "办结 E0001 换了新灯"),
        # A question about it is its status, not a close.
        ("H0001 办结了吗", "进度 H0001"),
        ("请问H0001办结了吗", "进度 H0001"),
    ],
)
def test_a_code_before_or_after_its_command_word(text: str, command: str) -> None:
    found = rewrite(text, private=True)
    assert found is not None and found.text == command


@pytest.mark.parametrize("text", ["还没办结 H0001", "H0001 还没办结", "", "👍👍", "H0001呢"])
def test_not_yet_and_empty_are_no_close(text: str) -> None:
    found = rewrite(text, private=True)
    assert found is None or not found.text.startswith(("办结", "地址")), found


def test_a_huge_text_is_no_command() -> None:
    assert rewrite("H0001办结" + "啊" * 5000, private=True) is None


@pytest.mark.parametrize(
    "text", ["3-1-101", "3-1-101 明天上午", "3栋1单元101", "三号楼一单元101", "3#1-101", "3号楼101"]
)
def test_a_door_answers_the_address_question_never_a_rating(text: str) -> None:
    found = rewrite(text, private=True)
    assert found is not None and (found.text, found.needs) == (f"地址 {text}", "address")


@pytest.mark.parametrize("text", ["3", "2吧 有两层还是不太灵", "1"])
def test_a_bare_score_is_still_a_rating(text: str) -> None:
    found = rewrite(text, private=True)
    assert found is not None and found.needs == "rating"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("是的", "yes"),
        ("对", "yes"),
        ("嗯嗯", "yes"),
        ("确定", "yes"),
        ("对！确定👍", "yes"),
        ("好的", "yes"),
        ("不是", "no"),
        ("算了 不投了", "no"),
        ("是的 不对", None),  # both: neither
        ("今天天气不错", None),
        ("", None),
        ("👍👍", None),
        ("是的" * 50, None),
    ],
)
def test_everyday_yes_and_no(text: str, said: str | None) -> None:
    assert yesno.verdict(text) == said


def test_a_question_is_answered_once_and_not_after_it_expired() -> None:
    person = Person(wechat_id="w", display_name="张阿姨")
    yesno.ask(person, "投票 V0001 同意", NOW)
    assert yesno.answer(person, "今天天气不错", NOW) is None
    assert yesno.answer(person, "是的", NOW) is None  # dropped: the talk moved on
    yesno.ask(person, "投票 V0001 同意", NOW)
    assert yesno.answer(person, "是的", NOW + timedelta(hours=1)) is None
    yesno.ask(person, "投票 V0001 同意", NOW, no="好的")
    assert yesno.answer(person, "嗯嗯", NOW) == ("yes", "投票 V0001 同意", "好的")
    assert not yesno.pending(person)


@pytest.mark.parametrize(
    ("first", "second", "different"),
    [
        ("5栋着火了 快打119", "2栋电梯困人了 有人被关在里面", True),
        ("着火了！快来人", "燃气泄漏了 好大的味", True),
        ("有老人晕倒了", "有人触电了", True),
        ("地库着火了", "楼道里全是烟", False),  # one fire, two words for it
        ("5栋着火了", "快打119吧", False),  # a number names no danger of its own
        ("小区地库里有辆电动车着火了", "地库着火了 大家别下地库", False),
        ("楼下配电箱在冒火花", "有人从楼上往下扔花盆 差点砸到我家孩子", True),
        ("有人高空抛物 砸下来一个瓶子", "楼上又往下扔东西了", False),  # one thrower, two voices
    ],
)
def test_two_dangers_are_two_problems(first: str, second: str, different: bool) -> None:
    assert different_dangers(first, second) is different


@pytest.mark.parametrize(
    ("first", "second", "own"),
    [
        ("我家老人晕倒了", "我妈晕倒了 叫不醒", True),
        ("厨房着火了", "厨房冒烟了 快来人", True),
        ("我家孩子不见了", "孩子走丢了", True),
        ("快来人啊 我家老头子被关在电梯里了", "3号楼电梯里有人", False),  # one lift, many see it
        ("有人晕倒了 就在小区南门口", "南门口有人晕倒了", False),
    ],
)
def test_an_emergency_in_ones_own_home_or_family(first: str, second: str, own: bool) -> None:
    assert own_emergency(first, second) is own


def test_a_fire_is_named_even_when_said_with_zhe() -> None:
    assert not same_problem("5栋着火了", "5栋消防通道被堵了")
    assert same_problem("着火了！", "2栋也着火了")


def test_ones_own_home_on_fire_is_ones_own() -> None:
    assert own_emergency("我家着火了", "着火了 快来人")


@pytest.mark.parametrize(
    ("caption", "forced", "urgent", "confidence", "weak"),
    [
        (True, False, False, 0.31, True),  # "看楼下的树都黄了" under a photo
        (True, False, False, 0.99, False),  # "3号楼电梯坏了，门关不上": named plainly
        (True, True, False, 0.31, False),  # "@机器人 …": the resident insists
        (True, False, True, 0.31, False),  # a danger is never held back
        (False, False, False, 0.31, False),  # no photo: the engine decides as before
    ],
)
def test_a_weak_caption_waits_for_a_person(
    caption: bool, forced: bool, urgent: bool, confidence: float, weak: bool
) -> None:
    ctx = SimpleNamespace(caption=caption, forced=forced)
    intent = SimpleNamespace(urgent=urgent, confidence=confidence)
    assert weak_caption(ctx, intent) is weak  # type: ignore[arg-type]


def test_a_rating_naming_a_unit_is_still_a_rating() -> None:
    found = rewrite("1单元的门修好了 满意", private=True)
    assert found is not None and found.needs == "rating"

"""convofix9a: the phrasing rules behind convo9's classes B, C and G, with near misses."""

from __future__ import annotations

import pytest

from bot.chat import asking
from bot.chat.normalize import command_text
from bot.chat.phrasing import rewrite


def said(text: str) -> str | None:
    found = rewrite(command_text(text))
    return found.text if found is not None else None


# ---- Class C: code-bearing lines ----


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("台阶补好了，E0001办结，两天内别踩边上", "办结 E0001 台阶补好了，两天内别踩边上"),
        ("灯换好了 E0002 办结 晚上再看看", "办结 E0002 灯换好了，晚上再看看"),
        ("树枝已经锯下来清走了 E0001办结", "办结 E0001 树枝已经锯下来清走了"),
    ],
)
def test_closing_word_amid_the_words_closes_with_all_of_them(text: str, command: str) -> None:
    assert said(text) == command


@pytest.mark.parametrize(
    "text",
    [
        "不好意思 临时要出差一周 E0001我弄不了 麻烦换个人",
        "家里有事 E0003 处理不了 另找人吧",
    ],
)
def test_cannot_amid_the_words_is_a_hand_back(text: str) -> None:
    command = said(text)
    assert command is not None and command.startswith("退回 E000"), command


def test_cannot_for_now_stays_news() -> None:
    assert said("师傅说 E0001 今天修不了 明天来") != "退回 E0001"
    assert not (said("师傅说 E0001 今天修不了 明天来") or "").startswith("退回")


@pytest.mark.parametrize(
    "text",
    [
        "查一下E0001 谢谢🙏",
        "E 0 0 0 1 有人接了吗",
        "E0001现在谁在管",
        "E0001有人管吗",
        "進度Ｅ０００１",
        "进度 E 0 0 0 1",
        "帮我查一下E0001",
    ],
)
def test_status_questions_in_every_spelling(text: str) -> None:
    assert said(text) == "进度 E0001"


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("E0001 查过了 是线路老化", "进展 E0001 查过了 是线路老化"),
        ("E0001 看过了 需要水泥 明天物业来补", "进展 E0001 看过了 需要水泥 明天物业来补"),
    ],
)
def test_news_is_not_mistaken_for_a_question(text: str, command: str) -> None:
    assert said(text) == command


def test_spaced_digits_join_only_as_a_code() -> None:
    assert command_text("E 0 0 0 1 有人接了吗") == "E0001 有人接了吗"
    assert command_text("E0001 2号楼也是") == "E0001 2号楼也是"
    assert command_text("辦結 E0001 换好了") == "办结 E0001 换好了"
    assert command_text("E 0 0 0 1 2 3 4 5") == "E 0 0 0 1 2 3 4 5"  # no code is that long
    assert command_text("3號樓電梯壞了") == "3號樓電梯壞了"  # a resident's words stay as written


def test_staff_question_about_a_case_is_never_news() -> None:
    for text in ("E0001现在谁在管", "E0001 谁接的", "麻烦问下 E0001 有人接了没"):
        command = said(text)
        assert command is None or not command.startswith("进展"), command


@pytest.mark.parametrize(
    "text",
    ["Y0001 我觉得应该清，就是别扔东西，先贴通知", "Y0001 应该先开个会", "Y0001 我看还是得清"],
)
def test_an_opinion_under_consultation_in_plain_words(text: str) -> None:
    command = said(text)
    assert command is not None and command.startswith("意见 Y0001 "), command


def test_a_question_about_a_topic_is_not_an_opinion() -> None:
    assert said("Y0001 什么时候开会") == "议题 Y0001"
    assert asking.question_command("Y0001") is None


# ---- Class G: lists and records asked for in words ----


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("今天还有哪些诉求没人接", "待认领"),
        ("现在有没有没人接的单", "待认领"),
        ("还有几件没人认领", "待认领"),
        ("我手上还有几件没办完", "我的任务"),
        ("我这个月星级咋样", "我的星级"),
        ("我现在积分有多少了", "我的积分"),
        ("积分都能换点啥呀", "积分超市"),
        ("积分咋攒的", "积分规则"),
        ("我都报了啥活动", "我的报名"),
        ("这个月有啥活动没有", "活动"),
        ("这个小助手咋用啊", "帮助"),
        ("我想报修怎么弄", "怎么报修"),
    ],
)
def test_questions_in_words_mean_their_command(text: str, command: str) -> None:
    assert asking.question_command(command_text(text)) == command


@pytest.mark.parametrize(
    "text",
    ["没人管", "怎么还是没人认领啊", "这事没人管吗", "活动室的灯坏了", "积分制度不公平"],
)
def test_complaints_and_reports_are_not_list_questions(text: str) -> None:
    assert asking.question_command(command_text(text)) is None


# ---- Class B: claims and assignments in everyday words ----


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("井盖的事我来跟，已经联系物业了", "井盖"),
        ("垃圾那个我去叫保洁", "垃圾"),
        ("电梯的我去找维保", "电梯"),
        ("垃圾我来联系保洁", "垃圾"),
        ("声控灯那个我来", "声控灯"),
        ("我马上下来", ""),
        ("我下楼看看电闸", ""),
        ("这个我来协调，今晚我上去跟他家说说", ""),
    ],
)
def test_a_claim_without_a_code_names_its_thing(text: str, about: str) -> None:
    found = rewrite(command_text(text))
    assert found is not None and found.needs == "sole_open", found
    assert found.about == about


@pytest.mark.parametrize(
    "text",
    [
        "我来跟大家说一下，明天停水",
        "我来 说两句",
        "我去！",
        "这个我来 不过今天去不了",
        "我去找物业吵一架都没用",
    ],
)
def test_near_misses_claim_nothing(text: str) -> None:
    found = rewrite(command_text(text))
    assert found is None or found.needs != "sole_open", found


def test_a_quoted_wish_is_claimed_in_words() -> None:
    found = rewrite("王奶奶这个心愿我来，明天上午陪您去", quoted=True)
    assert found is not None and found.text == "我来"


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("吴师傅 你去处理一下E0001", "派单 E0001 吴师傅"),
        ("孙志明你跟一下E0002", "派单 E0002 孙志明"),
        ("E0001你跟一下", "派单 E0001 @"),
        ("E0003 你跟进一下", "派单 E0003 @"),
    ],
)
def test_telling_someone_to_handle_a_case_is_a_dispatch(text: str, command: str) -> None:
    assert said(text) == command


def test_telling_someone_is_never_news() -> None:
    for text in ("你们去看看 E0002", "E0002 你们去看看"):
        command = said(text)
        assert command is None or not command.startswith("进展"), command

"""convofix15c: the rules behind round fifteen's failing conversations (convo15, convo15c)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.chat import phrasing, referral, yesno
from bot.chat.errands import done_another_way
from bot.chat.normalize import command_text
from bot.chat.notcase.activities import read as read_activity_words
from bot.chat.notcase.own import asks_errand, errand_named
from bot.chat.phrasing.answers import consent
from bot.chat.phrasing.text import one_answer, undoubled
from bot.domain.community import Person

# ---- an answer word said twice is the same answer (vote_confirm) ----------------------------


@pytest.mark.parametrize(
    ("clause", "once"),
    [
        ("对的对的", "对的"),
        ("对对对", "对"),
        ("好的好的好的", "好的"),
        ("不用了不用了", "不用了"),
        ("可以可以", "可以"),
        ("嗯嗯", "嗯"),
    ],
)
def test_a_repeated_word_is_said_once(clause: str, once: str) -> None:
    assert undoubled(clause) == once


@pytest.mark.parametrize("clause", ["对不对", "是不是", "好不好", "确定", "同意", "投吧"])
def test_other_clauses_are_unchanged(clause: str) -> None:
    assert undoubled(clause) == clause


@pytest.mark.parametrize(
    "text",
    ["对的对的👌", "对对对", "好的好的", "是的是的！", "可以可以 谢谢", "行行行", "确定确定"],
)
def test_a_doubled_yes_answers_the_question(text: str) -> None:
    assert yesno.verdict(text) == yesno.YES


@pytest.mark.parametrize("text", ["不用不用", "不了不了 谢谢", "算了算了", "不对不对"])
def test_a_doubled_no_answers_the_question(text: str) -> None:
    assert yesno.verdict(text) == yesno.NO


@pytest.mark.parametrize(
    "text",
    [
        "对不对",  # a question back
        "是不是啊",
        "好不好",
        "谢谢谢谢",  # thanks said twice answer nothing
        "哈哈哈",
        "对的对的 但是我再想想",  # the yes taken back
        "对的对的 不对",  # both
    ],
)
def test_no_answer_read_from_near_words(text: str) -> None:
    assert yesno.verdict(text) is None


def test_doubled_answers_in_the_shared_answer_rule() -> None:
    answers = {"yes": re.compile("好的?"), "no": re.compile("不用了?")}
    assert one_answer("好的好的 麻烦了", answers) == "yes"
    assert one_answer("不用了不用了 儿子回来了", answers) == "no"
    assert one_answer("谢谢谢谢 儿子回来了", answers) is None


# ---- 公开 with reassuring words is the consent, 👌 or not (wish_public) ------------------------


@pytest.mark.parametrize(
    "text",
    [
        "可以 公开没事的👌",
        "公开没事的",
        "公开也行",
        "公开没关系",
        "那就公开吧 不要紧",
        "公开无所谓的",
        "可以公开 没问题👍",
    ],
)
def test_public_with_reassurance_is_consent(text: str) -> None:
    found = consent(text, private=True)
    assert found is not None and found.text == "公开"
    rewritten = phrasing.rewrite(text, private=True)
    assert rewritten is not None and rewritten.needs == "consent" and rewritten.text == "公开"


@pytest.mark.parametrize(
    "text", ["别公开 没事的", "不公开也没事", "公开没事吗", "公开了会不会不好"]
)
def test_near_words_do_not_make_it_public(text: str) -> None:
    found = consent(text, private=True)
    assert found is None or found.text != "公开"


@pytest.mark.parametrize("text", ["可以👌", "好的👌", "挺好的👍 谢谢小孙"])
def test_a_face_without_publicity_words_is_still_a_verdict(text: str) -> None:
    found = phrasing.rewrite(text, private=True)
    assert found is not None and found.needs == "rating"


# ---- "不用了 … it got done another way" withdraws her one open request (helpdesk_cancel) -------


@pytest.mark.parametrize(
    "text",
    [
        "不用了不用了 我儿子回来了 他帮我交了",
        "不用了 我女儿回来了",
        "不需要了 我自己交好了",
        "不用麻烦了 已经交了",
        "我闺女在家了 不用了",
        "不要了 邻居帮我买回来了",
    ],
)
def test_no_longer_needed_because_done_another_way(text: str) -> None:
    assert done_another_way(text)


@pytest.mark.parametrize(
    "text",
    [
        "不用了 谢谢",  # no reason: it may answer anything
        "不用了",
        "我儿子回来了",  # news, not a withdrawal
        "他帮我交了吗",
        "不用了吗 我儿子回来了？",  # a question
        "不用了 我再等等",
    ],
)
def test_no_withdrawal_without_no_longer_and_a_reason(text: str) -> None:
    assert not done_another_way(text)


# ---- her own errand asked after by what it is (helpdesk_utility_words) ----------------------


@pytest.mark.parametrize(
    "text",
    [
        "我那个交电费的事办了没有啊",
        "我那个买药的事怎么样了",
        "我托你们交燃气费那个 交了吗",
        "我申请的那个取快递 有人管没有",
        "我这个事什么时候能办好啊",
    ],
)
def test_own_errand_status_questions(text: str) -> None:
    assert asks_errand(text)


@pytest.mark.parametrize(
    "text",
    [
        "我那个交电费的事 我儿子已经弄了",  # news, not a question
        "交电费去哪交啊",  # not hers
        "我那个心愿怎么样了",  # her wish: its own reader
        "我那个报修什么时候能修好",  # her case
        "我那个积分怎么样了",
    ],
)
def test_not_an_own_errand_question(text: str) -> None:
    assert not asks_errand(text)


# ---- a command word with spaces inside it, before its number (activity_typed_wrong) ---------


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("报 名 1", "报名 1"),
        ("报 名１", "报名1"),
        ("取 消 报 名 1号", "取消报名 1号"),
        ("进 度 E0001", "进度 E0001"),
        ("认 领 w0001 我晚上过去", "认领 w0001 我晚上过去"),
        ("投 票 V0001 同意", "投票 V0001 同意"),
        ("报 名：2", "报名：2"),
    ],
)
def test_a_spaced_command_word_is_joined(text: str, joined: str) -> None:
    assert command_text(text) == joined


@pytest.mark.parametrize(
    "text",
    [
        "报 名 的人多吗",  # no number: speech keeps its spaces
        "报 名",
        "我 报 名 1 个人",  # not at the start
        "进 度 太慢了",
        "好 的 1",  # not a command word
    ],
)
def test_spaced_words_without_a_number_or_not_a_command_stay(text: str) -> None:
    assert command_text(text) == text


# ---- who or where to go, asked right after a refusal that named the place (not_eligible) ----

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def _referred() -> Person:
    person = Person(wechat_id="w1", display_name="刘大爷")
    referral.refer(person, "帮办代办窗口，电话：0358-8200000", NOW)
    return person


@pytest.mark.parametrize(
    "text",
    ["那我该找谁啊", "找谁办？", "那去哪办呢", "打哪个电话", "那怎么办啊", "养老金认证找谁办"],
)
def test_who_or_where_after_a_refusal_gets_the_place(text: str) -> None:
    answer = referral.answer(_referred(), text, NOW + timedelta(minutes=5))
    assert answer is not None and "0358-8200000" in answer


@pytest.mark.parametrize(
    "text",
    [
        "好的 谢谢",
        "我儿子回来了",
        "3号楼电梯坏了",
        "谁能帮我修一下水管",  # a new problem, not the question
        "那我该找谁啊 我家水管爆了 水漫出来了 快来人啊",
    ],
)
def test_other_words_after_a_refusal_are_not_asked_back(text: str) -> None:
    assert referral.answer(_referred(), text, NOW + timedelta(minutes=5)) is None


def test_the_place_is_not_repeated_later_or_without_a_refusal() -> None:
    assert referral.answer(_referred(), "那我该找谁啊", NOW + timedelta(hours=3)) is None
    stranger = Person(wechat_id="w2", display_name="张阿姨")
    assert referral.answer(stranger, "那我该找谁啊", NOW) is None


# ---- where or when, asked about an activity by its title (activity_signup_family) -----------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("义诊在哪儿啊 几点开始", "义诊"),
        ("手机课在哪上", "手机课"),
        ("剪纸活动什么时候", "剪纸"),
        ("请问义诊地点是哪里", "义诊"),
        ("重阳义诊几点集合", "重阳义诊"),
    ],
)
def test_where_or_when_about_an_activity_by_its_title(text: str, name: str) -> None:
    assert read_activity_words(text) == ("where", name)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("义诊那个我也去", "going"),  # a sign-up stays a sign-up
        ("义诊还有名额吗", "room"),
        ("义诊去不了了", "away"),
    ],
)
def test_other_activity_words_keep_their_reading(text: str, kind: str) -> None:
    found = read_activity_words(text)
    assert found is not None and found[0] == kind


@pytest.mark.parametrize("text", ["义诊挺好的", "我家在3号楼", "报名的人多吗"])
def test_no_where_question_no_card(text: str) -> None:
    found = read_activity_words(text)
    assert found is None or found[0] != "where"


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        ("我那个交电费的事办了没有啊", "交电费"),
        ("我那个事怎么样了", ""),  # nothing named: her one 帮办 if no case of hers is open
        ("我申请的那个取快递 有人管没有", "取快递"),
    ],
)
def test_what_an_own_errand_question_names(text: str, thing: str) -> None:
    assert errand_named(text) == thing

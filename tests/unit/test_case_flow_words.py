"""The words of the case flow (convo3): a handler's code amid his words, several codes in one
message, ratings by the thing's name, status questions and follow-ups in a resident's words.

Each rule is tested with its variants and with the nearby text that must not trigger it."""

from __future__ import annotations

import pytest

from bot.chat import phrasing, several
from bot.chat.followup import asks_status, says_impatient
from bot.chat.normalize import command_text
from bot.chat.phrasing import subject_ratings, trim


def rewrite(text: str) -> str | None:
    found = phrasing.rewrite(command_text(text))
    return None if found is None else f"{found.text}|{found.needs}"


# ---- D3, D19, D32: a handler's code anywhere in his words --------------------------------


@pytest.mark.parametrize(
    ("said", "command"),
    [
        # CODE … 办结 at the end closes; the words are the result (D3)
        ("E0001 拧紧了 办结", "办结 E0001 拧紧了|handler"),
        (
            "E0001 去看了 是有人在空地上烧纸钱 已劝离 办结",
            "办结 E0001 去看了 是有人在空地上烧纸钱 已劝离|handler",
        ),
        (
            "人出来了 没事 消防的把门撬开的 电梯明天让维保来修 E0001 办结",
            "办结 E0001 人出来了 没事 消防的把门撬开的 电梯明天让维保来修|holder",
        ),
        ("换好了 E0001 办结", "办结 E0001 换好了|holder"),
        ("灯换好了 E0001可以办结了", "办结 E0001 灯换好了|holder"),
        ("H0001 包裹已经送到了 办结", "办结 H0001 包裹已经送到了|volunteer"),
        # words before the code, news after it (D19)
        ("收到 马上安排 E0001 下午找人打磨刷漆", "进展 E0001 下午找人打磨刷漆|holder"),
        # long news under a code, past the length of a rephrased command (D19)
        (
            "E0001：维保师傅说是门锁回路故障，配件下午到（联系电话13912345678）",
            "进展 E0001 维保师傅说是门锁回路故障，配件下午到（联系电话13912345678）|handler",
        ),
        # a bare close is still the command (D32: the handler closes it without a result)
        ("E0001办结", "办结 E0001|None"),
    ],
)
def test_a_handlers_code_amid_his_words(said: str, command: str) -> None:
    assert rewrite(said) == command


@pytest.mark.parametrize(
    "said",
    [
        "E0001 还没办结",  # not yet: news at most, never a close
        "昨天E0001的事谢谢大家",  # speaks about the case
        "请问E0001和那个是一件事吗",
        "E0003的水管又漏了",
    ],
)
def test_words_about_a_code_that_close_nothing(said: str) -> None:
    assert rewrite(said) is None or not rewrite(said).startswith("办结")  # type: ignore[union-attr]


def test_a_question_before_the_code_stays_a_question() -> None:
    assert rewrite("请问E0001怎么样了") == "进度 E0001|None"
    assert (rewrite("认领E0001 我下午去") or "").startswith("认领 E0001")


# ---- D31: trimming keeps balanced brackets --------------------------------------------------


@pytest.mark.parametrize(
    ("said", "trimmed"),
    [
        ("维保师傅在路上了（大概半小时）", "维保师傅在路上了（大概半小时）"),
        ("配件下午到（联系电话13912345678）。", "配件下午到（联系电话13912345678）"),
        ("说是“门锁坏了”！", "说是“门锁坏了”"),
        ("进度E0002？？", "进度E0002"),
        ("【E0001】进度？", "E0001】进度"),  # no opening left: the closing one is decoration
        ("（E0001）", "E0001"),
    ],
)
def test_trimming_keeps_a_closing_bracket_whose_opening_stays(said: str, trimmed: str) -> None:
    assert trim(said) == trimmed


def test_relayed_news_keeps_its_bracket() -> None:
    assert rewrite("E0001 维保师傅在路上了（大概半小时）") == (
        "进展 E0001 维保师傅在路上了（大概半小时）|handler"
    )


# ---- D30, D45: several codes, one command each ----------------------------------------------


@pytest.mark.parametrize(
    ("said", "parts"),
    [
        ("认领 E0001 E0002 我都去看看", ["认领 E0001 我都去看看", "认领 E0002 我都去看看"]),
        ("认领E0001和E0002", ["认领 E0001", "认领 E0002"]),
        ("进度 E0001、E0002", ["进度 E0001", "进度 E0002"]),
        ("E0001满意！E0002基本满意", ["E0001满意", "E0002基本满意"]),
        ("E0001办结 E0002进展 师傅下午到", ["E0001办结", "E0002进展 师傅下午到"]),
    ],
)
def test_several_codes_each_get_the_command(said: str, parts: list[str]) -> None:
    assert several.commands(said) == parts


@pytest.mark.parametrize(
    "said",
    ["认领 E0001", "E0001 E0002", "E0001满意 E0001满意", "我家E0001和隔壁E0002是一回事"],
)
def test_one_code_or_a_story_is_not_split(said: str) -> None:
    parts = several.commands(said)
    # A story may be split, but then its parts are no commands and the pipeline keeps it whole.
    assert parts is None or not all(rewrite(p) for p in parts)


# ---- D29: ratings by the thing's name -------------------------------------------------------


def test_ratings_named_by_their_things() -> None:
    assert subject_ratings("门那个满意 减速带那个一般") == [("门", "满意"), ("减速带", "基本满意")]
    assert subject_ratings("路灯的还行") == [("路灯", "基本满意")]
    assert rewrite("门那个满意 减速带那个一般") == "评价 门那个满意 减速带那个一般|rating"


@pytest.mark.parametrize("said", ["门那个坏了", "满意", "减速带那个 我明天再看看", "那个谁来了"])
def test_not_ratings_by_name(said: str) -> None:
    assert subject_ratings(said) is None


# ---- D7, D8, D9, D21, D54: status questions and follow-ups in words ----------------------


@pytest.mark.parametrize(
    ("said", "asked"),
    [
        ("我报的那个怎么样了", (True, "")),
        ("我反映的下水道的事有人管吗", (True, "下水道")),
        ("我上午说的灯的事有人管吗", (True, "灯")),
        ("查一下我的报修", (True, "")),
        ("路灯那个什么时候能修好啊", (False, "路灯")),
        ("楼道灯什么时候修啊", (False, "楼道灯")),
        ("灯的事咋样了", (False, "灯")),
        ("那我这快递咋办啊 谁管", (False, "快递")),
    ],
)
def test_status_questions_in_words(said: str, asked: tuple[bool, str]) -> None:
    assert asks_status(said) == asked


@pytest.mark.parametrize("said", ["明天几点开会", "你吃饭了吗", "我的诉求呢", "谢谢大家"])
def test_no_status_question(said: str) -> None:
    assert asks_status(said) is None


@pytest.mark.parametrize(
    "said",
    [
        "都一个多小时了 还没修好 水都流到路上了",
        "昨晚又吵到两点 有没有人管管",
        "我反映的下水道的事有人管吗",
        "那我这快递咋办啊 谁管",
        "有人管吗",
    ],
)
def test_impatience(said: str) -> None:
    assert says_impatient(said)


@pytest.mark.parametrize("said", ["修好了 谢谢", "有人在家吗", "谁有梯子借我用下", "管道工几点来"])
def test_no_impatience(said: str) -> None:
    assert not says_impatient(said)

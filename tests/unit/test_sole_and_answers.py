"""Code-less 已实现, "地址同上" and a 评议 in words (convo4 rules 1 and 2): the phrasings that
are the rule, and the nearby ones that are not."""

from __future__ import annotations

import pytest

from bot.chat.phrasing import rewrite
from bot.chat.phrasing.answers import SAME_ADDRESS
from bot.handlers.deliberation import _verdict_and_remark


@pytest.mark.parametrize(
    "text", ["已实现", "已经实现了", "小郑来过了 挺好的 已经实现了", "吴师傅挂好了 谢谢 心愿实现了"]
)
def test_fulfilled_without_a_code_needs_the_sole_wish(text: str) -> None:
    found = rewrite(text, private=True)
    assert found is not None and (found.text, found.needs) == ("已实现", "sole_wish")


@pytest.mark.parametrize("text", ["终于实现了 高兴", "梦想实现了", "已实现 E0001", "E0001已实现吗"])
def test_not_a_codeless_fulfilment(text: str) -> None:
    found = rewrite(text, private=True)
    assert found is None or found.needs != "sole_wish"


def test_a_code_still_names_its_wish() -> None:
    found = rewrite("心愿已经实现了 W0002", private=True)
    assert found is not None and found.text == "已实现 W0002" and found.needs is None


@pytest.mark.parametrize(
    "text", ["地址同上", "同上", "还是那个地址 明天下午", "地址：跟上次一样", "老地址"]
)
def test_same_address(text: str) -> None:
    assert SAME_ADDRESS.match(text)
    found = rewrite(text, private=True)
    assert found is not None and found.needs == "address"


@pytest.mark.parametrize("text", ["地址 3号楼2单元502", "上面的灯坏了", "一样一样"])
def test_not_same_address(text: str) -> None:
    assert not SAME_ADDRESS.match(text)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("还行 就是有点矮", ("基本满意", "就是有点矮")),
        ("满意，谢谢大家", ("满意", "谢谢大家")),
        ("还行", (None, "")),
        ("就是有点矮 还行", (None, "")),
    ],
)
def test_a_review_verdict_first_then_a_remark(words: str, expected: tuple[str | None, str]) -> None:
    assert _verdict_and_remark(words) == expected


@pytest.mark.parametrize("text", ["公开不公开都行", "都可以", "随便", "无所谓"])
def test_either_answer_to_the_consent_question_is_private(text: str) -> None:
    found = rewrite(text, private=True)
    assert found is not None and (found.text, found.needs) == ("不公开", "consent")


@pytest.mark.parametrize("text", ["公开吧", "可以公开"])
def test_a_yes_is_still_public(text: str) -> None:
    found = rewrite(text, private=True)
    assert found is not None and found.text == "公开"

"""convofix14d: a leader's instruction under a case code is read as the command it is, never
as the handler's news (重新打开, 改类别, 督办, 吹哨, 改派给我, a holder's hand-over, a 派单
quoting the case message). Who may mean them so is checked in the pipeline (see
tests/integration/test_convofix14d_flow.py); here, the words."""

from __future__ import annotations

import pytest

from bot.chat import phrasing
from bot.handlers.case_staff import _named_category, _named_department
from bot.services.webhooks import Department


def rewrite(text: str, *, quoted: bool = False) -> tuple[str, str | None] | None:
    found = phrasing.rewrite(text, quoted=quoted)
    return (found.text, found.needs) if found is not None else None


@pytest.mark.parametrize(
    ("said", "command"),
    [
        ("E0002 结错了 重新打开 垃圾还没清", "重新打开 E0002 垃圾还没清"),
        ("E0003 办结错了 麻烦重新打开", "重新打开 E0003"),
        ("E0001 错结了", "重新打开 E0001"),
        ("E0004 撤销办结 还没修", "重新打开 E0004 还没修"),
        ("E0002，重开一下，水还在漏", "重新打开 E0002 水还在漏"),
    ],
)
def test_a_wrong_close_is_reopened(said: str, command: str) -> None:
    assert rewrite(said) == (command, "leader")


@pytest.mark.parametrize(
    "said",
    [
        "E0001 类别不对 是门禁的问题 改一下",
        "E0002 分类错了 应该是电梯",
        "E0003 类别改成环境卫生",
        "E0001 改一下类别 是消防的事",
    ],
)
def test_a_category_correction_is_no_news(said: str) -> None:
    found = rewrite(said)
    assert found is not None and found[0].startswith("改类别 E000") and found[1] == "leader"


@pytest.mark.parametrize(
    "said",
    [
        "@孙志明 E0001 抓紧啊 居民都问好几次了",
        "E0002 赶紧处理一下",
        "E0003 上点心啊 都三天了",
        "E0004 快点 别拖了",
    ],
)
def test_urging_the_holder_is_a_nudge(said: str) -> None:
    found = rewrite(said)
    assert found is not None and found[0].startswith("督办 E000") and found[1] == "leader"


@pytest.mark.parametrize("said", ["E0001 师傅在抓紧修", "E0001 我们抓紧换"])
def test_his_own_hurry_stays_news(said: str) -> None:
    found = rewrite(said)
    assert found is not None and found[0].startswith("进展 E0001")


@pytest.mark.parametrize(
    "said",
    [
        "E0001 这个得城管来处理 吹哨吧 报给街道城管科",
        "E0002 报给城管",
        "E0003 这个得转给街道办",
        "E0001 上报区住建局",
    ],
)
def test_a_department_named_is_a_whistle(said: str) -> None:
    found = rewrite(said)
    assert found is not None and found[0].startswith("吹哨 E000") and found[1] == "leader"


def test_telling_the_property_stays_news() -> None:
    assert rewrite("E0001 报给物业了") == ("进展 E0001 报给物业了", "handler")


@pytest.mark.parametrize(
    ("said", "code"),
    [("E0001 交给我吧", "E0001"), ("E0002 转给我吧", "E0002"), ("E0003 我来接手", "E0003")],
)
def test_taking_a_case_over(said: str, code: str) -> None:
    assert rewrite(said) == (f"派单 {code} 我", "take_over")
    # Where that reading does not apply (nobody else holds it), the words are what they were.
    assert phrasing.without_staff_words(said) != phrasing.rewrite(said)


def test_reassign_to_me_names_the_sender() -> None:
    assert rewrite("E0001 改派给我吧 小孙这两天加班顾不上") == ("派单 E0001 给我", "dispatcher")


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("E0001 我这腿下不去井 @周海燕 你帮我联系下物业吧 交给你了", "周海燕"),
        ("E0002 @赵老师 这个交给你了 我出差", "赵老师"),
        ("E0003 我明天住院 @吴师傅 你接手吧", "吴师傅"),
    ],
)
def test_a_holder_hands_over_by_name(said: str, name: str) -> None:
    assert rewrite(said) == (f"派单 {said[:5]} @{name}", "handover")


@pytest.mark.parametrize(
    "said", ["@孙志明 这个你去一下 就在你们单元", "@吴师傅 麻烦你跑一趟", "这个你去看看"]
)
def test_dispatch_quoting_the_case_message(said: str) -> None:
    found = rewrite(said, quoted=True)
    assert found is not None and found[0].startswith("派单 @") and found[1] == "quoted_dispatch"
    assert rewrite(said) is None  # without the quote there is no case


def test_an_apology_in_front_of_a_close_is_taken_off() -> None:
    for said in ("不好意思搞错了 办结 E0001 水管接头换好了", "抱歉弄错了 办结E0001 水管接头换好了"):
        found = phrasing.rewrite(said)
        assert found is not None and found.text.replace(" ", "") == "办结E0001水管接头换好了"


def test_categories_by_label_or_thing() -> None:
    assert _named_category("应该是电梯") == "elevator"
    assert _named_category("是门禁的问题") == "facilities"
    assert _named_category("是垃圾的事") == "sanitation"
    assert _named_category("改一下") is None


def test_department_by_its_short_name() -> None:
    dept = Department("cg", "神堂沟街道城管科", "http://x", "s" * 16, "t" * 16, ("*",))
    other = Department("zj", "区住建局", "http://y", "s" * 16, "t" * 16, ("*",))
    assert _named_department((other, dept), "报给街道城管科") is dept
    assert _named_department((other, dept), "得城管来") is dept
    assert _named_department((other, dept), "报给住建局") is other
    assert _named_department((other, dept), "吹哨吧") is None


@pytest.mark.parametrize(
    "said", ["E0001 已经报给城管了 等回复", "E0001 刚报给街道", "E0001 报给城管了"]
)
def test_a_report_made_already_is_news(said: str) -> None:
    found = rewrite(said)
    assert found is not None and found[0].startswith("进展 E0001")

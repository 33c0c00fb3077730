"""The 书记's weekly look in words (convofix14e, convo14b file 11): which private messages
ask for the period's case figures, and which period they name."""

from __future__ import annotations

from datetime import date

import pytest

from bot.chat.fallback import asks_figures
from bot.handlers.stats import bounds, period_named


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("小助手 本周情况怎么样", "本周"),
        ("这周统计一下 多少件 办了几件", "本周"),
        ("本月办结率多少", "本月"),
        ("上个月满意率怎么样", "上个月"),
        ("上周的数据发我看看", "上周"),
        ("今天处理了多少", "今天"),
    ],
)
def test_asking_for_the_figures_in_words(text: str, period: str) -> None:
    assert asks_figures(text)
    assert period_named(text) == period


@pytest.mark.parametrize(
    "text",
    [
        "1号活动报名统计一下",  # 报名名单's business
        "E0001 情况怎么样",  # one case's status
        "这周电梯坏了三次",  # a report, no figures asked
        "统计下积分",
        "本周意见汇总一下",
        "",
    ],
)
def test_other_questions_are_not_figures(text: str) -> None:
    assert not asks_figures(text)


def test_period_bounds() -> None:
    friday = date(2026, 12, 4)
    assert bounds("本周", friday) == (date(2026, 11, 30), date(2026, 12, 5))
    assert bounds("上周", friday) == (date(2026, 11, 23), date(2026, 11, 30))
    assert bounds("本月", friday) == (date(2026, 12, 1), date(2026, 12, 5))
    assert bounds("上个月", friday) == (date(2026, 11, 1), date(2026, 12, 1))
    assert bounds("今天", friday) == (friday, date(2026, 12, 5))

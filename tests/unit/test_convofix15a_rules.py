"""convofix15a: the rules behind convo15 failures (topic_decided_ask, vote_group_words,
vote_non_owner, points_questions, wish_followup, long_multi), each with several phrasings of the
rule and the words near it that must stay outside."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.chat.notcase import topics
from bot.domain.deliberation.topics import Level, Topic

# ---- topic_decided_ask: "…定下来没有啊" asks where a 议题 stands --------------------------------


def _topic(title: str, number: int) -> Topic:
    at = datetime(2026, 11, 23, 9, tzinfo=UTC)
    return Topic(1, Level.BUILDING, title, None, at, "赵老师", id=number)


TOPICS = [_topic("楼道杂物清理", 1), _topic("小区停车位重新划线", 2)]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("楼道杂物那个事最后定下来没有啊 我家门口的鞋柜要不要搬", "Y0001"),
        ("杂物清理的事定下来没有", "Y0001"),
        ("楼道杂物那个议题定好没", "Y0001"),
        ("杂物那个事最后怎么定的", "Y0001"),
        ("停车位划线的事决定了没有 我好挪车", "Y0002"),
        ("划线那个事定的啥啊", "Y0002"),
        ("停车位那个事有结果没有啊 物业一直不说", "Y0002"),
    ],
)
def test_asking_whether_a_topic_was_decided(text: str, code: str) -> None:
    assert topics.asks_status(text)
    assert [t.code for t in topics.named_by(text, TOPICS)] == [code]


@pytest.mark.parametrize(
    "text",
    [
        "楼道杂物一定没人管吗",  # 一定 is "surely", not a decision
        "杂物肯定没人清",
        "希望杂物清理早点定下来",
        "楼道杂物没有人管",
        "杂物清理我没有意见",
        "停车位划线后来就没有了",
        "确定没问题 同意清理",
    ],
)
def test_words_near_a_decision_question_are_not_one(text: str) -> None:
    assert not topics.asks_status(text)

"""A request for a hand at home is a 微心愿 (convo3 D52): asking + own home + difficulty."""

from __future__ import annotations

import pytest

from bot.chat.wishlike import help_at_home


@pytest.mark.parametrize(
    "text",
    [
        "想请人帮忙把我家厨房漏水的水龙头换一个 我眼睛不好 弄不了",
        "有没有人能帮我把家里的灯泡换一下 我年纪大了够不着",
        "想找人帮我把家里的旧电视搬下楼 我腰不好",
        "麻烦谁来帮忙修一下我家的马桶 我一个人住不会弄",
    ],
)
def test_a_hand_at_home_with_a_difficulty_is_a_wish(text: str) -> None:
    assert help_at_home(text)


@pytest.mark.parametrize(
    "text",
    [
        "我家厨房水龙头漏水了",  # no request for a hand: a report (or chat)
        "想请人帮忙把我家水龙头换一个",  # no difficulty: can be a 帮办 or a paid job
        "楼道灯坏了 想请人帮忙换一下 我眼睛不好",  # a shared place: a case
        "我家门口的路灯坏了 找人帮忙看看 我腿脚不好",
        "帮我交一下电费 我老了不会用手机",  # not at home
    ],
)
def test_nearby_messages_are_not_wishes(text: str) -> None:
    assert not help_at_home(text)

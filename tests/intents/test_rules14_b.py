"""Round fourteen (convofix14b): a neighbour away is no news from elsewhere (convo14
neighbour_away). "隔壁302老周家出差去了 他家门口的水表一直在转 门缝底下往外渗水" reports a
leak here, at the absent neighbour's door; the writer's own trip, or the place a trip went to,
stays away."""

from __future__ import annotations

import pytest

from intents.engine import IntentEngine


@pytest.mark.parametrize(
    "text",
    [
        "隔壁302老周家出差去了 他家门口的水表一直在转 门缝底下往外渗水 人不在家 谁能联系一下他",
        "对门那家出差了 门缝里一直往外渗水",
        "楼上501出差一个礼拜了 他家卫生间漏水 滴到我家了",
        "隔壁老王回老家了 他家门口水管一直在漏",
        "她在外地 她家阳台的水管爆了 一直往楼下流水",
    ],
)
def test_a_neighbour_away_leaves_the_problem_here(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.kind == "issue" and intent.action in ("case", "review")


@pytest.mark.parametrize(
    "text",
    [
        "我出差住的宾馆停水了",
        "他出差住的酒店电梯坏了",
        "我在外地 老家房子漏水了",
        "邻居说他出差那个城市停电了",
    ],
)
def test_a_trip_and_where_it_went_stay_elsewhere(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).action == "none"

"""Round nine (lead, after the ship decision): two danger classes the blind conversation tester
found silent, each with near misses. A fall a person cannot get up from is an alarm beside a
person; a gas valve that will not close is gas flowing now."""

from __future__ import annotations

import pytest

from intents.engine import IntentEngine


@pytest.mark.parametrize(
    "text",
    [
        "我妈在卫生间摔了一跤，爬不起来了",
        "老爷子在楼梯上摔了一下 站不起来了 快来人",
        "隔壁阿姨在门口摔了 起不了身 谁来帮把手",
    ],
)
def test_a_fall_someone_cannot_get_up_from_is_an_alarm(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.action == "case" and intent.urgent


@pytest.mark.parametrize(
    "text",
    [
        "周末早上爬不起来 又迟到了",
        "我昨天摔了一跤 没啥事",
        "万一老人摔了一跤爬不起来怎么办",
    ],
)
def test_a_late_morning_an_old_fall_or_a_what_if_is_no_alarm(
    engine: IntentEngine, text: str
) -> None:
    assert not engine.classify(text).urgent


@pytest.mark.parametrize(
    "text",
    ["我家燃气灶关不掉了，一直呼呼冒气", "煤气灶阀门关不了 一直在冒气 怎么弄"],
)
def test_gas_that_will_not_turn_off_is_an_alarm(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.action == "case" and intent.urgent and intent.category == "fire_safety"


@pytest.mark.parametrize(
    "text", ["燃气费交了吗", "燃气表的电池没电了 关不掉提示音", "万一燃气灶关不掉怎么办"]
)
def test_gas_words_without_gas_flowing_are_no_alarm(engine: IntentEngine, text: str) -> None:
    assert not engine.classify(text).urgent

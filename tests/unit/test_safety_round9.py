"""Advice that fits the danger (round nine, from the blind conversation tester's emergencies
that got 【紧急】 with no tip or the wrong one), and a general line when no danger is named."""

from __future__ import annotations

import pytest

from bot.domain.safety import DEFAULT_DANGERS, GENERAL_ADVICE, safety_advice


@pytest.mark.parametrize(
    ("text", "category", "says"),
    [
        ("我家孩子把手指卡在门缝里了出不来一直哭", "elevator", "不要硬拽"),
        ("南门口有两个人打起来了，有一个手里拿着刀，快报警", "other", "马上拨打110"),
        ("楼道里有人拿着棍子在砸门", "other", "远离现场"),
        ("有个小孩爬到五楼窗户外面的空调架上了！", "other", "119和110"),
        ("一个男的在楼顶边上坐着，好像要跳", "other", "119和110"),
        ("我爸早上起来突然说不出话，嘴也歪了", "other", "拨打120"),
        ("有人被狗咬了，腿上都是血", "pets", "拨打120"),
        ("我老公切菜把手割了个大口子，血止不住", "other", "拨打120"),
        ("我妈在卫生间摔了一跤，爬不起来了", "other", "拨打120"),
        ("五楼阳台上的花架子晃晃悠悠要掉下来了，下面是小孩玩的地方", "other", "楼下的人避开"),
        ("3号楼电梯里有人出不来了 快来人", "elevator", "按电梯里的警铃"),
    ],
)
def test_the_advice_fits_the_danger(text: str, category: str, says: str) -> None:
    advice = safety_advice(text, category, DEFAULT_DANGERS)
    assert advice and says in advice[0], advice
    assert not any("警铃" in a for a in advice) or "电梯" in text  # no lift tip for a door


def test_a_report_naming_no_danger_gets_no_danger_advice() -> None:
    # The acknowledgement adds GENERAL_ADVICE for an urgent case (tested end to end).
    assert safety_advice("快来人啊 出大事了", "other", DEFAULT_DANGERS) == []
    assert "120" in GENERAL_ADVICE and "110" in GENERAL_ADVICE


def test_a_number_already_called_is_not_asked_again() -> None:
    advice = safety_advice("两个人拿着刀打起来了 已经报警了", "other", DEFAULT_DANGERS)
    assert advice[0].startswith("收到，您已经报警")
    assert not any("110" in a for a in advice[1:])

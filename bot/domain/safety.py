"""What to do right now: safety advice in an urgent acknowledgement, by danger type.

A resident reporting a fire or a gas smell needs one sentence on staying safe before they
need a case number. The words and sentences come from the config's [safety] section (these
are its defaults), so a community can add its gas company's number or its own dangers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MAX_ADVICE = 2  # a fire in a lift lobby is two dangers; more would not be read


@dataclass(frozen=True)
class Danger:
    key: str
    words: tuple[str, ...]  # any of them in the message picks this danger
    advice: str
    categories: tuple[str, ...] = ()  # a case category that picks it when no word does


DEFAULT_DANGERS: tuple[Danger, ...] = (
    Danger(
        "fire",
        (
            "着火",
            "起火",
            "失火",
            "火灾",
            "烧起来",
            "冒烟",
            "黑烟",
            "烟好大",
            "明火",
            "火苗",
            "烧焦",
            "爆炸",
            "119",
        ),
        "请马上拨打119；用湿毛巾捂住口鼻，走楼梯离开，不要乘电梯。",
        ("fire_safety",),
    ),
    Danger(
        "gas",
        ("燃气", "煤气", "天然气"),
        "不要开关电灯和电器、不要点火、不要在屋里打电话；打开门窗通风，马上离开，"
        "到室外再打燃气公司的抢修电话。",
    ),
    Danger(
        "shock",
        ("漏电", "触电", "被电了", "冒火花"),
        "先拉下电闸断电再施救，不要用手直接拉触电的人；有人受伤请拨打120。",
    ),
    Danger(
        "lift",
        ("困人", "被困", "困在", "关在里面", "出不来"),
        "被困的人请保持冷静，按电梯里的警铃，拨打电梯内张贴的救援电话；不要扒门，不要自己爬出来。",
        ("elevator",),
    ),
    Danger(
        "medical",
        ("昏倒", "昏迷", "晕倒", "摔倒", "起不来", "咬出血", "救命", "120"),
        "请马上拨打120，说清楼号和门牌；不要随意搬动病人，请人到楼下接救护车。",
    ),
    Danger(
        "child",
        ("孩子不见", "小孩不见", "孩子走丢", "小孩走丢", "孩子丢了", "走失"),
        "请马上拨打110，说清孩子的衣着和最后出现的地方；请邻居帮忙守住小区各个出口。",
    ),
    Danger(
        "water",
        ("水管爆", "爆管", "淹", "全是水"),
        "请先关上家里的总水阀；水漫到插座附近时先拉闸断电。",
    ),
)


def safety_advice(text: str, category: str, dangers: Sequence[Danger]) -> list[str]:
    """The advice for the dangers `text` names (in the config's order), else the category's."""
    found = [d.advice for d in dangers if any(w in text for w in d.words)]
    if not found:
        found = [d.advice for d in dangers if category in d.categories]
    return list(dict.fromkeys(found))[:MAX_ADVICE]

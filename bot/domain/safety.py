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
        ("漏电", "触电", "被电了", "电到人", "被电到", "电倒"),
        "先拉下电闸断电再施救，不要用手直接拉触电的人；有人受伤请拨打120。",
    ),
    # Sparks from a box or a socket: nobody has been shocked, the danger is a fire.
    Danger(
        "sparks",
        ("冒火花", "打火花", "火花", "电线冒烟", "插座冒烟", "电箱冒烟"),
        "不要靠近，也不要用水泼；能安全拉下电闸的先断电，起火请马上拨打119。",
    ),
    Danger(
        "lift",
        ("困人", "被困", "困在", "关在里面", "出不来"),
        "被困的人请保持冷静，按电梯里的警铃，拨打电梯内张贴的救援电话；不要扒门，不要自己爬出来。",
        ("elevator",),
    ),
    Danger(
        "medical",
        # Someone hurt or taken ill. Not 救命 alone: a parent shouting it about a stuck lift
        # needs the lift advice, not "不要随意搬动病人".
        (
            "昏倒",
            "昏迷",
            "晕倒",
            "晕过去",
            "摔倒",
            "摔了",
            "摔伤",
            "起不来",
            "受伤",
            "流血",
            "出血",
            "骨折",
            "咬出血",
            "没反应",
            "叫不醒",
            "抽搐",
            "喘不上气",
            "胸口疼",
            "没呼吸",
            "120",
        ),
        "请马上拨打120，说清楼号和门牌；不要随意搬动病人，请人到楼下接救护车。",
    ),
    Danger(
        "child",
        ("不见了", "走丢", "丢了", "走失", "找不到了", "找不着了", "没回家", "联系不上"),
        "请马上拨打110，说清走失的人的衣着、长相和最后出现的地方；请邻居帮忙守住小区各个出口。",
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

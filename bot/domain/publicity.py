"""一月一示: the monthly 公示 of points, rolled up resident → 楼栋 → 支部.

Each resident chooses how the 公示 names them: real name, WeChat nickname, or masked
(张**). The default is masked: a name is shown only because its owner asked for it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from bot.domain.community import Person
from bot.domain.points import month_label
from bot.domain.privacy import mask_name, mask_personal

NAME_CHOICE_KEY = "publicity_name"  # in Person.extra
NO_BUILDING = "未登记楼栋"


class NameChoice(enum.StrEnum):
    REAL = "real"  # 实名
    NICKNAME = "nickname"  # 昵称
    MASKED = "masked"  # 匿名: 张**

    @property
    def label(self) -> str:
        return {"real": "实名", "nickname": "昵称", "masked": "匿名"}[self]


NAME_WORDS = {
    "实名": NameChoice.REAL,
    "真名": NameChoice.REAL,
    "昵称": NameChoice.NICKNAME,
    "微信名": NameChoice.NICKNAME,
    "微信昵称": NameChoice.NICKNAME,
    "真实姓名": NameChoice.REAL,
    "匿名": NameChoice.MASKED,
    "隐藏": NameChoice.MASKED,
    "不公开": NameChoice.MASKED,
}


def name_choice(person: Person, default: NameChoice) -> NameChoice:
    try:
        return NameChoice(person.extra.get(NAME_CHOICE_KEY, default))
    except ValueError:
        return default


def public_name(person: Person, default: NameChoice) -> str:
    choice = name_choice(person, default)
    nickname = mask_personal(person.display_name or "")
    if choice is NameChoice.REAL and person.real_name:
        return person.real_name
    if choice is NameChoice.NICKNAME and nickname:
        return nickname
    return mask_name(person.real_name or nickname or "居民")


@dataclass(frozen=True)
class Contributor:
    name: str
    place: str  # 楼栋 label
    points: int


@dataclass(frozen=True)
class BuildingTotal:
    label: str
    points: int
    people: int
    wishes: int


@dataclass(frozen=True)
class Notice:
    """One group's 公示 for one month: what the text is made from, and the export too."""

    month: str
    estate: str
    branch: str
    scope: str  # "3号楼" for a 楼栋群, the 小区 name otherwise
    top: list[Contributor]
    buildings: list[BuildingTotal]
    wishes_fulfilled: int
    total: int  # the scope's points this month
    branch_total: int  # the 支部 (小区) total, for the roll-up line


def render(notice: Notice) -> str:
    lines = [f"【积分公示】{month_label(notice.month)} · {notice.estate}{_scope(notice)}"]
    if notice.top:
        lines.append("本月积分贡献榜：")
        for rank, c in enumerate(notice.top, start=1):
            place = f"（{c.place}）" if c.place and c.place != notice.scope else ""
            lines.append(f"{rank}. {c.name}{place} {c.points:+d} 分")
    else:
        lines.append("本月暂无积分记录。")
    if len(notice.buildings) > 1:
        lines.append("各楼栋合计：")
        for b in notice.buildings:
            wishes = f"，实现微心愿 {b.wishes} 个" if b.wishes else ""
            lines.append(f"{b.label} {b.points:+d} 分（{b.people} 人{wishes}）")
    lines.append(f"本月实现微心愿：{notice.wishes_fulfilled} 个")
    if notice.scope != notice.estate:
        scope = f"{notice.scope}合计 {notice.total:+d} 分"
        lines.append(f"{scope}，{notice.branch}合计 {notice.branch_total:+d} 分")
    else:
        lines.append(f"{notice.branch}合计 {notice.branch_total:+d} 分")
    lines.append("一月一示，欢迎监督。对积分有疑问请私聊社区工作人员。")
    lines.append("（想在公示中显示实名或昵称，请私聊我发送「公示名 实名」或「公示名 昵称」）")
    return "\n".join(lines)


def _scope(notice: Notice) -> str:
    return f" · {notice.scope}" if notice.scope != notice.estate else ""

"""The escalation ladder: 楼栋党小组长 → 小区党支部书记 → 社区党委 → 街道/部门 (吹哨).

Every step of the 2341 clock that slips climbs one rung. Reminders go privately and to the
小区's 党员群, never to a residents' group: residents see progress, not the chasing.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence

from bot.domain.cases import Case
from bot.domain.sla import Step


class Rung(enum.StrEnum):
    LEADER = "leader"  # 楼栋党小组长
    SECRETARY = "secretary"  # 小区党支部书记
    STAFF = "staff"  # 社区党委 / 社区工作者
    DEPARTMENT = "department"  # 街道/部门: 吹哨 to the category's webhook

    @property
    def label(self) -> str:
        return RUNG_LABELS[self]


RUNG_LABELS = {
    Rung.LEADER: "楼栋党小组长",
    Rung.SECRETARY: "小区党支部书记",
    Rung.STAFF: "社区党委",
    Rung.DEPARTMENT: "街道/职能部门",
}
DEFAULT_LADDER: tuple[Rung, ...] = (Rung.LEADER, Rung.SECRETARY, Rung.STAFF, Rung.DEPARTMENT)

SLIP_WORDS = {
    Step.RESPOND: "无人响应",
    Step.REPLY: "还没有回复居民",
    Step.COORDINATE: "还没有协调解决",
    Step.SOLUTION: "还没有给出解决方案",
}


def rung_at(ladder: tuple[Rung, ...], level: int) -> Rung:
    """The rung reached after climbing `level` times (1-based; capped at the top)."""
    return ladder[min(max(level, 1), len(ladder)) - 1]


def climb(
    ladder: tuple[Rung, ...],
    level: int,
    people: Mapping[Rung, Sequence[int]],
    holder: int | None,
) -> tuple[Rung, tuple[int, ...]]:
    """The rung reached after `level` climbs, and who on it hears, skipping who holds the case.

    Escalating to the person who went silent chases nobody: the holder is left off every
    rung, and a rung left with nobody is passed over, so a silent 楼栋党小组长 who holds the
    case is chased by the 支部书记. A person already reached by a lower rung is not reached
    again under another label (a case with no building has no 楼栋党小组长: it starts at the
    支部书记, and the next slip goes to the 社区, not to the secretary twice). The department
    rung (吹哨) is never passed over: the whistle goes out even with nobody at the 社区 on
    record. When every rung is passed over, the top one is used as it stands.
    """
    reached: set[int] = set() if holder is None else {holder}
    climbable: list[tuple[Rung, tuple[int, ...]]] = []
    for rung in ladder:
        ids = tuple(dict.fromkeys(people.get(rung, ())))
        if rung is Rung.DEPARTMENT:
            climbable.append((rung, tuple(i for i in ids if i != holder)))
            continue
        fresh = tuple(i for i in ids if i not in reached)
        reached.update(ids)
        if fresh:
            climbable.append((rung, fresh))
    if not climbable:
        top = ladder[-1]
        return top, tuple(i for i in people.get(top, ()) if i != holder)
    return climbable[min(max(level, 1), len(climbable)) - 1]


def describe(case: Case) -> str:
    what = case.category_label + (f" · {case.place}" if case.place else "")
    return f"{case.code}（{what}）"


def escalation_text(case: Case, step: Step, rung: Rung, names: list[str]) -> str:
    """The chasing message for the 党员群 and the people on the rung (internal only)."""
    who = "：" + "、".join(names) if names else ""
    head = "【紧急督办】" if case.urgent else "【督办】"
    lines = [
        f"{head}诉求 {describe(case)}{SLIP_WORDS[step]}（{step.label}时限已过），"
        f"已升级至{rung.label}{who}。",
        f"内容：{case.summary}",
    ]
    if case.assignee_id is None:
        lines.append(f"请尽快认领：发送「认领 {case.code}」。")
    else:
        lines.append(
            f"请承办人尽快处理，发送「进展 {case.code} 内容」或「办结 {case.code} 结果」。"
        )
    return "\n".join(lines)


def notice_text(case: Case) -> str:
    """To the building's 党小组 first: a new case in their 楼栋 waits for someone to claim it."""
    head = "【紧急】" if case.urgent else ""
    return (
        f"{head}本楼栋有新诉求 {describe(case)}：{case.summary}\n"
        f"请回复「认领 {case.code}」接单，认领后请及时联系居民。"
    )

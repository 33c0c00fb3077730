"""The escalation ladder: 楼栋党小组长 → 小区党支部书记 → 社区党委 → 街道/部门 (吹哨).

Every step of the 2341 clock that slips climbs one rung. Reminders go privately and to the
小区's 党员群, never to a residents' group: residents see progress, not the chasing.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.cases import Case
from bot.domain.sla import QuietHours, Step


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


def escalation_text(case: Case, steps: Step | Sequence[Step], rung: Rung, names: list[str]) -> str:
    """The chasing message for the 党员群 and the people on the rung (internal only).

    Several steps that slipped at once and reach the same rung make one message (a bot that
    was down, or a night's held-back clock, must not send the same person two 督办 in one
    minute). The ask fits the rung: party members claim; the 社区 and the 街道 level do not
    claim cases, they 派单 to a party member or bring in the department.
    """
    slipped = [steps] if isinstance(steps, Step) else list(steps)
    who = "：" + "、".join(names) if names else ""
    head = "【紧急督办】" if case.urgent else "【督办】"
    words = "，".join(SLIP_WORDS[s] for s in slipped)
    labels = "、".join(s.label for s in slipped)
    lines = [
        f"{head}诉求 {describe(case)}{words}（{labels}时限已过），已升级至{rung.label}{who}。",
        f"内容：{case.summary}",
    ]
    staff_level = rung in (Rung.STAFF, Rung.DEPARTMENT)
    if case.assignee_id is None and staff_level:
        lines.append(f"请派单给党员：发送「派单 {case.code} @党员名字」，或直接联系相关部门处理。")
    elif case.assignee_id is None:
        lines.append(f"请尽快认领：发送「认领 {case.code}」。")
    elif staff_level:
        lines.append(
            f"请督促承办人处理，必要时改派：发送「派单 {case.code} @党员名字」，"
            "或直接联系相关部门。"
        )
    else:
        lines.append(
            f"请承办人尽快处理，发送「进展 {case.code} 内容」或「办结 {case.code} 结果」。"
        )
    return "\n".join(lines)


def notice_text(
    case: Case,
    *,
    returned: bool = False,
    to_group: bool = False,
    late: str | None = None,
    night: str | None = None,
    before: str | None = None,
) -> str:
    """To the building's 党小组 first: a case in their 楼栋 waits for someone to claim it.

    A case handed back (退回) is not new: it has a history, and the notice says so. The
    党员群 copy (no 党小组 on record) names no building as "本楼栋". A notice that goes out
    late (the bot was down) is not new either: `late` says when the case came in and how long
    it has waited (see `waited_line`), so nobody takes a two-day-old case for a fresh one.
    """
    head = "【紧急】" if case.urgent else ""
    if returned:
        lead = "有诉求被退回，待重新认领" if to_group else "本楼栋有诉求被退回，待重新认领"
    elif late:
        lead = "有诉求待认领" if to_group else "本楼栋有诉求待认领"
    else:
        lead = "有新诉求待认领" if to_group else "本楼栋有新诉求"
    lines = [f"{head}{lead} {describe(case)}：{case.summary}"]
    if late or night:  # night: held for the quiet hours, still new to them (`held_line`)
        lines.append(late or night or "")
    if before:  # the same thing fixed here before: the repair did not hold (round fourteen)
        lines.append(f"此前 {before}，这次又坏了。")
    lines.append(f"请回复「认领 {case.code}」接单，认领后请及时联系居民。")
    return "\n".join(lines)


def stand_in_text(where: str, absent: Sequence[tuple[str, date]], notice: str, code: str) -> str:
    """To the 支部书记 when every 党小组长 of the case's 楼栋 said she is away (round fifteen):
    she stands in, so the notice says for whom and until when, then the notice itself."""
    who = "、".join(f"{name}外出至{day.month}月{day.day}日" for name, day in absent)
    return (
        f"【代管】{where}党小组长{who}，这期间由您代管。\n{notice}\n"
        f"也可以「派单 {code} @党员名字」交给楼里的党员。"
    )


def waited_line(since: datetime, now: datetime, tz: ZoneInfo) -> str:
    """How old a case is when word of it goes out late: "（11月23日 09:00 受理，已过 2天1小时；
    系统中断，通知晚到）". Only for a real gap (the bot down, the clock jumped); a case held
    through the quiet hours gets `held_line` instead."""
    local = since.astimezone(tz)
    came = f"{local.month}月{local.day}日 {local:%H:%M}"
    return f"（{came} 受理，已过 {age(now - since)}；系统中断，通知晚到）"


def held_line(since: datetime, now: datetime, tz: ZoneInfo, quiet: QuietHours) -> str:
    """A case that came in during the quiet hours, told when they end (convofix13b #9): held on
    purpose, not an outage: "（12月5日 22:30 受理；夜间 22:00–07:30 不打扰，今早补发）"."""
    local = since.astimezone(tz)
    came = f"{local.month}月{local.day}日 {local:%H:%M}"
    day = "今早" if now.astimezone(tz).hour < 12 else "现在"
    return f"（{came} 受理；夜间 {quiet.start:%H:%M}–{quiet.end:%H:%M} 不打扰，{day}补发）"


def age(span: timedelta) -> str:
    """A wait in the words people use: 2天1小时, 3小时20分钟, 25分钟."""
    minutes = max(int(span.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days}天" if days else "", f"{hours}小时" if hours else ""]
    if not days:
        parts.append(f"{minutes}分钟" if minutes or not hours else "")
    return "".join(parts)

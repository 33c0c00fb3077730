"""Opening cases, joining reports of the same incident, and reading a case's state."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain import lifecycle
from bot.domain.cases import (
    Case,
    CaseEvent,
    EventKind,
    Report,
    same_emergency,
    same_incident,
    summarize,
)
from bot.domain.escalation import describe
from bot.domain.likeness import same_problem
from bot.domain.safety import own_emergency, safety_lines
from bot.domain.sla import SlaPolicy
from bot.ports import UnitOfWork
from bot.services import mailer as audience
from bot.services.mailer import Mailer


@dataclass(frozen=True)
class Intake:
    case: Case
    joined: bool  # the report joined an existing case
    repeat: bool  # the same person had already reported this case
    escalated: bool = False  # this report made an open case urgent


@dataclass(frozen=True)
class IncomingReport:
    """A resident's report on its way into a case: what was said, by whom, where and when,
    and the rules it joins an open case by. Travels together through open_or_join's steps."""

    estate_id: int
    group_id: int | None  # None when reported privately
    reporter_id: int
    report: Report
    now: datetime
    merge_window: timedelta
    policy: SlaPolicy


def acknowledgement(intake: Intake, advice: Sequence[str] = ()) -> str:
    """What the resident is told in the group when their report is taken (or joined).

    `advice`: safety lines for an urgent case, what to do right now.
    """
    case = intake.case
    what = case.category_label + (f" · {case.place}" if case.place else "")
    track = f"发送「进度 {case.code}」可查看进展。"
    track += "".join(f"\n{line}" for line in safety_lines(advice))
    alerted = "已通知楼栋党小组长和支部书记。" if case.urgent else ""
    if intake.escalated:
        return f"【紧急】诉求 {case.code}（{what}）已标记为紧急，{alerted}{track}"
    if intake.repeat:
        return f"您已反映过这个问题（编号 {case.code}），我们正在跟进。{track}"
    if intake.joined:
        return (
            f"这个问题已有居民反映，编号 {case.code}（{what}），已合并跟进"
            f"（共 {case.reporters} 位居民反映）。{track}"
        )
    return (
        f"{'【紧急】' if case.urgent else ''}已受理您反映的问题，编号 {case.code}（{what}）。"
        f"{alerted or '我们会尽快安排党员跟进，'}{track}"
    )


def open_or_join(
    uow: UnitOfWork,
    *,
    estate_id: int,
    group_id: int | None,
    reporter_id: int,
    report: Report,
    now: datetime,
    merge_window: timedelta,
    policy: SlaPolicy | None = None,
) -> Intake:
    """A resident reported a problem: join the open case it repeats, or open a new one.

    A new case starts its "2341" clock here: the deadlines are columns from now on.
    """
    policy = policy or SlaPolicy()
    incoming = IncomingReport(estate_id, group_id, reporter_id, report, now, merge_window, policy)
    nearby = None
    if report.building:
        # The open cases it may join and the latest ones of its place (fixed_before), in one
        # read: nothing is written between the two questions.
        nearby = uow.cases.nearby(
            estate_id, report.category, report.building, now - merge_window, REPEAT_LATEST
        )
    joined = _join_open(uow, incoming, nearby.open if nearby is not None else None)
    if joined is not None:
        return joined
    if report.urgent:
        # One emergency, many voices: the second "着火了" without the first one's building
        # joins it instead of waking everyone again.
        for candidate in uow.cases.find(estate_id=estate_id, urgent=True, open_only=True, limit=10):
            if same_emergency(candidate, report, now, merge_window) and not _someone_elses(
                uow, candidate, report, reporter_id
            ):
                return _join(uow, candidate, incoming)

    before = fixed_before(uow, estate_id, report, now, nearby.latest if nearby else None)
    case = Case(
        estate_id=estate_id,
        group_id=group_id,
        category=report.category,
        summary=report.summary,
        building=report.building,
        # "上个月修好的那个单元门门禁又坏了": the same door, so the same unit.
        unit=report.unit or (before.unit if before else None),
        room=report.room,
        urgent=report.urgent,
        reporter_id=reporter_id,
        opened_at=now,
        updated_at=now,
    )
    lifecycle.start_clock(case, now, policy)  # its deadlines go in with the case's row
    uow.cases.open(case, reporter_id, now, group_id)
    assert case.id is not None
    uow.cases.add_event(CaseEvent(case_id=case.id, at=now, kind=EventKind.OPENED))
    if before is not None:
        uow.cases.add_event(
            CaseEvent(
                case_id=case.id,
                at=now,
                kind=EventKind.REPEAT,
                text=repeat_line(uow, before, policy.tz),
            )
        )
    return Intake(case, joined=False, repeat=False)


# How far back a fixed case still explains a new report of the same thing in the same place.
REPEAT_WINDOW = timedelta(days=90)
# How many of the latest cases of that place are looked at for it.
REPEAT_LATEST = 20


def fixed_before(
    uow: UnitOfWork,
    estate_id: int,
    report: Report,
    now: datetime,
    latest: Sequence[Case] | None = None,
) -> Case | None:
    """The latest case on the same thing in the same building (and unit, when both name one)
    that was fixed within REPEAT_WINDOW: the repair did not hold, which the 书记 and whoever
    picks the new case up need to see (fixed_then_broken, round fourteen). `latest`: the
    place's latest cases when the caller read them already (CaseRepository.nearby)."""
    if not report.building:
        return None
    if latest is None:
        latest = uow.cases.find(
            estate_id=estate_id,
            category=report.category,
            building=report.building,
            limit=REPEAT_LATEST,
        )
    for old in latest:
        if old.status.is_open or old.resolved_at is None or now - old.resolved_at > REPEAT_WINDOW:
            continue
        if report.unit and old.unit and report.unit != old.unit:
            continue
        if same_problem(old.summary, report.summary):
            return old
    return None


def repeat_line(uow: UnitOfWork, old: Case, tz: ZoneInfo) -> str:
    """ "E0001 已于11月2日办结（换了读卡器 已经能刷了）": the closed case, when, and how."""
    assert old.id is not None and old.resolved_at is not None
    how = [e.text for e in uow.cases.events(old.id) if e.kind == EventKind.RESOLVED and e.text]
    day = old.resolved_at.astimezone(tz)
    line = f"{old.code} 已于{day.month}月{day.day}日办结"
    return line + (f"（{how[-1]}）" if how else "")


def join_open(
    uow: UnitOfWork,
    *,
    estate_id: int,
    group_id: int | None,
    reporter_id: int,
    report: Report,
    now: datetime,
    merge_window: timedelta,
    policy: SlaPolicy,
    candidates: Sequence[Case] | None = None,
) -> Intake | None:
    """The open case in the report's building that it repeats (same category, thing and
    place, within the window), joined; None when there is none. Never opens a case: a
    message the engine is unsure of may still be a third voice about a case just opened.
    `candidates`: the open cases of that place when the caller read them already."""
    return _join_open(
        uow,
        IncomingReport(estate_id, group_id, reporter_id, report, now, merge_window, policy),
        candidates,
    )


def _join_open(
    uow: UnitOfWork, incoming: IncomingReport, candidates: Sequence[Case] | None = None
) -> Intake | None:
    """join_open, its arguments travelling together (open_or_join calls it too)."""
    report, now, window = incoming.report, incoming.now, incoming.merge_window
    if not report.building:
        return _join_estate_wide(uow, incoming)
    if candidates is None:
        candidates = uow.cases.open_candidates(
            incoming.estate_id, report.category, report.building, now - window
        )
    for candidate in candidates:
        if same_incident(candidate, report, now, window) and not _someone_elses(
            uow, candidate, report, incoming.reporter_id
        ):
            return _join(uow, candidate, incoming)
    return _join_same_home(uow, incoming)


def _join_same_home(uow: UnitOfWork, incoming: IncomingReport) -> Intake | None:
    """A report naming the home (building and room) of a case opened there minutes ago, from
    someone else: what that home's landlord or family knows about the same trouble ("我是201的
    房东 … 是楼上301卫生间的管子漏" after the renter's "201 天花板滴水"), whatever category its
    words suggest. It joins the case and its words go on the case's timeline for the handler
    (round fourteen); one home rarely has two new troubles within the merge window."""
    report, now = incoming.report, incoming.now
    if not report.room or report.urgent:
        return None
    for candidate in uow.cases.find(
        estate_id=incoming.estate_id, building=report.building, open_only=True, limit=10
    ):
        if (
            candidate.room == report.room
            and not candidate.urgent
            and candidate.reporter_id != incoming.reporter_id
            and not (report.unit and candidate.unit and report.unit != candidate.unit)
            and now - (candidate.updated_at or candidate.opened_at) <= incoming.merge_window
        ):
            intake = _join(uow, candidate, incoming)
            assert candidate.id is not None
            uow.cases.add_event(
                CaseEvent(
                    case_id=candidate.id,
                    at=now,
                    kind=EventKind.NOTE,
                    text=report.summary,
                    actor_id=incoming.reporter_id,
                )
            )
            return intake
    return None


def _join_estate_wide(uow: UnitOfWork, incoming: IncomingReport) -> Intake | None:
    """A report naming no building, in the group where an open case naming none was opened
    minutes ago about the same thing (业主群: "消防通道用铁链锁了" then "消防通道可不能占"): a
    second voice about that case, not a second case (round fourteen). Another group, a building
    named on either side, or another thing stays a case of its own."""
    report, now = incoming.report, incoming.now
    if incoming.group_id is None:
        return None
    for candidate in uow.cases.find(
        estate_id=incoming.estate_id, category=report.category, open_only=True, limit=10
    ):
        if (
            candidate.building is None
            and candidate.group_id == incoming.group_id
            and not candidate.urgent
            and not report.urgent
            and now - (candidate.updated_at or candidate.opened_at) <= incoming.merge_window
            and same_problem(candidate.summary, report.summary)
        ):
            return _join(uow, candidate, incoming)
    return None


def _someone_elses(uow: UnitOfWork, case: Case, report: Report, reporter_id: int) -> bool:
    """An emergency in another person's own home or family ("我家老人晕倒了" twice, from two
    neighbours) is theirs: a second one, not a second voice about the first (F7)."""
    if not (case.urgent or report.urgent) or not own_emergency(case.summary, report.summary):
        return False
    assert case.id is not None
    return reporter_id != case.reporter_id and reporter_id not in uow.cases.reporter_ids(case.id)


def join_case(
    uow: UnitOfWork, case: Case, reporter_id: int, now: datetime, group_id: int | None = None
) -> Intake:
    """A neighbour's "+1 / 我家也是" under a report: one more resident reporting that case
    (the 共 N 位 figure, and the progress messages reach them too, in the group they spoke
    in: `group_id`, None when they spoke privately)."""
    assert case.id is not None
    is_new = uow.cases.add_reporter(case.id, reporter_id, now, group_id)
    if is_new:
        case.reporters += 1
        case.updated_at = now
        uow.cases.add_event(CaseEvent(case_id=case.id, at=now, kind=EventKind.JOINED))
    return Intake(case, joined=True, repeat=not is_new)


def _join(uow: UnitOfWork, case: Case, incoming: IncomingReport) -> Intake:
    """The report joins `case`: one more reporter, and urgent deadlines if it turned urgent."""
    now, urgent = incoming.now, incoming.report.urgent
    assert case.id is not None
    is_new = uow.cases.add_reporter(case.id, incoming.reporter_id, now, incoming.group_id)
    if is_new:
        case.reporters += 1
        uow.cases.add_event(CaseEvent(case_id=case.id, at=now, kind=EventKind.JOINED))
    escalated = urgent and not case.urgent
    case.urgent = case.urgent or urgent
    case.updated_at = now
    if escalated:
        _tighten(case, now, incoming.policy)
    return Intake(case, joined=True, repeat=not is_new, escalated=escalated)


def _tighten(case: Case, now: datetime, policy: SlaPolicy) -> None:
    """A case that turned urgent gets the urgent deadlines for every step still open."""
    urgent = policy.deadlines(now, urgent=True)
    for step, due in urgent.items():
        current = getattr(case, f"{step}_due")
        if getattr(case, f"{step}_met") is None and getattr(case, f"{step}_fired") is None:
            setattr(case, f"{step}_due", min(current, due) if current else due)
    lifecycle.schedule(case)


def alert_urgent(uow: UnitOfWork, mail: Mailer, case: Case, said: str, now: datetime) -> None:
    """An urgent case skips the queue: its 党小组, the 组长, the 支部书记 and the 党员群, at once.

    A non-urgent case is announced to its 楼栋党小组 by the SLA sweep (the next tick).
    """
    # Not a 党小组 member who said she is away (the absence roster): the 书记 is told anyway.
    people = [*mail.present(audience.building_party(uow, case)), *audience.secretaries(uow, case)]
    text = (
        f"【紧急诉求】{describe(case)}：{summarize(said)}\n"
        f"请立即处理：发送「认领 {case.code}」接单，「进度 {case.code}」查看。"
    )
    mail.to_people(people, text, urgent=True)
    mail.to_party_group(case, text)
    if case.assignee_id is None:
        case.notified_at = now
        lifecycle.schedule(case)

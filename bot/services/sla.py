"""The SLA sweep: find cases whose timers are due, act once, and remember that it acted.

One indexed query (`cases.next_due <= now`, FOR UPDATE SKIP LOCKED on PostgreSQL) finds the
due cases; each is handled and stamped (`<step>_fired`, `notified_at`, the rating closed) in
the same transaction as the messages it queues. So a restart repeats nothing and misses
nothing, and several processes on one database split the due rows between them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.config import CommunityConfig
from bot.domain import lifecycle
from bot.domain.absence import Absence
from bot.domain.cases import Case, CaseEvent, EventKind
from bot.domain.community import Person, Role
from bot.domain.escalation import (
    DEFAULT_LADDER,
    Rung,
    age,
    climb,
    describe,
    escalation_text,
    held_line,
    notice_text,
    stand_in_text,
    waited_line,
)
from bot.domain.records import OutboxItem, OutboxStatus
from bot.domain.sla import QuietHours, SlaPolicy, Step, StepTimes, WorkCalendar
from bot.ports import Conflict, UnitOfWork, UnitOfWorkFactory
from bot.services import mailer
from bot.services.mailer import Mailer
from bot.services.party_posts import PartyPosts
from bot.services.webhooks import Department, whistle

log = logging.getLogger(__name__)

# A notice that reached the 党小组 later than this after the case's clock started (the bot or
# its sender was down) restarts their clock: no 督办 before a full step after the notice.
# A few ticks late (a short restart) keeps the original clock.
NOTICE_SLACK = timedelta(minutes=10)
# A case held through the quiet hours whose notice goes out within this long after they end was
# held on purpose: the notice says so, never "系统中断" (convofix13b #9).
NIGHT_GRACE = timedelta(hours=1)
# ...unless the gap was long enough that a step above the 党小组's own (协调解决, 给出解决方案:
# the resident's wait, not the member's) fell due in it. Starting the ladder over then would
# keep the 支部书记 and the 社区 in the dark about a case days old; PRODUCT.md: "Deadlines live
# in the database, so a restart loses none." So every step due by now fires, once, in one
# catch-up message naming the rung the case has reached (see _escalate).
CASE_STEPS = (Step.COORDINATE, Step.SOLUTION)
# Outbox rows that will never go out: they cannot hold a 督办 back.
_GONE = (OutboxStatus.FAILED, OutboxStatus.WITHDRAWN)
_NOTICE_ROWS = 20  # the notice's messages (one per 党小组 member, or the 党员群) read back

RUNGS_BY_NAME = {
    "楼栋党小组长": Rung.LEADER,
    "支部书记": Rung.SECRETARY,
    "社区": Rung.STAFF,
    "部门": Rung.DEPARTMENT,
}


@dataclass(frozen=True)
class SweepSettings:
    account: str
    policy: SlaPolicy = field(default_factory=SlaPolicy)
    ladder: tuple[Rung, ...] = DEFAULT_LADDER
    departments: tuple[Department, ...] = ()
    batch: int = 200
    max_rounds: int = 50  # a sweep handles at most batch × rounds cases; the next tick goes on


def policy_from_config(config: CommunityConfig) -> SlaPolicy:
    sla = config.sla
    return SlaPolicy(
        normal=StepTimes(
            respond=timedelta(minutes=sla.respond_minutes),
            reply=timedelta(minutes=sla.reply_minutes),
            coordinate=timedelta(minutes=sla.coordinate_minutes),
            solution_working_days=sla.solution_working_days,
        ),
        urgent=StepTimes(
            respond=timedelta(minutes=sla.urgent.respond_minutes),
            reply=timedelta(minutes=sla.urgent.reply_minutes),
            coordinate=timedelta(minutes=sla.urgent.coordinate_minutes),
            solution=timedelta(hours=sla.urgent.solution_hours),
        ),
        rating_wait=timedelta(days=sla.rating_days),
        quiet=QuietHours(_clock(sla.quiet_start), _clock(sla.quiet_end)),
        calendar=WorkCalendar(
            extra_holidays=frozenset(sla.extra_holidays),
            extra_workdays=frozenset(sla.extra_workdays),
        ),
        tz=ZoneInfo(config.community.timezone),
    )


def sweep_settings(config: CommunityConfig, account: str) -> SweepSettings:
    return SweepSettings(
        account=account,
        policy=policy_from_config(config),
        ladder=tuple(RUNGS_BY_NAME[name] for name in config.sla.ladder),
        departments=tuple(
            Department(d.key, d.name, d.url, d.secret, d.callback_token, tuple(d.categories))
            for d in config.departments
        ),
    )


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


@dataclass
class SweepReport:
    cases: int = 0
    notices: int = 0
    escalations: int = 0
    closed_unrated: int = 0


def sweep(uow_factory: UnitOfWorkFactory, settings: SweepSettings, now: datetime) -> SweepReport:
    """Act on every due timer, one batch per transaction."""
    report = SweepReport()
    for _ in range(settings.max_rounds):
        with uow_factory() as uow:
            due = list(uow.cases.due(now, settings.batch))
            posts = PartyPosts()  # the batch's 督办 for each 党员群: one post per group
            for case in due:
                handle_due(uow, case, settings, now, report, posts)
            posts.post()
            try:
                uow.commit()
            except Conflict:
                # Nothing of this batch was kept (not the stamps either): the next tick retries.
                log.exception("sla sweep batch lost a race; retrying at the next tick")
                break
        report.cases += len(due)
        if len(due) < settings.batch:
            break
    if report.cases:
        log.info(
            "sla sweep: %d cases, %d notices, %d escalations, %d closed unrated",
            report.cases,
            report.notices,
            report.escalations,
            report.closed_unrated,
        )
    return report


def handle_due(
    uow: UnitOfWork,
    case: Case,
    settings: SweepSettings,
    now: datetime,
    report: SweepReport,
    posts: PartyPosts | None = None,
) -> None:
    """Act on one due case. `posts` holds its 党员群 督办 for the caller to post with the
    others of the same tick; without it they are posted at once."""
    assert case.id is not None
    account = mailer.case_account(uow, case, settings.account)
    mail = Mailer(uow, account, now, _key_base(account, case, now), settings.policy)
    if lifecycle.rating_expired(case, now):
        lifecycle.closed_unrated(case, now)
        _event(uow, case, now, EventKind.UNRATED, f"{settings.policy.rating_wait.days} 天内未评价")
        report.closed_unrated += 1
    told: set[int] = set()
    if lifecycle.notice_due(case, now):
        late = _late(case, now)
        catch_up = late and any(s in CASE_STEPS for s in lifecycle.due_steps(case, now))
        heard, told = _notice(uow, case, mail, now, settings.policy, late=late)
        if not catch_up and (heard > now or _late(case, heard)):
            # Held back through quiet hours, or sent only now after a short outage: the clock
            # of those who must act starts when they can hear of the case, so the 督办 for not
            # answering it cannot come with it. After a long gap the steps due fire now
            # instead (CASE_STEPS), and never to those who are only now being told.
            lifecycle.heard(case, heard, settings.policy)
        report.notices += 1
    elif lifecycle.due_steps(case, now):
        _wait_for_notice(uow, case, account, now, settings.policy)
    steps = lifecycle.due_steps(case, now)
    if steps:
        held = posts if posts is not None else PartyPosts()
        report.escalations += _escalate(uow, case, steps, mail, settings, now, held, told)
        if posts is None:
            held.post()
    lifecycle.schedule(case)
    if case.next_due is not None and case.next_due <= now:
        # Never leave a row due forever (it would be picked up by every sweep).
        log.error("case %s still due after the sweep; timers cleared", case.code)
        case.next_due = None


def _key_base(account: str, case: Case, at: datetime) -> str:
    return f"{account}:sla:{case.id}:{at.timestamp():.6f}"


def _late(case: Case, heard: datetime) -> bool:
    started = case.clock_started_at
    return started is not None and heard - started > NOTICE_SLACK


def _wait_for_notice(
    uow: UnitOfWork, case: Case, account: str, now: datetime, policy: SlaPolicy
) -> None:
    """A 督办 waits a full step after the first notice actually went out (issue convofix3 #6).

    The sweep queued the notice, but the sender could not deliver it (WeChat or the bot was
    down): while it has not gone out the deadlines move to a full step from now (checked again
    then); once it went out late they run from its first delivery. A message still waiting
    counts as not out. Deadlines only move later.
    """
    if case.notified_at is None:
        return
    base = _key_base(account, case, case.notified_at)
    notice: list[OutboxItem] = []
    while len(notice) < _NOTICE_ROWS and (row := uow.outbox.by_key(f"{base}:{len(notice)}")):
        notice.append(row)
    live = [row for row in notice if row.status not in _GONE]
    if not live:
        return  # told otherwise (an urgent alert), or the notice will never go out
    if any(row.sent_at is None for row in live):
        lifecycle.heard(case, now, policy)
        return
    out = min(row.sent_at for row in live if row.sent_at is not None)
    if _late(case, out):
        lifecycle.heard(case, out, policy)


def held_for_night(case: Case, now: datetime, policy: SlaPolicy) -> bool:
    """A non-urgent case reported in the quiet hours, told soon after they end: held on purpose."""
    start = case.clock_started_at
    return (
        not case.urgent
        and start is not None
        and start > case.opened_at
        and policy.quiet.is_quiet(case.opened_at, policy.tz)
        and now - start <= NIGHT_GRACE
    )


def _notice(
    uow: UnitOfWork, case: Case, mail: Mailer, now: datetime, policy: SlaPolicy, *, late: bool
) -> tuple[datetime, set[int]]:
    """The building's 党小组 hears first; with no 党小组 on record, the 党员群 does.

    Returns when the notice reaches them (after quiet hours for a non-urgent case) and who
    was told privately. A late notice says when the case came in and how long it waited.
    """
    case.notified_at = now
    # Not the member who reported it, nor one who handed it back: asking them to claim it
    # reads as a mistake (they know, or they said they can't).
    assert case.id is not None
    events = uow.cases.events(case.id)
    returners = {e.actor_id for e in events if e.kind == EventKind.RETURNED}
    before = next((e.text for e in events if e.kind == EventKind.REPEAT), None)
    left_out = set(uow.cases.reporter_ids(case.id)) | returners
    party = mailer.building_party(uow, case)
    # Who said she is away (the absence roster) is not asked to claim it (round fifteen).
    away = mailer.away(uow, party, mail.day)
    people = [p for p in party if p.id not in left_out and p.id not in away]
    returned = bool(returners)
    since = night = None
    if not returned and held_for_night(case, now, policy):
        night = held_line(case.opened_at, now, policy.tz, policy.quiet)
    elif not returned and late:
        since = waited_line(case.opened_at, now, policy.tz)
    text = notice_text(case, returned=returned, late=since, night=night, before=before)
    names = mail.to_people(people, text, urgent=case.urgent)
    if not names:
        mail.to_party_group(
            case,
            notice_text(
                case, returned=returned, to_group=True, late=since, night=night, before=before
            ),
        )
    stand_ins = _stand_in(uow, case, mail, party, away, text)
    _event(uow, case, now, EventKind.NOTIFIED, "、".join(names + stand_ins) or "党员群")
    told = {p.id for p in people if p.id is not None} if names else set()
    told |= {p.id for p in mailer.secretaries(uow, case) if p.id is not None and stand_ins}
    return mail.policy.release_time(now, case.urgent) or now, told


def _stand_in(
    uow: UnitOfWork,
    case: Case,
    mail: Mailer,
    party: list[Person],
    away: Mapping[int, Absence],
    notice: str,
) -> list[str]:
    """When every 党小组长 of the case's 楼栋 is away, the 支部书记 stands in: told of the new
    case as they would have been, and for whom (round fifteen). Returns who was told."""
    heads = [p for p in party if p.role is Role.LEADER]
    if not heads or any(p.id not in away for p in heads):
        return []
    building = uow.estates.building_by_number(case.estate_id, case.building or "")
    where = building.name if building else f"{case.building}号楼"
    absent = [(p.name, away[p.id].ends_on) for p in heads if p.id is not None]
    text = stand_in_text(where, absent, notice.replace("本楼栋有", "有", 1), case.code)
    return mail.to_people(mailer.secretaries(uow, case), text, urgent=case.urgent)


def _escalate(
    uow: UnitOfWork,
    case: Case,
    steps: list[Step],
    mail: Mailer,
    settings: SweepSettings,
    now: datetime,
    posts: PartyPosts,
    told: AbstractSet[int] = frozenset(),
) -> int:
    """Climb one rung per slipped step; each person hears once (returns messages made).

    Steps slipping one at a time (the sweep ran on time) reach one rung each. Steps that
    slipped together (a restart after an outage, a clock that jumped) make one catch-up
    message naming the rung the case has reached now, to everyone on the rungs climbed, once
    each, and once in the 党员群: not one 督办 per rung in the same minute. Whoever the
    late notice has only now told is not chased with it.
    """
    leaders = mailer.leaders(uow, case)
    away = mailer.away(uow, leaders, mail.day)
    candidates = {
        # A 党小组长 who said she is away is passed over: the rung left empty, climb() goes
        # on to the 支部书记 (round fifteen).
        Rung.LEADER: [p for p in leaders if p.id not in away],
        Rung.SECRETARY: mailer.secretaries(uow, case),
        Rung.STAFF: mailer.staff(uow, case),
        Rung.DEPARTMENT: mailer.staff(uow, case),
    }
    by_id = {p.id: p for group in candidates.values() for p in group if p.id is not None}
    ids_by_rung = {r: [p.id for p in group if p.id is not None] for r, group in candidates.items()}
    # Steps that slipped in the same sweep and reach the same rung go out as one message.
    reached: list[tuple[Rung, tuple[int, ...], list[Step]]] = []
    for step in steps:
        level = lifecycle.mark_fired(case, step, now, len(settings.ladder))
        rung, ids = climb(settings.ladder, level, ids_by_rung, case.assignee_id)
        if reached and reached[-1][0] is rung:
            reached[-1][2].append(step)
        else:
            reached.append((rung, ids, [step]))
    chased = {i for _, ids, _ in reached for i in ids}
    # The handler (when no rung reached him) hears once per sweep, of every step that slipped.
    remind = case.assignee_id is not None and case.assignee_id not in chased
    if len(reached) > 1:
        top, top_ids, _ = reached[-1]
        everyone = [i for _, ids, _ in reached for i in ids]
        people = [by_id[i] for i in dict.fromkeys(everyone) if i not in told]
        names = [by_id[i].name for i in top_ids]
        late = _catch_up_line(case, steps, now, settings.policy)
        _escalate_to(
            uow, case, steps, top, people, mail, settings, now, posts, steps, remind, names, late
        )
        return 1
    for rung, ids, slipped in reached:  # one rung (several steps capped at the top, or one)
        people = [by_id[i] for i in ids if i not in told]
        names = [by_id[i].name for i in ids]
        late = _catch_up_line(case, steps, now, settings.policy)
        _escalate_to(
            uow, case, slipped, rung, people, mail, settings, now, posts, steps, remind, names, late
        )
    return len(reached)


def _catch_up_line(case: Case, steps: list[Step], now: datetime, policy: SlaPolicy) -> str | None:
    """For a sweep that came long after the first slipped deadline: when, and how long ago."""
    dues = [d for s in steps if (d := lifecycle.step_state(case, s).due) is not None]
    if len(steps) < 2 or not dues or now - min(dues) <= NOTICE_SLACK:
        return None
    local = case.opened_at.astimezone(policy.tz)
    return (
        f"（系统中断后补发：诉求于 {local.month}月{local.day}日 {local:%H:%M} 受理，"
        f"已过 {age(now - case.opened_at)}，期间到期的提醒合并为这一条。）"
    )


def _escalate_to(
    uow: UnitOfWork,
    case: Case,
    steps: list[Step],
    rung: Rung,
    people: list[Person],
    mail: Mailer,
    settings: SweepSettings,
    now: datetime,
    posts: PartyPosts,
    all_steps: list[Step],
    remind: bool,
    rung_names: list[str] | None = None,
    late: str | None = None,
) -> None:
    labels = "、".join(s.label for s in steps)
    if rung is Rung.DEPARTMENT:
        target = whistle(uow, case, settings.departments, now, reason=f"{labels}超时")
        names = [target.name] if target else []
    else:
        names = rung_names if rung_names is not None else [p.name for p in people]
    text = escalation_text(case, steps, rung, names)
    if rung is Rung.DEPARTMENT:
        text += "\n" + (
            f"已向{names[0]}吹哨（推送诉求），等待部门报到。"
            if names
            else "该类别没有配置部门接口，请社区工作人员直接联系相关部门。"
        )
    if late:
        text += "\n" + late
    mail.to_people(people, text, urgent=case.urgent)
    assignee = uow.people.get(case.assignee_id) if remind and case.assignee_id else None
    if assignee is not None:
        mail.send(_assignee_text(case, all_steps), person=assignee, chase=True, urgent=case.urgent)
    posts.add(mail, case, text)
    shown = "、".join(names) if names else "未配置部门接口"
    _event(uow, case, now, EventKind.ESCALATED, f"{labels}超时，升级至{rung.label}：{shown}")


def _assignee_text(case: Case, steps: list[Step]) -> str:
    labels = "」「".join(s.label for s in steps)
    return (
        f"【提醒】您承办的诉求 {describe(case)}「{labels}」时限已过，已升级督办。"
        f"请发送「进展 {case.code} 内容」告诉居民进展，或「办结 {case.code} 结果」。"
    )


def _event(uow: UnitOfWork, case: Case, now: datetime, kind: EventKind, text: str) -> None:
    assert case.id is not None
    uow.cases.add_event(CaseEvent(case_id=case.id, at=now, kind=kind, text=text))


def calendar_gap(policy: SlaPolicy, today: date, ahead_days: int = 45) -> date | None:
    """The first day within `ahead_days` that the official calendar does not cover yet."""
    for offset in range(ahead_days + 1):
        day = today + timedelta(days=offset)
        if not policy.calendar.covers(day):
            return day
    return None


def calendar_warning(gap: date) -> str:
    return (
        f"注意：已安装的 chinesecalendar 还没有 {gap.year} 年的节假日安排，"
        f"{gap.isoformat()} 起按法定节假日推算（元旦、春节、清明、劳动节、端午、中秋、国庆），"
        "不含调休上班日。国务院公布安排后，请升级 chinesecalendar，"
        "或在配置 [sla] 中写明 extra_holidays / extra_workdays。"
    )


def calendar_notice(policy: SlaPolicy, now: datetime) -> str | None:
    """The warning for the console's banner, when the calendar runs out within 45 days."""
    gap = calendar_gap(policy, now.astimezone(policy.tz).date())
    return calendar_warning(gap) if gap is not None else None

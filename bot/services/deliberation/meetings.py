"""议事会: schedule a meeting (time, a venue from [[venues]], participants by role and named
guests), remind the invitees privately the day before, record attendance and the 纪要, and
publish the minutes to the topic's groups."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.activities import ActivityError, Venue, pick_venue
from bot.domain.community import Group, Person, Role
from bot.domain.deliberation import topics as rules
from bot.domain.deliberation.topics import Level, Meeting, Topic, TopicError
from bot.ports import UnitOfWork, UnitOfWorkFactory
from bot.services import outbox
from bot.services.deliberation.lookup import check_manager, find
from bot.services.deliberation.notify import audit, label, tell, topic_groups
from bot.services.jobs import in_transaction

MINUTES_LIMIT = 3000
_NAME_SPLIT = "、，,;； "


def schedule(
    uow: UnitOfWork,
    code: str | int,
    *,
    starts_at: datetime,
    venue: str,
    roles: Sequence[str] | None,
    guests: str | None,
    actor: Person,
    now: datetime,
) -> tuple[Topic, Meeting]:
    topic = find(uow, code)
    check_manager(uow, topic, actor)
    if topic.closed:
        raise TopicError(f"议题 {topic.code} 已经办结了。")
    if starts_at <= now:
        raise TopicError("议事会时间已经过去了，请检查日期。")
    place = _venue(uow, venue)
    chosen = list(roles) if roles else list(rules.DEFAULT_ROLES[topic.level])
    unknown = [r for r in chosen if r not in rules.PARTICIPANT_ROLES]
    if unknown:
        names = "、".join(rules.PARTICIPANT_ROLES)
        raise TopicError(f"参会人员只能按这些身份选：{names}（{'、'.join(unknown)} 不认识）。")
    meeting = uow.topics.add_meeting(
        Meeting(
            topic_id=topic.id or 0,
            starts_at=starts_at,
            created_at=now,
            created_by=label(actor),
            venue_id=place.id,
            roles=chosen,
            guests=(rules.DEFAULT_GUESTS[topic.level] if guests is None else guests).strip()[:500],
        )
    )
    audit(
        uow, label(actor), "topic.meeting", topic.code, now, f"{starts_at.isoformat()} {place.name}"
    )
    return topic, meeting


def next_meeting(uow: UnitOfWork, code: str | int, now: datetime) -> Meeting | None:
    """The topic's 议事会 still ahead (the latest scheduled), the one a time change moves."""
    topic = find(uow, code)
    ahead = [m for m in uow.topics.meetings(topic.id or 0) if m.starts_at > now]
    return max(ahead, key=lambda m: m.created_at) if ahead else None


def reschedule(
    uow: UnitOfWork,
    code: str | int,
    meeting: Meeting,
    *,
    starts_at: datetime,
    venue: str,
    actor: Person,
    now: datetime,
) -> tuple[Topic, Meeting]:
    """ "议事会 Y0001 改到周四晚上七点半": the same meeting at another time (and place, when
    one is named); the invitees are reminded again the day before the new time."""
    topic = find(uow, code)
    check_manager(uow, topic, actor)
    if starts_at <= now:
        raise TopicError("议事会时间已经过去了，请检查日期。")
    if venue:
        meeting.venue_id = _venue(uow, venue).id
    meeting.starts_at, meeting.reminded_at = starts_at, None
    audit(uow, label(actor), "topic.meeting.moved", topic.code, now, starts_at.isoformat())
    return topic, meeting


def invitees(uow: UnitOfWork, topic: Topic, meeting: Meeting) -> list[Person]:
    """Who is invited: the roster people holding the chosen roles (of the topic's 楼栋 for
    邻里/楼栋 matters), the organiser, and named guests found in the roster."""
    found: dict[int, Person] = {}
    building = topic.building_id if topic.level.rank <= Level.BUILDING.rank else None
    for word in meeting.roles:
        role = rules.PARTICIPANT_ROLES.get(word)
        if role is None:
            continue
        if role >= Role.STAFF:
            people = [p for p in uow.people.staff() if not p.wechat_id.startswith("console:")]
        else:
            people = list(uow.people.with_role(topic.estate_id, role, building))
        found.update((p.id, p) for p in people if p.id is not None)
    if topic.organiser_id and topic.organiser_id not in found:
        organiser = uow.people.get(topic.organiser_id)
        if organiser is not None:
            found[topic.organiser_id] = organiser
    for name in _names(meeting.guests):
        named = list(uow.people.by_display_name(name))
        if len(named) == 1 and named[0].id is not None:
            found[named[0].id] = named[0]
    return [found[k] for k in sorted(found)]


def meeting_text(uow: UnitOfWork, topic: Topic, meeting: Meeting, tz: ZoneInfo) -> str:
    venue = uow.activities.venue(meeting.venue_id) if meeting.venue_id else None
    local = meeting.starts_at.astimezone(tz)
    where = venue.label if venue is not None else "待定"
    who = "、".join(meeting.roles) + (f"；{meeting.guests}" if meeting.guests else "")
    return (
        f"议事会：议题 {topic.code}「{topic.title}」\n"
        f"时间：{local.month}月{local.day}日 {local:%H:%M}\n地点：{where}\n参会：{who}"
    )


def send_reminders(uow: UnitOfWork, account: str, now: datetime, tz: ZoneInfo, at: time) -> int:
    """The day before a meeting, from `at` (local), each invitee is reminded privately once."""
    local = now.astimezone(tz)
    tomorrow_end = datetime.combine(local.date() + timedelta(days=2), time(0), tz)
    sent = 0
    for meeting in uow.topics.meetings_to_remind(now, tomorrow_end):
        start = meeting.starts_at.astimezone(tz)
        remind_from = datetime.combine(start.date() - timedelta(days=1), at, tz)
        if now < remind_from:
            continue
        topic = uow.topics.get(meeting.topic_id)
        if topic is None or topic.closed:
            meeting.reminded_at = now
            continue
        text = "温馨提醒：明天有议事会，请准时参加。\n" + meeting_text(uow, topic, meeting, tz)
        for person in invitees(uow, topic, meeting):
            key = f"topic:{topic.id}:meeting:{meeting.id}:remind:p{person.id}"
            sent += tell(uow, account, person, text, key, now)
        meeting.reminded_at = now
    return sent


def make_jobs(
    uow_factory: UnitOfWorkFactory, account: str, tz: ZoneInfo, at: time
) -> list[Callable[[datetime], int]]:
    return [in_transaction(uow_factory, lambda uow, now: send_reminders(uow, account, now, tz, at))]


def record(
    uow: UnitOfWork,
    meeting_id: int,
    *,
    minutes: str,
    attendance: Sequence[str],
    actor: Person,
    now: datetime,
    scope_estate: int | None = None,
) -> tuple[Topic, Meeting]:
    meeting, topic = _meeting(uow, meeting_id, scope_estate)
    check_manager(uow, topic, actor)
    text = minutes.strip()
    if len(text) < 2 and not attendance:
        raise TopicError("请填写纪要或到会人员。")
    if text:
        meeting.minutes, meeting.minutes_at = text[:MINUTES_LIMIT], now
    if attendance:
        meeting.attendance = [n for n in dict.fromkeys(a.strip() for a in attendance) if n][:200]
    audit(uow, label(actor), "topic.minutes", topic.code, now, f"到会 {len(meeting.attendance)} 人")
    return topic, meeting


def publish(
    uow: UnitOfWork,
    meeting_id: int,
    *,
    actor: Person,
    now: datetime,
    tz: ZoneInfo,
    scope_estate: int | None = None,
) -> tuple[Topic, list[Group]]:
    """The minutes go to the topic's groups (once per group)."""
    meeting, topic = _meeting(uow, meeting_id, scope_estate)
    check_manager(uow, topic, actor)
    if not meeting.minutes:
        raise TopicError("还没有纪要，先填写纪要再发布。")
    local = meeting.starts_at.astimezone(tz)
    text = (
        f"【议事会纪要】议题 {topic.code}「{topic.title}」\n"
        f"{local.month}月{local.day}日议事会，到会 {len(meeting.attendance)} 人。\n"
        f"{meeting.minutes}"
    )
    groups = topic_groups(uow, topic)
    for g in groups:
        outbox.group_once(uow, g, text, f"topic:{topic.id}:minutes:{meeting.id}:g{g.id}", now)
    meeting.published_at = now
    audit(uow, label(actor), "topic.minutes.publish", topic.code, now, f"发到 {len(groups)} 个群")
    return topic, groups


def _meeting(uow: UnitOfWork, meeting_id: int, scope_estate: int | None) -> tuple[Meeting, Topic]:
    meeting = uow.topics.meeting(meeting_id)
    topic = uow.topics.get(meeting.topic_id) if meeting is not None else None
    if meeting is None or topic is None:
        raise TopicError("没有找到这次议事会。")
    if scope_estate is not None and topic.estate_id != scope_estate:
        raise TopicError("没有找到这次议事会。")
    return meeting, topic


def _venue(uow: UnitOfWork, text: str) -> Venue:
    try:
        return pick_venue(text, list(uow.activities.venues()))
    except ActivityError as exc:
        raise TopicError(str(exc)) from None


def _names(text: str) -> list[str]:
    for sep in _NAME_SPLIT:
        text = text.replace(sep, "|")
    return [n for n in text.split("|") if n]

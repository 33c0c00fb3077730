"""说事: residents' suggestions (金点子). Staff answer one (privately, back to the resident),
merge it into another saying the same, or promote it to a 议题."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.community import Group, Person
from bot.domain.deliberation import suggestions as rules
from bot.domain.deliberation.suggestions import (
    Suggestion,
    SuggestionError,
    SuggestionStatus,
    parse_suggestion_code,
)
from bot.domain.deliberation.topics import Level, Topic
from bot.domain.points import last_months
from bot.ports import UnitOfWork
from bot.services.deliberation import topics
from bot.services.deliberation.notify import audit, label, tell
from bot.services.reports import month_bounds

ANSWER_LIMIT = 500


def submit(
    uow: UnitOfWork,
    text: str,
    *,
    person: Person,
    group: Group | None,
    account: str,
    now: datetime,
) -> Suggestion:
    body = rules.check_text(text)
    estate = group.estate_id if group is not None else person.estate_id
    building = group.building_id if group is not None and group.building_id else person.building_id
    return uow.suggestions.add(
        Suggestion(
            estate_id=estate,
            person_id=person.id or 0,
            text=body,
            created_at=now,
            group_id=group.id if group is not None else None,
            building_id=building,
            account=account,
        )
    )


def find(uow: UnitOfWork, code: str | int, scope_estate: int | None = None) -> Suggestion:
    sid = code if isinstance(code, int) else parse_suggestion_code(code)
    found = uow.suggestions.get(sid) if sid else None
    if found is None or (scope_estate is not None and found.estate_id != scope_estate):
        raise SuggestionError(f"没有找到说事 {code}，或不在您负责的小区。")
    return found


def answer(
    uow: UnitOfWork,
    code: str | int,
    text: str,
    *,
    actor: Person,
    account: str,
    now: datetime,
    scope_estate: int | None = None,
) -> Suggestion:
    """The answer goes back to the resident privately (also to those merged into it)."""
    s = find(uow, code, scope_estate)
    rules.check_open(s)
    reply = " ".join(text.split())[:ANSWER_LIMIT]
    if len(reply) < 2:
        raise SuggestionError("请写上回复的内容。")
    s.status, s.answer, s.answered_by, s.answered_at = (
        SuggestionStatus.ANSWERED,
        reply,
        label(actor),
        now,
    )
    message = f"您提的建议 {s.code} 有回复了：\n{reply}\n谢谢您为小区出主意！"
    for one in [s, *uow.suggestions.merged_into(s.id or 0)]:
        person = uow.people.get(one.person_id)
        key = f"sugg:{s.id}:answer:{now.isoformat()}:p{one.person_id}"
        tell(uow, one.account or account, person, message, key, now)
    audit(uow, label(actor), "suggestion.answer", s.code, now, reply)
    return s


def merge(
    uow: UnitOfWork,
    code: str | int,
    into: str | int,
    *,
    actor: Person,
    now: datetime,
    scope_estate: int | None = None,
) -> Suggestion:
    s = find(uow, code, scope_estate)
    target = find(uow, into, scope_estate)
    rules.merge(s, target)
    audit(uow, label(actor), "suggestion.merge", s.code, now, f"合并到 {target.code}")
    return target


def promote(
    uow: UnitOfWork,
    code: str | int,
    level: Level,
    *,
    title: str = "",
    actor: Person,
    account: str,
    now: datetime,
    scope_estate: int | None = None,
) -> Topic:
    """A suggestion becomes a 议题 (动议); its author hears which one."""
    s = find(uow, code, scope_estate)
    rules.check_open(s)
    if s.estate_id is None:
        raise SuggestionError(f"{s.code} 不知道是哪个小区的，请先回复居民问清楚。")
    topic = topics.create(
        uow,
        topics.TopicInput(
            title=title or s.summary,
            level=level,
            estate_id=s.estate_id,
            building_id=s.building_id if level.rank <= Level.BUILDING.rank else None,
            description=s.text,
            source=s.code,
        ),
        actor=actor,
        account=account,
        now=now,
    )
    s.status, s.topic_id = SuggestionStatus.PROMOTED, topic.id
    text = (
        f"您提的建议 {s.code} 已作为议题 {topic.code}「{topic.title}」提交大家商议，"
        f"征求意见时欢迎发表看法。谢谢您！"
    )
    for one in [s, *uow.suggestions.merged_into(s.id or 0)]:
        key = f"sugg:{s.id}:promoted:p{one.person_id}"
        tell(uow, one.account or account, uow.people.get(one.person_id), text, key, now)
    audit(uow, label(actor), "suggestion.promote", s.code, now, topic.code)
    return topic


def by_month(
    uow: UnitOfWork, *, now: datetime, tz: ZoneInfo, estate_id: int | None, months: int = 12
) -> list[tuple[str, int]]:
    """金点子: suggestions received in each of the last `months` months (oldest first)."""
    keys = last_months(now, tz, months)
    start, end = month_bounds(keys[0], tz)[0], month_bounds(keys[-1], tz)[1]
    counts = Counter(
        s.created_at.astimezone(tz).strftime("%Y-%m")
        for s in uow.suggestions.created_between(start, end, estate_id)
    )
    return [(k, counts.get(k, 0)) for k in keys]

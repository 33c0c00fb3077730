"""The bot's own questions still waiting for an answer from a person.

A short answer ("还行", "同意公开") means something only while its question is pending; the
pipeline asks here before treating such words as a command.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain.broadcasts import Broadcast, BroadcastStatus
from bot.domain.cases import Case
from bot.domain.community import Person
from bot.domain.helpdesk import HelpRequest, Status
from bot.domain.review import ReviewItem
from bot.domain.sla import SlaPolicy
from bot.domain.wishes import Wish
from bot.ports import UnitOfWork
from bot.services.claims import late_rating_case
from bot.services.review import digest


def rating_cases(uow: UnitOfWork, person: Person) -> list[Case]:
    """Resolved cases this person reported and has not rated yet, newest first."""
    if person.id is None or not uow.messages.rating_may_wait(person.id):
        return []  # the arrival found nothing that could wait: no read
    return list(uow.cases.awaiting_rating(person.id))


def rateable_cases(uow: UnitOfWork, person: Person, now: datetime, policy: SlaPolicy) -> list[Case]:
    """The cases a rating from this person is about: those waiting for it, else the one a
    co-reporter may still rate after another reporter's rating closed it (convofix3 #4), so
    their rating in their own words ("修好了挺满意", "还行吧") is read like the reporter's."""
    waiting = rating_cases(uow, person)
    if waiting:
        return waiting
    late = late_rating_case(uow, person, now, policy)
    return [late] if late is not None else []


def consent_wish(uow: UnitOfWork, person: Person) -> Wish | None:
    """The person's newest open 微心愿 still waiting for 公开 / 不公开."""
    if person.id is None:
        return None
    return next(
        (w for w in uow.wishes.by_requester(person.id) if w.status.is_open and not w.public),
        None,
    )


def help_draft(uow: UnitOfWork, person: Person) -> HelpRequest | None:
    """The person's 帮办代办 request still waiting for its address and time."""
    if person.id is None:
        return None
    draft = uow.helpdesk.draft_of(person.id)
    return draft if draft is not None and draft.status is Status.DRAFT else None


def help_ratings(uow: UnitOfWork, person: Person) -> list[HelpRequest]:
    """帮办代办 requests done for this person and not rated yet."""
    if person.id is None or not uow.messages.rating_may_wait(person.id):
        return []  # the arrival found nothing that could wait: no read
    return list(uow.helpdesk.awaiting_rating(person.id))


def notice_draft(uow: UnitOfWork, person: Person, now: datetime) -> Broadcast | None:
    """The notice this person previewed and has not confirmed or dropped yet."""
    if person.id is None:
        return None
    draft = uow.broadcasts.latest_draft(person.id)
    live = draft is not None and draft.status is BroadcastStatus.DRAFT and not draft.expired(now)
    return draft if live else None


def review_items(uow: UnitOfWork, person: Person, now: datetime) -> list[ReviewItem]:
    """The 待确认 messages waiting for this person's answer, in the order of their digest."""
    if person.id is None:
        return []
    items = list(uow.review.pending(before=now))
    mine = digest.recipients(uow, items).get(person.id)
    return mine[1] if mine else []


def review_count(uow: UnitOfWork, person: Person, now: datetime) -> int:
    """How many 待确认 messages wait for this 楼栋党小组长's (or 支部书记's) answer."""
    if person.id is None:
        return 0
    items = list(uow.review.pending(before=now))
    mine = digest.recipients(uow, items).get(person.id)
    return len(mine[1]) if mine else 0

"""The votes open to a person: what a code-less ballot or question is about (convo4 F14, F15).

"我投赞成" privately, "投票截止什么时候" in the building group, "怎么投票啊我不会": each means
the vote open where the person lives. One such vote ⇒ it is the one; several ⇒ the answer
names them and asks which. A question about a result ("粉刷那个投票结果出来了没有") may also
mean a vote counted lately (convo14): its 公示 is what the person missed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.community import Person
from bot.domain.deliberation.votes import Vote, VoteStatus
from bot.ports import UnitOfWork


def open_for(
    uow: UnitOfWork, person: Person, *, estate_id: int | None, building_id: int | None
) -> list[Vote]:
    """Open votes in this 小区 whose scope is the whole 小区 or this 楼栋; those the person
    holds a seat in come first (a seat makes a vote theirs, wherever they spoke)."""
    if estate_id is None:
        return []
    found = [
        v for v in uow.votes.find(estate_id) if v.status is VoteStatus.OPEN and v.id is not None
    ]
    return _theirs(uow, person, found, building_id)


# A result is still news this long after it was frozen; the 公示 period itself always is.
RESULT_NEWS = timedelta(days=30)


def asked_about(
    uow: UnitOfWork,
    person: Person,
    *,
    estate_id: int | None,
    building_id: int | None,
    now: datetime,
) -> list[Vote]:
    """The votes a code-less question may be about: open ones, in their 公示 period, or
    finalised within RESULT_NEWS; the person's own (a seat in it) first, as for `open_for`."""
    if estate_id is None:
        return []
    found = [v for v in uow.votes.find(estate_id) if v.id is not None and _news(v, now)]
    return _theirs(uow, person, found, building_id)


def _news(vote: Vote, now: datetime) -> bool:
    if vote.status in (VoteStatus.OPEN, VoteStatus.PUBLICITY):
        return True
    done = vote.finalized_at
    return vote.status is VoteStatus.FINAL and done is not None and now - done <= RESULT_NEWS


def _theirs(
    uow: UnitOfWork, person: Person, found: list[Vote], building_id: int | None
) -> list[Vote]:
    if person.id is not None:
        seated = [v for v in found if v.id is not None and uow.votes.seats_of(v.id, person.id)]
        if seated:
            return seated
    return [v for v in found if v.building_id is None or v.building_id == building_id]

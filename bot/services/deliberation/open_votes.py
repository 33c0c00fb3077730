"""The votes open to a person: what a code-less ballot or question is about (convo4 F14, F15).

"我投赞成" privately, "投票截止什么时候" in the building group, "怎么投票啊我不会": each means
the vote open where the person lives. One such vote ⇒ it is the one; several ⇒ the answer
names them and asks which.
"""

from __future__ import annotations

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
    if person.id is not None:
        seated = [v for v in found if v.id is not None and uow.votes.seats_of(v.id, person.id)]
        if seated:
            return seated
    return [v for v in found if v.building_id is None or v.building_id == building_id]

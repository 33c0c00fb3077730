"""Who may read a case with 「进度 E0001」 (issue 12, item 9).

In a group: cases of that group's 小区, or the asker's own case. In private: the reporters,
the handler, the party members and secretary of the case's 小区, and staff. Everyone else
gets the same answer as for a number that does not exist, so nothing tells them it does.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.cases import Case
from bot.domain.community import Group, Person, Role
from bot.domain.wishes import Wish
from bot.ports import UnitOfWork


def may_read_case(
    uow: UnitOfWork,
    case: Case,
    person: Person,
    group: Group | None,
    reporter_ids: Sequence[int] | None = None,
) -> bool:
    """`reporter_ids`: the case's reporters when the caller read them already."""
    assert case.id is not None
    if reporter_ids is None:
        reporter_ids = uow.cases.reporter_ids(case.id)
    own = person.id is not None and person.id in reporter_ids
    if group is not None:
        return own or (group.estate_id is not None and group.estate_id == case.estate_id)
    if own or person.role >= Role.STAFF or (person.id and case.assignee_id == person.id):
        return True
    return person.role >= Role.MEMBER and person.estate_id == case.estate_id


def may_read_wish(wish: Wish, person: Person, group: Group | None) -> bool:
    """A 微心愿 is private until its owner agrees: in a group only if public (or one's own)."""
    own = person.id is not None and person.id in (wish.requester_id, wish.claimer_id)
    if group is not None:
        return own or (wish.public and group.estate_id == wish.estate_id)
    if own or person.role >= Role.STAFF:
        return True
    return person.role >= Role.MEMBER and person.estate_id == wish.estate_id

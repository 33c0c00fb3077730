"""What a message's arrival statement learned besides its group and sender, so the reads
that would only find nothing are skipped (issue 15 §3: round trips on PostgreSQL).

The arrival asks, in the same statement, whether the sender has anything that could wait
for their rating, whether they ever reported a case, whether anything held for 待确认 waits
in the room, and whether a topic of the room's 小区 is in 征求意见. Most messages find none
of these; the repositories and use cases that would read them then answer "nothing" without
a round trip. A fact holds only until the transaction writes (a case opened, a reporter
added, an item held): from then on they read as before, so the answers are the same as
without the facts, on both backends.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from bot.domain.cases import Case
from bot.domain.community import Group, Person

FACTS = "arrival_facts"  # session.info: this transaction's ArrivalFacts
WROTE = "wrote"  # session.info: a flush or a writing statement ran in this transaction


@dataclass
class ArrivalFacts:
    no_rating_waits: set[int] = field(default_factory=set)  # people
    no_reports: set[int] = field(default_factory=set)  # people in no case_reporters row
    no_held: set[int] = field(default_factory=set)  # groups with no pending 待确认 item
    not_consulting: set[int] = field(default_factory=set)  # 小区 with no topic in 征求意见
    # A person's latest cases as read in this transaction (person: the limit asked, the
    # cases): a report is checked against the sender's own cases by several follow-up
    # rules, each asking again; the same answer while nothing was written.
    reporters_cases: dict[int, tuple[int, list[Case]]] = field(default_factory=dict)


def wrote(session: Session | None) -> bool:
    """Whether the transaction may have written anything but the arrival's own touches (a
    sender's home, a room's last-seen time: Person and Group changes). Without a session
    nothing was written yet (the message rows wait for the commit)."""
    if session is None:
        return False
    if session.info.get(WROTE):
        return True
    pending = (*session.new, *session.dirty, *session.deleted)
    return any(not isinstance(target, Person | Group) for target in pending)


def facts(session: Session) -> ArrivalFacts | None:
    """The arrival's facts while they hold (None once the transaction wrote, or outside a
    message's transaction)."""
    found = session.info.get(FACTS)
    return found if isinstance(found, ArrivalFacts) and not wrote(session) else None


def mark_writes(factory: sessionmaker[Session]) -> None:
    """Sessions from `factory` note that they wrote: on a flush, and on any statement sent
    through them that is not a SELECT."""
    event.listen(factory, "after_flush", _flushed)
    event.listen(factory, "do_orm_execute", _executed)


def note_write(session: Session) -> None:
    """For a write sent on the session's connection, past its events (add_reporter)."""
    session.info[WROTE] = True


def _flushed(session: Session, _context: object) -> None:
    # After the flush its objects are still listed as new, changed or deleted. A sender or a
    # room met for the first time (flushed at once for its id) changes none of the facts.
    for target in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(target, Person | Group):
            session.info[WROTE] = True
            return


def _executed(state: ORMExecuteState) -> None:
    if not state.is_select:
        state.session.info[WROTE] = True

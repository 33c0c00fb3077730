"""A 帮办's proof photos in storage on real SQLite and PostgreSQL (convofix7 F1): kept on the
request, never taken for a case or purged as a file that waits for one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from bot.domain.evidence import Evidence, EvidenceKind
from bot.domain.helpdesk import EventKind, HelpEvent, Status
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory
from tests.storage.test_helpdesk_storage import T0, new, seed


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def uows(engine: Engine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(make_session_factory(engine))


def photo(person_id: int, sha: str, minutes: int, help_id: int | None = None) -> Evidence:
    return Evidence(
        account="bot",
        sha256=sha * 64,
        mime="image/png",
        size=10,
        kind=EvidenceKind.PHOTO,
        person_id=person_id,
        at=T0 + timedelta(minutes=minutes),
        message_id=f"m{sha}",
        help_id=help_id,
    )


def test_a_help_requests_photos_are_its_own(uows: SqlUnitOfWorkFactory) -> None:
    estate, old, helper = seed(uows)
    with uows() as uow:
        request = uow.helpdesk.add(
            new(estate, old, status=Status.CLAIMED, claimer_id=helper, claimed_at=T0)
        )
        assert request.id is not None
        uow.helpdesk.add_event(
            HelpEvent(request.id, T0 + timedelta(minutes=5), EventKind.DONE, "好了", helper)
        )
        uow.evidence.add(photo(helper, "a", 6, help_id=request.id))
        uow.evidence.add(photo(helper, "b", 4))  # sent just before the 办结
        uow.commit()
        help_id = request.id
    with uows() as uow:
        link = uow.evidence.recent_help_handling(helper, T0)
        assert link is not None and link.case_id == help_id
        assert uow.evidence.recent_help_handling(old, T0) is None  # not the resident's
        adopted = uow.evidence.adopt_for_help(help_id, person_id=helper, group_id=None, since=T0)
        assert [e.sha256[0] for e in adopted] == ["b"]
        uow.commit()
    with uows() as uow:
        assert [e.sha256[0] for e in uow.evidence.for_help(help_id)] == ["b", "a"]  # by time
        # Neither waits for a case any more: no report adopts them, no purge drops them.
        assert not uow.evidence.has_waiting(person_id=helper, group_id=None, since=T0)
        assert uow.evidence.delete_waiting(T0 + timedelta(days=30), 10) == (0, [])

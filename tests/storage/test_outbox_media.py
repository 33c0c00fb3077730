"""A photo in the outbox (media15) on real SQLite and PostgreSQL: the row keeps its evidence
id (migration 0013_outbox_media), the sender reads the file when it claims the row, and a
file that is gone settles the row as failed, said why, without a crash."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect

from bot.domain.community import Person
from bot.domain.evidence import Evidence, EvidenceKind
from bot.domain.records import OutboxItem, OutboxStatus
from bot.services import outbox
from storage.blobs import FileBlobStore
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory

T0 = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
JPEG = b"\xff\xd8\xff\xe0" + b"proof" * 20


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def uows(engine: Engine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(make_session_factory(engine))


def queued_photo(uows: SqlUnitOfWorkFactory, media: FileBlobStore) -> tuple[int, int]:
    """A resident, a volunteer's stored photo, and a photo row to her: (row id, evidence id)."""
    sha = hashlib.sha256(JPEG).hexdigest()
    media.put(sha, JPEG)
    with uows() as uow:
        resident = uow.people.add(Person(wechat_id="wxid_a", display_name="张阿姨", first_seen=T0))
        helper = uow.people.add(Person(wechat_id="wxid_b", display_name="孙志明", first_seen=T0))
        assert resident.id is not None and helper.id is not None
        evidence = uow.evidence.add(
            Evidence("bot", sha, "image/jpeg", len(JPEG), EvidenceKind.PHOTO, helper.id, T0, "m1")
        )
        item = OutboxItem(
            account="bot",
            text="[图片] H0001-1.jpg",
            created_at=T0,
            key="proof:1",
            person_id=resident.id,
            evidence_id=evidence.id,
        )
        uow.outbox.add(item)
        uow.outbox.add(
            OutboxItem(
                account="bot", text="好了", created_at=T0, key="text:1", person_id=resident.id
            )
        )
        uow.commit()
        assert item.id is not None and evidence.id is not None
        return item.id, evidence.id


def test_the_column_is_added_nullable(engine: Engine) -> None:
    columns = {c["name"]: c for c in inspect(engine).get_columns("outbox")}
    assert columns["evidence_id"]["nullable"] is True


def test_a_photo_row_round_trips_and_carries_the_file(
    uows: SqlUnitOfWorkFactory, tmp_path: Path
) -> None:
    media = FileBlobStore(tmp_path / "media")
    item_id, evidence_id = queued_photo(uows, media)
    with uows() as uow:
        item = uow.outbox.by_key("proof:1")
        assert item is not None and item.evidence_id == evidence_id
        text = uow.outbox.by_key("text:1")
        assert text is not None and text.evidence_id is None  # text rows are as before
        message = outbox.claim(uow, item_id, T0, media)
        uow.commit()
    assert message is not None and message.to_id == "wxid_a"
    assert message.picture is not None
    assert message.picture.data == JPEG
    assert (message.picture.name, message.picture.mime) == ("H0001-1.jpg", "image/jpeg")


def test_a_photo_whose_file_is_gone_fails_with_a_reason(
    uows: SqlUnitOfWorkFactory, tmp_path: Path
) -> None:
    media = FileBlobStore(tmp_path / "media")
    item_id, _ = queued_photo(uows, media)
    media.delete(hashlib.sha256(JPEG).hexdigest())  # the retention purge took it
    with uows() as uow:
        assert outbox.claim(uow, item_id, T0, media) is None
        uow.commit()
    with uows() as uow:
        item = uow.outbox.get(item_id)
        assert item is not None
        assert item.status is OutboxStatus.FAILED and item.error == outbox.PICTURE_GONE
        # The text row beside it is untouched and still goes.
        text = uow.outbox.by_key("text:1")
        assert text is not None and text.status is OutboxStatus.PENDING
        assert text.id is not None
        assert outbox.claim(uow, text.id, T0, media) is not None


def test_rows_written_in_a_batch_keep_the_evidence_id(uows: SqlUnitOfWorkFactory) -> None:
    with uows() as uow:
        person = uow.people.add(Person(wechat_id="wxid_c", display_name="李", first_seen=T0))
        uow.outbox.add_rows(
            [
                OutboxItem(
                    "bot", "[图片] E0001-1.jpg", T0, "batch:1", person_id=person.id, evidence_id=7
                )
            ]
        )
        uow.commit()
    with uows() as uow:
        item = uow.outbox.by_key("batch:1")
        assert item is not None and item.evidence_id == 7

"""A proof photo over the real Wechaty puppet-service protocol (media15): the transport sends
the file's bytes as a FileBox (`message_send_file`); the peer (the official PuppetServer in
front of PuppetMock) decodes the protocol's FileBox JSON and reports the bytes it got. A photo
row whose file is gone fails with a reason, and the text beside it still goes."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime

import pytest

from bot.domain.community import Person
from bot.domain.evidence import Evidence, EvidenceKind
from bot.domain.messages import Outbound, Picture
from bot.domain.records import OutboxItem, OutboxStatus
from bot.services.outbox import PICTURE_GONE
from bot.transports.wechaty import WechatyTransport
from tests.evidence_files import png

from .support import DEADLINE
from .test_wechaty_pipeline import StartBot
from .wechaty_peer import Peer, World

pytestmark = pytest.mark.e2e

T0 = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)


def sent_file(peer: Peer, since: int, to: str) -> dict[str, object]:
    return peer.wait_event(
        lambda e: e.get("event") == "bot_sent_file" and e.get("listenerId") == to,
        DEADLINE,
        since=since,
    )


async def test_the_transport_sends_a_picture_as_a_file_box(
    connected: WechatyTransport, peer: Peer, world: World
) -> None:
    resident = world.resident("lanting", "3")
    data = png()
    mark = peer.mark()
    picture = Picture(name="H0001-1.png", mime="image/png", data=data)
    await connected.send(
        Outbound(outbox_id=1, text="[图片] H0001-1.png", to_id=resident, picture=picture)
    )
    got = await asyncio.to_thread(sent_file, peer, mark, resident)
    assert got["name"] == "H0001-1.png"
    assert got["size"] == len(data)
    assert got["sha256"] == hashlib.sha256(data).hexdigest()  # the very bytes, base64 and back
    # A photo is not also sent as its label.
    assert not [e for e in peer.bot_said(mark) if e.get("listenerId") == resident]


async def test_the_bot_sends_a_photo_row_and_fails_one_whose_file_is_gone(
    peer: Peer, world: World, start_bot: StartBot
) -> None:
    bot = await start_bot(peer)
    resident = world.resident("lanting", "4")
    data = png()
    sha = hashlib.sha256(data).hexdigest()
    bot.linli.media.put(sha, data)
    with bot.linli.uow_factory() as uow:
        person = uow.people.by_wechat_id(resident) or uow.people.add(
            Person(wechat_id=resident, display_name="居民", first_seen=T0)
        )
        kept = uow.evidence.add(
            Evidence(
                "default", sha, "image/png", len(data), EvidenceKind.PHOTO, person.id or 0, T0, "m1"
            )
        )
        gone = uow.evidence.add(
            Evidence(
                "default", "0" * 64, "image/jpeg", 9, EvidenceKind.PHOTO, person.id or 0, T0, "m2"
            )
        )
        account = bot.linli.settings.account
        for key, text, evidence_id in (
            ("e2e:1", "您申请的帮办已办好", None),
            ("e2e:2", "[图片] H0001-1.png", kept.id),
            ("e2e:3", "[图片] H0001-2.jpg", gone.id),
            ("e2e:4", "如有问题请联系我们", None),
        ):
            uow.outbox.add(
                OutboxItem(account, text, T0, key, person_id=person.id, evidence_id=evidence_id)
            )
        uow.commit()
    mark = peer.mark()
    bot.runtime.sender.wake()
    said = await peer.await_bot_said(
        lambda e: e.get("listenerId") == resident, DEADLINE, since=mark
    )
    assert said["text"] == "您申请的帮办已办好"
    got = await asyncio.to_thread(sent_file, peer, mark, resident)
    assert got["sha256"] == sha and got["name"] == "H0001-1.png"

    # Rows go in order: once the text queued after the missing photo arrives, that photo's
    # row was settled.
    await peer.await_bot_said(lambda e: e.get("text") == "如有问题请联系我们", DEADLINE, since=mark)
    with bot.linli.uow_factory() as uow:
        rows = {k: uow.outbox.by_key(k) for k in ("e2e:1", "e2e:2", "e2e:3")}
    first, photo, missing = rows["e2e:1"], rows["e2e:2"], rows["e2e:3"]
    assert first is not None and first.status is OutboxStatus.SENT
    assert photo is not None and photo.status is OutboxStatus.SENT
    assert missing is not None and missing.status is OutboxStatus.FAILED
    assert missing.error == PICTURE_GONE
    # Nothing else reached her: the missing file was never sent as anything.
    files = [e for e in peer.events[mark:] if e.get("event") == "bot_sent_file"]
    assert len(files) == 1

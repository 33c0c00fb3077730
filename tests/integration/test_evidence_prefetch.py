"""A file is downloaded before the message's transaction opens (issue 15): no database
connection is held while the network is slow, and the file still lands on the right case.
Both backends; the download is a MediaSource that records what it saw when it ran.
The pipeline alone (replay, the console) downloads on its own before the transaction."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import timedelta

from bot.chat.outcome import Outcome
from bot.domain.messages import Inbound, MessageType
from bot.ports import MediaUnavailable
from tests.conftest import Bot
from tests.evidence_files import jpeg_with_gps

GROUP = "兰亭3号楼邻里群"


@dataclass
class WatchedDownload:
    """A download that notes how many database connections were checked out as it ran."""

    bot: Bot
    data: bytes = b""
    fails: bool = False
    held: list[int] = field(default_factory=list)
    threads: list[str] = field(default_factory=list)

    def fetch(self, limit: int) -> bytes:
        self.held.append(self.bot.linli.engine.pool.checkedout())
        self.threads.append(threading.current_thread().name)
        if self.fails:
            raise MediaUnavailable("gateway gone")
        return self.data


def image(bot: Bot, media: WatchedDownload, message_id: str, group: str | None = GROUP) -> Inbound:
    who = "张阿姨"
    return Inbound(
        message_id=message_id,
        sender_id=bot.directory.person(who),
        sender_name=who,
        text="",
        at=bot.clock.now(),
        room_id=bot.directory.room(group) if group else None,
        room_topic=group,
        type=MessageType.IMAGE,
        media=media,
    )


async def receive(bot: Bot, message: Inbound) -> list[str]:
    await bot.linli.runtime.receive(message)
    await bot.linli.runtime.deliver_pending()
    return [s.text for s in bot.new()]


async def test_the_download_holds_no_connection_and_the_photo_joins_the_case(bot: Bot) -> None:
    [ack] = await bot.say("3号楼电梯坏了")
    assert "E0001" in ack.text
    bot.clock.advance(timedelta(minutes=2))
    download = WatchedDownload(bot, jpeg_with_gps())
    assert await receive(bot, image(bot, download, "photo-1")) == []
    assert download.held == [0]  # fetched once, with no transaction open …
    assert not download.threads[0].startswith("linli-core")  # … nor the core's thread busy
    with bot.linli.uow_factory() as uow:
        [kept] = uow.evidence.for_case(1)
    assert kept.message_id == "photo-1" and kept.kind == "photo"
    # The same message delivered again is a duplicate: not downloaded a second time.
    assert await receive(bot, image(bot, download, "photo-1")) == []
    assert download.held == [0]


async def test_files_nobody_keeps_are_not_downloaded(bot: Bot) -> None:
    download = WatchedDownload(bot, jpeg_with_gps())
    stranger = Inbound(
        message_id="photo-2",
        sender_id="wxid_someone",
        sender_name="路人",
        text="",
        at=bot.clock.now(),
        room_id="dance@chatroom",
        room_topic="广场舞队",
        type=MessageType.IMAGE,
        media=download,
    )
    assert await receive(bot, stranger) == []
    assert download.held == []  # an unbound group: the file is not kept, so not fetched
    with bot.linli.uow_factory() as uow:
        assert uow.messages.seen("default", "photo-2")  # the message itself is kept


async def test_a_failed_download_is_answered_as_before(bot: Bot) -> None:
    download = WatchedDownload(bot, fails=True)
    private = image(bot, download, "photo-3", group=None)
    [answer] = await receive(bot, private)
    assert "没能收到" in answer
    assert download.held == [0]
    with bot.linli.uow_factory() as uow:
        assert uow.messages.seen("default", "photo-3")


async def test_the_pipeline_on_its_own_also_downloads_before_the_transaction(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")
    download = WatchedDownload(bot, jpeg_with_gps())
    result = await bot.linli.runtime.call(
        bot.linli.runtime.pipeline.handle, image(bot, download, "photo-4")
    )
    assert result.outcome in (Outcome.SILENT, Outcome.HANDLED)
    assert download.held == [0] and download.threads[0].startswith("linli-core")
    with bot.linli.uow_factory() as uow:
        assert [e.message_id for e in uow.evidence.for_case(1)] == ["photo-4"]

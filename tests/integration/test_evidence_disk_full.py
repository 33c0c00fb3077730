"""probe10: the media folder cannot take a file (disk full, a file where the folder should be,
a read-only mount). The photo's message used to fail whole: the OSError left the pipeline,
the message was not stored and a caption's words went with it. Now the file is given up
(logged for the operator), the message and its words kept, the resident asked to resend.

The CI test puts a plain file where data/media should be: the real file system refuses the
write (no fake store). The same was seen with ENOSPC on a 64 KB tmpfs (probe10's report).
"""

from __future__ import annotations

import logging
import shutil

import pytest

from bot.chat.media_answers import MEDIA_UNAVAILABLE
from bot.domain.messages import MessageType
from tests.conftest import Bot
from tests.evidence_files import jpeg_with_gps


def block_the_media_folder(bot: Bot) -> None:
    media = bot.linli.settings.data_dir / "media"
    shutil.rmtree(media, ignore_errors=True)
    media.write_bytes(b"")  # a file where the folder should be: every write is refused


async def test_a_photo_that_cannot_be_written_keeps_the_message_and_asks_again(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    block_the_media_folder(bot)
    await bot.say("3号楼电梯坏了")
    caplog.set_level(logging.ERROR)
    answers = await bot.say("", type=MessageType.IMAGE, media=jpeg_with_gps(), message_id="p1")
    assert answers == []  # in the group, not addressed: silent as for a failed download
    private = await bot.say("", group=None, type=MessageType.IMAGE, media=jpeg_with_gps())
    assert [a.text for a in private] == [MEDIA_UNAVAILABLE]
    with bot.linli.uow_factory() as uow:
        assert uow.messages.seen("default", "p1")
        assert uow.evidence.for_case(1) == []
    assert any("media" in r.getMessage() for r in caplog.records)
    # The bot goes on: the next report is answered.
    [ack] = await bot.say("楼道灯也不亮了", who="李大爷")
    assert "E0002" in ack.text


async def test_a_caption_is_kept_when_its_file_cannot_be_written(bot: Bot) -> None:
    block_the_media_folder(bot)
    [ack] = await bot.say(
        "3号楼电梯坏了", type=MessageType.IMAGE, media=jpeg_with_gps(), message_id="c1"
    )
    assert "E0001" in ack.text
    with bot.linli.uow_factory() as uow:
        assert uow.messages.seen("default", "c1")
        assert uow.cases.get(1) is not None

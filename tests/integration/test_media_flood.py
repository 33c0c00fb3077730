"""One sender floods a group with pictures (probe8): thirty are kept in ten minutes, the rest
are handled without their files, and a neighbour's picture is still kept."""

from __future__ import annotations

import io
from datetime import timedelta

from PIL import Image
from sqlalchemy import func, select

from bot.domain.messages import MessageType
from storage import tables
from tests.conftest import Bot


def png(n: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (n % 256, n // 256, 7)).save(out, format="PNG")
    return out.getvalue()


def files_of(bot: Bot, who: str) -> int:
    person = bot.directory.person(who)
    query = (
        select(func.count())
        .select_from(tables.case_evidence.join(tables.people))
        .where(tables.people.c.wechat_id == person)
    )
    with bot.linli.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def messages_of(bot: Bot, who: str) -> int:
    person = bot.directory.person(who)
    query = (
        select(func.count())
        .select_from(tables.messages.join(tables.people))
        .where(tables.people.c.wechat_id == person)
    )
    with bot.linli.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


async def test_a_flood_of_pictures_keeps_thirty_files_and_every_message(bot: Bot) -> None:
    for n in range(60):
        await bot.say("", type=MessageType.IMAGE, media=png(n), who="张阿姨")
        bot.clock.advance(timedelta(seconds=2))
        if n == 40:
            await bot.say("", type=MessageType.IMAGE, media=png(999), who="李大爷")
    assert files_of(bot, "张阿姨") == 30
    assert messages_of(bot, "张阿姨") == 60  # the words (and the fact of a picture) are kept
    assert files_of(bot, "李大爷") == 1

    bot.clock.advance(timedelta(minutes=10))  # a window later her pictures are kept again
    await bot.say("", type=MessageType.IMAGE, media=png(1000), who="张阿姨")
    assert files_of(bot, "张阿姨") == 31


async def test_nine_pictures_at_once_with_a_report_are_all_kept(bot: Bot) -> None:
    await bot.say("3号楼楼道堆满杂物", who="张阿姨")
    for n in range(9):
        await bot.say("", type=MessageType.IMAGE, media=png(n), who="张阿姨")
    assert files_of(bot, "张阿姨") == 9

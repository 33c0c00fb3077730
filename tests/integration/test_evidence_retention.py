"""Files no case took are deleted with the messages that never became a case (probe8): a
picture shared in a group and never adopted by a report was kept for ever, file and all."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.domain.evidence import blob_path
from bot.domain.messages import MessageType
from storage import tables
from tests.conftest import Bot
from tests.evidence_files import png


def rows(bot: Bot) -> list[tuple[int | None, str]]:
    c = tables.case_evidence.c
    with bot.linli.engine.connect() as conn:
        return [(r[0], r[1]) for r in conn.execute(select(c.case_id, c.sha256).order_by(c.id))]


def on_disk(bot: Bot, sha256: str) -> bool:
    return (bot.linli.settings.data_dir / "media" / blob_path(sha256)).is_file()


async def test_a_picture_no_case_took_goes_after_the_message_days(bot: Bot) -> None:
    await bot.say("", type=MessageType.IMAGE, media=png((1, 2, 3)), who="王阿姨")  # never adopted
    await bot.say("3号楼电梯坏了", who="张阿姨")
    await bot.say("", type=MessageType.IMAGE, media=png((4, 5, 6)), who="张阿姨")  # attached
    [(stray_case, stray), (proof_case, proof)] = rows(bot)
    assert stray_case is None and proof_case == 1
    assert on_disk(bot, stray) and on_disk(bot, proof)

    bot.clock.advance(timedelta(days=179))
    await bot.say("", type=MessageType.IMAGE, media=png((7, 8, 9)), who="李大爷")  # recent
    await bot.linli.runtime.tick()
    assert len(rows(bot)) == 3  # nothing is old enough yet

    bot.clock.advance(timedelta(days=2))  # 181 days after the first picture, 09:00 local
    await bot.linli.runtime.tick()
    kept = rows(bot)
    assert (None, stray) not in kept and not on_disk(bot, stray)
    assert (1, proof) in kept and on_disk(bot, proof)  # a case's file stays with the case
    assert len(kept) == 2 and all(on_disk(bot, sha) for _, sha in kept)  # the recent one too

    await bot.linli.runtime.tick()  # once a day: a second tick the same day finds nothing
    assert rows(bot) == kept

"""Photos as people send them (issue 11, C41): the handler's proof photo in the group gets a
private receipt; a resident whose case was just handled is offered that case for her photo —
through the whole bot on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import Bot
from tests.evidence_files import png
from tests.integration.test_evidence_chat import evidence, photo


async def _resolved(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")
    await bot.say("认领 E0001", who="孙志明")
    bot.clock.advance(timedelta(hours=1))
    await bot.say("办结 E0001 已更换门机", who="孙志明")
    bot.clock.advance(timedelta(minutes=1))


async def test_the_handlers_photo_in_the_group_is_acknowledged_privately(bot: Bot) -> None:
    await _resolved(bot)
    [receipt] = await photo(bot, png(), who="孙志明")
    assert receipt.to == "孙志明" and receipt.group is None  # not in the residents' group
    assert receipt.text == "已把照片记到诉求 E0001 的办理材料里。"
    assert await photo(bot, png((1, 2, 3)), who="孙志明") == []  # once, not per photo
    assert len(evidence(bot, 1)) == 2


async def test_a_residents_own_photo_in_the_group_stays_quiet(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")
    assert await photo(bot, png()) == []  # attached to her report, nothing to say in the group
    assert len(evidence(bot, 1)) == 1


async def test_a_reporters_later_photo_goes_to_her_just_handled_case(bot: Bot) -> None:
    await _resolved(bot)
    bot.clock.advance(timedelta(minutes=30))
    [told] = await photo(bot, png(), group=None)  # 张阿姨, privately, her rating pending
    assert told.text.startswith("已把您的照片记到刚办结的诉求 E0001")
    assert "请用文字说说" in told.text  # and what to do if it is something new
    assert len(evidence(bot, 1)) == 1
    [again] = await photo(bot, png(), group="兰亭3号楼邻里群", mentions=("邻里小助手",))
    assert "E0001" in again.text  # with an @ in the group as well
    assert len(evidence(bot, 1)) == 1  # the same photo once on the case


async def test_after_her_rating_a_photo_asks_for_words_again(bot: Bot) -> None:
    await _resolved(bot)
    await bot.say("满意")
    [hint] = await photo(bot, png(), group=None)
    assert "请用文字说说遇到了什么问题" in hint.text and "E0001" not in hint.text


async def test_a_photo_from_someone_without_a_case_still_asks_for_words(bot: Bot) -> None:
    await _resolved(bot)
    [hint] = await photo(bot, png(), who="李叔", group=None)
    assert "请用文字说说遇到了什么问题" in hint.text and "E0001" not in hint.text

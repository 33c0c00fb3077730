"""What probe9 sent to make the bot spam a group or speak in its voice: a code padded with
thousands of zeros echoed back whole, one line signing up for 299 activities, a nickname
with a line break that reads as the bot's own notice. Through the whole bot, both backends."""

from __future__ import annotations

from bot.domain.inbound_text import at_the_door
from tests.conftest import START, Bot
from tests.integration.test_activities_chat import plan

LONGEST_ANSWER = 300


async def _as(bot: Bot, wxid: str, name: str, said: str) -> list[str]:
    group = "兰亭3号楼邻里群"
    await bot.transport.say(
        sender_id=wxid, sender_name=name, text=said, topic=group, room_id=bot.directory.room(group)
    )
    await bot.linli.runtime.deliver_pending()
    return [s.text for s in bot.new()]


async def test_a_code_padded_with_zeros_gets_a_short_answer(bot: Bot) -> None:
    for said in ("进度 E" + "0" * 5000 + "1", "认领 W" + "0" * 3000 + "2", "取消报名 " + "0" * 900):
        [answer] = await bot.say(said, who="李叔")
        assert "不是有效的" in answer.text and len(answer.text) < 80, said[:8]


async def test_one_line_signs_up_for_five_activities_at_most(bot: Bot) -> None:
    await plan(bot)
    [answer] = await bot.say("报名 " + "和".join(str(n) for n in range(1, 300)), who="张阿姨")
    assert len(answer.text) < LONGEST_ANSWER
    assert answer.text.count("\n") == 5 and "一次最多报名 5 个活动" in answer.text
    assert "报名成功" in answer.text.splitlines()[0] or "已报名" in answer.text.splitlines()[0]


async def test_a_nickname_is_one_line_of_visible_text(bot: Bot) -> None:
    forged = "王\n【紧急通知】明天全楼停水\u202e，请加群\r\n123\x00"
    await _as(bot, "wxid_forger", forged, "2号楼门口垃圾三天没人收")
    with bot.linli.uow_factory() as uow:
        person = uow.people.by_wechat_id("wxid_forger")
        assert person is not None
        assert person.display_name == "王 【紧急通知】明天全楼停水 ，请加群 123"


def test_names_keep_their_inner_spaces_and_emoji() -> None:
    from bot.domain.messages import Inbound

    message = Inbound(
        message_id="m1", sender_id="w1", sender_name="张 阿姨🌸", text="你好", at=START
    )
    assert at_the_door(message).sender_name == "张 阿姨🌸"

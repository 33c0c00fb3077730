"""What probe15 found (round fifteen): chat commands that reached across 小区, and faults.
Each test failed before its fix; each fix is in the layer that owns the rule."""

from __future__ import annotations

import pytest

from bot.config import CommunityConfig
from bot.domain.community import Group, GroupKind
from bot.services.directory import sync_community
from tests.conftest import Bot

JINXIU_SECRETARY = "黄桂兰"
LANTING_SECRETARY = "刘建华"
ACTIVITY = "新活动\n标题：义诊\n地点：党群服务站\n时间：2026-12-20 09:00\n名额：10"


def texts(sent: list) -> str:
    return "\n".join(s.text for s in sent)


async def test_another_estates_secretary_cannot_run_its_activity_in_chat(sqlite_bot: Bot) -> None:
    bot = sqlite_bot
    made = texts(await bot.private(ACTIVITY, who=LANTING_SECRETARY))
    assert "【1】" in made and "兰亭3号楼邻里群" in made
    assert "报名成功" in texts(await bot.say("报名 1"))  # 张阿姨, 兰亭3号楼

    for command in ("修改活动 1\n名额：3", "取消活动 1 下雨", "报名名单 1", "签到 1 张阿姨"):
        answer = texts(await bot.private(command, who=JINXIU_SECRETARY))
        # The same answer as for a number that does not exist: nothing about 兰亭's activity.
        assert answer == "没有找到活动【1】，请核对编号。", (command, answer)

    with bot.linli.uow_factory() as uow:
        activity = uow.activities.get(1)
        assert activity is not None
        assert not activity.cancelled and activity.capacity == 10
        assert all(s.attended_at is None for s in uow.activities.signups(1))
    # 兰亭's own secretary still runs it.
    assert "张阿姨" in texts(await bot.private("报名名单 1", who=LANTING_SECRETARY))
    assert "已修改" in texts(await bot.private("修改活动 1\n名额：3", who=LANTING_SECRETARY))


async def test_a_secretary_reads_only_her_own_estates_points_in_chat(sqlite_bot: Bot) -> None:
    bot = sqlite_bot
    await bot.say("你好")  # 张阿姨 of 兰亭 is known to the bot
    for command in ("查积分 张阿姨", "我的积分 @张阿姨"):
        answer = texts(await bot.private(command, who=JINXIU_SECRETARY))
        assert (
            "积分：" not in answer
            and answer == "没有找到「张阿姨」。请确认 TA 在群里说过话，或在群里 @ TA 再操作。"
        ), answer
    assert "张阿姨的积分" in texts(await bot.private("查积分 张阿姨", who=LANTING_SECRETARY))
    assert "张阿姨的积分" in texts(await bot.private("查积分 张阿姨", who="王敏"))


def _restart_sync(bot: Bot, config: CommunityConfig | None = None) -> None:
    """What every start does: the config synced into the database."""
    with bot.linli.uow_factory() as uow:
        sync_community(uow, config or bot.linli.config, bot.linli.settings.account, bot.clock.now())
        uow.commit()


def _group_of(bot: Bot, room_id: str) -> Group:
    with bot.linli.uow_factory() as uow:
        group = uow.groups.by_room_id(room_id)
        assert group is not None
        return group


async def test_a_room_named_like_the_party_group_after_the_bot_left_it_stays_unbound(
    bot: Bot,
) -> None:
    await bot.say("大家好", who="孙志明", group="兰亭小区党员群")
    await bot.linli.runtime.room_left(bot.directory.room("兰亭小区党员群"))
    # Someone makes a group of that name and adds the bot; the bot restarts later.
    await bot.say("大家好", who="陌生人", group="兰亭小区党员群", room_id="impostor@chatroom")
    _restart_sync(bot)
    assert not _group_of(bot, "impostor@chatroom").bound
    sent = await bot.say("3号楼着火了 快来人")
    assert sent and all(s.room_id != "impostor@chatroom" for s in sent)


async def test_a_renamed_party_group_keeps_its_binding_and_its_old_name_binds_nothing(
    bot: Bot,
) -> None:
    real = bot.directory.room("兰亭小区党员群")
    await bot.say("大家好", who="孙志明", group="兰亭小区党员群")
    await bot.linli.runtime.room_seen(real, "兰亭党员之家")  # renamed in WeChat
    _restart_sync(bot)  # no placeholder waits for the old name now
    await bot.say("大家好", who="陌生人", group="兰亭小区党员群", room_id="impostor@chatroom")
    _restart_sync(bot)
    assert not _group_of(bot, "impostor@chatroom").bound
    kept = _group_of(bot, real)
    assert kept.bound and kept.kind is GroupKind.PARTY and kept.topic == "兰亭党员之家"


async def test_a_group_added_to_the_config_after_the_bot_joined_it_is_still_bound(
    bot: Bot,
) -> None:
    await bot.say("大家好", who="张阿姨", group="兰亭小区业主二群", room_id="second@chatroom")
    assert not _group_of(bot, "second@chatroom").bound
    config = bot.linli.config
    extra = config.groups[0].model_copy(update={"topic": "兰亭小区业主二群"})
    _restart_sync(bot, config.model_copy(update={"groups": [*config.groups, extra]}))
    second = _group_of(bot, "second@chatroom")
    assert second.bound and second.kind is GroupKind.OWNERS


async def test_a_bug_in_a_handler_keeps_the_words_and_puts_them_before_a_person(
    bot: Bot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(ctx: object) -> None:
        raise RuntimeError("a bug in some handler")

    monkeypatch.setattr(bot.linli.runtime.pipeline._dispatcher, "dispatch", broken)
    sent = await bot.say("3号楼电梯困人了 快来", message_id="m1")
    assert sent == []  # no answer this time, and no traceback to the resident
    assert "a bug in some handler" in caplog.text
    monkeypatch.undo()
    with bot.linli.uow_factory() as uow:
        [item] = uow.review.pending()
        assert item.text == "3号楼电梯困人了 快来" and item.urgent
    # The bot goes on; the same message delivered again is a duplicate, not a second item.
    assert await bot.say("3号楼电梯困人了 快来", message_id="m1") == []
    assert "E0001" in texts(await bot.say("楼道灯坏了"))

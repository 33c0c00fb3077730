"""What probe15 found (round fifteen): chat commands that reached across 小区, and faults.
Each test failed before its fix; each fix is in the layer that owns the rule."""

from __future__ import annotations

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

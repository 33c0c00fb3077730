"""通知 by private chat, through the whole bot, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from bot.domain.broadcasts import MAX_NOTICE_CHARS
from bot.domain.records import OutboxStatus
from bot.services import broadcasts
from tests.conftest import Bot

NOTICE = "通知 全部 明天9:00-15:00停水，请提前储水"
RESIDENT_GROUPS = 9  # demo: 2 业主群 + 7 楼栋群; the two 党员群 are internal


async def test_preview_then_confirm_reaches_every_group_once(bot: Bot) -> None:
    [preview] = await bot.private(NOTICE, who="王敏")
    assert preview.to == "王敏"
    assert f"共 {RESIDENT_GROUPS} 个群" in preview.text and "兰亭3号楼邻里群" in preview.text
    assert "党员群" not in preview.text
    assert "【幸福里社区通知】\n明天9:00-15:00停水，请提前储水" in preview.text  # exactly as sent
    assert "确认" in preview.text and bot.transport.sent[-1] is preview  # nothing else went out

    sent = await bot.private("确认", who="王敏")
    ack, *posts = sent
    assert ack.to == "王敏" and "B0001" in ack.text
    assert (
        Counter(p.group for p in posts) == Counter({g: 1 for g in {p.group for p in posts}})
        and len(posts) == RESIDENT_GROUPS
    )
    assert all(p.text == "【幸福里社区通知】\n明天9:00-15:00停水，请提前储水" for p in posts)
    assert all(p.mentions == () for p in posts)  # a plain post: bots cannot @所有人

    # 确认 again: nothing pending, nothing resent.
    [again] = await bot.private("确认", who="王敏")
    assert "没有待确认" in again.text
    [progress] = await bot.private("通知进度 B0001", who="王敏")
    assert f"已发 {RESIDENT_GROUPS}，待发 0，失败 0" in progress.text

    with bot.linli.uow_factory() as uow:
        rows = uow.outbox.by_broadcast(1)
        assert len({r.key for r in rows}) == RESIDENT_GROUPS  # one key per group
        assert all(r.status is OutboxStatus.SENT for r in rows)
        audit = [e for e in uow.staff.audit_log() if e.target == "B0001"]
        assert [e.action for e in audit] == ["broadcast.confirm"]
        assert audit[0].actor == "王敏(wxid_wangmin)" and "9 个群" in audit[0].detail


async def test_targets_by_building_and_estate_and_scope(bot: Bot) -> None:
    [preview] = await bot.private("通知 兰亭3号楼 今晚8点电梯检修", who="王敏")
    assert "共 1 个群" in preview.text and "兰亭3号楼邻里群" in preview.text
    [preview] = await bot.private("通知 锦绣家园 明天消防检查", who="王敏")
    assert "共 4 个群" in preview.text
    # 刘建华 is 兰亭's 支部书记: 全部 means 兰亭小区, and 锦绣 is not his to reach.
    [mine] = await bot.private("通知 全部 周六大扫除", who="刘建华")
    assert "共 5 个群" in mine.text and "锦绣" not in mine.text.split("——")[0]
    [refused] = await bot.private("通知 锦绣家园 周六大扫除", who="刘建华")
    assert "您只能给兰亭小区发通知" in refused.text
    [_sent_ack, *posts] = await bot.private("确认", who="刘建华")
    assert {p.group for p in posts} == {
        "兰亭小区业主群",
        *(f"兰亭{n}号楼邻里群" for n in range(1, 5)),
    }


async def test_cancel_drops_a_draft_and_audits(bot: Bot) -> None:
    await bot.private(NOTICE, who="王敏")
    [dropped] = await bot.private("取消", who="王敏")
    assert "已作废通知 B0001" in dropped.text
    assert await bot.private("确认", who="王敏") != []  # "no draft" reply, nothing sent
    assert all(s.group is None for s in bot.transport.sent)
    with bot.linli.uow_factory() as uow:
        assert [e.action for e in uow.staff.audit_log()] == ["broadcast.drop"]


async def test_a_new_draft_replaces_the_old_one(bot: Bot) -> None:
    await bot.private("通知 兰亭小区 旧的内容", who="王敏")
    await bot.private("通知 锦绣家园 新的内容", who="王敏")
    _, *posts = await bot.private("确认", who="王敏")
    assert {p.text for p in posts} == {"【幸福里社区通知】\n新的内容"} and len(posts) == 4


async def test_scheduled_notice_waits_for_its_time(bot: Bot) -> None:
    [preview] = await bot.private("定时 明天 08:00 通知 兰亭小区 上午停电两小时", who="王敏")
    assert "定时发送：11月24日 08:00" in preview.text
    [ack] = await bot.private("确认", who="王敏")
    assert "11月24日 08:00" in ack.text and "撤回通知 B0001" in ack.text
    bot.clock.advance(timedelta(hours=22, minutes=59))  # 07:59 next day
    await bot.linli.runtime.tick()
    await bot.linli.runtime.deliver_pending()
    assert bot.new() == []
    bot.clock.advance(timedelta(minutes=1))
    await bot.linli.runtime.deliver_pending()
    assert len(bot.new()) == 5


async def test_withdrawing_a_scheduled_notice(bot: Bot) -> None:
    await bot.private("定时 明天 08:00 通知 全部 停电", who="王敏")
    await bot.private("确认", who="王敏")
    [withdrawn] = await bot.private("撤回通知 B0001", who="王敏")
    assert f"{RESIDENT_GROUPS} 个群不再发送" in withdrawn.text
    bot.clock.advance(timedelta(days=1))
    await bot.linli.runtime.deliver_pending()
    assert bot.new() == []
    with bot.linli.uow_factory() as uow:
        progress = broadcasts.progress(uow, 1)
        assert progress.withdrawn == RESIDENT_GROUPS and progress.sent == 0


# ---- bad input -------------------------------------------------------------------------


async def test_no_target(bot: Bot) -> None:
    [reply] = await bot.private("通知", who="王敏")
    assert "请写明发给谁和内容" in reply.text


async def test_unknown_building(bot: Bot) -> None:
    [reply] = await bot.private("通知 兰亭9号楼 明天停水", who="王敏")
    assert "没有找到「兰亭9号楼」" in reply.text and "1、2、3、4号楼" in reply.text
    [reply] = await bot.private("通知 3号楼 明天停水", who="王敏")  # two estates have one
    assert "兰亭3号楼" in reply.text and "锦绣3号楼" in reply.text


async def test_empty_text(bot: Bot) -> None:
    [reply] = await bot.private("通知 全部", who="王敏")
    assert "通知内容是空的" in reply.text


async def test_over_long_text(bot: Bot) -> None:
    [reply] = await bot.private("通知 全部 " + "停水" * MAX_NOTICE_CHARS, who="王敏")
    assert "通知太长了" in reply.text
    with bot.linli.uow_factory() as uow:
        assert uow.broadcasts.recent() == []


async def test_non_staff_cannot_broadcast(bot: Bot) -> None:
    [reply] = await bot.private(NOTICE, who="张阿姨")
    assert "只有社区工作人员和支部书记可以发通知" in reply.text
    [reply] = await bot.private(NOTICE, who="赵老师")  # a 楼栋党小组长 is not enough
    assert "只有社区工作人员和支部书记" in reply.text
    # In a group, "通知…" is ordinary chat for residents: the bot stays quiet.
    assert await bot.say("通知一下大家，明天停水", who="张阿姨") == []
    assert await bot.say("取消", who="张阿姨") == []
    [staff_in_group] = await bot.say(NOTICE, who="王敏")
    assert "请私聊我" in staff_in_group.text
    with bot.linli.uow_factory() as uow:
        assert uow.broadcasts.recent() == []


async def test_confirming_someone_elses_notice_is_refused(bot: Bot) -> None:
    await bot.private("通知 兰亭小区 停水", who="刘建华")
    [reply] = await bot.private("确认 B0001", who="黄桂兰")
    assert "没有找到这条通知" in reply.text
    [_ok, *posts] = await bot.private("确认 B0001", who="刘建华")
    assert len(posts) == 5

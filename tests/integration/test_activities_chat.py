"""党群阵地@你 through the whole bot on SQLite and PostgreSQL: plan, preview, sign up, remind,
attend, correct."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from bot.config import CommunityConfig
from bot.domain.activities import Activity, SignupStatus
from bot.ports import Classifier, UnitOfWork
from bot.services.activities import attendance
from bot.transports.simulator import Sent
from tests.conftest import Bot, running_bot

FORM = (
    "新活动\n标题：免费测血压\n类型：健康保健\n地点：党群服务站\n"
    "时间：2026-12-05 09:00-11:00\n名额：2\n候补：1\n对象：兰亭小区\n积分：5"
)
LANTING = {"兰亭小区业主群", *(f"兰亭{n}号楼邻里群" for n in range(1, 5))}


async def at(bot: Bot, when: str) -> list[object]:
    """Move the clock to `when` (community time), run the periodic jobs, deliver."""
    bot.clock.set(datetime.fromisoformat(when + "+08:00"))
    await bot.linli.runtime.tick()
    await bot.linli.runtime.deliver_pending()
    return bot.new()  # type: ignore[return-value]


async def plan(bot: Bot, form: str = FORM) -> list[Sent]:
    """Staff create an activity privately; returns any announcement it caused."""
    created, *announced = await bot.private(form, who="王敏")
    assert created.to == "王敏" and created.text.startswith("已创建活动"), created.text
    return announced


async def test_monthly_preview_goes_out_once_per_group(bot: Bot) -> None:
    await plan(bot)
    [created_in_jinxiu] = await bot.private(
        FORM.replace("对象：兰亭小区", "对象：锦绣家园").replace("党群服务站", "邻里中心"),
        who="王敏",
    )
    assert "11月25日" in created_in_jinxiu.text
    assert await at(bot, "2026-11-25T08:59:00") == []
    posts = await at(bot, "2026-11-25T09:00:00")
    assert len(posts) == 9 and {p.group for p in posts} >= LANTING  # type: ignore[attr-defined]
    lanting = next(p for p in posts if p.group == "兰亭3号楼邻里群")  # type: ignore[attr-defined]
    assert lanting.text.startswith("党群阵地@你 · 12月活动预告")  # type: ignore[attr-defined]
    assert "【1】12月5日（周六）9:00-11:00" in lanting.text  # type: ignore[attr-defined]
    assert "【2】" not in lanting.text  # type: ignore[attr-defined]  # 锦绣's, not 兰亭's
    assert await at(bot, "2026-11-25T09:00:30") == []
    assert await at(bot, "2026-11-28T09:00:00") == []


async def test_preview_is_not_reposted_after_a_restart(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with running_bot(db_url, tmp_path, demo_config, classifier) as bot:
        await plan(bot)
        assert len(await at(bot, "2026-11-25T09:00:00")) == 5
    async with running_bot(db_url, tmp_path, demo_config, classifier) as again:
        assert await at(again, "2026-11-25T09:30:00") == []
        assert await at(again, "2026-11-26T09:30:00") == []


async def test_late_start_catches_up_and_added_activity_is_announced(bot: Bot) -> None:
    await plan(bot)
    assert len(await at(bot, "2026-11-27T10:00:00")) == 5  # the bot was down on the 25th
    added = await plan(bot, FORM.replace("免费测血压", "反诈讲座").replace("12-05", "12-12"))
    assert len(added) == 5 and all("新增活动" in s.text and "【2】" in s.text for s in added)


async def test_sign_up_to_capacity_then_waiting_list_moves_up(bot: Bot) -> None:
    await plan(bot)
    [a] = await bot.say("报名 1", who="张阿姨")
    assert "报名成功" in a.text and a.mentions == ("张阿姨",)
    [b] = await bot.say("报名1", who="李叔", group="兰亭1号楼邻里群")
    assert "报名成功" in b.text
    [c] = await bot.say("报名 1", who="王奶奶")
    assert "名额已满" in c.text and "候补第 1 位" in c.text
    [full] = await bot.say("报名 1", who="赵大爷")
    assert "名额和候补都满了" in full.text
    [dup] = await bot.say("报名 1", who="张阿姨")
    assert "不用重复报名" in dup.text

    promoted, ack = await bot.say("取消报名 1", who="张阿姨")
    assert "已为您取消报名" in ack.text
    assert promoted.mentions == ("王奶奶",) and "候补转为正式报名" in promoted.text
    with bot.linli.uow_factory() as uow:
        roster = attendance.roster(uow, 1)
        assert [p.name for _, p in roster.confirmed] == ["李叔", "王奶奶"]
        assert roster.waiting == []
    [nothing] = await bot.say("取消报名 1", who="张阿姨")
    assert "您没有报名" in nothing.text


async def test_sign_up_by_quoting_a_post(bot: Bot) -> None:
    await plan(bot)
    await plan(bot, FORM.replace("免费测血压", "反诈讲座").replace("12-05", "12-12"))
    posts = await at(bot, "2026-11-25T09:00:00")
    preview = next(p for p in posts if p.group == "兰亭3号楼邻里群")  # type: ignore[attr-defined]
    await bot.transport.say(
        sender_id="sim:张阿姨",
        sender_name="张阿姨",
        text="报名",
        topic="兰亭3号楼邻里群",
        room_id=bot.directory.room("兰亭3号楼邻里群"),
        quote=preview.text,  # type: ignore[attr-defined]
    )
    await bot.linli.runtime.deliver_pending()
    [ask] = bot.new()
    assert "请回复「报名 编号」" in ask.text  # two activities in that preview
    await bot.transport.say(
        sender_id="sim:张阿姨",
        sender_name="张阿姨",
        text="报名",
        topic="兰亭3号楼邻里群",
        room_id=bot.directory.room("兰亭3号楼邻里群"),
        quote="【更正】活动【2】反诈讲座有变动：…",
    )
    await bot.linli.runtime.deliver_pending()
    [ok] = bot.new()
    assert "报名成功：【2】反诈讲座" in ok.text


async def test_reminders_the_day_before_with_an_at_in_the_group(bot: Bot) -> None:
    await plan(bot)
    await bot.say("报名 1", who="张阿姨")
    await bot.say("报名 1", who="李叔")
    await bot.private("报名 1", who="王奶奶")  # full: waiting, never reminded
    assert await at(bot, "2026-12-04T17:59:00") == []
    reminders = await at(bot, "2026-12-04T18:00:00")
    assert len(reminders) == 1
    [reminder] = reminders
    assert reminder.group == "兰亭3号楼邻里群"  # type: ignore[attr-defined]
    assert set(reminder.mentions) == {"张阿姨", "李叔"}  # type: ignore[attr-defined]
    assert "明天举行" in reminder.text  # type: ignore[attr-defined]
    assert await at(bot, "2026-12-04T20:00:00") == []  # once


async def test_private_sign_up_is_reminded_privately(bot: Bot) -> None:
    await plan(bot)
    [ok] = await bot.private("报名 1", who="张阿姨")
    assert ok.to == "张阿姨" and "报名成功" in ok.text
    [reminder] = await at(bot, "2026-12-04T18:00:00")
    assert reminder.to == "张阿姨" and reminder.group is None  # type: ignore[attr-defined]


async def test_attendance_records_points_for_the_ledger(bot: Bot) -> None:
    await plan(bot)
    await bot.say("报名 1", who="张阿姨")
    await at(bot, "2026-12-05T09:10:00")
    [reply] = await bot.say("签到 1 @张阿姨 @李叔", who="刘建华", mentions=("张阿姨", "李叔"))
    assert "已签到 2 人，每人记 5 积分" in reply.text
    [again] = await bot.say("签到 1 @张阿姨", who="刘建华", mentions=("张阿姨",))
    assert "之前已签到：张阿姨" in again.text
    [refused] = await bot.say("签到 1 @张阿姨", who="张阿姨", mentions=("张阿姨",))
    assert "支部书记" in refused.text
    with bot.linli.uow_factory() as uow:
        roster = attendance.roster(uow, 1)
        came = {p.name: s for s, p in roster.attended}
        assert set(came) == {"张阿姨", "李叔"}
        assert came["李叔"].status is SignupStatus.WALK_IN
        # Booked at once, as the reply says (convo4 F73), not at the next job tick.
        assert all(s.points == 5 and s.points_awarded_at is not None for s in came.values())


async def test_the_points_hook_is_called_once_per_person(bot: Bot) -> None:
    await plan(bot)
    await bot.say("报名 1", who="张阿姨")
    bot.clock.set(datetime.fromisoformat("2026-12-05T09:30:00+08:00"))
    booked: list[tuple[int, int]] = []

    def ledger(
        uow: UnitOfWork, *, person_id: int, points: int, activity: Activity, now: datetime
    ) -> bool:
        booked.append((person_id, points))
        return True

    with bot.linli.uow_factory() as uow:
        person = uow.people.by_display_name("张阿姨")[0]
        assert person.id is not None
        for _ in range(2):
            attendance.mark_attendance(
                uow, 1, [person.id], actor="wangmin", now=bot.clock.now(), award=ledger
            )
        uow.commit()
        assert uow.activities.signup(1, person.id).points_awarded_at is not None  # type: ignore[union-attr]
    assert booked == [(person.id, 5)]


async def test_change_and_cancellation_go_to_the_same_groups(bot: Bot) -> None:
    await plan(bot)
    await at(bot, "2026-11-25T09:00:00")
    await bot.private("报名 1", who="张阿姨")
    ack, *_ = await bot.private("修改活动 1\n时间：2026-12-06 09:00-11:00", who="王敏")
    assert "已向之前收到预告的 5 个群发更正" in ack.text
    corrections = [s for s in bot.transport.sent if s.text.startswith("【更正】")]
    assert {s.group for s in corrections if s.group} == LANTING
    assert any(s.to == "张阿姨" for s in corrections)  # signed up privately: told privately
    assert "12月5日（周六）9:00-11:00改为12月6日（周日）9:00-11:00" in corrections[0].text
    bot.new()
    cancelled, *_ = await bot.private("取消活动 1 场地维修", who="王敏")
    assert "已通知之前收到预告的 5 个群" in cancelled.text
    notices = [s for s in bot.transport.sent if s.text.startswith("【取消】")]
    assert {s.group for s in notices if s.group} == LANTING and "场地维修" in notices[0].text
    with bot.linli.uow_factory() as uow:
        actions = [e.action for e in uow.staff.audit_log()]
        assert actions[:3] == ["activity.cancel", "activity.edit", "activity.create"]


# ---- bad input -------------------------------------------------------------------------


async def test_sign_up_for_a_cancelled_activity(bot: Bot) -> None:
    await plan(bot)
    await bot.private("取消活动 1", who="王敏")
    [reply] = await bot.say("报名 1")
    assert "已取消，不能报名" in reply.text


async def test_sign_up_for_a_past_activity(bot: Bot) -> None:
    await plan(bot)
    await at(bot, "2026-12-05T10:00:00")
    [reply] = await bot.say("报名 1")
    assert "已经开始或结束了" in reply.text


async def test_sign_up_for_a_full_activity(bot: Bot) -> None:
    await plan(bot, FORM.replace("候补：1", "候补：0"))
    await bot.say("报名 1", who="甲")
    await bot.say("报名 1", who="乙")
    [reply] = await bot.say("报名 1", who="丙")
    assert "名额和候补都满了" in reply.text


async def test_sign_up_for_an_unknown_activity_and_without_a_number(bot: Bot) -> None:
    [reply] = await bot.say("报名 99")
    assert "没有找到活动【99】" in reply.text
    [reply] = await bot.say("报名")
    assert "报名 3" in reply.text


async def test_bad_forms_are_explained(bot: Bot) -> None:
    [reply] = await bot.private("新活动\n标题：测血压", who="王敏")
    assert "至少要写标题和时间" in reply.text
    [reply] = await bot.private(FORM.replace("2026-12-05", "2026-11-01"), who="王敏")
    assert "已经过去" in reply.text
    [reply] = await bot.private(FORM.replace("健康保健", "吃饭"), who="王敏")
    assert "类型请从这些里选" in reply.text
    [reply] = await bot.private(FORM.replace("对象：兰亭小区", "对象：9号楼"), who="王敏")
    assert "没有找到「9号楼」" in reply.text
    [reply] = await bot.private(FORM, who="张阿姨")
    assert "支部书记" in reply.text
    with bot.linli.uow_factory() as uow:
        assert uow.activities.get(1) is None


async def test_list_and_mine(bot: Bot) -> None:
    await plan(bot)
    [listing] = await bot.say("活动")
    assert "【1】12月5日" in listing.text
    [elsewhere] = await bot.say("活动", group="锦绣1栋楼栋群")
    assert "近期还没有" in elsewhere.text
    await bot.say("报名 1")
    [mine] = await bot.private("我的报名")
    assert "【1】免费测血压" in mine.text and "已报名" in mine.text
    bot.clock.advance(timedelta(days=1))


async def test_a_start_without_an_end_gets_two_hours_and_says_so(bot: Bot) -> None:
    [created, *_] = await bot.private(FORM.replace("09:00-11:00", "09:00"), who="王敏")
    assert created.text.startswith("已创建活动") and "9:00-11:00" in created.text
    assert "没写结束时间，按 2 小时算，到 11:00 结束" in created.text
    assert "修改活动 1" in created.text
    [edited] = await bot.private("修改活动 1\n时间：2026-12-06 14:30", who="王敏")
    assert "到 16:30 结束" in edited.text
    [told] = await bot.private("修改活动 1\n时间：2026-12-06 14:00-15:00", who="王敏")
    assert "没写结束时间" not in told.text
    with bot.linli.uow_factory() as uow:
        activity = uow.activities.get(1)
        assert activity is not None
        assert activity.ends_at.astimezone(bot.linli.profile.tz).hour == 15

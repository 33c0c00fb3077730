"""The 积分 ledger through the whole bot on SQLite and PostgreSQL: awards, a cap, a
correction, bad input, the month boundary in Asia/Shanghai, the 积分超市 race on the last
item, the monthly 公示 posted once, automatic awards, and the Excel export."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

from bot.domain.community import Person
from bot.domain.market import RedeemRefused
from bot.domain.points import RuleKind
from bot.services import market, points, publicity
from bot.services.export import ledger_workbook, save
from bot.services.points_policy import default_policy
from tests.conftest import Bot
from tests.integration.test_replay_cli import SCENARIOS, lines, replay

POLICY = default_policy()


async def at(bot: Bot, when: str) -> list[object]:
    bot.clock.set(datetime.fromisoformat(when))
    await bot.linli.runtime.tick()
    await bot.linli.runtime.deliver_pending()
    return bot.new()  # type: ignore[return-value]


def person(bot: Bot, name: str) -> Person:
    with bot.linli.uow_factory() as uow:
        return uow.people.by_display_name(name)[0]


def balance(bot: Bot, name: str) -> int:
    with bot.linli.uow_factory() as uow:
        return uow.points.balance(person(bot, name).id or 0)


async def test_award_cap_and_correction(bot: Bot) -> None:
    await bot.say("大家早上好", who="王阿姨", group="兰亭2号楼邻里群")
    replies = [await bot.private("加分 @王阿姨 志愿服务 8小时", who="王敏") for _ in range(3)]
    assert "+16 分" in replies[0][0].text and "当前积分 26" in replies[0][0].text
    assert "+16 分" in replies[1][0].text
    assert "+8 分" in replies[2][0].text and "上限 40" in replies[2][0].text  # clipped
    [full] = await bot.private("加分 @王阿姨 志愿服务 1小时", who="王敏")
    assert "已经记满" in full.text
    assert balance(bot, "王阿姨") == 10 + 40

    fixed = await bot.private("更正 #3 时长记错了", who="刘建华")
    assert "冲正记录" in fixed[0].text
    assert any(s.to == "王阿姨" and "已更正" in s.text for s in fixed)
    [twice] = await bot.private("更正 #3 再更正一次", who="刘建华")
    assert "已经更正过" in twice.text
    [nope] = await bot.private("更正 #99 不存在", who="刘建华")
    assert "没有找到积分记录 #99" in nope.text
    assert balance(bot, "王阿姨") == 10 + 40 - 16
    with bot.linli.uow_factory() as uow:
        rows = uow.points_reports.entries(person_id=person(bot, "王阿姨").id)
        # Append-only: the original row is still there, the correction reverses it.
        assert [e.points for e in rows] == [10, 16, 16, 8, -16]
        assert rows[-1].reverses_id == rows[2].id == 3 and rows[2].points == 16
    # The correction freed room under the cap.
    room, *_ = await bot.private("加分 @王阿姨 志愿服务 8小时", who="王敏")
    assert "+16 分" in room.text


async def test_bad_input_is_refused_clearly(bot: Bot) -> None:
    await bot.say("大家早上好", who="王阿姨", group="兰亭2号楼邻里群")
    await bot.say("大家好", who="李叔", group="兰亭2号楼邻里群")
    cases = {
        "加分 @王阿姨 扫雪 1次": "没有「扫雪」这个积分项目",
        "加分 @王阿姨 调解矛盾纠纷 -2次": "不能是负数",
        "加分 @王阿姨 志愿服务 200小时": "一次最多记 8小时",
        "加分 @王阿姨 飞线充电": "请用「扣分」",
        "加分 @没这个人 志愿服务 1小时": "没有找到「没这个人」",
    }
    for text, says in cases.items():
        [reply] = await bot.private(text, who="王敏")
        assert says in reply.text, (text, reply.text)
    [refused] = await bot.say(
        "加分 @王阿姨 志愿服务 1小时", who="李叔", group="兰亭2号楼邻里群", mentions=("王阿姨",)
    )
    assert "需要楼栋党小组长身份" in refused.text
    [leader] = await bot.private("加分 @王阿姨 志愿服务 1小时", who="王国强")
    assert "只能由" in leader.text
    [other] = await bot.say(
        "我的积分 @王阿姨", who="李叔", group="兰亭2号楼邻里群", mentions=("王阿姨",)
    )
    assert "只能查询自己的" in other.text
    [other] = await bot.private("查积分 王阿姨", who="李叔")
    assert "只能查询自己的" in other.text
    [staff_may] = await bot.private("查积分 王阿姨", who="王敏")
    assert "王阿姨的积分" in staff_may.text
    mine = await bot.say("我的积分", who="李叔", group="兰亭2号楼邻里群")
    assert {s.to or s.group for s in mine} == {"李叔", "兰亭2号楼邻里群"}
    assert all("积分：" not in s.text for s in mine if s.group)  # nothing personal in the group
    [deduct_in_group] = await bot.say("扣分 @李叔 飞线充电", who="王敏", group="兰亭2号楼邻里群")
    assert "请私聊我" in deduct_in_group.text
    assert balance(bot, "王阿姨") == 0 and balance(bot, "李叔") == 0


async def test_month_boundary_in_shanghai_time(bot: Bot) -> None:
    await bot.say("大家早上好", who="王阿姨", group="兰亭2号楼邻里群")
    await at(bot, "2026-11-30T23:59:00+08:00")
    for _ in range(3):
        await bot.private("加分 @王阿姨 志愿服务 8小时", who="王敏")  # 16 + 16 + 8 (cap 40)
    await at(bot, "2026-12-01T00:00:00+08:00")  # UTC is still November 30th
    december, *_ = await bot.private("加分 @王阿姨 志愿服务 8小时", who="王敏")
    assert "+16 分" in december.text and "上限" not in december.text  # a fresh month's cap
    [statement] = await bot.private("我的积分", who="王阿姨")
    assert "本月 +16 分" in statement.text

    posted = await at(bot, "2026-12-01T09:00:00+08:00")
    notices = {s.group: s.text for s in posted if "积分公示" in s.text}  # type: ignore[attr-defined]
    assert "【积分公示】2026年11月" in notices["兰亭2号楼邻里群"]
    assert "+40 分" in notices["兰亭2号楼邻里群"]  # November only: not the 16 of December
    assert "王**" in notices["兰亭2号楼邻里群"]  # masked until she chooses otherwise
    assert "锦绣家园业主群" not in notices  # nothing happened there: silence
    # A second tick, and a restarted process, post nothing more.
    assert [s for s in await at(bot, "2026-12-01T09:01:00+08:00") if "积分公示" in s.text] == []  # type: ignore[attr-defined]
    now = datetime.fromisoformat("2026-12-01T10:00:00+08:00")
    tz = bot.linli.profile.tz
    assert publicity.post_monthly(bot.linli.uow_factory, POLICY, "default", now, tz) == 0


async def test_a_resident_chooses_how_the_publicity_names_them(bot: Bot) -> None:
    await bot.say("大家早上好", who="王阿姨", group="兰亭2号楼邻里群")
    await bot.private("加分 @王阿姨 邻里互助", who="王敏")
    [chosen] = await bot.private("公示名 昵称", who="王阿姨")
    assert "「王阿姨」" in chosen.text
    with bot.linli.uow_factory() as uow:
        estate = uow.estates.by_key("lanting")
        assert estate is not None and estate.id is not None
        notice = publicity.estate_notice(uow, POLICY, estate.id, "2026-11", bot.linli.profile.tz)
    assert [c.name for c in notice.top] == ["王阿姨"]
    [preview] = await bot.private("积分公示 2026-11", who="刘建华")
    assert "预览" in preview.text and "王阿姨" in preview.text


def test_the_last_item_goes_to_exactly_one_of_racing_redemptions(bot: Bot) -> None:
    now = bot.clock.now()
    tz = bot.linli.profile.tz
    with bot.linli.uow_factory() as uow:
        people = []
        for n in range(8):
            p = uow.people.add(Person(wechat_id=f"race{n}", display_name=f"居民{n}", estate_id=1))
            points.award(
                uow, POLICY, person=p, rule_name="邻里互助", now=now, tz=tz, actor_label="t"
            )
            people.append(p.id)
        item = market.add_item(uow, name="免费理发", price=12, stock=1, now=now, merchant="张记")
        uow.commit()
        item_id = item.id
    results = _race(bot, [(pid, item_id) for pid in people])
    assert results.count("ok") == 1 and results.count("refused") == 7, results
    with bot.linli.uow_factory() as uow:
        item = uow.market.item(item_id or 0)
        assert item is not None and item.stock == 0
        assert len(uow.market.redemptions()) == 1


def test_one_person_cannot_overspend_by_racing(bot: Bot) -> None:
    now = bot.clock.now()
    tz = bot.linli.profile.tz
    with bot.linli.uow_factory() as uow:
        p = uow.people.add(Person(wechat_id="spender", display_name="花钱的人", estate_id=1))
        points.award(uow, POLICY, person=p, rule_name="邻里互助", now=now, tz=tz, actor_label="t")
        items = [
            market.add_item(uow, name=f"物品{n}", price=13, stock=5, now=now).id for n in range(6)
        ]
        uow.commit()
        pid = p.id
    assert balance(bot, "花钱的人") == 13
    results = _race(bot, [(pid, item) for item in items])
    assert results.count("ok") == 1, results
    assert balance(bot, "花钱的人") == 0  # never negative


def _race(bot: Bot, jobs: list[tuple[int | None, int | None]]) -> list[str]:
    barrier = threading.Barrier(len(jobs))
    results: list[str] = []
    lock = threading.Lock()

    def run(person_id: int | None, item_id: int | None) -> None:
        barrier.wait()
        with bot.linli.uow_factory() as uow:
            who = uow.people.get(person_id or 0)
            item = uow.market.item(item_id or 0)
            assert who is not None and item is not None
            try:
                market.redeem(uow, person=who, item=item, now=bot.clock.now(), actor_label="t")
                uow.commit()
                outcome = "ok"
            except RedeemRefused:
                outcome = "refused"
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


async def test_redemption_by_chat_with_receipt(bot: Bot) -> None:
    await bot.say("大家早上好", who="王阿姨", group="兰亭2号楼邻里群")
    await bot.private("上架 免费理发 30积分 1份 张记理发店", who="王敏")
    [short] = await bot.private("兑换 @王阿姨 免费理发", who="王敏")
    assert "还差" in short.text  # 0 points: refused, nothing taken
    await bot.private("加分 @王阿姨 调解矛盾纠纷", who="王敏")
    await bot.private("加分 @王阿姨 志愿服务 8小时", who="王敏")  # 10 + 5 + 16 = 31
    done = await bot.private("兑换 @王阿姨 免费理发", who="王敏")
    [receipt] = [s for s in done if s.to == "王阿姨"]
    assert (
        "兑换凭证" in receipt.text
        and "张记理发店" in receipt.text
        and "剩余积分：1" in receipt.text
    )
    [sold_out] = await bot.private("兑换 @王阿姨 免费理发", who="王敏")
    assert "兑换完了" in sold_out.text
    [resident] = await bot.private("兑换 @王阿姨 免费理发", who="王阿姨")
    assert "社区工作人员身份" in resident.text
    assert balance(bot, "王阿姨") == 1


async def test_automatic_awards_hazard_reports_and_attendance(bot: Bot) -> None:
    await bot.say("3号楼楼道里有人飞线充电 太危险了", who="张阿姨")
    await at(bot, "2026-11-23T09:01:00+08:00")
    await at(bot, "2026-11-23T09:02:00+08:00")  # a second sweep books nothing more
    with bot.linli.uow_factory() as uow:
        rows = uow.points_reports.entries(person_id=person(bot, "张阿姨").id)
        hazard = [e for e in rows if e.rule == "排查安全隐患"]
        assert len(hazard) == 1 and hazard[0].case_id == 1 and hazard[0].points == 3

    created = await bot.private(
        "新活动\n标题：免费测血压\n类型：健康保健\n地点：党群服务站\n"
        "时间：2026-12-05 09:00-11:00\n名额：5\n对象：兰亭小区\n积分：5",
        who="王敏",
    )
    assert created[0].text.startswith("已创建活动"), created[0].text
    await at(bot, "2026-12-05T09:10:00+08:00")
    await bot.say("签到 1 @张阿姨", who="刘建华", mentions=("张阿姨",))
    await at(bot, "2026-12-05T09:11:00+08:00")
    await at(bot, "2026-12-05T09:12:00+08:00")
    with bot.linli.uow_factory() as uow:
        zhang = person(bot, "张阿姨")
        attended = [e for e in uow.points_reports.entries(person_id=zhang.id) if e.activity_id == 1]
        assert [(e.rule, e.points) for e in attended] == [("参加活动", 5)]
        signup = uow.activities.signup(1, zhang.id or 0)
        assert signup is not None and signup.points_awarded_at is not None


def test_export_writes_the_ledger_and_the_publicity(bot: Bot, tmp_path: Path) -> None:
    now = bot.clock.now()
    tz = bot.linli.profile.tz
    with bot.linli.uow_factory() as uow:
        p = uow.people.add(
            Person(wechat_id="x1", display_name="王阿姨", real_name="王秀兰", estate_id=1)
        )
        points.award(
            uow,
            POLICY,
            person=p,
            rule_name="志愿服务",
            units=3,
            now=now,
            tz=tz,
            actor_label="wangmin",
        )
        uow.commit()
        path = save(ledger_workbook(uow, POLICY, tz, month="2026-11"), tmp_path / "x.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["积分台账", "月度公示", "楼栋汇总"]
    ledger = list(book["积分台账"].iter_rows(values_only=True))
    assert ledger[0][:6] == ("编号", "时间", "小区", "楼栋", "居民", "项目")
    assert [r[5] for r in ledger[1:]] == ["基础积分", "志愿服务"]
    assert ledger[2][4] == "王秀兰（王阿姨）" and ledger[2][8] == 6
    top = list(book["月度公示"].iter_rows(values_only=True))
    assert top[1][1:4] == ("兰亭小区", 1, "王**")
    assert RuleKind.POSITIVE.label == "加分"
    assert book["积分台账"].freeze_panes == "A2"
    # The export's one-pass 公示 of every 小区 is each 小区's own 公示, wishes included.
    with bot.linli.uow_factory() as uow:
        estates = [e.id for e in uow.estates.all() if e.id is not None]
        assert len(estates) > 1
        each = [publicity.estate_notice(uow, POLICY, e, "2026-11", tz) for e in estates]
        assert publicity.estate_notices(uow, POLICY, "2026-11", tz) == each
        assert publicity.estate_notices(uow, POLICY, "2026-11", tz, estates[0]) == each[:1]
        assert each[0].top and each[0].buildings


def test_the_points_scenario_replays() -> None:
    out = lines(replay(SCENARIOS / "points_ledger.jsonl"))
    texts = [str(o["text"]) for o in out]
    assert any("实际记 +4 分" in t for t in texts)  # the cap
    assert any("冲正记录 #6" in t for t in texts)  # the correction
    assert any("兑换凭证" in t for t in texts)
    assert any("只能查询自己的" in t for t in texts)
    assert any("没有「扫雪」这个积分项目" in t for t in texts)
    assert sum("兑换完了" in t for t in texts) == 1


async def test_ones_own_name_is_not_masked_to_oneself(bot: Bot) -> None:
    await bot.say("大家早上好", who="王阿姨", group="兰亭2号楼邻里群")
    [real] = await bot.private("公示名 实名", who="王阿姨")  # not on the roster: no real name
    assert "花名册里还没有您的真实姓名" in real.text and "登记" in real.text
    [member] = await bot.private("公示名 实名", who="孙志明")  # on the roster
    assert "您显示为「孙志明」（实名）" in member.text and "*" not in member.text
    [hidden] = await bot.private("公示名 匿名", who="孙志明")
    assert "「孙**」" in hidden.text and "孙志明" in hidden.text
    [asked] = await bot.private("公示名", who="孙志明")
    assert "孙志明" in asked.text

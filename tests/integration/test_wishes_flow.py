"""微心愿 through the whole bot on SQLite and PostgreSQL: post, consent, wall, claim (sharing
认领 with cases), fulfil with points, the 3-day re-offer and the 7-day report."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from bot.domain.wishes import WishStatus
from tests.conftest import Bot
from tests.integration.test_replay_cli import SCENARIOS, lines, replay

PHONE = "13812345678"
WISH = f"#微心愿 想请人帮忙把冬天的被子晒一晒，我腿脚不便，住502，电话{PHONE}"


async def tick(bot: Bot, by: timedelta) -> list[object]:
    bot.clock.advance(by)
    await bot.linli.runtime.tick()
    await bot.linli.runtime.deliver_pending()
    return bot.new()  # type: ignore[return-value]


async def test_a_wish_from_post_to_fulfilled(bot: Bot) -> None:
    posted = await bot.say(WISH, who="张阿姨")
    by_place = {s.group or f"private:{s.to}": s for s in posted}
    ack = by_place["兰亭3号楼邻里群"]
    assert "W0001" in ack.text and "被子" not in ack.text and PHONE not in ack.text
    assert "公开 W0001" in by_place["private:张阿姨"].text
    # The 3号楼 党小组 hears of it privately, masked.
    for member in ("赵老师", "孙志明"):
        notice = by_place[f"private:{member}"].text
        assert "认领 W0001" in notice and PHONE not in notice and "138****5678" in notice
        assert "502" not in notice
    assert set(by_place) == {
        "兰亭3号楼邻里群",
        "private:张阿姨",
        "private:赵老师",
        "private:孙志明",
    }

    # Not public yet: a resident's 心愿墙 is empty.
    [wall] = await bot.say("心愿墙", who="李叔")
    assert "暂时没有" in wall.text

    shown = await bot.private("公开 W0001", who="张阿姨")
    [group_post] = [s for s in shown if s.group == "兰亭3号楼邻里群"]
    assert "W0001" in group_post.text and PHONE not in group_post.text
    [wall] = await bot.say("心愿墙", who="李叔")
    assert "W0001" in wall.text and "张阿姨" not in wall.text and PHONE not in wall.text

    refused = await bot.say("认领 W0001", who="李叔")
    assert "党员" in refused[0].text

    claimed = await bot.say("认领 W0001", who="孙志明")
    places = {s.group or f"private:{s.to}": s.text for s in claimed}
    assert "认领成功" in places["兰亭3号楼邻里群"] and PHONE not in places["兰亭3号楼邻里群"]
    assert PHONE in places["private:孙志明"] and "张阿姨" in places["private:孙志明"]
    assert "孙志明" in places["private:张阿姨"]
    [late] = await bot.say("接单 W0001", who="赵老师")
    assert "已由 孙志明 认领" in late.text

    [not_yours] = await bot.say("已实现 W0001", who="李叔")
    assert "心愿人本人" in not_yours.text
    done = await bot.say("已实现 W0001", who="张阿姨")
    texts = {s.group or f"private:{s.to}": s.text for s in done}
    assert "已实现" in texts["兰亭3号楼邻里群"] and "孙志明" in texts["兰亭3号楼邻里群"]
    assert "+5 积分" in texts["private:孙志明"]

    with bot.linli.uow_factory() as uow:
        wish = uow.wishes.get(1)
        assert wish is not None and wish.status is WishStatus.FULFILLED
        sun = uow.people.by_display_name("孙志明")[0]
        assert sun.id is not None
        assert uow.points.balance(sun.id) == 15  # 10 基础积分 + 5
        [award] = [e for e in uow.points.recent(sun.id) if e.wish_id == 1]
        assert award.rule == "认领并实现微心愿" and award.key == "wish:1"
    # Confirming twice books nothing more.
    [again] = await bot.say("已实现 W0001", who="张阿姨")
    assert "已经确认实现" in again.text


async def test_an_intent_wish_is_private_until_consent(bot: Bot) -> None:
    [ack, *_] = await bot.say("我想请个人帮我把阳台上的花盆搬下来 太重了", who="张阿姨")
    assert "W0001" in ack.text
    [wall] = await bot.say("心愿墙", who="李叔")
    assert "W0001" not in wall.text
    [private_wall] = await bot.private("心愿墙", who="孙志明")
    assert "W0001" in private_wall.text and "未公开" in private_wall.text
    [party_wall] = await bot.say("心愿墙", who="赵老师", group="兰亭小区党员群")
    assert "W0001" in party_wall.text


async def test_staff_confirm_on_behalf_and_requester_withdraws(bot: Bot) -> None:
    await bot.say("心愿 想找人教我用智能手机视频通话", who="钱奶奶", group="兰亭1号楼邻里群")
    await bot.say("心愿 想借一台轮椅用两周", who="钱奶奶", group="兰亭1号楼邻里群")
    await bot.say("认领 W0001", who="郑晓东", group="兰亭1号楼邻里群")
    done = await bot.private("已实现 W0001", who="王敏")
    assert any(s.to == "钱奶奶" and "代为确认" in s.text for s in done)
    [gone] = await bot.private("撤回心愿 W0002", who="钱奶奶")
    assert "已撤回" in gone.text
    [no] = await bot.say("认领 W0002", who="郑晓东", group="兰亭1号楼邻里群")
    assert "已被撤回" in no.text


async def test_unclaimed_wish_is_reoffered_then_reported_once(bot: Bot) -> None:
    await bot.say("心愿 想找人教我用智能手机视频通话", who="钱奶奶", group="兰亭1号楼邻里群")
    assert await tick(bot, timedelta(days=2, hours=23)) == []
    reoffers = await tick(bot, timedelta(hours=1))
    assert {s.to for s in reoffers} == {"陈秀英", "郑晓东"}  # type: ignore[attr-defined]
    assert all("再次征集" in s.text for s in reoffers)  # type: ignore[attr-defined]
    assert await tick(bot, timedelta(hours=1)) == []
    reports = await tick(bot, timedelta(days=4))
    [report] = [s for s in reports if "无人认领" in s.text]  # type: ignore[attr-defined]
    assert report.to == "刘建华"  # type: ignore[attr-defined]
    assert [s for s in await tick(bot, timedelta(days=3)) if "心愿" in s.text] == []  # type: ignore[attr-defined]


async def test_one_claim_command_for_cases_and_wishes(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了", who="李叔")
    await bot.say("心愿 想请人帮忙晒被子", who="张阿姨")
    [case_claim, *_] = await bot.say("认领 E0001", who="孙志明")
    assert "诉求" in case_claim.text and "认领成功" in case_claim.text
    [wish_claim, *_] = await bot.say("认领 W0001", who="孙志明")
    assert "微心愿 W0001" in wish_claim.text and "认领成功" in wish_claim.text
    [missing] = await bot.say("认领 W0099", who="孙志明")
    assert "没有找到微心愿 W0099" in missing.text


def test_the_wish_scenario_replays() -> None:
    out = lines(replay(SCENARIOS / "wishes_flow.jsonl"))
    public = [o for o in out if o["group"] is not None]
    assert all(PHONE not in str(o["text"]) for o in public)
    assert any("认领成功：微心愿 W0001" in str(o["text"]) for o in out)
    assert any(o["to"] == "刘建华" and "无人认领" in str(o["text"]) for o in out)
    assert any("【积分公示】2026年11月" in str(o["text"]) for o in public)


async def test_an_eleventh_waiting_wish_is_refused_and_the_message_kept(bot: Bot) -> None:
    """Ten open wishes per person at most (hardening 2): the eleventh is answered in plain
    words and registers nothing, but the message itself is stored; once one comes true
    (or is withdrawn) there is room again."""
    for i in range(10):
        posted = await bot.private(f"心愿 想请人帮忙把第{i + 1}床被子晒一晒", who="张阿姨")
        assert any(f"W{i + 1:04d}" in s.text for s in posted), [s.text for s in posted]
        bot.clock.advance(timedelta(minutes=5))  # a human pace: the reply budget is not hit
    [refused] = await bot.private("心愿 想请人帮忙修一下收音机", who="张阿姨")
    assert "您已有10个微心愿" in refused.text and "实现后再提" in refused.text
    assert "W0011" not in refused.text
    with bot.linli.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM wishes")).scalar_one() == 10
        stored = conn.execute(
            text("SELECT count(*) FROM messages WHERE text LIKE :t"), {"t": "%收音机%"}
        ).scalar_one()
    assert stored == 1  # what she said is kept, only no wish is opened

    # Someone else is not held back by her ten.
    other = await bot.private("心愿 想请人帮忙换个灯泡", who="王奶奶")
    assert any("W0011" in s.text for s in other)

    await bot.private("撤回心愿 W0003", who="张阿姨")
    again = await bot.private("心愿 想请人帮忙修一下收音机", who="张阿姨")
    assert any("W0012" in s.text for s in again), [s.text for s in again]

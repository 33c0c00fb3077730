"""帮办代办 through the whole bot on SQLite and PostgreSQL: ask, confirm, 接单 (and its race),
进展, 办结 with hours and points, rating, the ladder on the service's own limit, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import timedelta

from bot.domain.cases import Rating
from bot.domain.helpdesk import EventKind, HelpRequest, Status
from bot.services.helpdesk import requests
from bot.services.helpdesk.catalog import catalog_from_config
from bot.services.helpdesk.stats import month_report
from tests.conftest import DEMO_CONFIG, ROOT, Bot

GROUP = "兰亭3号楼邻里群"


def places(sent: list[object]) -> dict[str, str]:
    out: dict[str, str] = {}
    for s in sent:
        key = s.group or f"private:{s.to}"  # type: ignore[attr-defined]
        out[key] = (out.get(key, "") + "\n" + s.text).strip()  # type: ignore[attr-defined]
    return out


def load(bot: Bot, request_id: int = 1) -> HelpRequest:
    with bot.linli.uow_factory() as uow:
        found = uow.helpdesk.get(request_id)
        assert found is not None
        return found


async def tick(bot: Bot, by: timedelta) -> list[object]:
    bot.clock.advance(by)
    await bot.linli.runtime.tick()
    await bot.linli.runtime.deliver_pending()
    return bot.new()  # type: ignore[return-value]


async def confirmed(bot: Bot, ask: str = "代办 代缴水电费", who: str = "张阿姨") -> None:
    await bot.say(ask, who=who)
    await bot.private("地址 3号楼2单元502 明天上午", who=who)


async def test_from_request_to_rating(bot: Bot) -> None:
    asked = places(await bot.say("代办 代缴水电费", who="张阿姨"))
    assert set(asked) == {GROUP, "private:张阿姨"}  # nobody is sent before she confirms
    assert "H0001" in asked["private:张阿姨"] and "地址" in asked["private:张阿姨"]
    assert "502" not in asked[GROUP]
    assert load(bot).status is Status.DRAFT

    sent = places(await bot.private("地址 3号楼2单元502 明天上午", who="张阿姨"))
    # Offered privately to the 3号楼 team only, with no address.
    assert set(sent) == {"private:张阿姨", "private:孙志明"}
    assert "接单 H0001" in sent["private:孙志明"] and "502" not in sent["private:孙志明"]
    request = load(bot)
    assert request.status is Status.OPEN
    assert (request.address, request.wanted) == ("3号楼2单元502", "明天上午")

    [group_ack, *private] = await bot.say("接单 H0001", who="孙志明")
    assert group_ack.group == GROUP and "502" not in group_ack.text
    details = places(private)
    assert "3号楼2单元502" in details["private:孙志明"]  # personal details: the taker only
    assert "孙志明" in details["private:张阿姨"]
    [late] = await bot.say("接单 H0001", who="吴师傅")
    assert "已由 孙志明 接单" in late.text

    await bot.private("进展 H0001 已到营业厅", who="孙志明")
    bot.clock.advance(timedelta(hours=2))
    done = places(await bot.private("办结 H0001 1.5小时 水电费都交好了", who="孙志明"))
    assert "+3 积分" in done["private:孙志明"] and "满意 H0001" in done["private:张阿姨"]
    request = load(bot)
    assert request.status is Status.DONE and request.hours == 1.5 and request.persons == 1

    [not_hers] = await bot.private("满意 H0001", who="李叔")
    assert "居民本人" in not_hers.text
    assert load(bot).status is Status.DONE
    rated = places(await bot.private("满意", who="张阿姨"))  # bare: the only thing to rate
    assert "谢谢您的评价（满意）" in rated["private:张阿姨"]
    request = load(bot)
    assert request.status is Status.RATED and request.rating is Rating.SATISFIED

    with bot.linli.uow_factory() as uow:
        sun = uow.people.by_display_name("孙志明")[0]
        assert sun.id is not None
        [entry] = [e for e in uow.points.recent(sun.id) if e.rule == "邻里互助"]
        assert entry.points == 3 and entry.key == "helpdesk:1"
        kinds = [e.kind for e in uow.helpdesk.events(1)]
        catalog = catalog_from_config(bot.linli.config)
        report = month_report(uow, catalog, "2026-11", bot.linli.profile.tz)
    assert kinds.count(EventKind.CLAIMED) == 1 and EventKind.RATED in kinds
    assert (report.total.accepted, report.total.done, report.total.persons) == (1, 1, 1)
    assert report.total.hours == 1.5 and report.volunteers == [("孙志明", 1, 1.5)]
    assert [(t.label, t.done) for t in report.by_point] == [("兰亭小区党群服务站帮办代办点", 1)]


async def test_not_listed_and_not_eligible_are_told_kindly(bot: Bot) -> None:
    sent = places(await bot.say("代办 帮我修电视", who="李叔"))
    assert "私信" in sent[GROUP]
    assert "不在帮办代办清单上" in sent["private:李叔"] and "心愿" in sent["private:李叔"]
    assert "0358-8201234" in sent["private:李叔"]  # the 点's phone
    sent = places(await bot.say("帮办 代缴水电费", who="李叔"))  # no 关爱 flag in the roster
    assert "高龄、独居、残疾、行动不便居民" in sent["private:李叔"]
    assert "心愿" in sent["private:李叔"] and "0358-8201234" in sent["private:李叔"]
    # 代取快递 is open to everyone.
    sent = places(await bot.say("代办 取快递", who="李叔"))
    assert "H0001" in sent["private:李叔"]
    with bot.linli.uow_factory() as uow:
        assert [r.service_key for r in uow.helpdesk.find()] == ["parcel"]


async def test_bad_input_changes_nothing(bot: Bot) -> None:
    await confirmed(bot)
    [unknown] = await bot.private("接单 H0099", who="孙志明")
    assert "没有找到帮办 H0099" in unknown.text
    [outsider] = await bot.private("接单 H0001", who="李叔")
    assert "帮办代办队" in outsider.text
    [member_not_team] = await bot.private("接单 H0001", who="赵老师")
    assert "帮办代办队" in member_not_team.text
    [early] = await bot.private("办结 H0001 好了", who="孙志明")
    assert "还没有人接单" in early.text
    assert load(bot).status is Status.OPEN
    await bot.private("接单 H0001", who="孙志明")
    [not_his] = await bot.private("办结 H0001 好了", who="吴师傅")
    assert "不是您接的单" in not_his.text
    [too_early] = await bot.private("满意 H0001", who="张阿姨")
    assert "还没有办结" in too_early.text
    [no_draft] = await bot.private("地址 5号楼", who="李叔")
    assert "没有待确认" in no_draft.text
    assert await bot.say("地址 在哪里", who="李叔") == []  # ordinary talk in a group
    request = load(bot)
    assert request.status is Status.CLAIMED and request.done_at is None and request.rating is None
    # Residents' 认领 of a case still needs a party member (the shared command).
    [resident] = await bot.say("认领 E0001", who="李叔")
    assert "需要党员身份" in resident.text


async def test_cancel_tells_the_taker(bot: Bot) -> None:
    await confirmed(bot)
    await bot.private("接单 H0001", who="孙志明")
    sent = places(await bot.private("取消帮办", who="张阿姨"))
    assert "已取消" in sent["private:张阿姨"] and "不用再去" in sent["private:孙志明"]
    assert load(bot).status is Status.CANCELLED
    [again] = await bot.private("取消帮办 H0001", who="张阿姨")
    assert "不能取消" in again.text


async def test_unclaimed_climbs_the_ladder_on_the_service_limit(bot: Bot) -> None:
    await confirmed(bot, "代办 买药")  # 代购药品: respond_hours = 2
    assert await tick(bot, timedelta(hours=1, minutes=59)) == []
    first = places(await tick(bot, timedelta(minutes=1)))
    # The whole 小区's team is offered it, and the 3号楼 党小组长 is told.
    assert "【帮办代办·再次派单】" in first["private:吴师傅"]
    assert "楼栋党小组长" in first["private:赵老师"] and "502" not in first["private:赵老师"]
    assert "private:刘建华" not in first
    assert await tick(bot, timedelta(minutes=30)) == []  # idempotent between rungs
    second = places(await tick(bot, timedelta(hours=2)))
    assert "支部书记" in second["private:刘建华"]
    third = places(await tick(bot, timedelta(hours=2)))
    assert any("社区党委" in text for text in third.values())
    assert await tick(bot, timedelta(days=1)) == []  # the top of the ladder: no more
    request = load(bot)
    assert request.level == 3 and request.next_due is None
    # Still claimable after the ladder: the first 接单 stops it.
    sent = places(await bot.private("接单 H0001", who="吴师傅"))
    assert "3号楼2单元502" in sent["private:吴师傅"]


async def test_nobody_is_chased_at_night(bot: Bot) -> None:
    bot.clock.advance(timedelta(hours=12, minutes=30))  # Monday 21:30
    await confirmed(bot, "代办 买药")  # 2 hours of service time to be taken
    for _ in range(10):  # 22:30 … 07:30: the ladder waits
        assert await tick(bot, timedelta(hours=1)) == []
    assert await tick(bot, timedelta(hours=1, minutes=29)) == []  # 08:59
    first = places(await tick(bot, timedelta(minutes=1)))  # 09:00: 30 min + 90 min
    assert "楼栋党小组长" in first["private:赵老师"]
    assert load(bot).level == 1


async def test_two_takers_racing_in_two_transactions_one_wins(bot: Bot) -> None:
    await confirmed(bot)
    factory = bot.linli.uow_factory
    catalog = catalog_from_config(bot.linli.config)
    names = ["孙志明", "吴师傅"]
    uows = [factory().__enter__() for _ in names]
    people, found = [], []
    for uow, name in zip(uows, names, strict=True):
        people.append(uow.people.by_display_name(name)[0])
        found.append(uow.helpdesk.get(1))
        assert found[-1].claimer_id is None  # both saw it free
    errors: list[BaseException] = []
    results: dict[str, bool] = {}
    first_claimed = threading.Event()

    def first() -> None:
        results[names[0]] = requests.claim(
            uows[0], catalog, found[0], people[0], bot.clock.now()
        ).won
        first_claimed.set()

    def second() -> None:
        try:
            outcome = requests.claim(uows[1], catalog, found[1], people[1], bot.clock.now())
            uows[1].commit()
            results[names[1]] = outcome.won
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            uows[1].__exit__(None, None, None)

    t1 = threading.Thread(target=first)
    t1.start()
    first_claimed.wait(10)
    t2 = threading.Thread(target=second)
    t2.start()
    uows[0].commit()
    uows[0].__exit__(None, None, None)
    t1.join(10)
    t2.join(30)
    assert not errors, errors
    assert results == {"孙志明": True, "吴师傅": False}
    assert found[1].claimer_id == people[0].id  # the loser sees who has it
    request = load(bot)
    assert request.claimer_id == people[0].id and request.status is Status.CLAIMED
    with factory() as uow:
        assert [e.kind for e in uow.helpdesk.events(1)].count(EventKind.CLAIMED) == 1


async def test_report_counts_items_and_person_times(sqlite_bot: Bot) -> None:
    bot = sqlite_bot
    await confirmed(bot)
    await bot.private("接单 H0001", who="孙志明")
    await bot.private("办结 H0001 2小时 2人 老两口的水电费都交了", who="孙志明")
    await bot.say("代办 取快递", who="李叔")  # a draft: not counted until confirmed
    url = bot.linli.settings.database_url()

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "bot.cli",
                "report",
                "--config",
                str(DEMO_CONFIG),
                "--db",
                url,
                *extra,
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )

    table = run("--month", "2026-11")
    assert table.returncode == 0, table.stderr
    assert (
        "帮办代办 2026-11：受理事项 1 件，办结 1 件，服务 2 人次，志愿服务 2 小时" in table.stdout
    )
    assert "代缴水电燃气费：受理 1 件，办结 1 件，2 人次" in table.stdout
    assert "兰亭小区党群服务站帮办代办点：受理 1 件，2 人次" in table.stdout
    as_json = run("--month", "2026-11", "--helpdesk", "--json")
    data = json.loads(as_json.stdout)
    assert data["total"]["persons"] == 2 and data["volunteers"] == [
        {"name": "孙志明", "done": 1, "hours": 2.0}
    ]
    empty = run("--month", "2026-10", "--helpdesk")
    assert "受理事项 0 件" in empty.stdout
    jinxiu = run("--month", "2026-11", "--estate", "jinxiu")
    assert "兰亭" not in jinxiu.stdout and "本月没有受理或办结的事项" in jinxiu.stdout

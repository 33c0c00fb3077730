"""A finished month's 积分台账 export is made once and kept (issue 15 §4), on SQLite and
PostgreSQL: served again while that month's ledger is unchanged, made again when it changed,
never kept for the month still being written, made by the nightly job, and gone with an
erasure or after its keeping time."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from aiohttp.test_utils import TestClient, TestServer
from openpyxl import load_workbook
from sqlalchemy import select

from bot.console.app import create_app
from bot.domain.community import Person
from bot.services import monthly_exports, points
from bot.services.points_policy import default_policy
from bot.services.privacy import rights
from storage import tables
from tests.conftest import Bot
from tests.integration.test_console_areas import login

NOVEMBER = datetime.fromisoformat("2026-11-24T10:00:00+08:00")
DECEMBER_FIRST = datetime.fromisoformat("2026-12-01T09:00:00+08:00")


def award(bot: Bot, wechat_id: str, name: str, at: datetime, estate_id: int = 1) -> None:
    with bot.linli.uow_factory() as uow:
        person = uow.people.by_wechat_id(wechat_id) or uow.people.add(
            Person(wechat_id=wechat_id, display_name=name, estate_id=estate_id)
        )
        points.award(
            uow,
            default_policy(),
            person=person,
            rule_name="志愿服务",
            now=at,
            tz=bot.linli.profile.tz,
            actor_label="wangmin",
            reason="楼道清扫",
        )
        uow.commit()


def kept(bot: Bot) -> list[tuple[str, str, str]]:
    with bot.linli.uow_factory() as uow:
        f = tables.export_files.c
        rows = uow._session.execute(select(f.kind, f.scope, f.month))  # type: ignore[attr-defined]
        return sorted(tuple(r) for r in rows)


def names_in(body: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(body))["积分台账"]
    rows = sheet.iter_rows(min_row=2, values_only=True)
    return [str(row[4]) for row in rows if row[5] == "志愿服务"]  # not the 建档 base rows


async def fetch(client: TestClient, month: str) -> bytes:
    response = await client.get(f"/points.xlsx?month={month}")
    assert response.status == 200
    return await response.read()


async def test_a_finished_month_is_made_once_and_made_again_when_it_changed(bot: Bot) -> None:
    award(bot, "wxid_li", "李阿姨", NOVEMBER)
    bot.clock.set(DECEMBER_FIRST)
    async with TestClient(TestServer(create_app(bot.linli))) as client:
        await login(client)
        first = await fetch(client, "2026-11")
        assert names_in(first) == ["李阿姨"]
        assert kept(bot) == [("ledger", "all", "2026-11")]
        assert await fetch(client, "2026-11") == first  # the kept file, byte for byte

        # A correction is dated now (December): November's file is still right.
        award(bot, "wxid_zhao", "赵大爷", bot.clock.now())
        assert await fetch(client, "2026-11") == first
        # A row dated inside November (an import, a late booking) makes it again.
        award(bot, "wxid_zhao", "赵大爷", NOVEMBER + timedelta(days=2))
        assert names_in(await fetch(client, "2026-11")) == ["李阿姨", "赵大爷"]
        assert kept(bot) == [("ledger", "all", "2026-11")]

        # The month still being written is made on every request and never kept.
        assert names_in(await fetch(client, "2026-12")) == ["赵大爷"]
        assert kept(bot) == [("ledger", "all", "2026-11")]


async def test_a_secretary_gets_her_own_estates_file_never_the_districts(bot: Bot) -> None:
    award(bot, "wxid_li", "李阿姨", NOVEMBER, estate_id=1)
    award(bot, "wxid_wu", "吴叔叔", NOVEMBER, estate_id=2)
    bot.clock.set(DECEMBER_FIRST)
    async with TestClient(TestServer(create_app(bot.linli))) as client:
        await login(client)
        assert names_in(await fetch(client, "2026-11")) == ["李阿姨", "吴叔叔"]
    async with TestClient(TestServer(create_app(bot.linli))) as client:
        await login(client, "liujianhua")  # 兰亭's secretary
        assert names_in(await fetch(client, "2026-11")) == ["李阿姨"]
    assert kept(bot) == [("ledger", "all", "2026-11"), ("ledger", "estate:1", "2026-11")]


async def test_the_nightly_job_makes_last_months_files_once(bot: Bot) -> None:
    award(bot, "wxid_li", "李阿姨", NOVEMBER)
    linli = bot.linli
    [job] = monthly_exports.make_jobs(linli.uow_factory, default_policy(), linli.profile.tz)
    assert job(datetime.fromisoformat("2026-12-01T03:00:00+08:00")) == 0  # not yet 04:30
    assert kept(bot) == []
    made = job(datetime.fromisoformat("2026-12-01T04:31:00+08:00"))
    with linli.uow_factory() as uow:
        estates = len(uow.estates.all())
    assert made == 1 + estates  # the district's file and each 小区's
    assert job(datetime.fromisoformat("2026-12-01T23:00:00+08:00")) == 0  # once a day
    assert job(datetime.fromisoformat("2026-12-02T04:31:00+08:00")) == 0  # still right


async def test_kept_files_go_with_an_erasure_and_after_their_keeping_time(bot: Bot) -> None:
    award(bot, "wxid_li", "李阿姨", NOVEMBER)
    linli = bot.linli
    policy, tz = default_policy(), linli.profile.tz
    monthly_exports.warm(linli.uow_factory, policy, tz, DECEMBER_FIRST, "2026-11")
    assert ("ledger", "all", "2026-11") in kept(bot)
    with linli.uow_factory() as uow:
        erased = rights.erase(uow, "wxid_li", DECEMBER_FIRST, "admin")
        uow.commit()
    assert erased.counts["export_files"] >= 1 and kept(bot) == []

    award(bot, "wxid_zhao", "赵大爷", NOVEMBER)
    monthly_exports.warm(linli.uow_factory, policy, tz, DECEMBER_FIRST, "2026-11")
    assert kept(bot)
    [job] = monthly_exports.make_jobs(linli.uow_factory, policy, tz)
    later = DECEMBER_FIRST + monthly_exports.KEEP + timedelta(days=1)
    job(later.replace(hour=5))  # drops the old files, then makes the month before `later`'s
    assert ("ledger", "all", "2026-11") not in kept(bot)

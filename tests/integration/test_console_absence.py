"""The absence roster in the console: the 名册 shows who is away until when, and a 书记 of that
小区 (not another's, not staff) ends it there (「销假」), as the member could in chat."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.console.app import create_app
from tests.conftest import Bot
from tests.integration.test_console_areas import audit_actions, csrf, login, person_id

AWAY = "刘书记 我去外地出差 今天到周五都不在小区 楼里的事麻烦您先帮看着"


@pytest.fixture
async def client(sqlite_bot: Bot) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(sqlite_bot.linli))) as client:
        yield client


def away_on(bot: Bot, wechat_id: str, day: date) -> bool:
    pid = person_id(bot, wechat_id)
    with bot.linli.uow_factory() as uow:
        return pid in uow.absences.away_on([pid], day)


async def test_the_roster_shows_an_absence_and_a_secretary_ends_it(
    client: TestClient, sqlite_bot: Bot
) -> None:
    said = await sqlite_bot.private(AWAY, who="周海燕")
    assert any("已登记您 11月23日—11月27日 外出" in s.text for s in said)
    zhou = person_id(sqlite_bot, "wxid_zhouhaiyan")
    await login(client, "liujianhua")
    page = await (await client.get("/roster")).text()
    assert "外出至11月27日" in page and f'action="/roster/{zhou}/back"' in page

    # Staff may read the roster but not end an absence; a 书记 of another 小区 finds nobody.
    forged = await client.post(
        f"/roster/{zhou}/back", data={"csrf_token": "x" * 20}, allow_redirects=False
    )
    assert forged.status == 403
    await login(client, "huangguilan")
    token = await csrf(client, "/roster")
    elsewhere = await client.post(
        f"/roster/{zhou}/back", data={"csrf_token": token}, allow_redirects=False
    )
    assert elsewhere.status == 404
    await login(client, "wangmin")
    token = await csrf(client, "/roster")
    staff = await client.post(
        f"/roster/{zhou}/back", data={"csrf_token": token}, allow_redirects=False
    )
    assert staff.status == 403
    assert away_on(sqlite_bot, "wxid_zhouhaiyan", date(2026, 11, 25))

    await login(client, "liujianhua")
    token = await csrf(client, "/roster")
    done = await client.post(f"/roster/{zhou}/back", data={"csrf_token": token})
    assert done.status == 200
    page = await done.text()
    assert "已为 周海燕 销假" in page and "外出至11月27日" not in page
    assert not away_on(sqlite_bot, "wxid_zhouhaiyan", date(2026, 11, 25))
    assert "absence.end" in audit_actions(sqlite_bot)

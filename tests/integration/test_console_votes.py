"""The console's 投票表决 pages: set a vote up with the electorate previewed, the live tally for
staff, the 备案 export, 异议 answered; a secretary sees her own 小区 only."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer
from openpyxl import load_workbook

from bot.console.app import create_app
from tests.conftest import Bot
from tests.integration.test_console import csrf, login


@pytest.fixture
async def client(sqlite_bot: Bot) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(sqlite_bot.linli))) as client:
        yield client


async def test_set_up_a_vote_watch_the_tally_and_export_the_record(
    client: TestClient, sqlite_bot: Bot
) -> None:
    assert await login(client) == 302
    page = await (await client.get("/votes")).text()
    # The electorate previewed: 兰亭3号楼 has 6 electors (孙志明's two flats are one), 637 m².
    assert re.search(r"兰亭小区3号楼</td><td>6</td><td>637.00</td>", page), page
    token = await csrf(client, "/votes")
    scope = re.search(r'<option value="(\d+:\d+)">兰亭小区3号楼', page)
    assert scope
    closes = (sqlite_bot.clock.now() + timedelta(days=3)).astimezone(sqlite_bot.linli.profile.tz)
    response = await client.post(
        "/votes",
        data={
            "csrf_token": token,
            "title": "3号楼加装电梯",
            "scope": scope[1],
            "closes_day": closes.date().isoformat(),
            "closes_time": "20:00",
            "options": "同意 反对 弃权",
            "rule": "art278",
            "unit": "household",
            "secret": "0",
            "min_turnout": "0",
        },
        allow_redirects=False,
    )
    assert response.status == 303 and response.headers["Location"] == "/votes/1"
    await sqlite_bot.linli.runtime.deliver_pending()
    opening = [s for s in sqlite_bot.new() if s.text.startswith("【投票表决】V0001")]
    assert [s.group for s in opening] == ["兰亭3号楼邻里群"]
    await sqlite_bot.private("投票 V0001 1", who="张阿姨")
    await sqlite_bot.private("投票 V0001 反对", who="孙志明")
    detail = await (await client.get("/votes/1")).text()
    assert "实时计票（仅工作人员可见）" in detail
    assert "参与 2 / 6" in detail and "<td>同意</td><td>1</td>" in detail
    # Nothing of the tally went to a group before closing.
    await sqlite_bot.linli.runtime.deliver_pending()
    assert not [s for s in sqlite_bot.new() if s.group and "参与" in s.text]
    export = await client.get("/votes/1/ballots.xlsx")
    assert export.status == 200
    book = load_workbook(io.BytesIO(await export.read()))
    rows = list(book["投票记录"].iter_rows(values_only=True))
    assert rows[1] == ("房屋", "投票人", "选项", "投票时间")
    assert rows[2][:3] == ("3号楼1单元101", "张阿姨", "同意") or rows[3][:3] == (
        "3号楼1单元101",
        "张阿姨",
        "同意",
    )
    # Bad input is refused with a clear answer and creates nothing.
    bad = await client.post(
        "/votes",
        data={"csrf_token": token, "title": "x", "scope": scope[1], "closes_day": "2020-01-01"},
    )
    assert "截止时间要晚于" in await bad.text()
    assert (await client.get("/votes/2")).status == 404


async def test_objections_are_answered_on_the_console(client: TestClient, sqlite_bot: Bot) -> None:
    assert await login(client) == 302
    page = await (await client.get("/votes")).text()
    token = await csrf(client, "/votes")
    scope = re.search(r'<option value="(\d+:\d+)">兰亭小区3号楼', page)
    assert scope
    closes = (sqlite_bot.clock.now() + timedelta(days=1)).astimezone(sqlite_bot.linli.profile.tz)
    await client.post(
        "/votes",
        data={
            "csrf_token": token,
            "title": "更换门禁",
            "scope": scope[1],
            "closes_day": closes.date().isoformat(),
            "closes_time": "20:00",
            "rule": "simple",
        },
    )
    await sqlite_bot.private("投票 V0001 1", who="张阿姨")
    sqlite_bot.clock.advance(timedelta(days=2))
    await sqlite_bot.linli.runtime.tick()
    await sqlite_bot.private("异议 V0001 通知贴晚了", who="李叔")
    assert await login(client) == 302  # two days on, the session has expired
    detail = await (await client.get("/votes/1")).text()
    assert "通知贴晚了" in detail and "公示期" in detail
    form = re.search(r'action="(/votes/1/objections/\d+)"', detail)
    assert form
    token = await csrf(client, "/votes/1")
    await client.post(form[1], data={"csrf_token": token, "resolution": "已核实，不影响结果"})
    detail = await (await client.get("/votes/1")).text()
    assert "处理：已核实，不影响结果" in detail


async def test_a_secretary_sees_her_own_estate_only(client: TestClient) -> None:
    assert await login(client, "huangguilan") == 302
    page = await (await client.get("/votes")).text()
    assert "锦绣家园" in page and "兰亭小区3号楼" not in page

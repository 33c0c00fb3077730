"""The roster's 关爱类别 and 帮办代办队 columns (issue 14) on SQLite and PostgreSQL: imported,
exported, and used — a flagged resident may ask, a volunteer on the team may take it."""

from __future__ import annotations

import io

from aiohttp import FormData
from aiohttp.test_utils import TestClient, TestServer
from openpyxl import load_workbook

from bot.console.app import create_app
from bot.domain.helpdesk import FLAGS_KEY, TEAM_KEY
from tests.conftest import Bot
from tests.integration.test_console_areas import csrf, login
from tests.integration.test_roster_scope import person

HEADER = "姓名,小区,楼栋,身份,党员类别,微信群昵称,微信号,关爱类别,帮办代办队"


async def upload(bot: Bot, *lines: str) -> str:
    async with TestClient(TestServer(create_app(bot.linli))) as client:
        await login(client, "liujianhua")
        form = FormData()
        form.add_field("csrf_token", await csrf(client, "/roster"))
        data = "\n".join((HEADER, *lines)).encode()
        form.add_field("file", io.BytesIO(data), filename="名册.csv")
        response = await client.post("/roster/import", data=form)
        assert response.status == 200
        return await response.text()


async def test_flags_and_team_import_export_and_use(bot: Bot) -> None:
    for name in ("周大爷", "小林"):  # known to the bot, not yet in the roster
        await bot.say("大家好", who=name)
    page = await upload(
        bot,
        "周大爷,兰亭小区,3号楼,居民,,周大爷,,高龄、独居,",
        "小林,兰亭小区,3号楼,志愿者,,小林,,,是",
        "错行,兰亭小区,3号楼,居民,,错行,,老人,",
        "错行二,兰亭小区,3号楼,志愿者,,错行二,,,可以",
    )
    assert "关爱类别「老人」不认识" in page and "帮办代办队「可以」应填 是 或 否" in page
    zhou, _, _ = person(bot, "sim:周大爷")
    lin, _, _ = person(bot, "sim:小林")
    assert zhou.extra[FLAGS_KEY] == "高龄、独居" and TEAM_KEY not in zhou.extra
    assert lin.extra[TEAM_KEY] == "是"

    async with TestClient(TestServer(create_app(bot.linli))) as client:
        await login(client, "liujianhua")
        response = await client.get("/roster.xlsx")
        book = load_workbook(io.BytesIO(await response.read()))
        rows = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
        template = await client.get("/roster/template.xlsx")
        header = [
            c.value for c in load_workbook(io.BytesIO(await template.read())).worksheets[0][1]
        ]
    assert rows[0][-2:] == ["关爱类别", "帮办代办队"]
    [zhou_row] = [r for r in rows if r[0] == "周大爷"]
    [lin_row] = [r for r in rows if r[0] == "小林"]
    assert zhou_row[-2] == "高龄、独居" and not zhou_row[-1] and lin_row[-1] == "是"
    assert header[-2:] == ["关爱类别", "帮办代办队"]

    # The flagged resident may ask for 代缴水电燃气费; 小林 (a volunteer, not a party member)
    # is on the 3号楼 team, hears of it and takes it.
    await bot.say("代办 交电费", who="周大爷")
    sent = await bot.private("地址 3号楼1单元101 周六上午", who="周大爷")
    assert any(s.to == "小林" and "接单 H0001" in s.text for s in sent)
    taken = await bot.private("接单 H0001", who="小林")
    assert any(s.to == "小林" and "3号楼1单元101" in s.text for s in taken)

    # A later sheet without the columns leaves the flags alone; with 否 it takes them off.
    await upload(bot, "小林,兰亭小区,3号楼,志愿者,,小林,,,否")
    assert TEAM_KEY not in person(bot, "sim:小林")[0].extra
    assert person(bot, "sim:周大爷")[0].extra[FLAGS_KEY] == "高龄、独居"

"""个人信息 on the console: admins only; purge, export and erase, each audited."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from urllib.parse import quote

import pytest
from aiohttp.test_utils import TestClient, TestServer
from openpyxl import load_workbook

from bot.console.app import create_app
from bot.console.base import XLSX
from tests.conftest import Bot
from tests.integration.test_console import csrf, login


@pytest.fixture
async def client(bot: Bot) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(bot.linli))) as client:
        yield client


async def test_only_an_admin_sees_the_page_or_may_act(client: TestClient) -> None:
    assert await login(client, "wangmin") == 302  # staff
    assert (await client.get("/privacy")).status == 403
    token = await csrf(client, "/")
    assert "个人信息" not in await (await client.get("/")).text()
    for path in ("/privacy/purge", "/privacy/export", "/privacy/erase"):
        response = await client.post(path, data={"csrf_token": token, "wxid": "wxid_x"})
        assert response.status == 403, path
    response = await client.post(
        "/privacy/export", data={"csrf_token": token, "wxid": "wxid_x", "format": "xlsx"}
    )
    assert response.status == 403


async def test_admin_previews_and_runs_the_purge(client: TestClient, bot: Bot) -> None:
    await bot.say("大家早上好")
    bot.clock.advance(timedelta(days=200))
    assert await login(client, "admin") == 302
    page = await (await client.get("/privacy")).text()
    assert "180 天" in page and "1 条" in page
    token = await csrf(client, "/privacy")
    response = await client.post("/privacy/purge", data={"csrf_token": token})
    assert response.status == 200 and "已清理：群消息 1 条" in await response.text()
    with bot.linli.uow_factory() as uow:
        assert uow.messages.count() == 0
        assert [e.action for e in uow.staff.audit_log()][:1] == ["privacy.purge"]


async def test_admin_exports_then_erases_a_resident(client: TestClient, bot: Bot) -> None:
    from bot.domain.messages import MessageType
    from tests.evidence_files import png

    await bot.say("", who="张阿姨", type=MessageType.IMAGE, media=png())
    await bot.say("3号楼电梯坏了", who="张阿姨")
    media = bot.linli.settings.data_dir / "media"
    assert len([p for p in media.rglob("*") if p.is_file()]) == 1
    wxid = bot.directory.person("张阿姨")
    assert await login(client, "admin") == 302
    token = await csrf(client, "/privacy")

    form = {"csrf_token": token, "wxid": wxid, "format": "json"}
    response = await client.post("/privacy/export", data=form)
    assert response.status == 200 and response.content_type == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    document = json.loads(await response.text())
    assert document["微信号"] == wxid
    said = [m["text"] for m in document["内容"]["您在群里和私聊中发的消息"]]
    assert said[-1] == "3号楼电梯坏了"

    response = await client.post(
        "/privacy/erase", data={"csrf_token": token, "wxid": wxid, "confirm": "wxid_other"}
    )
    assert "再输入一遍" in await response.text()
    with bot.linli.uow_factory() as uow:
        assert uow.people.by_wechat_id(wxid) is not None

    response = await client.post(
        "/privacy/erase", data={"csrf_token": token, "wxid": wxid, "confirm": wxid}
    )
    assert "已删除或匿名化" in await response.text()
    with bot.linli.uow_factory() as uow:
        assert uow.people.by_wechat_id(wxid) is None
        assert uow.messages.count() == 0 and uow.cases.get(1) is not None
        assert uow.evidence.for_case(1) == []
        actions = [e.action for e in uow.staff.audit_log()]
        assert "privacy.export" in actions and "privacy.erase" in actions

    response = await client.post("/privacy/export", data={"csrf_token": token, "wxid": wxid})
    assert "没有找到" in await response.text()
    assert [p for p in media.rglob("*") if p.is_file()] == []  # the photo left the disk (probe9)


async def test_admin_gets_a_readable_excel_file_by_default(client: TestClient, bot: Bot) -> None:
    await bot.say("3号楼电梯坏了", who="张阿姨")
    wxid = bot.directory.person("张阿姨")
    assert await login(client, "admin") == 302
    page = await (await client.get("/privacy")).text()
    assert '<option value="xlsx" selected>' in page and '<option value="json">' in page
    token = await csrf(client, "/privacy")

    response = await client.post("/privacy/export", data={"csrf_token": token, "wxid": wxid})

    assert response.status == 200 and response.content_type == XLSX
    assert quote(f"个人信息-{wxid}.xlsx") in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(await response.read()))
    assert book.sheetnames[:3] == ["说明", "身份信息", "消息"] and "诉求" in book.sheetnames
    header, said = ([c.value for c in row] for row in book["消息"].iter_rows())
    assert said[header.index("内容")] == "3号楼电梯坏了"
    assert said[header.index("时间")] == "2026-11-23 09:00"  # the virtual START, Shanghai time
    guide = [c.value for row in book["说明"].iter_rows() for c in row]
    assert wxid in guide and "admin" in guide
    with bot.linli.uow_factory() as uow:
        exports = [e for e in uow.staff.audit_log() if e.action == "privacy.export"]
        assert [e.actor for e in exports] == ["admin"]

    response = await client.post(
        "/privacy/export", data={"csrf_token": token, "wxid": "wxid_nobody"}
    )
    assert response.status == 200 and "没有找到微信号「wxid_nobody」的记录" in await response.text()

"""个人信息 on the console: admins only; purge, export and erase, each audited."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.console.app import create_app
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
    await bot.say("3号楼电梯坏了", who="张阿姨")
    wxid = bot.directory.person("张阿姨")
    assert await login(client, "admin") == 302
    token = await csrf(client, "/privacy")

    response = await client.post("/privacy/export", data={"csrf_token": token, "wxid": wxid})
    assert response.status == 200
    assert "attachment" in response.headers["Content-Disposition"]
    document = json.loads(await response.text())
    assert document["微信号"] == wxid
    assert [m["text"] for m in document["内容"]["您在群里和私聊中发的消息"]] == ["3号楼电梯坏了"]

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
        actions = [e.action for e in uow.staff.audit_log()]
        assert "privacy.export" in actions and "privacy.erase" in actions

    response = await client.post("/privacy/export", data={"csrf_token": token, "wxid": wxid})
    assert "没有找到" in await response.text()

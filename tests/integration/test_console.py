"""The console over HTTP: login, sessions, CSRF, the case list, groups and the chat simulator."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.console.app import create_app
from bot.console.views_auth import GUARD
from tests.conftest import Bot

PASSWORD = "linli-demo"


@pytest.fixture
async def client(sqlite_bot: Bot) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(sqlite_bot.linli))) as client:
        yield client


async def csrf(client: TestClient, path: str) -> str:
    page = await (await client.get(path)).text()
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, page[:500]
    return match[1]


async def login(client: TestClient, username: str = "wangmin", password: str = PASSWORD) -> int:
    token = await csrf(client, "/login")
    response = await client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
        allow_redirects=False,
    )
    return response.status


async def test_pages_need_login(client: TestClient) -> None:
    response = await client.get("/", allow_redirects=False)
    assert response.status == 302 and response.headers["Location"].startswith("/login")
    assert (await client.get("/simulator/feed")).status == 401


async def test_login_and_case_list(client: TestClient, sqlite_bot: Bot) -> None:
    await sqlite_bot.say("3号楼电梯坏了")
    assert await login(client) == 302
    page = await (await client.get("/")).text()
    assert "E0001" in page and "电梯" in page and "王敏" in page
    detail = await (await client.get("/cases/1")).text()
    assert "3号楼电梯坏了" in detail and "已受理" in detail
    assert (await client.get("/cases/99")).status == 404
    assert (await client.get("/cases/abc")).status == 404


async def test_wrong_passwords_slow_down_but_never_lock_the_account(client: TestClient) -> None:
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    client.server.app[GUARD].sleep = record
    for _ in range(6):
        assert await login(client, password="wrong") == 401
    assert waits == [2.0]
    assert await login(client) == 302


async def test_forged_csrf_token_is_refused(client: TestClient) -> None:
    response = await client.post(
        "/login", data={"username": "wangmin", "password": PASSWORD, "csrf_token": "forged"}
    )
    assert response.status == 403
    assert await login(client) == 302
    response = await client.post(
        "/simulator/say",
        json={"name": "张阿姨", "text": "你好"},
        headers={"X-CSRF-Token": "forged"},
    )
    assert response.status == 403


async def test_secretary_sees_only_their_estate(client: TestClient, sqlite_bot: Bot) -> None:
    await sqlite_bot.say("3号楼电梯坏了")  # 兰亭
    await sqlite_bot.say("2栋电梯坏了", group="锦绣2栋楼栋群", who="李大爷")  # 锦绣
    assert await login(client, "huangguilan") == 302  # 锦绣家园's secretary
    page = await (await client.get("/")).text()
    assert "E0002" in page and "E0001" not in page
    assert (await client.get("/cases/1")).status == 404


async def test_text_is_escaped_everywhere(client: TestClient, sqlite_bot: Bot) -> None:
    await sqlite_bot.say("3号楼电梯坏了<script>alert(1)</script>")
    assert await login(client) == 302
    for path in ("/", "/cases/1"):
        page = await (await client.get(path)).text()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;" in page


async def test_groups_page_lists_unbound_groups(client: TestClient, sqlite_bot: Bot) -> None:
    await sqlite_bot.say("大家好", group="陌生的群")
    assert await login(client) == 302
    page = await (await client.get("/groups")).text()
    assert "未绑定群（1）" in page and "陌生的群" in page


async def test_chat_simulator_round_trip(client: TestClient, sqlite_bot: Bot) -> None:
    assert await login(client) == 302
    token = await csrf(client, "/simulator")
    response = await client.post(
        "/simulator/say",
        json={"group": "兰亭3号楼邻里群", "name": "张阿姨", "text": "3号楼电梯坏了"},
        headers={"X-CSRF-Token": token},
    )
    assert response.status == 200
    await sqlite_bot.linli.runtime.deliver_pending()
    feed = await (await client.get("/simulator/feed?after=0")).json()
    [message] = feed["messages"]
    assert message["group"] == "兰亭3号楼邻里群"
    assert message["text"].startswith("@张阿姨\u2005") and "E0001" in message["text"]
    bad = await client.post(
        "/simulator/say", json={"name": "", "text": ""}, headers={"X-CSRF-Token": token}
    )
    assert bad.status == 400
    junk = await client.post(
        "/simulator/say",
        data="not json",
        headers={"X-CSRF-Token": token, "Content-Type": "application/json"},
    )
    assert junk.status == 400


async def test_logout_ends_the_session(client: TestClient) -> None:
    assert await login(client) == 302
    token = await csrf(client, "/")
    response = await client.post("/logout", data={"csrf_token": token}, allow_redirects=False)
    assert response.status == 302
    assert (await client.get("/", allow_redirects=False)).status == 302

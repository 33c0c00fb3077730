"""Issue 12: the console's sessions, login throttling, headers and admin-only actions.

Tests that touch stored state run on SQLite and PostgreSQL (the `bot` fixture).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from argon2 import PasswordHasher

from bot.console.app import create_app
from bot.services.directory import sync_community
from tests.conftest import Bot

PASSWORD = "linli-demo"


@pytest.fixture
async def client(bot: Bot) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(bot.linli))) as client:
        yield client


async def csrf(client: TestClient, path: str = "/") -> str:
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


def session_cookie(client: TestClient) -> str:
    cookies = {c.key: c.value for c in client.session.cookie_jar}
    return cookies["linli_session"]


async def still_works(client: TestClient, cookie: str, token: str) -> tuple[int, int]:
    """Put a copied cookie back and try a page and a POST with it."""
    client.session.cookie_jar.update_cookies({"linli_session": cookie})
    page = await client.get("/", allow_redirects=False)
    action = await client.post(
        "/simulator/say",
        json={"group": "兰亭3号楼邻里群", "name": "张阿姨", "text": "你好"},
        headers={"X-CSRF-Token": token},
        allow_redirects=False,
    )
    return page.status, action.status


# ---- item 2: sessions end on the server --------------------------------------------------


async def test_a_copied_cookie_stops_working_after_logout(client: TestClient) -> None:
    assert await login(client) == 302
    token = await csrf(client)
    copied = session_cookie(client)
    assert await still_works(client, copied, token) == (200, 200)
    response = await client.post("/logout", data={"csrf_token": token}, allow_redirects=False)
    assert response.status == 302
    page, action = await still_works(client, copied, token)
    assert page == 302 and action == 401


async def test_a_new_password_ends_the_old_sessions(client: TestClient, bot: Bot) -> None:
    assert await login(client) == 302
    token = await csrf(client)
    copied = session_cookie(client)
    staff = [
        s.model_copy(update={"password_hash": PasswordHasher().hash("a-new-password")})
        if s.username == "wangmin"
        else s
        for s in bot.linli.config.staff
    ]
    config = bot.linli.config.model_copy(update={"staff": staff})
    with bot.linli.uow_factory() as uow:  # what the next start does with the edited file
        sync_community(uow, config, bot.linli.settings.account, bot.clock.now())
        uow.commit()
    page, action = await still_works(client, copied, token)
    assert page == 302 and action == 401
    assert await login(client, password="a-new-password") == 302


async def test_an_unchanged_password_keeps_sessions(client: TestClient, bot: Bot) -> None:
    assert await login(client) == 302
    token = await csrf(client)
    with bot.linli.uow_factory() as uow:
        sync_community(uow, bot.linli.config, bot.linli.settings.account, bot.clock.now())
        uow.commit()
    assert await still_works(client, session_cookie(client), token) == (200, 200)

"""What a careless or hostile client may send: the words are kept, the answer is clear.

Found by the probe in /work/reports/probe7.md. Storage cases run on SQLite and PostgreSQL
(the `bot` fixture): PostgreSQL refuses NUL bytes in text, SQLite does not, and both must
keep the same words.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import text

from bot.console.app import create_app
from bot.domain.privacy import Audience, mask_for
from tests.conftest import Bot

PASSWORD = "linli-demo"


@pytest.fixture
async def client(bot: Bot) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(bot.linli))) as client:
        yield client


@pytest.fixture
async def web(sqlite_bot: Bot) -> AsyncIterator[TestClient]:
    """For what never reaches storage: one backend is enough."""
    async with TestClient(TestServer(create_app(sqlite_bot.linli))) as client:
        yield client


async def csrf(client: TestClient, path: str = "/") -> str:
    page = await (await client.get(path)).text()
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, page[:500]
    return match[1]


async def login(client: TestClient, username: str = "wangmin") -> None:
    token = await csrf(client, "/login")
    response = await client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token, "next": "/"},
        allow_redirects=False,
    )
    assert response.status == 302


def stored_texts(bot: Bot) -> list[str]:
    with bot.linli.engine.connect() as conn:
        return [row[0] for row in conn.execute(text("SELECT text FROM messages ORDER BY id"))]


# ---- P7-1: a NUL byte never costs a resident's words -------------------------------------


async def test_a_report_with_a_nul_byte_is_kept_and_accepted(bot: Bot) -> None:
    replies = await bot.say("3号楼门禁坏了\x00打不开", who="李\x00大爷")
    assert any("已受理" in r.text for r in replies), [r.text for r in replies]
    assert stored_texts(bot) == ["3号楼门禁坏了\ufffd打不开"]
    with bot.linli.uow_factory() as uow:
        case = uow.cases.get(1)
        assert case is not None and "\x00" not in case.summary


async def test_console_text_with_a_nul_byte_is_saved_not_a_crash(
    client: TestClient, bot: Bot
) -> None:
    await bot.say("3号楼电梯坏了")
    await login(client)
    token = await csrf(client, "/cases/1")
    response = await client.post(
        "/cases/1/progress",
        data={"csrf_token": token, "text": "已联系\x00维保"},
        allow_redirects=False,
    )
    assert response.status == 303
    page = await (await client.get("/cases/1")).text()
    assert "已联系\ufffd维保" in page


# ---- P7-3: after login, only a path on this site ------------------------------------------


@pytest.mark.parametrize(
    "target",
    ["/\t/evil.example", "/\n/evil.example", "/\\evil.example", "//evil.example", "https://x.y"],
)
async def test_login_never_sends_anyone_off_the_site(web: TestClient, target: str) -> None:
    client = web
    page = await (await client.get("/login", params={"next": target})).text()
    assert 'name="next" value="/"' in page
    token = await csrf(client, "/login")
    response = await client.post(
        "/login",
        data={"username": "wangmin", "password": PASSWORD, "csrf_token": token, "next": target},
        allow_redirects=False,
    )
    assert response.status == 302 and response.headers["Location"] == "/"


async def test_a_filtered_list_survives_the_login(web: TestClient) -> None:
    client = web
    response = await client.get("/?status=open&estate=1", allow_redirects=False)
    page = await (await client.get(response.headers["Location"])).text()
    match = re.search(r'name="next" value="([^"]+)"', page)
    assert match and match[1] == "/?status=open&amp;estate=1"
    token = await csrf(client, "/login")
    response = await client.post(
        "/login",
        data={
            "username": "wangmin",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "/?status=open&estate=1",
        },
        allow_redirects=False,
    )
    assert response.headers["Location"] == "/?status=open&estate=1"


# ---- P7-4, P7-5: odd requests get an answer, not a 500 ----------------------------------


@pytest.mark.parametrize("path", ["/dashboard", "/dashboard.xlsx"])
@pytest.mark.parametrize("period", ["0000Q4", "9999Q4", "0001Q1"])
async def test_a_period_outside_the_calendar_shows_the_current_one(
    web: TestClient, path: str, period: str
) -> None:
    await login(web)
    response = await web.get(path, params={"period": period})
    assert response.status == 200


async def test_the_simulator_refuses_json_nested_past_the_parser(web: TestClient) -> None:
    await login(web)
    token = await csrf(web, "/simulator")
    response = await web.post(
        "/simulator/say",
        data="[" * 100_000,
        headers={"X-CSRF-Token": token, "Content-Type": "application/json"},
    )
    assert response.status == 400 and await response.text() == "请求格式不对。"


# ---- P7-10: a resident's words cannot turn the bot's own text around ---------------------


async def test_direction_controls_never_leave_in_a_message(sqlite_bot: Bot) -> None:
    """U+202E in a report would reverse whatever follows it on the line wherever the bot
    quotes it (the 党小组's notice, 进度); it is dropped from every outgoing message, and a
    phone number it splits is still masked in the group."""
    replies = await sqlite_bot.say("3号楼电梯坏了\u202e 电话138\u202d1234\u20665678")
    sent = replies + await sqlite_bot.private("进度 E0001")
    assert any("已受理" in s.text for s in sent)
    assert any("电梯坏了" in s.text for s in sent), [s.text for s in sent]  # quoted somewhere
    controls = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    for s in sent:
        assert not controls & set(s.text), s.text
    assert mask_for(Audience.RESIDENTS, "电话138\u202d1234\u20665678") == "电话138****5678"

"""The console while the database is away (hardening 3): 503 with Retry-After and a short
Chinese page (JSON for the API), never a 500 or a traceback; back to normal once it returns.

Real outages, no mocks: on SQLite the database's folder is moved away and the pool's idle
connections closed, so every new connection fails to open the file (as after a restart of
the process with the disk unmounted); on PostgreSQL the bot's sessions are cut and its
database renamed away (tests/integration/test_database_outage.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import ApiTokenConfig, CommunityConfig, ConsoleConfig
from bot.console.app import create_app
from bot.console.errors import RETRY_AFTER
from bot.ports import Classifier
from storage.scratch import temporary_database
from tests.conftest import Bot, migrated_sqlite, running_bot
from tests.integration.test_console_security import csrf, login
from tests.integration.test_database_outage import database_away

TOKEN = "outage-token-0123456789abcdef"


@pytest.fixture(params=["sqlite", "postgresql"])
def own_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of this test's own; SQLite's in a folder of its own, to be moved away."""
    if request.param == "sqlite":
        folder = tmp_path / "db"
        folder.mkdir()
        yield migrated_sqlite(request.getfixturevalue("sqlite_template"), folder / "linli.db")
        return
    with temporary_database(
        prefix="linli_console_away", template=request.getfixturevalue("pg_template")
    ) as url:
        yield url


@pytest.fixture
async def bot(
    own_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> AsyncIterator[Bot]:
    config = demo_config.model_copy(
        update={"console": ConsoleConfig(api_tokens=[ApiTokenConfig(name="台账", token=TOKEN)])}
    )
    async with running_bot(own_url, tmp_path, config, classifier) as b:
        yield b


@pytest.fixture
async def client(bot: Bot) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(bot.linli))) as client:
        yield client


@contextmanager
def away(bot: Bot, url: str) -> Iterator[None]:
    if not url.startswith("sqlite"):
        with database_away(url):
            yield
        return
    folder = Path(url.split("///", 1)[1]).parent
    bot.linli.engine.dispose()  # an open file survives a move; a new connection does not
    folder.rename(folder.with_name("db_away"))
    try:
        yield
    finally:
        folder.with_name("db_away").rename(folder)


def calm(body: str) -> None:
    assert "Traceback" not in body and "sqlalchemy" not in body.lower()
    assert "OperationalError" not in body and 'File "' not in body


async def test_the_console_answers_503_while_the_database_is_away(
    bot: Bot, client: TestClient, own_url: str
) -> None:
    assert await login(client) == 302
    token = await csrf(client)
    with away(bot, own_url):
        page = await client.get("/", allow_redirects=False)
        body = await page.text()
        assert page.status == 503, body[:300]
        assert page.headers["Retry-After"] == str(RETRY_AFTER)
        assert "数据库暂时连不上" in body and "<html" in body.lower()
        calm(body)

        api = await client.get("/api/v1/cases", headers={"Authorization": f"Bearer {TOKEN}"})
        assert api.status == 503 and api.headers["Retry-After"] == str(RETRY_AFTER)
        answer = await api.json()
        assert answer["ok"] is False and "数据库暂时连不上" in answer["error"]

        said = await client.post(
            "/simulator/say",
            json={"group": "兰亭3号楼邻里群", "name": "张阿姨", "text": "你好"},
            headers={"X-CSRF-Token": token},
        )
        assert said.status == 503 and said.headers["Retry-After"] == str(RETRY_AFTER)
        calm(await said.text())

        tried = await client.post(  # someone logging in meanwhile
            "/login",
            data={"username": "wangmin", "password": "x", "csrf_token": token, "next": "/"},
            allow_redirects=False,
        )
        assert tried.status == 503 and tried.headers["Retry-After"] == str(RETRY_AFTER)
        calm(await tried.text())
    assert await login(client) == 302  # back: the console works again
    assert (await client.get("/")).status == 200

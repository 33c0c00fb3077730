"""Bad input to the JSON API gets a 4xx in JSON, never a 500 (probe7 P7-4, P7-5)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.console.app import create_app
from tests.api.conftest import STAFF_TOKEN
from tests.conftest import Bot

AUTH = {"Authorization": f"Bearer {STAFF_TOKEN}"}


@pytest.fixture
async def client(api_bot: Bot) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(api_bot.linli))) as client:
        yield client


async def test_json_nested_past_the_parser_is_a_bad_request(
    client: TestClient, api_bot: Bot
) -> None:
    await api_bot.say("3号楼电梯坏了")
    deep = "[" * 30_000 + "]" * 30_000  # well under the 64 KB limit
    response = await client.post(
        "/api/v1/cases/E0001/progress",
        data=deep,
        headers={**AUTH, "Content-Type": "application/json"},
    )
    assert response.status == 400
    assert await response.json() == {"ok": False, "error": "body must be JSON"}


@pytest.mark.parametrize("period", ["0000Q1", "0001Q1", "9999Q4", "1999Q4", "2101Q1"])
async def test_a_period_outside_the_calendar_is_refused(client: TestClient, period: str) -> None:
    response = await client.get("/api/v1/dashboard", params={"period": period}, headers=AUTH)
    assert response.status == 422
    assert (await response.json())["ok"] is False

"""Bad input to the JSON API gets a 4xx in JSON, never a 500 (probe7 P7-4, P7-5)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import ApiTokenConfig, CommunityConfig, ConsoleConfig
from bot.console.app import create_app
from bot.ports import Classifier
from tests.api.conftest import STAFF_TOKEN
from tests.conftest import Bot, running_bot

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


async def test_a_secretary_token_whose_estate_is_gone_opens_nothing(
    sqlite_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    """Fail closed (probe8): a secretary token naming a 小区 the database does not have would
    have acted with no 小区 limit, which means every 小区."""
    token = "orphan-token-0123456789abcdef"
    config = demo_config.model_copy(
        update={
            "console": ConsoleConfig(
                api_tokens=[
                    ApiTokenConfig.model_construct(
                        name="旧台账", token=token, role="secretary", estate="gone"
                    )
                ]
            )
        }
    )
    async with (
        running_bot(sqlite_url, tmp_path, config, classifier) as bot,
        TestClient(TestServer(create_app(bot.linli))) as client,
    ):
        await bot.say("3号楼电梯坏了")
        response = await client.get(
            "/api/v1/cases/E0001", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status == 401

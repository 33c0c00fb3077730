"""What probe14 found (round fourteen): privilege and input holes across 小区 on the console,
and chat-side abuse. Each test failed before its fix; each fix is in the layer that owns it."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.console.app import create_app
from tests.conftest import Bot
from tests.integration.test_console import csrf, login


@pytest.fixture
async def client(sqlite_bot: Bot) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(sqlite_bot.linli))) as client:
        yield client


def _vote_form(token: str, scope: str, closes: str, topic: str) -> dict[str, str]:
    return {
        "csrf_token": token,
        "title": "充电桩表决",
        "scope": scope,
        "closes_day": closes,
        "closes_time": "20:00",
        "options": "同意 反对",
        "rule": "simple",
        "unit": "household",
        "secret": "1",
        "min_turnout": "0",
        "topic_code": topic,
    }


async def test_a_vote_cannot_be_pinned_to_another_estates_topic(
    client: TestClient, sqlite_bot: Bot
) -> None:
    # Y0001 belongs to 锦绣家园 (黄桂兰); 刘建华 is 兰亭小区's secretary.
    await sqlite_bot.private("议题 锦绣家园停车规划\n级别：小区", who="黄桂兰")
    await sqlite_bot.private("议题 兰亭小区充电桩\n级别：小区", who="刘建华")
    assert await login(client, "liujianhua") == 302
    page = await (await client.get("/votes")).text()
    scope = re.search(r'<option value="(\d+:)">兰亭小区', page)
    assert scope, page[:500]
    closes = sqlite_bot.clock.now().astimezone(sqlite_bot.linli.profile.tz).date()
    day = closes.replace(day=28).isoformat()
    token = await csrf(client, "/votes")
    for foreign in ("Y0001", "Y0099", "E0001"):
        refused = await client.post("/votes", data=_vote_form(token, scope[1], day, foreign))
        assert "本小区没有议题" in await refused.text(), foreign
    with sqlite_bot.linli.uow_factory() as uow:
        assert not list(uow.votes.find(None))
    # Her own topic, however she types the code, is stored as the code the topic page lists.
    done = await client.post("/votes", data=_vote_form(token, scope[1], day, " y2 "))
    assert "已创建投票 V0001" in await done.text()
    assert re.search(
        r'<a href="/votes/1">V0001</a> 充电桩表决', await (await client.get("/topics/2")).text()
    )
    assert await login(client, "huangguilan") == 302
    theirs = await (await client.get("/topics/1")).text()
    assert "本议题还没有投票" in theirs and "充电桩表决" not in theirs

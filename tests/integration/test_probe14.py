"""What probe14 found (round fourteen): privilege and input holes across 小区 on the console,
and chat-side abuse. Each test failed before its fix; each fix is in the layer that owns it."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.console.app import create_app
from bot.services.deliberation import votes
from bot.transports.simulator import Sent
from storage import tables
from tests.conftest import Bot
from tests.integration.test_console import csrf, login
from tests.integration.votes_support import building_vote


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


def _to(sent: list[Sent]) -> str:
    """The bot's private answer among what it sent (a tick may also post to groups)."""
    return [s.text for s in sent if s.group is None][-1]


async def test_objections_cannot_stall_another_estates_vote_or_be_flooded(bot: Bot) -> None:
    # Open 异议 hold the final result back, so who may raise them, and how many, matters.
    vote = building_vote(bot.linli)  # 兰亭小区3号楼
    bot.clock.advance(timedelta(days=7))
    await bot.linli.runtime.tick()  # closed: the preliminary result is in 公示
    outsider = await bot.private(f"异议 {vote.code} 我反对", who="钱阿姨")  # 锦绣家园
    assert "只有本小区的居民可以提出异议" in _to(outsider)
    for n in range(1, 4):
        taken = await bot.private(f"异议 {vote.code} 第{n}条：通知贴晚了", who="张阿姨")
        assert f"已收到您对投票 {vote.code} 的异议" in _to(taken)
    flood = await bot.private(f"异议 {vote.code} 第4条", who="张阿姨")
    assert "已有 3 条异议在处理中" in _to(flood)
    neighbour = await bot.private(f"异议 {vote.code} 我家没收到通知", who="李叔")  # 兰亭
    assert "已收到您对投票" in _to(neighbour)
    with bot.linli.uow_factory() as uow:
        raised = uow.objections.of_vote(vote.id or 0)
        assert [o.text for o in raised][-1] == "我家没收到通知" and len(raised) == 4
        first = raised[0]
        held = uow.votes.get(vote.id or 0)
        assert held is not None
        votes.resolve_objection(uow, held, first.id, "已核实", actor="王敏", now=bot.clock.now())
        uow.commit()
    # Once one is answered she may raise another; the words of the refused ones are stored.
    again = await bot.private(f"异议 {vote.code} 第4条", who="张阿姨")
    assert "已收到您对投票" in _to(again)
    with bot.linli.engine.connect() as conn:
        said = [r.text for r in conn.execute(select(tables.messages.c.text))]
    assert said.count(f"异议 {vote.code} 第4条") == 2 and f"异议 {vote.code} 我反对" in said


async def test_whoever_claimed_a_wish_earns_nothing_by_confirming_it_herself(bot: Bot) -> None:
    # 认领并实现微心愿 pays the claimer once the requester confirms; staff may confirm on a
    # requester's behalf, but confirming one's own claim is no confirmation (points farming).
    await bot.say("心愿 想借一台轮椅用两周", who="钱奶奶", group="兰亭1号楼邻里群")
    await bot.private("认领 W0001", who="王敏")
    done = await bot.private("已实现 W0001", who="王敏")
    assert any(s.to == "钱奶奶" and "代为确认" in s.text for s in done)
    assert not any("积分" in s.text for s in done)
    with bot.linli.uow_factory() as uow:
        wish = uow.wishes.get(1)
        assert wish is not None and wish.fulfilled_at is not None
        staff = next(p for p in uow.points.people_named("王敏"))
        assert not [e for e in uow.points.recent(staff.id or 0, 50) if "微心愿" in e.rule]


async def test_a_secret_ballot_on_the_second_line_is_counted_and_not_stored(bot: Bot) -> None:
    # Split at its spaces, the ballot ran with no option ("没有「」这个选项"), and the message
    # was stored as typed: the option of a secret ballot, next to the voter's name.
    vote = building_vote(bot.linli)
    await bot.say("3号楼电梯坏了")
    out = await bot.private(f"进度 E0001\n投票 {vote.code} 反对", who="张阿姨")
    assert out[0].text.startswith("诉求 E0001") and out[1].text.startswith("投票成功")
    with bot.linli.engine.connect() as conn:
        said = [r.text for r in conn.execute(select(tables.messages.c.text))]
        tally = dict(
            conn.execute(select(tables.vote_tallies.c.option, tables.vote_tallies.c.count)).all()
        )
    assert tally["反对"] == 1
    assert not [t for t in said if "反对" in t]

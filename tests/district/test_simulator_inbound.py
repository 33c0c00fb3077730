"""The simulator's loopback inbound door (LINLI_SIMULATOR_INBOUND_PORT): off by default, on
127.0.0.1 only, JSON only, and an `ok` means the bot kept the message (once, however often
it is posted)."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.config import CommunityConfig
from bot.ports import Classifier
from bot.serve import start_simulator_inbound
from bot.settings import Settings
from tests.conftest import Bot, running_bot


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def door(
    sqlite_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> AsyncIterator[tuple[Bot, str, web.AppRunner]]:
    async with running_bot(sqlite_url, tmp_path, demo_config, classifier) as bot:
        port = _free_port()
        settings = Settings(data_dir=tmp_path, db_url=sqlite_url, simulator_inbound_port=port)
        runner = await start_simulator_inbound(settings, bot.transport)
        assert runner is not None
        try:
            yield bot, f"http://127.0.0.1:{port}", runner
        finally:
            await runner.cleanup()


def _stored(bot: Bot, message_id: str) -> bool:
    with bot.linli.uow_factory() as uow:
        return uow.messages.seen(bot.linli.settings.account, message_id)


BATCH = [
    {
        "id": "in-1",
        "sender_id": "wxid_zhang",
        "sender_name": "张阿姨",
        "text": "3号楼电梯坏了，停在二楼不动",
        "topic": "兰亭3号楼邻里群",
    },
    {"id": "in-2", "sender_id": "wxid_zhang", "sender_name": "张阿姨", "text": "进度"},
]


async def test_it_is_off_unless_a_port_is_set(
    sqlite_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    assert Settings().simulator_inbound_port is None
    async with running_bot(sqlite_url, tmp_path, demo_config, classifier) as bot:
        assert await start_simulator_inbound(Settings(), bot.transport) is None


async def test_posted_messages_are_kept_once_and_answered(
    door: tuple[Bot, str, web.AppRunner],
) -> None:
    bot, url, runner = door
    assert {a[0] for a in runner.addresses} == {"127.0.0.1"}
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{url}/ready") as response:
            assert response.status == 200
        for _ in range(2):  # posted again (the answer was lost): kept once all the same
            async with session.post(f"{url}/inbound", json=BATCH) as response:
                assert response.status == 200
                results = (await response.json())["results"]
            assert results == [{"id": "in-1", "ok": True}, {"id": "in-2", "ok": True}]
    assert _stored(bot, "in-1") and _stored(bot, "in-2")
    with bot.linli.uow_factory() as uow:
        assert uow.cases.get(1) is not None and uow.cases.get(2) is None  # one case, not two
    await bot.linli.runtime.deliver_pending()
    sent = bot.new()
    assert any("电梯" in s.text for s in sent if s.group == "兰亭3号楼邻里群")
    assert any(s.to_id == "wxid_zhang" for s in sent)  # the private 进度 answer


@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        ({"Host": "evil.example:80"}, BATCH, 403),  # DNS rebinding: not our name
        ({"Content-Type": "text/plain"}, BATCH, 403),  # a cross-site form post
        ({}, {"id": "x"}, 400),
        ({}, [{"id": "x", "sender_id": "w", "sender_name": "n"}], 400),
        ({}, [{**BATCH[0], "topic": 3}], 400),
    ],
)
async def test_anything_else_is_refused_and_nothing_is_kept(
    door: tuple[Bot, str, web.AppRunner], headers: dict[str, str], body: object, status: int
) -> None:
    bot, url, _ = door
    async with aiohttp.ClientSession() as session:
        if "Content-Type" in headers:
            request = session.post(f"{url}/inbound", data="[]", headers=headers)
        else:
            request = session.post(f"{url}/inbound", json=body, headers=headers)
        async with request as response:
            assert response.status == status
    assert not _stored(bot, "in-1") and not _stored(bot, "x")

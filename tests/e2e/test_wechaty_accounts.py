"""Two WeChat accounts (two gateways, two bots) on one database, over the real Wechaty
puppet-service protocol (issue 15 §1): the first account to report a room owns it and the
second stays silent there; when the first is logged out its groups are marked unreachable
and staff hear it privately through the second, once; logging in again clears it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from bot.domain.accounts import LinkState
from bot.services import accounts, board

from .support import DEADLINE, FAST_BACKOFF, Bot, TappedTransport
from .wechaty_peer import DEMO_CONFIG, Peer, World

pytestmark = pytest.mark.e2e

B3 = "lanting-b3@chatroom"
StartAs = Callable[[Peer, str], Awaitable[Bot]]


@pytest.fixture
async def start_as(tmp_path: Path) -> AsyncIterator[StartAs]:
    """Start a bot for account `name` on the peer; every bot shares one SQLite database."""
    from bot.bootstrap import build
    from bot.settings import Settings

    bots: list[Bot] = []
    url = f"sqlite:///{tmp_path / 'district.db'}"

    async def start(peer: Peer, name: str) -> Bot:
        settings = Settings(
            data_dir=tmp_path / name,
            db_url=url,
            config=DEMO_CONFIG,
            console_enabled=False,
            account=name,
            wechaty_token=peer.token,
            wechaty_endpoint=peer.endpoint,
        )
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        transport = TappedTransport.from_settings(
            settings, backoff=FAST_BACKOFF, connect_timeout=2.0, call_timeout=5.0
        )
        linli = build(settings, transport=transport)
        linli.runtime.pacing.idle_poll = 0.2
        bot = Bot(linli, transport, peer)
        bots.append(bot)
        await linli.runtime.start()
        async with asyncio.timeout(DEADLINE):
            await transport.wait_logged_in()
        # The login's report (rooms, then "online") reached the core: its row says so.
        await bot.tap.until(lambda: bot.tap.statuses and bot.tap.statuses[-1][0])
        return bot

    yield start
    for bot in bots:
        await bot.runtime.stop()
        bot.linli.close()


def _state(bot: Bot, name: str) -> LinkState | None:
    with bot.linli.uow_factory() as uow:
        row = uow.accounts.get(name)
        return row.state if row else None


async def test_two_accounts_one_group_logout_told_through_the_other(
    make_peer: Callable[..., Peer], world: World, start_as: StartAs
) -> None:
    wechat_a, wechat_b = make_peer(), make_peer()
    a = await start_as(wechat_a, "a")
    b = await start_as(wechat_b, "b")
    assert _state(a, "a") is LinkState.ONLINE and _state(a, "b") is LinkState.ONLINE
    with a.linli.uow_factory() as uow:
        group = uow.groups.by_room_id(B3)
        assert group is not None and group.account == "a"
        assert uow.group_accounts.present(group.id or 0) == ["a", "b"]

    # A resident speaks in the group as each account's WeChat sees it: only a answers.
    reporter = world.resident("lanting", "3")
    mark_b = wechat_b.mark()
    await wechat_b.acommand("say", **{"from": reporter}, room=B3, text="3号楼电梯坏了")
    mark_a = wechat_a.mark()
    await wechat_a.acommand("say", **{"from": reporter}, room=B3, text="3号楼电梯坏了")
    reply = await wechat_a.await_bot_said(lambda e: e["roomId"] == B3, DEADLINE, since=mark_a)
    assert "E0001" in reply["text"]
    # b stays silent in a's group (its probe, a private question, is answered first).
    await wechat_b.acommand("say", **{"from": reporter}, text="我的诉求")
    probe = await wechat_b.await_bot_said(
        lambda e: e["listenerId"] == reporter, DEADLINE, since=mark_b
    )
    assert [e for e in wechat_b.bot_said(mark_b) if e["roomId"] == B3] == []
    assert "E0001" in probe["text"]  # the same database: b knows the case a opened

    # WeChat logs account a out: a's groups are unreachable, 王敏 hears it through b, once.
    mark_b = wechat_b.mark()
    await wechat_a.acommand("logout")
    await a.tap.until(lambda: a.tap.states and a.tap.states[-1] is LinkState.LOGGED_OUT)
    notice = await wechat_b.await_bot_said(
        lambda e: e["listenerId"] == "wxid_wangmin" and "已登出" in e["text"],
        DEADLINE,
        since=mark_b,
    )
    assert "微信账号「a」已登出" in notice["text"]
    assert _state(b, "a") is LinkState.LOGGED_OUT
    now = a.linli.clock.now()
    with a.linli.uow_factory() as uow:
        rows = {r.group.room_id: r for r in board.group_rows(uow, now)}
        labels = {r.status.name: r.label for r in accounts.account_rows(uow, now)}
    assert rows[B3].unreachable and labels == {"a": "已登出", "b": "在线"}

    # Scanned in again: online, the groups reachable, and no second notice was sent.
    await wechat_a.acommand("login")
    await a.tap.until(lambda: a.tap.statuses[-1][0] is True)
    assert _state(b, "a") is LinkState.ONLINE
    mark = wechat_b.mark()
    await wechat_b.acommand("say", **{"from": reporter}, text="我的诉求")
    await wechat_b.await_bot_said(lambda e: e["listenerId"] == reporter, DEADLINE, since=mark)
    notices = [e for e in wechat_b.bot_said(0) if "已登出" in e["text"]]
    assert len(notices) == 1

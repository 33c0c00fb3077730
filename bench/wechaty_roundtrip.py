"""Latency from a member's message to the bot's reply, through the real Wechaty protocol.

    .venv/bin/python bench/wechaty_roundtrip.py [--n 300] [--warmup 30]

Needs the test peer's packages (`npm ci --prefix tests/e2e/peer`). Both ends of a round trip
are timed by the peer's monotonic clock: when the member's message leaves for the bot, and when
the bot's send request arrives. Modes, each against a fresh peer:

- wechaty-echo:   plain python-wechaty (Wechaty.start, on_message → msg.say), the baseline
- transport-echo: Linli's WechatyTransport with an inbox that echoes (transport overhead)
- pipeline-query: the whole bot on SQLite, a resident's private 我的诉求 (command, DB read)
- pipeline-report: the whole bot on SQLite, a repeated report in a 楼栋群 (jieba, merge check)

The full pipeline runs without send pacing (WeChat rate limits are deliberate delays).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.machine import add_tiny  # noqa: E402
from bot.domain.accounts import LinkState  # noqa: E402
from bot.domain.echo import Echo  # noqa: E402
from bot.domain.messages import Inbound, Outbound  # noqa: E402
from bot.transports.wechaty import WechatyTransport, load_wechaty  # noqa: E402
from tests.e2e.wechaty_peer import DEMO_CONFIG, Peer, World, build_world  # noqa: E402

DEADLINE = 30.0


def machine_info() -> str:
    cpu = platform.processor() or "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout
    return (
        f"platform: {platform.platform()}\n"
        f"cpu: {cpu} ({os.cpu_count()} logical)\n"
        f"python: {sys.version.split()[0]} ({platform.python_implementation()}); "
        f"node: {node.strip()}"
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
    return ordered[index]


async def measure(
    peer: Peer, member: str, text: str, room: str | None, n: int, warmup: int
) -> list[float]:
    """Sequential round trips; ms from the member's message to the bot's reply."""
    latencies: list[float] = []
    for i in range(warmup + n):
        mark = peer.mark()
        sent = await peer.acommand("say", **{"from": member}, room=room, text=text)
        said = await peer.await_bot_said(
            (lambda e: e["roomId"] == room) if room else (lambda e: e["listenerId"] == member),
            DEADLINE,
            since=mark,
        )
        if i >= warmup:
            latencies.append(said["hr"] - sent["hr"])
    return latencies


# --------------------------------------------------------------------------- modes


async def wechaty_echo(peer: Peer, world: World, cache: Path, n: int, warmup: int) -> list[float]:
    """The bare python-wechaty way: Wechaty.start() and msg.say() in on_message."""
    wechaty = load_wechaty(cache)
    from wechaty_puppet import PuppetOptions

    logged_in = asyncio.Event()

    class Echo(wechaty.Wechaty):  # type: ignore[misc, name-defined]
        async def on_login(self, contact: Any) -> None:
            logged_in.set()

        async def on_message(self, msg: Any) -> None:
            if msg.is_self() or msg.room() is not None:
                return
            await msg.say(msg.text())

    options = wechaty.WechatyOptions(
        puppet_options=PuppetOptions(token=peer.token, end_point=peer.endpoint),
        port=0,  # no plugin web server (and no "port 5000 in use" check that could fail)
    )
    bot = Echo(options)
    task = asyncio.create_task(bot.start())
    try:
        await asyncio.wait_for(logged_in.wait(), DEADLINE)
        return await measure(peer, world.resident("lanting", "1"), "你好", None, n, warmup)
    finally:
        # Its event listeners die noisily when the connection closes under them; not ours.
        asyncio.get_running_loop().set_exception_handler(lambda loop, context: None)
        with contextlib.suppress(Exception):
            await bot.puppet.stop()
        # Wechaty.start() turns the cancel into "network is not good" and sleeps 60 s, then
        # restarts: cancel until it is really gone.
        while not task.done():
            task.cancel()
            await asyncio.wait({task}, timeout=1.0)
        await asyncio.sleep(0.1)  # let its orphaned listener tasks finish before the next mode
        asyncio.get_running_loop().set_exception_handler(None)


class EchoInbox:
    def __init__(self) -> None:
        self.transport: WechatyTransport | None = None

    async def receive(self, message: Inbound) -> None:
        assert self.transport is not None
        await self.transport.send(
            Outbound(
                outbox_id=0,
                text=message.text,
                room_id=message.room_id,
                to_id=None if message.room_id else message.sender_id,
            )
        )

    async def room_seen(self, room_id: str, topic: str) -> None:
        return None

    async def room_left(self, room_id: str) -> None:
        return None

    async def transport_status(
        self, online: bool, detail: str = "", state: LinkState | None = None
    ) -> None:
        return None

    async def echoed(self, echo: Echo) -> None:
        return None  # the bot's own messages coming back: nothing to confirm here


async def transport_echo(peer: Peer, world: World, cache: Path, n: int, warmup: int) -> list[float]:
    transport = WechatyTransport(peer.token, peer.endpoint, cache_dir=cache)
    inbox = EchoInbox()
    inbox.transport = transport
    await transport.start(inbox)
    try:
        await asyncio.wait_for(transport.wait_logged_in(), DEADLINE)
        return await measure(peer, world.resident("lanting", "1"), "你好", None, n, warmup)
    finally:
        await transport.stop()


async def pipeline(
    peer: Peer, world: World, workdir: Path, n: int, warmup: int, *, report: bool
) -> list[float]:
    from bot.bootstrap import build
    from bot.settings import Settings

    settings = Settings(
        data_dir=workdir / "data",
        config=DEMO_CONFIG,
        console_enabled=False,
        wechaty_token=peer.token,
        wechaty_endpoint=peer.endpoint,
    )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    transport = WechatyTransport.from_settings(settings)
    linli = build(settings, transport=transport)
    await linli.runtime.start()
    try:
        await asyncio.wait_for(transport.wait_logged_in(), DEADLINE)
        resident = world.resident("lanting", "3")
        room = "lanting-b3@chatroom"
        # One case first, so 我的诉求 has something to list and the report path merges.
        await measure(peer, resident, "3号楼电梯坏了，困在一楼上不去", room, 1, 0)
        if report:
            return await measure(peer, resident, "3号楼电梯坏了，一直没人修", room, n, warmup)
        return await measure(peer, resident, "我的诉求", None, n, warmup)
    finally:
        await linli.runtime.stop()
        linli.close()


# --------------------------------------------------------------------------- main


Mode = Callable[[Peer, World, Path, int, int], Awaitable[list[float]]]


async def run(n: int, warmup: int, only: list[str]) -> None:
    world = build_world(DEMO_CONFIG)
    modes: dict[str, Mode] = {
        "wechaty-echo": lambda p, w, d, n_, wu: wechaty_echo(p, w, d / "cache", n_, wu),
        "transport-echo": lambda p, w, d, n_, wu: transport_echo(p, w, d / "cache", n_, wu),
        "pipeline-query": lambda p, w, d, n_, wu: pipeline(p, w, d, n_, wu, report=False),
        "pipeline-report": lambda p, w, d, n_, wu: pipeline(p, w, d, n_, wu, report=True),
    }
    print(machine_info())
    print(f"n={n} measured round trips per mode, after {warmup} warm-up")
    print(f"{'mode':<16} {'median ms':>10} {'p99 ms':>8} {'mean ms':>8} {'max ms':>8}")
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="linli-bench-") as tmp:
        for name, mode in modes.items():
            if only and name not in only:
                continue
            workdir = Path(tmp) / name
            peer = Peer(world, workdir)
            peer.start()
            try:
                started = time.perf_counter()
                lat = await mode(peer, world, workdir, n, warmup)
                elapsed = time.perf_counter() - started
            finally:
                peer.stop()
            results[name] = statistics.median(lat)
            print(
                f"{name:<16} {statistics.median(lat):>10.2f} {percentile(lat, 99):>8.2f} "
                f"{statistics.fmean(lat):>8.2f} {max(lat):>8.2f}   ({elapsed:.1f} s)"
            )
    base = results.get("wechaty-echo")
    if base is not None:
        for name in ("pipeline-query", "pipeline-report"):
            if name in results:
                print(f"{name} adds {results[name] - base:+.2f} ms median over wechaty-echo")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=300, help="measured round trips per mode")
    parser.add_argument("--warmup", type=int, default=30, help="unmeasured round trips first")
    parser.add_argument("--mode", action="append", default=[], help="run only these modes")
    add_tiny(parser)
    args = parser.parse_args()
    if args.tiny:
        args.n, args.warmup = 10, 1
    asyncio.run(run(args.n, args.warmup, args.mode))


if __name__ == "__main__":
    main()

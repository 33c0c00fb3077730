"""The `linli run` processes of bench/district.py, one per account: started (and started
again after a kill) with their own data folder and the simulator's loopback inbound door,
watched until they answer, and stopped."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bench.district_parts.plan import District, GroupSpec, config_text
from bot.bootstrap import SIMULATOR_LEDGER


@dataclass
class Bot:
    account: str
    groups: list[GroupSpec]
    port: int
    home: Path  # config, data folder, log
    proc: subprocess.Popen[bytes] | None = None
    starts: int = 0
    outages: list[list[float]] = field(default_factory=list)  # [killed, answering again]

    def undisturbed(self, start: float, end: float) -> bool:
        """No outage of this process overlapped [start, end]."""
        return all(not (a < end and b > start) for a, b in self.outages)

    @property
    def ledger(self) -> Path:
        return self.home / "data" / SIMULATOR_LEDGER


@dataclass(frozen=True)
class Knobs:
    db_url: str
    tick_seconds: float
    send_delay: float


def launch_account(bot: Bot, district: District, knobs: Knobs) -> None:
    """Start (or restart) the `linli run` of one account, which sits in exactly `bot.groups`.

    On main each process learns its groups from its own config file; this is the one place
    that says which groups an account has and how its process is started.
    """
    config = bot.home / "community.toml"
    if not config.exists():
        config.write_text(config_text(district, bot.groups), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LINLI_", "WECHATY_"))}
    env |= {
        "LINLI_ACCOUNT": bot.account,
        "LINLI_CONFIG": str(config),
        "LINLI_DATA_DIR": str(bot.home / "data"),
        "LINLI_DB_URL": knobs.db_url,
        "LINLI_CONSOLE_ENABLED": "false",
        "LINLI_SIMULATOR_INBOUND_PORT": str(bot.port),
        "LINLI_SIMULATOR_DELAY": str(knobs.send_delay),
        "LINLI_TICK_SECONDS": str(knobs.tick_seconds),
    }
    log = (bot.home / "linli.log").open("ab")
    bot.proc = subprocess.Popen(
        [sys.executable, "-c", "from bot.cli import main; main()", "run"],
        cwd=bot.home,  # no stray .env from the repository
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    bot.starts += 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def wait_ready(bot: Bot, session: aiohttp.ClientSession, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if bot.proc is not None and bot.proc.poll() is not None:
            return False
        with contextlib.suppress(aiohttp.ClientError, asyncio.TimeoutError):
            async with session.get(f"http://127.0.0.1:{bot.port}/ready") as response:
                if response.status == 200:
                    return True
        await asyncio.sleep(0.2)
    return False


async def back_up(bot: Bot, session: aiohttp.ClientSession) -> None:
    """Close the outage a kill opened, once the restarted process answers."""
    await wait_ready(bot, session, 300)
    bot.outages[-1][1] = time.perf_counter()


async def stop_all(bots: list[Bot]) -> None:
    for bot in bots:
        if bot.proc is not None and bot.proc.poll() is None:
            bot.proc.send_signal(signal.SIGTERM)
    for bot in bots:
        if bot.proc is None:
            continue
        for _ in range(150):
            if bot.proc.poll() is not None:
                break
            await asyncio.sleep(0.1)
        else:
            bot.proc.kill()
            bot.proc.wait()

"""`linli run`: the bot, its periodic jobs and the console in one asyncio process."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from contextlib import suppress
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.bootstrap import build
from bot.config import load_config
from bot.domain.pacing import RateLimits
from bot.ports import Transport, TransportRefused
from bot.runtime import SendPacing
from bot.settings import Settings

if TYPE_CHECKING:
    from aiohttp.web import AppRunner

log = logging.getLogger(__name__)

EX_CONFIG = 78  # sysexits.h: configuration error; the systemd unit does not restart on it


def pacing_for(settings: Settings) -> SendPacing:
    """The config's [sending] limits for WeChat (or when forced on); none for the simulator.
    On WeChat also how long a send cut off mid-way waits for its echo (bot.runtime.echoes)."""
    wechat = bool(settings.wechaty_token)
    on = settings.rate_limit == "on" or (settings.rate_limit == "auto" and wechat)
    if not on and not wechat:
        return SendPacing()
    sending = load_config(settings.config).sending
    pacing = SendPacing()
    if wechat:
        pacing.echo_grace = sending.echo_grace_seconds
        pacing.echo_window = sending.echo_window_seconds
    if on:
        pacing.limits = RateLimits(
            per_minute=sending.per_minute,
            conversation_gap=sending.conversation_gap_seconds,
            switch_pause=sending.switch_pause_seconds,
            jitter=sending.jitter_seconds,
            per_day=sending.per_day,
        )
    return pacing


def demo_password_refusal(settings: Settings) -> str | None:
    """The console must not face a network while an account has the README's password."""
    from bot.console.security import demo_password_accounts, is_loopback

    if is_loopback(settings.console_host):
        return None
    config = load_config(settings.config)
    found = demo_password_accounts({s.username: s.password_hash for s in config.staff})
    if not found:
        return None
    names = "、".join(found)
    return (
        f"拒绝启动：控制台要在 {settings.console_host} 上对外开放，但账号 {names} 仍在用"
        "公开的演示密码。请先运行 `linli passwd` 为每个账号生成新密码哈希，写进配置的 "
        "password_hash，再启动；或只在本机（--host 127.0.0.1）运行。\n"
        f"Refusing to start: the console would listen on {settings.console_host} while "
        f"account(s) {', '.join(found)} still use the published demo password. Run "
        "`linli passwd` to make a new password hash for each account, put it in the "
        "config's password_hash, then start again (or bind 127.0.0.1 only)."
    )


async def start_simulator_inbound(settings: Settings, transport: Transport) -> AppRunner | None:
    """The benchmarks' loopback door into the simulator, when asked for and only then."""
    from bot.transports.simulator import SimulatorTransport

    port = settings.simulator_inbound_port
    if port is None or not isinstance(transport, SimulatorTransport):
        return None
    from bot.transports.simulator_inbound import start_inbound

    runner = await start_inbound(transport, port)
    log.info("模拟器消息入口：http://127.0.0.1:%d/inbound", port)
    return runner


async def serve(settings: Settings, *, stop: asyncio.Event | None = None) -> int:
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)

    if settings.console_enabled and (refusal := demo_password_refusal(settings)):
        print(refusal, flush=True)
        return EX_CONFIG
    # WeChat punishes fast senders; the simulator has no such limit.
    linli = build(settings, pacing=pacing_for(settings))
    # What start-up loaded (jieba's dictionary, the intent model, the config) lives as long as
    # the process: out of the collector's sight, a full collection no longer walks it and the
    # console's p95 loses 100–170 ms pauses (bench/volume.py, CPU p95 per call).
    gc.freeze()
    runner = None
    inbound: AppRunner | None = None
    try:
        if settings.console_enabled:
            from bot.console.app import start_console

            runner = await start_console(linli)
            log.info("控制台：http://%s:%d", settings.console_host, settings.console_port)
        try:
            await linli.runtime.start()
        except TransportRefused as exc:
            print(f"无法启动：{exc}", flush=True)
            return EX_CONFIG
        except Exception as exc:  # a transport's own failure to start, shown plainly
            print(f"无法启动：{exc}", flush=True)
            return 1
        log.info("邻里已启动：%s，传输方式 %s", linli.config.community.name, linli.transport.name)
        inbound = await start_simulator_inbound(settings, linli.transport)

        # The scheduler is ours, not python-wechaty's: jobs are just ticks, and every
        # deadline they act on lives in the database, so a restart loses or repeats nothing.
        scheduler = AsyncIOScheduler()
        scheduler.add_job(linli.runtime.tick, "interval", seconds=settings.tick_seconds, id="tick")
        scheduler.start()
        await stop.wait()
        scheduler.shutdown(wait=False)
        return 0
    finally:
        if inbound is not None:
            await inbound.cleanup()
        with suppress(Exception):
            await linli.runtime.stop()
        if runner is not None:
            await runner.cleanup()
        linli.close()

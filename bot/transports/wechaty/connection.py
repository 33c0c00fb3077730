"""Keeping a connection to the Wechaty gateway: connect, watch it (health check), and when it
drops, reconnect with exponential backoff. A mixin of `WechatyTransport`; the state it uses is
created in `WechatyTransport.__init__`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from bot.transports.wechaty.errors import (
    TransportAuthError,
    connection_errors,
    describe,
    raise_if_auth,
)
from bot.transports.wechaty.stream import Malformed
from bot.transports.wechaty.stream import parse as parse_event


@dataclass(frozen=True, slots=True)
class Backoff:
    """Reconnect delays: initial, doubled after each failure up to maximum, with jitter."""

    initial: float = 0.5
    maximum: float = 30.0
    factor: float = 2.0
    jitter: float = 0.2

    def delays(self) -> _Delays:
        return _Delays(self)


class _Delays:
    def __init__(self, backoff: Backoff) -> None:
        self._backoff = backoff
        self._next = backoff.initial

    def reset(self) -> None:
        self._next = self._backoff.initial

    def next(self) -> float:
        delay = self._next
        self._next = min(self._next * self._backoff.factor, self._backoff.maximum)
        spread = delay * self._backoff.jitter
        return max(0.0, delay + random.uniform(-spread, spread))


def split_endpoint(endpoint: str) -> tuple[str, int]:
    host, sep, port = endpoint.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ValueError(f"WECHATY_PUPPET_SERVICE_ENDPOINT must be host:port, got {endpoint!r}")
    return host.strip("[]"), int(port)


async def cancel(task: asyncio.Task[Any]) -> None:
    """Cancel a task and wait for it, even if one cancellation gets lost.

    On Python 3.11 a cancel that arrives just as an awaited call completes can be lost (seen
    with asyncio.wait_for around a gRPC call: stop() then waited forever on the worker). This
    package uses asyncio.timeout instead, and keeps cancelling until the task is really done.
    """
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=1.0)
    if not task.cancelled():
        with contextlib.suppress(Exception):
            task.result()


class GatewayConnection:
    """Connect, watch and reconnect; the events themselves go to `_enqueue` (see events.py)."""

    _host: str
    _port: int
    _token: str
    _endpoint: str
    _log: logging.Logger
    _connect_timeout: float
    _call_timeout: float
    _health_interval: float
    _wechaty: ModuleType | None
    _bot: Any  # wechaty.Wechaty bound to the current connection
    _puppet: Any  # wechaty_puppet_service.PuppetService of the current connection
    _stream: asyncio.Task[None] | None
    _stopping: asyncio.Event
    _logged_in: asyncio.Event
    _delays: _Delays

    if TYPE_CHECKING:

        def _enqueue(self, event: str) -> Callable[[Any], None]: ...

        def _on_error(self, payload: Any) -> None: ...

        async def _report(self, online: bool, detail: str) -> None: ...

    async def _connect(self) -> None:
        """One connection attempt: probe, stop+start the remote puppet, open the event stream."""
        assert self._wechaty is not None
        # python-wechaty's own probe is a blocking telnet (3 s timeout) inside the event loop;
        # probing asynchronously first keeps an unreachable gateway from stalling everything.
        async with asyncio.timeout(self._connect_timeout):
            _, writer = await asyncio.open_connection(self._host, self._port)
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()

        from apscheduler.schedulers.asyncio import AsyncIOScheduler
        from wechaty_puppet import PuppetOptions
        from wechaty_puppet_service import PuppetService

        options = PuppetOptions(token=self._token, end_point=self._endpoint)
        puppet = PuppetService(options)
        # Our own scheduler instance: with the default, Wechaty opens a SQLite job store.
        # It is never started (we never start Wechaty's plugin manager).
        bot = self._wechaty.Wechaty(
            self._wechaty.WechatyOptions(
                puppet=puppet, puppet_options=options, scheduler=AsyncIOScheduler()
            )
        )
        await bot.init_puppet()
        # Room/Contact pools are class attributes shared by every Wechaty instance, so after a
        # reconnect Room.load() would hand back objects bound to the dead connection.
        for cls in (bot.Contact, bot.ContactSelf, bot.Room):
            cls._pool = {}
        # No listeners on the puppet: its own stream reader is not used (see _listen).

        puppet._init_puppet()  # creates the channel; sets the token as :authority
        self._puppet, self._bot = puppet, bot
        stub = puppet.puppet_stub
        # Like python-wechaty: stop() then start(). stop() also ends a stale event stream the
        # gateway may still hold for us (it accepts one at a time).
        try:
            async with asyncio.timeout(self._call_timeout):
                await stub.stop()
        except Exception as exc:
            raise_if_auth(exc)
            self._log.debug("gateway stop() before start(): %s", exc)
        try:
            async with asyncio.timeout(self._call_timeout):
                await stub.start()
        except Exception as exc:
            raise_if_auth(exc)
            raise
        self._stream = asyncio.create_task(self._listen(puppet), name="wechaty-stream")
        self._log.info("connected to Wechaty gateway %s", self._endpoint)

    async def _listen(self, puppet: Any) -> None:
        """Read the gateway's event stream, each event parsed on its own: a malformed one is
        logged and skipped (python-wechaty's reader raised on it, which ended the stream and
        cost a reconnection and every event sent meanwhile; bot.transports.wechaty.stream)."""
        async for response in puppet.puppet_stub.event():
            if response is None:
                continue
            try:
                parsed = parse_event(int(response.type), response.payload)
            except Malformed as exc:
                self._log.warning(
                    "skipping a malformed event (type %s) from the gateway: %s; payload %.200r",
                    response.type,
                    exc,
                    response.payload,
                )
                continue
            if parsed is None:
                continue
            name, payload = parsed
            if name == "error":
                self._on_error(payload)
                continue
            if name == "login":
                puppet.login_user_id = payload.contact_id
            elif name == "logout":
                puppet.login_user_id = None
            self._enqueue(name)(payload)

    async def _close_connection(self) -> None:
        self._logged_in.clear()
        stream, self._stream = self._stream, None
        if stream is not None:
            await cancel(stream)
        puppet, self._puppet, self._bot = self._puppet, None, None
        if puppet is not None:
            # Not puppet.stop(): that sends Stop to the gateway, whose puppet then logs the
            # account out; leave it running for the next connection and close our side only.
            puppet._event_stream.remove_all_listeners()
            channel = puppet.channel
            puppet.channel = None
            if channel is not None:
                channel.close()

    async def _supervise(self) -> None:
        """Keep a connection: watch it, and when it drops, reconnect with backoff."""
        while not self._stopping.is_set():
            if self._stream is not None:
                reason = await self._watch()
                if self._stopping.is_set():
                    return
                await self._close_connection()
                detail = f"与 Wechaty 网关的连接断开（{reason}），正在重连"
                self._log.warning(detail)
                await self._report(False, detail)
            delay = self._delays.next()
            if await self._sleep(delay):
                return
            try:
                await self._connect()
            except TransportAuthError as exc:
                await self._close_connection()
                self._log.error("%s", exc)
                await self._report(False, str(exc))
            except connection_errors() as exc:
                await self._close_connection()
                self._log.info("reconnect to %s failed: %s", self._endpoint, describe(exc))
            except Exception:
                # Whatever it was, giving up would leave the bot offline for good.
                await self._close_connection()
                self._log.exception("reconnect to %s failed", self._endpoint)

    async def _watch(self) -> str:
        """Return why the current connection ended: stream closed, failed, or health probe."""
        stream = self._stream
        assert stream is not None
        while True:
            done, _ = await asyncio.wait({stream}, timeout=self._health_interval)
            if done:
                if stream.cancelled():
                    return "cancelled"
                exc = stream.exception()
                return describe(exc) if exc is not None else "网关关闭了事件流"
            # A half-open TCP connection never ends the stream by itself; ask the gateway.
            puppet = self._puppet
            try:
                async with asyncio.timeout(self._call_timeout):
                    await puppet.puppet_stub.ding(data="linli")
            except Exception as exc:
                return f"健康检查失败：{describe(exc)}"

    async def _sleep(self, seconds: float) -> bool:
        """Sleep unless stopped first; True when stopping."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._stopping.wait()
        return self._stopping.is_set()

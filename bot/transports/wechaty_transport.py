"""Real WeChat through python-wechaty and a Wechaty puppet service (gRPC).

This is the only module in Linli that imports `wechaty` / `wechaty_puppet*`, and it does so
lazily (in `load_wechaty`, called from `WechatyTransport.start`), so importing it costs nothing
and the simulator never pays for python-wechaty.

What we take from python-wechaty 0.10.7 and what we do ourselves:

- We use its gRPC client (`PuppetService`) and its user classes (`Message`, `Contact`, `Room`)
  to read what arrives, bound to one connection at a time.
- We do not call `Wechaty.start()`: it blocks for the life of the event stream, prints and
  swallows a wrong token, retries a lost gateway every 60 s forever, and on login starts a
  plugin web server on port 5000 and an APScheduler with a job store. We connect, listen and
  reconnect (exponential backoff) here instead.
- We do not send with `room.say()`: it renders "@name" with the contact's own name instead of
  the group nickname members know each other by, and after sending it loads the sent message,
  so a failure there would look like a failed send and the outbox would send it twice.

Python 3.11/3.12 only: python-wechaty imports `telnetlib`, which Python 3.13 removed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import re
import sys
import time
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as urlquote

from bot.domain.messages import Inbound, MessageType, Outbound
from bot.ports import Inbox, SendFailed, TransportRefused

if TYPE_CHECKING:
    from bot.settings import Settings

__all__ = [
    "Backoff",
    "TransportAuthError",
    "WechatyTransport",
    "load_wechaty",
    "map_message_type",
    "parse_quote",
    "render_mentions",
]

log = logging.getLogger("linli.transport.wechaty")

# WeChat separates an "@name" from what follows with U+2005 (four-per-em space); python-wechaty's
# room.say() joins several mentions with it and puts a plain space before the text.
AT_SEPARATOR = "\u2005"

# How puppets (padlocal, xp, …) render a quoted reply as text; WeChat's own "copy" uses it too.
_QUOTE_RE = re.compile(r"^「(?P<quote>.+?)」\n(?:- ){6,}-?\n(?P<text>.*)$", re.DOTALL)

# grpc MessageType names, after python-wechaty's own _map_message_type, to the core's types.
_TYPE_MAP: dict[str, MessageType] = {
    "MESSAGE_TYPE_TEXT": MessageType.TEXT,
    "MESSAGE_TYPE_IMAGE": MessageType.IMAGE,
    "MESSAGE_TYPE_AUDIO": MessageType.VOICE,
    "MESSAGE_TYPE_VIDEO": MessageType.VIDEO,
    "MESSAGE_TYPE_EMOTICON": MessageType.EMOTICON,
    "MESSAGE_TYPE_URL": MessageType.URL,
    "MESSAGE_TYPE_MINI_PROGRAM": MessageType.URL,
    "MESSAGE_TYPE_ATTACHMENT": MessageType.FILE,
}


class TransportAuthError(TransportRefused):
    """The Wechaty gateway refused our token. Retrying will not help; the operator must act."""


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


# --------------------------------------------------------------------------- pure helpers


def map_message_type(type_name: str) -> MessageType:
    return _TYPE_MAP.get(type_name, MessageType.OTHER)


def parse_quote(text: str) -> tuple[str, str | None]:
    """Split a quoted reply into (reply text, quoted text); (text, None) when it is not one."""
    match = _QUOTE_RE.match(text)
    if match is None:
        return text, None
    return match.group("text"), match.group("quote")


def render_mentions(names: list[str], text: str) -> str:
    """The text WeChat shows for a message that @-mentions `names`, as room.say() renders it."""
    if not names:
        return text
    return AT_SEPARATOR.join(f"@{name}" for name in names) + " " + text


def _mentioned_names_in(text: str, members: dict[str, str]) -> list[tuple[str, str]]:
    """(id, name) of members whose "@name" appears in text: for puppets that send no id list."""
    found: list[tuple[str, str]] = []
    # Longest names first, so "@王五一" is not taken for "@王五".
    for member_id, name in sorted(members.items(), key=lambda kv: -len(kv[1])):
        if name and re.search(rf"@{re.escape(name)}(?:\u2005|\s|$)", text):
            found.append((member_id, name))
    return found


def _to_datetime(timestamp: float) -> datetime:
    if not timestamp:
        return datetime.now(UTC)
    # Puppets disagree on seconds vs milliseconds; anything past 5138 AD in seconds is millis.
    seconds = timestamp / 1000 if timestamp > 10**11 else timestamp
    return datetime.fromtimestamp(seconds, UTC)


def _split_endpoint(endpoint: str) -> tuple[str, int]:
    host, sep, port = endpoint.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ValueError(f"WECHATY_PUPPET_SERVICE_ENDPOINT must be host:port, got {endpoint!r}")
    return host.strip("[]"), int(port)


# --------------------------------------------------------------------------- import shim


def load_wechaty(cache_dir: Path) -> ModuleType:
    """Import python-wechaty 0.10.7 so that it works on Python 3.11/3.12 and writes nothing in cwd.

    The shim, and why each part is needed (tests/unit/test_wechaty_shim.py checks every one):
    - `PuppetOptions.__hash__`: `wechaty.WechatyOptions` declares `puppet_options: PuppetOptions
      = PuppetOptions()`; since 3.11 dataclasses reject an unhashable default ("mutable default
      … use default_factory") and the import fails. Giving the class identity hashing passes
      the check; we never rely on that shared default (we always pass our own options).
    - `CACHE_DIR`: at import, `wechaty.schema` computes `{CACHE_DIR}/job.db` and creates the
      directory, `.wechaty/` in the working directory by default.
    - `WECHATY_LOG`: read when its loggers are created (import time); its level names are mapped
      oddly (`silent` logs everything), `warn` is the sane one.
    - telnetlib's DeprecationWarning (3.11+) is the library's, not ours; it is silenced for
      this import only.
    The pins `pyee<9` (AsyncIOEventEmitter) and `urllib3<2` (get_host) live in pyproject.toml.
    """
    if "wechaty" in sys.modules:
        return sys.modules["wechaty"]
    cache_dir.mkdir(parents=True, exist_ok=True)
    os.environ["CACHE_DIR"] = str(cache_dir)
    os.environ.setdefault("WECHATY_LOG", "warn")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*telnetlib.*", category=DeprecationWarning)
        from wechaty_puppet.schemas.puppet import PuppetOptions

        if PuppetOptions.__hash__ is None:
            PuppetOptions.__hash__ = object.__hash__  # type: ignore[method-assign]
        import wechaty
        import wechaty_puppet_service  # noqa: F401  (its logger exists only once imported)
    # PuppetService logs the token at WARNING on every connect ("there are endpoint<…> and
    # token<…>"); keep secrets out of the logs.
    logging.getLogger("PuppetService").setLevel(logging.ERROR)
    return wechaty


# --------------------------------------------------------------------------- the transport


_Event = tuple[str, Any]
_REPLAYABLE = frozenset({"message", "room-join", "room-leave", "room-topic"})
_MAX_ATTEMPTS = 3


class WechatyTransport:
    """A `bot.ports.Transport` speaking the Wechaty puppet-service protocol.

    `start()` returns once the gateway accepted the connection (raising `TransportAuthError` on
    a wrong token); login may come later (a QR code to scan on a fresh gateway), and everything
    afterwards — messages, room changes, connection loss and return — goes to the inbox.
    """

    name = "wechaty"

    def __init__(
        self,
        token: str,
        endpoint: str,
        *,
        cache_dir: Path,
        logger: logging.Logger | None = None,
        backoff: Backoff | None = None,
        connect_timeout: float = 5.0,
        call_timeout: float = 15.0,
        health_interval: float = 30.0,
        member_cache_ttl: float = 300.0,
    ) -> None:
        if not token:
            raise ValueError("WECHATY_PUPPET_SERVICE_TOKEN is empty")
        if not endpoint:
            # Without it python-wechaty asks api.chatie.io (outside) where the gateway is.
            raise ValueError("WECHATY_PUPPET_SERVICE_ENDPOINT is required (host:port)")
        self._host, self._port = _split_endpoint(endpoint)
        self._token = token
        self._endpoint = endpoint
        self._cache_dir = cache_dir
        self._log = logger or log
        self._backoff = backoff or Backoff()
        self._connect_timeout = connect_timeout
        self._call_timeout = call_timeout
        self._health_interval = health_interval
        self._member_cache_ttl = member_cache_ttl

        self._inbox: Inbox | None = None
        self._wechaty: ModuleType | None = None
        self._bot: Any = None  # wechaty.Wechaty bound to the current connection
        self._puppet: Any = None  # wechaty_puppet_service.PuppetService of the current connection
        self._stream: asyncio.Task[None] | None = None
        self._events: asyncio.Queue[_Event] = asyncio.Queue()
        self._worker: asyncio.Task[None] | None = None
        self._supervisor: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._logged_in = asyncio.Event()
        self._self_id: str | None = None
        self._topics: dict[str, str] = {}
        self._member_names: dict[tuple[str, str], tuple[float, str]] = {}
        self._delays = self._backoff.delays()
        self._reported: tuple[bool, str] | None = None
        # Events whose handling failed because the connection dropped mid-way; replayed after
        # the next login so a member's message is not lost to a reconnect.
        self._deferred: list[tuple[_Event, int]] = []

    @classmethod
    def from_settings(cls, settings: Settings, **options: Any) -> WechatyTransport:
        """The production transport: token and endpoint from the environment, cache in data_dir."""
        return cls(
            settings.wechaty_token or "",
            settings.wechaty_endpoint or "",
            cache_dir=settings.data_dir / "wechaty",
            **options,
        )

    # ------------------------------------------------------------------ public API

    @property
    def self_id(self) -> str | None:
        """The bot's own WeChat id once logged in."""
        return self._self_id

    @property
    def logged_in(self) -> bool:
        return self._logged_in.is_set()

    async def wait_logged_in(self) -> None:
        """Wait until the bot is logged in and its rooms were reported (wrap in a timeout)."""
        await self._logged_in.wait()

    async def start(self, inbox: Inbox) -> None:
        if self._inbox is not None:
            raise RuntimeError("WechatyTransport.start() called twice")
        self._inbox = inbox
        self._wechaty = load_wechaty(self._cache_dir)
        self._worker = asyncio.create_task(self._work(), name="wechaty-events")
        try:
            await self._connect()
        except _connection_errors() as exc:
            # The gateway may come up after us (compose, systemd): keep trying in the background.
            await self._close_connection()
            detail = f"无法连接 Wechaty 网关 {self._endpoint}：{_describe(exc)}，稍后重试"
            self._log.warning(detail)
            await self._report(False, detail)
        except BaseException:  # TransportAuthError above all: the caller must stop
            await self._close_connection()
            await _cancel(self._worker)
            self._worker = None
            raise
        self._supervisor = asyncio.create_task(self._supervise(), name="wechaty-supervisor")

    async def stop(self) -> None:
        self._stopping.set()
        for task in (self._supervisor, self._worker):
            if task is not None:
                await _cancel(task)
        self._supervisor = self._worker = None
        await self._close_connection()

    async def send(self, message: Outbound) -> None:
        puppet = self._puppet
        if puppet is None or not self._logged_in.is_set():
            raise SendFailed("未连接微信（Wechaty 网关断开或未登录）", transient=True)
        mention_ids: list[str] = []
        if message.room_id:
            conversation = message.room_id
            mention_ids = list(message.mention_ids)
            names = await self._mention_names(
                puppet, message.room_id, mention_ids, message.mention_names
            )
            text = render_mentions(names, message.text)
        elif message.to_id:
            conversation, text = message.to_id, message.text
        else:
            raise SendFailed("outbound message has neither room_id nor to_id", transient=False)
        try:
            async with asyncio.timeout(self._call_timeout):
                await puppet.message_send_text(
                    conversation_id=conversation, message=text, mention_ids=mention_ids
                )
        except Exception as exc:
            raise _send_failure(exc) from exc

    # ------------------------------------------------------------------ connection

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
        for event in ("login", "logout", "message", "room-join", "room-leave", "room-topic"):
            puppet.on(event, self._enqueue(event))
        puppet.on("scan", self._enqueue("scan"))
        puppet.on("error", self._on_error)

        puppet._init_puppet()  # creates the channel; sets the token as :authority
        self._puppet, self._bot = puppet, bot
        stub = puppet.puppet_stub
        # Like python-wechaty: stop() then start(). stop() also ends a stale event stream the
        # gateway may still hold for us (it accepts one at a time).
        try:
            async with asyncio.timeout(self._call_timeout):
                await stub.stop()
        except Exception as exc:
            _raise_if_auth(exc)
            self._log.debug("gateway stop() before start(): %s", exc)
        try:
            async with asyncio.timeout(self._call_timeout):
                await stub.start()
        except Exception as exc:
            _raise_if_auth(exc)
            raise
        self._stream = asyncio.create_task(puppet._listen_for_event(), name="wechaty-stream")
        self._log.info("connected to Wechaty gateway %s", self._endpoint)

    async def _close_connection(self) -> None:
        self._logged_in.clear()
        stream, self._stream = self._stream, None
        if stream is not None:
            await _cancel(stream)
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
            except _connection_errors() as exc:
                await self._close_connection()
                self._log.info("reconnect to %s failed: %s", self._endpoint, _describe(exc))
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
                return _describe(exc) if exc is not None else "网关关闭了事件流"
            # A half-open TCP connection never ends the stream by itself; ask the gateway.
            puppet = self._puppet
            try:
                async with asyncio.timeout(self._call_timeout):
                    await puppet.puppet_stub.ding(data="linli")
            except Exception as exc:
                return f"健康检查失败：{_describe(exc)}"

    async def _sleep(self, seconds: float) -> bool:
        """Sleep unless stopped first; True when stopping."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._stopping.wait()
        return self._stopping.is_set()

    # ------------------------------------------------------------------ events

    def _enqueue(self, event: str) -> Callable[[Any], None]:
        # The emitter runs async listeners as separate tasks (no ordering); a plain listener
        # that queues keeps every event in arrival order for the single worker below.
        def listener(payload: Any) -> None:
            self._events.put_nowait((event, payload))

        return listener

    def _on_error(self, payload: Any) -> None:
        self._log.warning("Wechaty gateway reported an error: %s", payload)

    async def _work(self) -> None:
        handlers: dict[str, Callable[[Any], Awaitable[None]]] = {
            "login": self._on_login,
            "logout": self._on_logout,
            "message": self._on_message,
            "room-join": self._on_room_join,
            "room-leave": self._on_room_leave,
            "room-topic": self._on_room_topic,
            "scan": self._on_scan,
        }
        # Checked after each event too: grpclib can turn a cancel that lands inside a call into
        # StreamTerminatedError, which _handle treats as a dropped connection.
        while not self._stopping.is_set():
            item = await self._events.get()
            await self._handle(handlers, item, attempt=1)
            if item[0] == "login" and self._logged_in.is_set():
                deferred, self._deferred = self._deferred, []
                for old, attempt in deferred:
                    await self._handle(handlers, old, attempt=attempt + 1)

    async def _handle(
        self, handlers: dict[str, Callable[[Any], Awaitable[None]]], item: _Event, attempt: int
    ) -> None:
        event, payload = item
        try:
            await handlers[event](payload)
        except asyncio.CancelledError:
            raise
        except _connection_errors() as exc:
            if event in _REPLAYABLE and attempt < _MAX_ATTEMPTS and not self._stopping.is_set():
                self._log.info("%s event deferred until reconnect: %s", event, _describe(exc))
                self._deferred.append((item, attempt))
            else:
                self._log.warning("dropping %s event: %s", event, _describe(exc))
        except Exception:
            # One bad message must not stop the transport.
            self._log.exception("handling Wechaty %s event failed", event)

    async def _on_login(self, payload: Any) -> None:
        puppet = self._puppet
        if puppet is None:
            return
        self._self_id = payload.contact_id
        name = payload.contact_id
        with contextlib.suppress(Exception):
            name = (await puppet.contact_payload(payload.contact_id)).name or name
        # The core binds groups by room id, learned from the topic: report every room first.
        for room_id in await puppet.room_list():
            try:
                await self._see_room(puppet, room_id)
            except _connection_errors() as exc:
                if puppet is not self._puppet:
                    raise  # the connection is gone; the next login reports every room again
                # One unreadable room must not keep the bot logged out of all the others.
                self._log.warning("cannot read room %s: %s", room_id, _describe(exc))
        self._delays.reset()
        self._logged_in.set()
        self._log.info("logged in to WeChat as %s (%s)", name, payload.contact_id)
        await self._report(True, f"微信已登录：{name}")

    async def _on_logout(self, payload: Any) -> None:
        self._logged_in.clear()
        reason = getattr(payload, "data", "") or "logout"
        self._log.warning("WeChat logged out: %s", reason)
        await self._report(False, f"微信已登出（{reason}），请在网关上重新扫码登录")

    async def _on_scan(self, payload: Any) -> None:
        status = getattr(payload.status, "name", str(payload.status))
        if not payload.qrcode or status not in ("Waiting", "Timeout"):
            self._log.warning("WeChat login: %s", status)
            return
        url = f"https://wechaty.js.org/qrcode/{urlquote(payload.qrcode, safe='')}"
        self._log.warning("WeChat login: scan this QR code with the bot's WeChat: %s", url)
        if sys.stderr.isatty():
            with contextlib.suppress(Exception):
                from wechaty.utils.qrcode_terminal import qr_terminal_str

                print(qr_terminal_str(payload.qrcode), file=sys.stderr)
        await self._report(False, f"等待扫码登录：{url}")

    def _connection(self) -> tuple[Any, Any, Inbox]:
        """The current connection's Wechaty and puppet; ConnectionError (so the event is
        replayed after the next login) when an event from a dropped one is still queued."""
        if self._bot is None or self._puppet is None or self._inbox is None:
            raise ConnectionError("not connected to the Wechaty gateway")
        return self._bot, self._puppet, self._inbox

    async def _on_message(self, payload: Any) -> None:
        bot, puppet, inbox = self._connection()
        msg = bot.Message.load(payload.message_id)
        await msg.ready()
        raw = msg.payload
        if raw.from_id == self._self_id:
            return  # WeChat echoes the bot's own messages back to it
        if not raw.from_id:
            return  # system notices ("… joined the group") have no talker
        talker = msg.talker()
        room_id = raw.room_id or None
        type_name = getattr(raw.type, "name", str(raw.type))
        message_type = map_message_type(type_name)
        text = raw.text or ""
        mention_ids = tuple(raw.mention_ids or ())
        mention_names: tuple[str, ...] = ()
        topic: str | None = None
        if room_id is not None:
            topic = self._topics.get(room_id)
            if topic is None:
                topic = await self._see_room(puppet, room_id)
            if mention_ids:
                mention_names = tuple(
                    await self._mention_names(puppet, room_id, list(mention_ids), ())
                )
            elif message_type is MessageType.TEXT and "@" in text:
                found = _mentioned_names_in(text, await self._room_members(bot, room_id))
                mention_ids = tuple(i for i, _ in found)
                mention_names = tuple(n for _, n in found)
        quote: str | None = None
        if message_type is MessageType.TEXT:
            text, quote = parse_quote(text)
        else:
            text = ""  # the mock's and real puppets' XML/JSON bodies are of no use to the core
        inbound = Inbound(
            message_id=raw.id,
            sender_id=raw.from_id,
            sender_name=talker.name or raw.from_id,
            text=text,
            at=_to_datetime(raw.timestamp),
            room_id=room_id,
            room_topic=topic,
            type=message_type,
            mention_ids=mention_ids,
            mention_names=mention_names,
            mentions_bot=self._self_id is not None and self._self_id in mention_ids,
            quote=quote,
        )
        await inbox.receive(inbound)

    async def _on_room_join(self, payload: Any) -> None:
        _, puppet, _ = self._connection()
        if self._self_id in (payload.invited_ids or []):
            await self._see_room(puppet, payload.room_id)
        self._forget_members(payload.room_id)

    async def _on_room_leave(self, payload: Any) -> None:
        self._forget_members(payload.room_id)
        if self._self_id in (payload.removed_ids or []):
            self._topics.pop(payload.room_id, None)
            assert self._inbox is not None
            await self._inbox.room_left(payload.room_id)

    async def _on_room_topic(self, payload: Any) -> None:
        self._topics[payload.room_id] = payload.new_topic
        assert self._inbox is not None
        await self._inbox.room_seen(payload.room_id, payload.new_topic)

    # ------------------------------------------------------------------ rooms and members

    async def _see_room(self, puppet: Any, room_id: str) -> str:
        room = await puppet.room_payload(room_id)
        topic = room.topic or ""
        self._topics[room_id] = topic
        if self._inbox is not None:
            await self._inbox.room_seen(room_id, topic)
        return topic

    async def _mention_names(
        self, puppet: Any, room_id: str, ids: list[str], fallback: tuple[str, ...]
    ) -> list[str]:
        """Each id's name as the group shows it: 群昵称 if set, else the WeChat name."""
        names: list[str] = []
        now = time.monotonic()
        for i, member_id in enumerate(ids):
            cached = self._member_names.get((room_id, member_id))
            if cached is not None and now - cached[0] < self._member_cache_ttl:
                names.append(cached[1])
                continue
            name = ""
            try:
                member = await puppet.room_member_payload(room_id, member_id)
                name = member.room_alias or member.name
            except Exception as exc:
                self._log.info("no member payload for %s in %s: %s", member_id, room_id, exc)
            if not name:
                name = fallback[i] if i < len(fallback) and fallback[i] else member_id
            else:
                self._member_names[(room_id, member_id)] = (now, name)
            names.append(name)
        return names

    async def _room_members(self, bot: Any, room_id: str) -> dict[str, str]:
        room = bot.Room.load(room_id)
        members = await room.member_list()
        names: dict[str, str] = {}
        for member in members:
            alias = await room.alias(member)
            names[member.contact_id] = alias or member.name
        return names

    def _forget_members(self, room_id: str) -> None:
        for key in [k for k in self._member_names if k[0] == room_id]:
            del self._member_names[key]

    # ------------------------------------------------------------------ reporting

    async def _report(self, online: bool, detail: str) -> None:
        # Report changes, not every retry: staff see one banner per outage.
        if self._reported == (online, detail):
            return
        self._reported = (online, detail)
        if self._inbox is None:
            return
        try:
            await self._inbox.transport_status(online, detail)
        except Exception:
            self._log.exception("inbox.transport_status failed")


# --------------------------------------------------------------------------- errors


async def _cancel(task: asyncio.Task[Any]) -> None:
    """Cancel a task and wait for it, even if one cancellation gets lost.

    On Python 3.11 a cancel that arrives just as an awaited call completes can be lost (seen
    with asyncio.wait_for around a gRPC call: stop() then waited forever on the worker). This
    module uses asyncio.timeout instead, and keeps cancelling until the task is really done.
    """
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=1.0)
    if not task.cancelled():
        with contextlib.suppress(Exception):
            task.result()


def _connection_errors() -> tuple[type[BaseException], ...]:
    from grpclib.exceptions import GRPCError, StreamTerminatedError

    return (OSError, TimeoutError, StreamTerminatedError, GRPCError, ConnectionError)


def _describe(exc: BaseException) -> str:
    status = getattr(exc, "status", None)
    if status is not None:
        return f"{getattr(status, 'name', status)}: {getattr(exc, 'message', '') or ''}".strip()
    return f"{type(exc).__name__}: {exc}".rstrip(": ")


def _raise_if_auth(exc: BaseException) -> None:
    from grpclib.const import Status

    if getattr(exc, "status", None) is Status.UNAUTHENTICATED:
        raise TransportAuthError(
            "Wechaty 网关拒绝了 token（UNAUTHENTICATED）：请检查 WECHATY_PUPPET_SERVICE_TOKEN "
            f"是否与网关的 token 一致（{getattr(exc, 'message', '')}）"
        ) from exc


_PERMANENT_HINTS = ("not exist", "not found", "no payload", "invalid")


def _send_failure(exc: BaseException) -> SendFailed:
    from grpclib.const import Status
    from grpclib.exceptions import GRPCError

    if isinstance(exc, GRPCError):
        if exc.status in (Status.NOT_FOUND, Status.INVALID_ARGUMENT, Status.PERMISSION_DENIED):
            return SendFailed(_describe(exc), transient=False)
        message = (exc.message or "").lower()
        if exc.status in (Status.INTERNAL, Status.UNKNOWN) and any(
            hint in message for hint in _PERMANENT_HINTS
        ):
            return SendFailed(_describe(exc), transient=False)
    # Connection trouble, timeouts, "not logged in": worth another try once we are back.
    return SendFailed(_describe(exc), transient=True)

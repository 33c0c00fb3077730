"""What arrives from the gateway — login, logout, QR scan, messages, room changes — handled one
at a time in arrival order, and replayed after a reconnect when the connection dropped mid-way.
A mixin of `WechatyTransport`; the state it uses is created in `WechatyTransport.__init__`."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import sys
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as urlquote

from bot.domain.accounts import LinkState
from bot.domain.messages import MessageType
from bot.ports import Inbox
from bot.transports.wechaty.connection import _Delays
from bot.transports.wechaty.errors import connection_errors, connection_lost, describe
from bot.transports.wechaty.mapping import (
    echo_from,
    inbound_from,
    mentioned_names_in,
    message_type_of,
)
from bot.transports.wechaty.media import PuppetMedia, downloader

_Event = tuple[str, Any]
_REPLAYABLE = frozenset({"message", "room-join", "room-leave", "room-topic"})
_MAX_ATTEMPTS = 3
_MEDIA_TYPES = frozenset({MessageType.IMAGE, MessageType.VOICE, MessageType.VIDEO})
# Text messages handed to the inbox and not yet answered, at most (then the worker waits).
IN_FLIGHT = 64


class EventHandling:
    """The single worker that turns gateway events into calls on the inbox."""

    _log: logging.Logger
    _inbox: Inbox | None
    _bot: Any
    _puppet: Any
    _events: asyncio.Queue[_Event]
    _stopping: asyncio.Event
    _logged_in: asyncio.Event
    _self_id: str | None
    _topics: dict[str, str]
    _delays: _Delays
    _deferred: list[tuple[_Event, int]]
    _sent_ids: deque[str]
    _handing: set[asyncio.Task[None]]

    if TYPE_CHECKING:

        async def _report(
            self, online: bool, detail: str, state: LinkState | None = None
        ) -> None: ...

        async def _see_room(self, puppet: Any, room_id: str) -> str: ...

        async def _mention_names(
            self, puppet: Any, room_id: str, ids: list[str], fallback: tuple[str, ...]
        ) -> list[str]: ...

        async def _room_members(self, bot: Any, room_id: str) -> dict[str, str]: ...

        def _forget_members(self, room_id: str) -> None: ...

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
        if event != "message":
            # Anything else (a room left, a logout) comes after the messages before it.
            await self._handed_over()
        try:
            await handlers[event](payload)
        except asyncio.CancelledError:
            raise
        except connection_errors() as exc:
            # A gateway's answer (no payload for that id) is deferred only while logged out:
            # connected, a replay would get the same answer, and the deferred list would grow
            # with events no login can bring back (fault9).
            lost = connection_lost(exc) or not self._logged_in.is_set()
            if (
                event in _REPLAYABLE
                and lost
                and attempt < _MAX_ATTEMPTS
                and not self._stopping.is_set()
            ):
                self._log.info("%s event deferred until reconnect: %s", event, describe(exc))
                self._deferred.append((item, attempt))
            else:
                self._log.warning("dropping %s event: %s", event, describe(exc))
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
            except connection_errors() as exc:
                if puppet is not self._puppet:
                    raise  # the connection is gone; the next login reports every room again
                # One unreadable room must not keep the bot logged out of all the others.
                self._log.warning("cannot read room %s: %s", room_id, describe(exc))
        await self._see_contacts(puppet, payload.contact_id)
        self._delays.reset()
        self._logged_in.set()
        self._log.info("logged in to WeChat as %s (%s)", name, payload.contact_id)
        await self._report(True, f"微信已登录：{name}")

    async def _see_contacts(self, puppet: Any, self_id: str) -> None:
        """Tell the core who this account can write to privately: the puppet's contact ids,
        one call (python-wechaty's Contact.find_all would also load every contact's payload,
        one call each, for nothing the core uses). Best effort: a login never waits on it."""
        report = getattr(self._inbox, "contacts_seen", None)
        if report is None:  # an inbox written before contacts existed still works
            return
        try:
            ids = await puppet.contact_list()
        except connection_errors() as exc:
            if puppet is not self._puppet:
                raise  # the connection is gone; the next login reports them again
            self._log.warning("cannot read the contact list: %s", describe(exc))
            return
        except Exception:
            self._log.exception("cannot read the contact list")
            return
        wanted = sorted({str(i) for i in ids if i and i != self_id and "@chatroom" not in str(i)})
        try:
            await report(wanted)
        except Exception:
            self._log.exception("inbox.contacts_seen failed")

    async def _on_logout(self, payload: Any) -> None:
        self._logged_in.clear()
        reason = getattr(payload, "data", "") or "logout"
        self._log.warning("WeChat logged out: %s", reason)
        await self._report(
            False, f"微信已登出（{reason}），请在网关上重新扫码登录", LinkState.LOGGED_OUT
        )

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
        await self._report(False, f"等待扫码登录：{url}", LinkState.WAITING_SCAN)

    def _connection(self) -> tuple[Any, Any, Inbox]:
        """The current connection's Wechaty and puppet; ConnectionError (so the event is
        replayed after the next login) when an event from a dropped one is still queued."""
        if self._bot is None or self._puppet is None or self._inbox is None:
            raise ConnectionError("not connected to the Wechaty gateway")
        return self._bot, self._puppet, self._inbox

    async def _on_message(self, payload: Any) -> None:
        bot, puppet, inbox = self._connection()
        msg = bot.Message.load(payload.message_id)
        talker_name = await self._ready(bot, puppet, msg)
        raw = msg.payload
        if raw.from_id == self._self_id:
            # The puppet reports the account's own messages too (message.self()): never
            # a resident's words, but they confirm a send whose outcome was unknown.
            if raw.id not in self._sent_ids and message_type_of(raw) is MessageType.TEXT:
                await inbox.echoed(echo_from(raw))
            return
        if not raw.from_id:
            return  # system notices ("… joined the group") have no talker
        room_id = raw.room_id or None
        message_type = message_type_of(raw)
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
                found = mentioned_names_in(text, await self._room_members(bot, room_id))
                mention_ids = tuple(i for i, _ in found)
                mention_names = tuple(n for _, n in found)
        inbound = inbound_from(
            raw,
            sender_name=talker_name,
            topic=topic,
            mention_ids=mention_ids,
            mention_names=mention_names,
            self_id=self._self_id,
        )
        if message_type in _MEDIA_TYPES:
            # Downloaded only if the core keeps it (a bound group, not a duplicate).
            media = PuppetMedia(
                asyncio.get_running_loop(), downloader(puppet, raw.id, message_type)
            )
            inbound = dataclasses.replace(inbound, media=media)
            # Its download comes before it reaches the core: nothing after it may overtake it,
            # so it is handled before the next event is read (those before it are queued).
            await inbox.receive(inbound)
            return
        await self._hand_over(inbox, inbound)

    async def _hand_over(self, inbox: Inbox, inbound: Any) -> None:
        """A text message goes to the inbox without waiting for its answer: the next event
        is read meanwhile, and messages arriving while the core is busy reach it together,
        stored by one durable commit (bot/runtime/batcher). Order is kept: each is queued
        in the runtime as soon as its task starts, and tasks start in the order made."""
        while len(self._handing) >= IN_FLIGHT:
            await asyncio.wait(self._handing, return_when=asyncio.FIRST_COMPLETED)
        task = asyncio.create_task(inbox.receive(inbound), name="wechaty-message")
        self._handing.add(task)
        task.add_done_callback(self._handed)

    def _handed(self, task: asyncio.Task[None]) -> None:
        self._handing.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # As _handle does for an event: one bad message must not stop the transport.
            self._log.error("handling a Wechaty message failed", exc_info=task.exception())

    async def _handed_over(self) -> None:
        """Wait for every message handed over (stopping: their answers are stored first)."""
        if self._handing:
            await asyncio.wait(set(self._handing))

    async def _ready(self, bot: Any, puppet: Any, msg: Any) -> str:
        """python-wechaty's Message.ready(), except that a talker the puppet cannot describe
        (it answers "no payload") costs the name only: the message is kept under the talker's
        id (it was deferred, then dropped, with the resident's words; fault9). Returns the
        talker's name."""
        if not msg.is_ready():
            msg.payload = await puppet.message_payload(msg.message_id)
        raw = msg.payload
        name: str = raw.from_id
        if raw.from_id and raw.from_id != self._self_id:
            talker = bot.Contact.load(raw.from_id)
            try:
                await talker.ready()
                name = talker.name or raw.from_id
            except connection_errors() as exc:
                if connection_lost(exc) or puppet is not self._puppet:
                    raise
                self._log.warning("no contact payload for %s: %s", raw.from_id, describe(exc))
        if raw.room_id:
            await bot.Room.load(raw.room_id).ready()
        return name

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

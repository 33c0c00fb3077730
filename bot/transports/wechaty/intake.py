"""Messages from the gateway, made into `Inbound`s and handed to the inbox: texts without
waiting for their answers (at most IN_FLIGHT at once), files after their download. A mixin of
`WechatyTransport`; the state it uses is created in `WechatyTransport.__init__`."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections import deque
from typing import TYPE_CHECKING, Any

from bot.domain.messages import MessageType
from bot.ports import Inbox
from bot.transports.wechaty.errors import connection_errors, connection_lost, describe
from bot.transports.wechaty.mapping import (
    echo_from,
    inbound_from,
    mentioned_names_in,
    message_type_of,
)
from bot.transports.wechaty.media import PuppetMedia, downloader

_MEDIA_TYPES = frozenset({MessageType.IMAGE, MessageType.VOICE, MessageType.VIDEO})
# Text messages handed to the inbox and not yet answered, at most (then the worker waits).
IN_FLIGHT = 64


class MessageIntake:
    """Message events: the talker and room made ready, mentions read, the `Inbound` handed over."""

    _log: logging.Logger
    _puppet: Any
    _self_id: str | None
    _topics: dict[str, str]
    _sent_ids: deque[str]
    _handing: set[asyncio.Task[None]]

    if TYPE_CHECKING:

        def _connection(self) -> tuple[Any, Any, Inbox]: ...

        async def _see_room(self, puppet: Any, room_id: str) -> str: ...

        async def _mention_names(
            self, puppet: Any, room_id: str, ids: list[str], fallback: tuple[str, ...]
        ) -> list[str]: ...

        async def _room_members(self, bot: Any, room_id: str) -> dict[str, str]: ...

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

"""The built-in transport with no WeChat: replay, the console's chat simulator, the tests.

It behaves like a WeChat account that is in every configured group: room ids are made up
from topics unless the config names one, and whatever the bot sends is recorded.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bot.domain.messages import Inbound, MessageType, Outbound
from bot.ports import Clock, Inbox, SendFailed
from bot.services.evidence.source import BytesMedia
from bot.transports.ledger import MAX_BYTES, DeliveryLedger, keys_in

# What `linli run` keeps of the simulator's deliveries for the console's feed: the newest
# ones only, so a simulator left running for weeks (or fed by a benchmark) does not grow
# without bound (hardening 5). Recovery after a restart reads the ledger, not this list.
FEED_KEEP = 200


@dataclass(frozen=True)
class Sent:
    """One message the bot sent, as a member of the group (or the private contact) saw it."""

    seq: int
    at: datetime
    text: str
    room_id: str | None
    group: str | None
    to_id: str | None
    to: str | None
    mention_ids: tuple[str, ...]
    mentions: tuple[str, ...]
    key: str = ""  # the outbox idempotency key
    # A photo message (media15): the file's name; `text` is then "[图片] <name>", as the
    # console's simulator page shows it. None for a text message.
    picture: str | None = None

    def rendered(self) -> str:
        """The text as WeChat shows it: @-mentions first."""
        prefix = "".join(f"@{name}\u2005" for name in self.mentions)
        return prefix + self.text


def _append(path: Path, line: dict[str, str | None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(line, ensure_ascii=False) + "\n")


def _keys_in(path: Path | None) -> set[str]:
    if path is None or not path.exists():
        return set()
    return keys_in(path.read_bytes())


def simulated_room_id(topic: str) -> str:
    # Wechaty room ids contain "@"; keep the shape so nothing downstream is surprised.
    return f"sim:{topic}@chatroom"


@dataclass
class SimulatorTransport:
    clock: Clock
    bot_id: str = "linli-bot"
    name: str = "simulator"
    sent: list[Sent] = field(default_factory=list)
    # How many of the newest deliveries `sent` keeps; None: every one (replay and the tests
    # read the whole transcript, bounded by their input). `seq` keeps counting either way.
    keep: int | None = None
    online: bool = True
    # A transcript file: one JSON line per delivery, appended as it happens (crash tests,
    # and a record to read after `linli run` on the simulator). It is also what `delivered`
    # consults after a restart.
    record: Path | None = None
    # The delivery ledger: one JSON line per delivered key, appended before the send returns.
    # `linli run` always keeps one in the data folder (transcript or not), so after a kill -9
    # the restart can tell a message in flight that went out from one that did not.
    ledger: Path | None = None
    ledger_max_bytes: int = MAX_BYTES  # pruned past this size (see bot.transports.ledger)
    send_delay: float = 0.0  # seconds a send takes after it is delivered (a network's ack)
    _inbox: Inbox | None = None
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    last_seq: int = field(default=0, init=False)  # the newest delivery's number
    _listeners: list[Callable[[Sent], None]] = field(default_factory=list)
    _open_ledger: DeliveryLedger | None = field(default=None, repr=False)

    async def start(self, inbox: Inbox) -> None:
        self._inbox = inbox
        await inbox.transport_status(True, "模拟器")

    async def stop(self) -> None:
        self._inbox = None
        if self._open_ledger is not None:
            self._open_ledger.close()
            self._open_ledger = None

    async def send(self, message: Outbound) -> None:
        if not self.online:
            raise SendFailed("simulator offline", transient=True)
        self.last_seq += 1
        record = Sent(
            seq=self.last_seq,
            at=self.clock.now(),
            text=message.text,
            room_id=message.room_id,
            group=message.room_topic,
            to_id=message.to_id,
            to=message.to_name,
            mention_ids=message.mention_ids,
            mentions=message.mention_names,
            key=message.idempotency_key,
            picture=message.picture.name if message.picture is not None else None,
        )
        self.sent.append(record)
        if self.keep is not None and len(self.sent) > self.keep:
            del self.sent[: len(self.sent) - self.keep]
        if self.ledger is not None:
            self._ledger().append(record.key, record.at.isoformat())
        if self.record is not None:
            line = {"key": record.key, "group": record.group, "to": record.to, "text": record.text}
            if record.picture is not None:
                line["type"] = "image"
            _append(self.record, line)
        for listener in list(self._listeners):
            listener(record)
        if self.send_delay:
            await asyncio.sleep(self.send_delay)

    async def delivered(self, keys: Sequence[str]) -> set[str]:
        """Which of these idempotency keys this simulator (its ledger, its transcript) delivered."""
        seen = {s.key for s in self.sent} | _keys_in(self.record)
        if self.ledger is not None:
            seen |= self._ledger().keys()
        return seen & set(keys)

    def prune_record(self, in_flight: Callable[[], Collection[str]]) -> int:
        """Shrink the delivery ledger to what recovery may still ask (bot.transports.ledger);
        the transcript (`record`) is the operator's file and is left alone."""
        return self._ledger().prune(in_flight) if self.ledger is not None else 0

    def _ledger(self) -> DeliveryLedger:
        assert self.ledger is not None
        if self._open_ledger is None or self._open_ledger.path != self.ledger:
            self._open_ledger = DeliveryLedger(self.ledger, max_bytes=self.ledger_max_bytes)
        return self._open_ledger

    def sent_after(self, seq: int) -> list[Sent]:
        """The kept deliveries numbered after `seq`, oldest first (the console's feed). A
        number past the newest is a browser that outlived a restart: it gets all that is kept,
        instead of nothing until the count caught up with it."""
        if seq > self.last_seq:
            seq = 0
        return [s for s in self.sent if s.seq > seq]

    def subscribe(self, listener: Callable[[Sent], None]) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    async def say(
        self,
        *,
        sender_id: str,
        sender_name: str,
        text: str,
        topic: str | None = None,
        room_id: str | None = None,
        message_id: str | None = None,
        type: MessageType = MessageType.TEXT,
        mention_ids: tuple[str, ...] = (),
        mention_names: tuple[str, ...] = (),
        quote: str | None = None,
        bot_name: str = "",
        media: bytes | None = None,
    ) -> Inbound:
        """A member speaks (in `topic`'s room, or privately when no topic is given)."""
        if self._inbox is None:
            raise RuntimeError("simulator not started")
        if topic is not None and room_id is None:
            room_id = simulated_room_id(topic)
        mentions_bot = self.bot_id in mention_ids or (bool(bot_name) and bot_name in mention_names)
        message = Inbound(
            message_id=message_id or f"sim-{next(self._ids)}-{self.clock.now().timestamp()}",
            sender_id=sender_id,
            sender_name=sender_name,
            text=text,
            at=self.clock.now(),
            room_id=room_id,
            room_topic=topic,
            type=type,
            mention_ids=mention_ids,
            mention_names=mention_names,
            mentions_bot=mentions_bot,
            quote=quote,
            media=BytesMedia(media) if media is not None else None,
        )
        await self._inbox.receive(message)
        return message

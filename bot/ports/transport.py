"""A way to WeChat: the transport, the inbox it feeds, what it remembers having sent."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Protocol, runtime_checkable

from bot.domain.accounts import LinkState
from bot.domain.echo import Echo
from bot.domain.messages import Inbound, Outbound


class SendFailed(Exception):
    """A transport could not deliver an Outbound.

    `transient=True` means try again later (connection lost, rate limited);
    False means it will never work (the room is gone, the contact blocked the bot).
    `maybe_delivered=True` means the message may have gone out all the same: the request
    had left when the connection dropped or the answer timed out (see bot.domain.echo).
    """

    def __init__(self, reason: str, *, transient: bool, maybe_delivered: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.maybe_delivered = maybe_delivered


class TransportRefused(Exception):
    """A transport cannot start and retrying will not help (e.g. the gateway refused the
    token): the operator must act, so `linli run` exits with EX_CONFIG and systemd stops."""


class Inbox(Protocol):
    """What a transport calls when something happens on its side."""

    async def receive(self, message: Inbound) -> None:
        """A message arrived (any type). Returns once it is stored and answered into the outbox."""

    async def room_seen(self, room_id: str, topic: str) -> None:
        """The bot is in this room with this topic (on start, on join, on rename)."""

    async def room_left(self, room_id: str) -> None:
        """The bot was removed from this room."""

    async def transport_status(
        self, online: bool, detail: str = "", state: LinkState | None = None
    ) -> None:
        """The connection went down or came back (shown to staff); `state` says why when
        the transport knows (WeChat logged out, a QR code waiting to be scanned)."""

    async def echoed(self, echo: Echo) -> None:
        """The bot's own account was seen sending this (a puppet's self message). Never a
        resident's words: it only confirms sends whose outcome was unknown."""

    async def contacts_seen(self, wechat_ids: Sequence[str]) -> None:
        """The logged-in account's contacts (its whole list, after a login): a private
        message may go through any account that has the person."""


class Transport(Protocol):
    """A way to WeChat (or something that behaves like it)."""

    name: str

    async def start(self, inbox: Inbox) -> None:
        """Connect, then deliver everything that happens to `inbox` until stop()."""

    async def stop(self) -> None: ...

    async def send(self, message: Outbound) -> None:
        """Deliver one message or raise SendFailed."""


@runtime_checkable
class DeliveryRecord(Protocol):
    """A transport that can tell which messages it already delivered (by idempotency key).

    After a crash, a message the outbox had handed to the transport but not yet marked sent
    is ambiguous: it may or may not have gone out. A transport with this capability settles
    it; one without it leaves the outbox to assume the worst (see services.outbox.recover).
    Must work before start().
    """

    async def delivered(self, keys: Sequence[str]) -> set[str]: ...


@runtime_checkable
class PrunableRecord(Protocol):
    """A delivery record that grows with every message and can drop what recovery will
    never ask about again. Runs on the core's thread (it asks the database)."""

    def prune_record(self, in_flight: Callable[[], Collection[str]]) -> int:
        """Keep the keys `in_flight()` names and anything recorded after it was asked;
        returns how many entries went."""
        ...

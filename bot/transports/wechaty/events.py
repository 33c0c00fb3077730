"""What arrives from the gateway — login, logout, QR scan, messages, room changes — handled one
at a time in arrival order, and replayed after a reconnect when the connection dropped mid-way.

The worker loop lives here; what each event does is in session.py (login, logout, QR scan),
intake.py (messages) and rooms.py (room changes). Mixins of `WechatyTransport`; the state they
use is created in `WechatyTransport.__init__`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from bot.ports import Inbox
from bot.transports.wechaty.errors import connection_errors, connection_lost, describe

_Event = tuple[str, Any]
_REPLAYABLE = frozenset({"message", "room-join", "room-leave", "room-topic"})
_MAX_ATTEMPTS = 3


class EventWorker:
    """The single worker that reads gateway events in arrival order and hands each to its
    handler, deferring those a dropped connection interrupted until the next login."""

    _log: logging.Logger
    _inbox: Inbox | None
    _bot: Any
    _puppet: Any
    _events: asyncio.Queue[_Event]
    _stopping: asyncio.Event
    _logged_in: asyncio.Event
    _deferred: list[tuple[_Event, int]]

    if TYPE_CHECKING:

        async def _on_login(self, payload: Any) -> None: ...

        async def _on_logout(self, payload: Any) -> None: ...

        async def _on_scan(self, payload: Any) -> None: ...

        async def _on_message(self, payload: Any) -> None: ...

        async def _on_room_join(self, payload: Any) -> None: ...

        async def _on_room_leave(self, payload: Any) -> None: ...

        async def _on_room_topic(self, payload: Any) -> None: ...

        async def _handed_over(self) -> None: ...

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

    def _connection(self) -> tuple[Any, Any, Inbox]:
        """The current connection's Wechaty and puppet; ConnectionError (so the event is
        replayed after the next login) when an event from a dropped one is still queued."""
        if self._bot is None or self._puppet is None or self._inbox is None:
            raise ConnectionError("not connected to the Wechaty gateway")
        return self._bot, self._puppet, self._inbox

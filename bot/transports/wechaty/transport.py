"""`WechatyTransport`: the `bot.ports.Transport` for real WeChat, through a Wechaty gateway.

The public side lives here (start, stop, send, status reports); keeping the connection is in
connection.py, the worker over what arrives in events.py, login and logout in session.py,
messages in intake.py, room events and room and member lookups in rooms.py.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from bot.domain.accounts import LinkState
from bot.domain.messages import Outbound
from bot.ports import Inbox, SendFailed
from bot.transports.wechaty.connection import Backoff, GatewayConnection, cancel, split_endpoint
from bot.transports.wechaty.errors import (
    TransportAuthError,
    connection_errors,
    describe,
    send_failure,
)
from bot.transports.wechaty.events import EventWorker, _Event
from bot.transports.wechaty.intake import MessageIntake
from bot.transports.wechaty.mapping import render_mentions
from bot.transports.wechaty.media import picture_box
from bot.transports.wechaty.rooms import RoomDirectory, RoomEvents
from bot.transports.wechaty.session import SessionEvents
from bot.transports.wechaty.shim import load_wechaty

if TYPE_CHECKING:
    from bot.settings import Settings

__all__ = ["TransportAuthError", "WechatyTransport"]

log = logging.getLogger("linli.transport.wechaty")


class WechatyTransport(
    EventWorker, SessionEvents, MessageIntake, RoomEvents, RoomDirectory, GatewayConnection
):
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
        self._host, self._port = split_endpoint(endpoint)
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
        # Ids of messages whose send returned: their echoes confirm nothing new.
        self._sent_ids: deque[str] = deque(maxlen=256)
        # Text messages handed to the inbox, their answers not yet back (intake.py).
        self._handing: set[asyncio.Task[None]] = set()

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
        except connection_errors() as exc:
            # The gateway may come up after us (compose, systemd): keep trying in the background.
            await self._close_connection()
            detail = f"无法连接 Wechaty 网关 {self._endpoint}：{describe(exc)}，稍后重试"
            self._log.warning(detail)
            await self._report(False, detail)
        except BaseException:  # TransportAuthError above all: the caller must stop
            await self._close_connection()
            await cancel(self._worker)
            self._worker = None
            raise
        self._supervisor = asyncio.create_task(self._supervise(), name="wechaty-supervisor")

    async def stop(self) -> None:
        self._stopping.set()
        for task in (self._supervisor, self._worker):
            if task is not None:
                await cancel(task)
        self._supervisor = self._worker = None
        await self._handed_over()  # messages already handed over are stored and answered
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
                if message.picture is not None:  # a photo: its bytes, not the label
                    message_id = await puppet.message_send_file(
                        conversation_id=conversation, file=picture_box(message.picture)
                    )
                else:
                    message_id = await puppet.message_send_text(
                        conversation_id=conversation, message=text, mention_ids=mention_ids
                    )
        except Exception as exc:
            raise send_failure(exc) from exc
        if message_id:
            self._sent_ids.append(str(message_id))

    # ------------------------------------------------------------------ reporting

    async def _report(self, online: bool, detail: str, state: LinkState | None = None) -> None:
        # Report changes, not every retry: staff see one banner per outage.
        if self._reported == (online, detail):
            return
        self._reported = (online, detail)
        if self._inbox is None:
            return
        try:
            if state is None:  # an inbox written before states existed still works
                await self._inbox.transport_status(online, detail)
            else:
                await self._inbox.transport_status(online, detail, state=state)
        except Exception:
            self._log.exception("inbox.transport_status failed")

"""The account's session as the gateway reports it: login (every room and contact reported
to the core), logout, and the QR code to scan. A mixin of `WechatyTransport`; the state it uses
is created in `WechatyTransport.__init__`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as urlquote

from bot.domain.accounts import LinkState
from bot.ports import Inbox
from bot.transports.wechaty.connection import _Delays
from bot.transports.wechaty.errors import connection_errors, describe


class SessionEvents:
    """Login, logout and QR-scan events, turned into status reports and rooms seen."""

    _log: logging.Logger
    _inbox: Inbox | None
    _puppet: Any
    _logged_in: asyncio.Event
    _self_id: str | None
    _delays: _Delays

    if TYPE_CHECKING:

        async def _report(
            self, online: bool, detail: str, state: LinkState | None = None
        ) -> None: ...

        async def _see_room(self, puppet: Any, room_id: str) -> str: ...

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

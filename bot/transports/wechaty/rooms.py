"""Rooms and members as the group shows them: room topics reported to the inbox, and members'
群昵称 (cached for a while) for rendering and reading @-mentions, and the gateway's room events.
Mixins of `WechatyTransport`; the state they use is created in `WechatyTransport.__init__`."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from bot.ports import Inbox


class RoomDirectory:
    """Room topics and member names, looked up through the current connection."""

    _log: logging.Logger
    _inbox: Inbox | None
    _topics: dict[str, str]
    _member_names: dict[tuple[str, str], tuple[float, str]]
    _member_cache_ttl: float

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


class RoomEvents:
    """Room events: the bot invited, a member gone or the bot removed, a topic renamed."""

    _inbox: Inbox | None
    _self_id: str | None
    _topics: dict[str, str]

    if TYPE_CHECKING:

        def _connection(self) -> tuple[Any, Any, Inbox]: ...

        async def _see_room(self, puppet: Any, room_id: str) -> str: ...

        def _forget_members(self, room_id: str) -> None: ...

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

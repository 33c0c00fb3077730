"""The gateway's event stream, read by us and not by python-wechaty-puppet-service.

Its own reader (`PuppetService._listen_for_event`) builds each payload with strict dataclasses
inside the loop over the stream: one event with a missing or null field (a room-join without
an inviter, a room-topic without the old topic, a message event without its id) raises, the
stream task ends, and the transport drops the connection and reconnects; whatever residents
said during the reconnection is lost, since puppet-service keeps no events for a client that
is away (fault9). Here each event is parsed on its own: a malformed one is logged and
skipped, and the stream goes on. Only the events the transport listens to are parsed.

Pure: plain values in, plain values out (no grpc or wechaty import).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# wechaty-grpc's EventType numbers (puppet.proto); stable across protocol versions.
MESSAGE, ERROR, ROOM_JOIN, ROOM_LEAVE, ROOM_TOPIC = 2, 16, 19, 20, 21
SCAN, LOGIN, LOGOUT = 22, 25, 26

# wechaty-puppet's ScanStatus, by number.
_SCAN_STATUS = ("Unknown", "Cancel", "Waiting", "Scanned", "Confirmed", "Timeout")


class Malformed(ValueError):
    """An event the gateway sent that cannot be read; skipped, never fatal."""


@dataclass(frozen=True, slots=True)
class LoginEvent:
    contact_id: str


@dataclass(frozen=True, slots=True)
class LogoutEvent:
    contact_id: str
    data: str


@dataclass(frozen=True, slots=True)
class MessageEvent:
    message_id: str


@dataclass(frozen=True, slots=True)
class RoomJoinEvent:
    room_id: str
    invited_ids: list[str]
    inviter_id: str


@dataclass(frozen=True, slots=True)
class RoomLeaveEvent:
    room_id: str
    removed_ids: list[str]
    remover_id: str


@dataclass(frozen=True, slots=True)
class RoomTopicEvent:
    room_id: str
    new_topic: str
    old_topic: str


@dataclass(frozen=True, slots=True)
class ScanEvent:
    status: str  # "Waiting", "Timeout", … (a number the puppet invented stays a number)
    qrcode: str
    data: str


def _text(data: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise Malformed(f"no {key}")
        return ""
    if not isinstance(value, str | int | float):
        raise Malformed(f"{key} is a {type(value).__name__}")
    return str(value)


def _ids(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise Malformed(f"{key} is not a list")
    return [str(v) for v in value if isinstance(v, str | int) and str(v)]


def parse(kind: int, payload: str) -> tuple[str, Any] | None:
    """(event name, payload) for an event the transport handles; None for the others
    (heartbeats, dong, ready, friendship …); Malformed when it cannot be read."""
    if kind not in (MESSAGE, ERROR, ROOM_JOIN, ROOM_LEAVE, ROOM_TOPIC, SCAN, LOGIN, LOGOUT):
        return None
    try:
        data = json.loads(payload or "{}")
    except ValueError as exc:
        raise Malformed(f"not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise Malformed(f"a JSON {type(data).__name__}, not an object")
    if kind == MESSAGE:
        return "message", MessageEvent(_text(data, "messageId", required=True))
    if kind == ERROR:
        return "error", data
    if kind == ROOM_JOIN:
        room = _text(data, "roomId", required=True)
        return "room-join", RoomJoinEvent(
            room, _ids(data, "inviteeIdList"), _text(data, "inviterId")
        )
    if kind == ROOM_LEAVE:
        room = _text(data, "roomId", required=True)
        return "room-leave", RoomLeaveEvent(
            room, _ids(data, "removeeIdList"), _text(data, "removerId")
        )
    if kind == ROOM_TOPIC:
        room = _text(data, "roomId", required=True)
        topic = _text(data, "newTopic", required=True)
        return "room-topic", RoomTopicEvent(room, topic, _text(data, "oldTopic"))
    if kind == SCAN:
        status = data.get("status")
        if isinstance(status, int) and 0 <= status < len(_SCAN_STATUS):
            name = _SCAN_STATUS[status]
        else:
            name = str(status)
        return "scan", ScanEvent(name, _text(data, "qrcode"), _text(data, "data"))
    if kind == LOGIN:
        return "login", LoginEvent(_text(data, "contactId", required=True))
    return "logout", LogoutEvent(_text(data, "contactId"), _text(data, "data"))

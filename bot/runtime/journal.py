"""The held messages on disk, so a process killed during a database outage loses none of them.

HeldMessages (bot.runtime.held) keeps what the database could not take in memory; a kill -9
or a power cut during the outage would drop it, and WeChat never sends a message twice. So
each held message is also appended to a journal in the data directory, one JSON line,
fsync'd before anything else happens; each one handled (or given up) appends a `done` line.
Messages leave the queue strictly oldest first, so the journal needs no ids to match: the
pending messages are the `held` lines after as many as there are `done` lines. The file is
emptied once nothing is held and compacted when read at start-up, which also drops the
torn last line of a write the kill interrupted (logged, never fatal).

Exactly once: a message is re-handled after a restart only if the process died between its
transaction and its `done` line; the pipeline drops a message id it already stored.
An image's or voice note's file is not journaled (it is fetched from WeChat on demand): after
a kill such a message comes back without its file.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.domain.messages import Inbound, MessageType

log = logging.getLogger(__name__)


def _encode(message: Inbound) -> dict[str, Any]:
    return {
        "message_id": message.message_id,
        "sender_id": message.sender_id,
        "sender_name": message.sender_name,
        "text": message.text,
        "at": message.at.isoformat(),
        "room_id": message.room_id,
        "room_topic": message.room_topic,
        "type": message.type.value,
        "mention_ids": list(message.mention_ids),
        "mention_names": list(message.mention_names),
        "mentions_bot": message.mentions_bot,
        "quote": message.quote,
    }


def _decode(data: dict[str, Any]) -> Inbound:
    return Inbound(
        message_id=str(data["message_id"]),
        sender_id=str(data["sender_id"]),
        sender_name=str(data["sender_name"]),
        text=str(data["text"]),
        at=datetime.fromisoformat(data["at"]),
        room_id=data.get("room_id"),
        room_topic=data.get("room_topic"),
        type=MessageType(data.get("type", "text")),
        mention_ids=tuple(data.get("mention_ids", ())),
        mention_names=tuple(data.get("mention_names", ())),
        mentions_bot=bool(data.get("mentions_bot", False)),
        quote=data.get("quote"),
    )


class HeldJournal:
    def __init__(self, path: Path) -> None:
        self.path = path

    # A journal that cannot be written (disk full, a directory in its place) must not cost
    # the message the memory queue still holds: one log line each time, and on we go.

    def held(self, message: Inbound) -> None:
        self._append({"held": _encode(message)})

    def done(self, message_id: str) -> None:
        self._append({"done": message_id})

    def clear(self) -> None:
        """Nothing is held any more: the journal starts empty."""
        try:
            if self.path.exists():
                with open(self.path, "r+b") as f:
                    f.truncate(0)
                    os.fsync(f.fileno())
        except OSError as exc:
            log.error("held-message journal %s cannot be emptied: %s", self.path, exc)

    def load(self) -> list[Inbound]:
        """The messages still pending, oldest first; the file is rewritten to hold just them."""
        try:
            return self._load()
        except OSError as exc:
            log.error("held-message journal %s cannot be read: %s", self.path, exc)
            return []

    def _load(self) -> list[Inbound]:
        if not self.path.exists():
            return []
        held: list[Inbound] = []
        done = 0
        with open(self.path, "rb") as f:
            lines = f.read().split(b"\n")
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                entry = json.loads(raw)
                if "held" in entry:
                    held.append(_decode(entry["held"]))
                elif "done" in entry:
                    done += 1
                else:
                    raise ValueError("neither held nor done")
            except (ValueError, KeyError, TypeError) as exc:
                # The kill cut this write short (or the disk did): the message it carried was
                # never acknowledged as held, so there is nothing else to do but say so.
                log.warning(
                    "held-message journal %s line %d unreadable (%s); skipped",
                    self.path,
                    number,
                    exc,
                )
        pending = held[done:]
        self._rewrite(pending)
        if pending:
            log.warning("%d messages held before the last stop; handling them now", len(pending))
        return pending

    def _rewrite(self, pending: list[Inbound]) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            for message in pending:
                f.write(_line({"held": _encode(message)}))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)
        _sync_dir(self.path.parent)

    def _append(self, entry: dict[str, Any]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Personal data (residents' words): the bot's user only, like the database.
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(fd, "ab") as f:
                f.write(_line(entry))
                f.flush()
                os.fsync(f.fileno())
        except OSError as exc:
            log.error("held-message journal %s cannot be written (%s); memory only", self.path, exc)


def _line(entry: dict[str, Any]) -> bytes:
    # ASCII with \u escapes: a lone surrogate or a NUL in a resident's text survives the trip.
    return json.dumps(entry, ensure_ascii=True).encode("ascii") + b"\n"


def _sync_dir(path: Path) -> None:
    """The rename itself survives a power cut only once the directory is synced."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

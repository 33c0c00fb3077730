"""What the conversation replay tests (test_convo*_replay.py) share: a scenario run through
`linli replay` (the public contract), read back as what the bot said where.

A place is a group's name, or "private:<name>" for a private message to that person.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from tests.integration.test_replay_cli import SCENARIOS, lines, replay

Said = list[tuple[str, str]]
TimedSaid = list[tuple[str, str, str]]

# What a resident hears when a case is opened (an emergency's receipt begins 【紧急】 before it).
RECEIPT = "已受理您反映的问题"


def _place(message: dict[str, object]) -> str:
    return str(message["group"] or f"private:{message['to']}")


def said(path: Path | str, *extra: str) -> Said:
    """(place, text) of every message the bot sent; `path` is below tests/scenarios (or
    absolute: a file the test wrote), `extra` more arguments to `linli replay`."""
    return [(_place(o), str(o["text"])) for o in lines(replay(SCENARIOS / path, *extra))]


def timed(path: Path | str, *extra: str) -> TimedSaid:
    """Like said(), with the virtual time each message was sent first: (at, place, text)."""
    out = lines(replay(SCENARIOS / path, *extra))
    return [(str(o["at"]), _place(o), str(o["text"])) for o in out]


def said_in(folder: str, ext: str = ".jsonl") -> Callable[..., Said]:
    """said() for one folder's scenarios by name: said_in("convo12")("x") replays
    convo12/x.jsonl."""

    def said_named(name: str, *extra: str) -> Said:
        return said(Path(folder) / f"{name}{ext}", *extra)

    return said_named


def timed_in(folder: str) -> Callable[[str], TimedSaid]:
    """timed() for one folder's scenarios by name."""

    def timed_named(name: str) -> TimedSaid:
        return timed(Path(folder) / f"{name}.jsonl")

    return timed_named


def to(out: Sequence[tuple[str, ...]], where: str) -> list[str]:
    """The texts sent to one place, in order (the place is the last field but the text)."""
    return [message[-1] for message in out if message[-2] == where]


def everything(out: Sequence[tuple[str, ...]]) -> str:
    """All that was said, one message a line: for "nobody was told X" assertions."""
    return "\n".join(message[-1] for message in out)


def opened(texts: list[str], receipt: str = RECEIPT) -> int:
    """How many of these texts are a case's receipt."""
    return sum(receipt in t for t in texts)


# ---- the replay's own lines (dicts with at, group, to, text, mentions), round fourteen on ------

Line = dict[str, object]


def messages(path: Path | str, *extra: str) -> list[Line]:
    """Every line the bot sent, as `linli replay` printed it."""
    return lines(replay(SCENARIOS / path, *extra))


def messages_in(folder: str) -> Callable[..., list[Line]]:
    """messages() for one folder's scenarios by file name: messages_in("convo14")("x.jsonl")."""

    def messages_named(name: str, *extra: str) -> list[Line]:
        return messages(Path(folder) / name, *extra)

    return messages_named


def episode(path: Path, steps: Sequence[dict[str, object]]) -> list[Line]:
    """Write `steps` as a replay file at `path` (a test's tmp_path file) and replay it."""
    path.write_text("\n".join(json.dumps(s, ensure_ascii=False) for s in steps) + "\n")
    return lines(replay(path))


def private_to(out: Sequence[Line], person: str) -> list[str]:
    """The texts sent privately to one person, in order."""
    return [str(m["text"]) for m in out if m["to"] == person]


def heard_by(out: Sequence[Line], name: str) -> list[str]:
    """What `name` sees addressed to them: private messages and group lines that @ them."""
    return [
        str(m["text"])
        for m in out
        if m["to"] == name or (m["group"] is not None and name in (m["mentions"] or []))
    ]


def group_lines(out: Sequence[Line], group: str) -> list[Line]:
    return [m for m in out if m["group"] == group]


def everything_said(out: Sequence[Line]) -> str:
    return "\n".join(str(m["text"]) for m in out)

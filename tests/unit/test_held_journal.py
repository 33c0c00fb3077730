"""The held-message journal on its own: order, done lines, compaction, odd text (probe8)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from bot.domain.messages import Inbound, MessageType
from bot.runtime.journal import HeldJournal

AT = datetime.fromisoformat("2026-11-23T09:00:00+08:00")


def message(n: int, text: str = "3号楼电梯坏了") -> Inbound:
    return Inbound(
        message_id=f"m{n}",
        sender_id="wx-zhang",
        sender_name="张阿姨",
        text=text,
        at=AT,
        room_id="room-3",
        room_topic="兰亭3号楼邻里群",
        type=MessageType.TEXT,
        mention_ids=("wx-bot",),
        mention_names=("邻里",),
        mentions_bot=True,
        quote="上一条",
    )


def test_pending_messages_are_the_held_ones_after_the_done_ones(tmp_path: Path) -> None:
    journal = HeldJournal(tmp_path / "held.jsonl")
    for n in range(1, 4):
        journal.held(message(n))
    journal.done("m1")
    assert [m.message_id for m in journal.load()] == ["m2", "m3"]
    # compacted: read again, the same two, and nothing else in the file
    assert [m.message_id for m in journal.load()] == ["m2", "m3"]
    assert len(journal.path.read_text().splitlines()) == 2


def test_every_field_and_any_text_comes_back_as_it_went(tmp_path: Path) -> None:
    odd = "电话\u0000138\ud8001234 \u202e反 👨\u200d👩\u200d👧"  # NUL, lone surrogate, bidi, ZWJ
    journal = HeldJournal(tmp_path / "held.jsonl")
    journal.held(message(1, odd))
    assert journal.load() == [message(1, odd)]


def test_cleared_or_absent_journal_holds_nothing(tmp_path: Path) -> None:
    journal = HeldJournal(tmp_path / "sub" / "held.jsonl")
    assert journal.load() == []
    journal.held(message(1))
    journal.clear()
    assert journal.load() == []


def test_a_garbled_line_is_skipped_and_the_rest_kept(tmp_path: Path) -> None:
    journal = HeldJournal(tmp_path / "held.jsonl")
    journal.held(message(1))
    with open(journal.path, "ab") as f:
        f.write(b"\xff\xfe not json\n")
    journal.held(message(2))
    assert [m.message_id for m in journal.load()] == ["m1", "m2"]


def test_a_journal_that_cannot_be_written_logs_and_does_not_raise(tmp_path: Path) -> None:
    blocked = tmp_path / "held.jsonl"
    blocked.mkdir()  # a directory where the file should be
    journal = HeldJournal(blocked)
    journal.held(message(1))
    journal.done("m1")
    journal.clear()
    assert journal.load() == []


async def test_held_messages_stay_in_memory_when_the_journal_fails(tmp_path: Path) -> None:
    from bot.ports import Unavailable
    from bot.runtime.held import HeldMessages

    handled: list[str] = []
    away = True

    async def handle(m: Inbound) -> None:
        if away:
            raise Unavailable("database away")
        handled.append(m.message_id)

    blocked = tmp_path / "held.jsonl"
    blocked.mkdir()
    held = HeldMessages(handle, journal=HeldJournal(blocked))
    await held.receive(message(1))
    await held.receive(message(2))
    assert len(held) == 2
    away = False
    await held.retry()
    assert handled == ["m1", "m2"]

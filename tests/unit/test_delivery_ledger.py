"""The simulator's delivery ledger is pruned to what crash recovery may still ask about,
never losing a line another process appends while it is rewritten."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

from bot.transports.ledger import DeliveryLedger

AT = "2026-05-04T09:00:00+00:00"


def filled(path: Path, n: int, *, max_bytes: int = 0) -> DeliveryLedger:
    ledger = DeliveryLedger(path, max_bytes=max_bytes)
    for i in range(n):
        ledger.append(f"old-{i}", AT)
    return ledger


def test_a_small_ledger_is_left_alone(tmp_path: Path) -> None:
    ledger = filled(tmp_path / "ledger.jsonl", 10, max_bytes=1024 * 1024)
    before = ledger.path.read_bytes()
    assert ledger.prune(lambda: set()) == 0
    assert ledger.path.read_bytes() == before


def test_pruning_keeps_keys_in_flight_and_everything_appended_after_it_began(
    tmp_path: Path,
) -> None:
    ledger = filled(tmp_path / "ledger.jsonl", 100)
    with ledger.path.open("a", encoding="utf-8") as f:
        f.write('{"key": "torn-by-a-cra')  # a process killed mid-write
        f.write("\n")

    def in_flight() -> set[str]:
        # Meanwhile the sender delivers two more: their rows were claimed after the
        # database was asked, so they must survive whatever the answer says.
        ledger.append("new-1", AT)
        ledger.append("new-2", AT)
        return {"old-7", "old-70", "not-in-the-ledger"}

    assert ledger.prune(in_flight) == 99  # 98 settled lines and the torn one
    assert ledger.keys() == {"old-7", "old-70", "new-1", "new-2"}
    assert ledger.path.read_text(encoding="utf-8").count("\n") == 4
    assert ledger.prune(lambda: set()) == 4
    assert ledger.keys() == set()


def _append_many(path: str, n: int) -> None:
    ledger = DeliveryLedger(Path(path))
    for i in range(n):
        ledger.append(f"child-{i}", AT)


def test_another_process_appending_during_pruning_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "ledger.jsonl"
    ledger = filled(path, 200)
    n = 1500
    child = multiprocessing.get_context("spawn").Process(target=_append_many, args=(str(path), n))
    child.start()
    prunes = 0
    # Every line the child writes stands for a row still in flight: none may go.
    everything_in_flight = {f"child-{i}" for i in range(n)}
    while child.is_alive() or prunes == 0:
        ledger.prune(lambda: everything_in_flight)
        prunes += 1
    child.join()
    assert child.exitcode == 0
    ledger.prune(lambda: everything_in_flight)
    assert ledger.keys() == everything_in_flight


def test_a_thread_appending_through_the_same_ledger_during_pruning_loses_nothing(
    tmp_path: Path,
) -> None:
    """The event loop appends while the core's thread prunes, through one open ledger."""
    ledger = filled(tmp_path / "ledger.jsonl", 200)
    n = 1500
    everything_in_flight = {f"thread-{i}" for i in range(n)}

    def append_many() -> None:
        for i in range(n):
            ledger.append(f"thread-{i}", AT)

    writer = threading.Thread(target=append_many)
    writer.start()
    prunes = 0
    while writer.is_alive() or prunes == 0:
        ledger.prune(lambda: everything_in_flight)
        prunes += 1
    writer.join()
    ledger.prune(lambda: everything_in_flight)
    assert ledger.keys() == everything_in_flight
    ledger.close()

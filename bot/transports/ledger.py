"""The simulator's delivery ledger: one JSON line per delivered outbox key, appended before
the send returns, so that after a kill -9 the restart can tell a message in flight that went
out from one that did not (services.outbox.recover asks it through `delivered`).

Left alone it grows by a line per message for ever. Recovery only ever asks about rows still
in flight, so `prune` rewrites it keeping (a) the lines of keys the database still has in
flight, for any account, and (b) every line appended after pruning began, whose row may have
been claimed after the database was asked. Several `linli run` processes may share one data
folder: appends take a shared lock and the rewrite an exclusive one (on a separate lock
file), so no append can land in the file being replaced; within a process a thread lock
does the same between the core's thread and the event loop.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

try:  # POSIX; elsewhere one process per data folder is assumed and locking is skipped
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

MAX_BYTES = 1024 * 1024  # prune once the ledger is this big (~13,000 deliveries)


class DeliveryLedger:
    def __init__(self, path: Path, *, max_bytes: int = MAX_BYTES) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self._lock_path = path.with_name(path.name + ".lock")
        self._lock_fd: int | None = None  # opened once: an open per append tripled its cost
        # flock excludes other processes, not other threads sharing this descriptor (the
        # core's thread prunes while the event loop appends): this lock does that.
        self._thread_lock = threading.Lock()

    def append(self, key: str, at: str) -> None:
        line = json.dumps({"key": key, "at": at}, ensure_ascii=False) + "\n"
        with self._locked(exclusive=False), self.path.open("a", encoding="utf-8") as f:
            f.write(line)

    def close(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def keys(self) -> set[str]:
        if not self.path.exists():
            return set()
        with self._locked(exclusive=False):
            return keys_in(self.path.read_bytes())

    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def prune(self, in_flight: Callable[[], Collection[str]]) -> int:
        """Drop what recovery can no longer need once the ledger is over `max_bytes`;
        returns how many lines went. `in_flight` asks the database which outbox keys are in
        flight (every account): it is called after the ledger's current end is noted."""
        if self.size() < self.max_bytes:
            return 0
        with self._locked(exclusive=True):
            mark = self.size()
        keep = set(in_flight())
        with self._locked(exclusive=True):
            data = self.path.read_bytes()
            head, tail = data[:mark], data[mark:]
            kept: list[bytes] = []
            dropped = 0
            for line in head.splitlines(keepends=True):
                if _key(line) in keep:
                    kept.append(line if line.endswith(b"\n") else line + b"\n")
                else:
                    dropped += 1  # settled, or a line torn by a crash (never a delivery)
            tmp = self.path.with_name(self.path.name + ".tmp")
            with tmp.open("wb") as f:
                f.write(b"".join(kept) + tail)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
            return dropped

    @contextlib.contextmanager
    def _locked(self, *, exclusive: bool) -> Iterator[None]:
        with self._thread_lock:
            if self._lock_fd is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._lock_fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            if fcntl is None:
                yield
                return
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            try:
                yield
            finally:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)


def keys_in(data: bytes) -> set[str]:
    keys = set()
    for line in data.splitlines():
        key = _key(line)
        if key is not None:
            keys.add(key)
    return keys


def _key(line: bytes) -> str | None:
    try:
        key = json.loads(line)["key"]
    except (ValueError, KeyError, TypeError):
        return None  # a line torn by a crash mid-write was not a delivery
    return key if isinstance(key, str) else None

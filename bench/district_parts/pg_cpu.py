"""The CPU a scratch database's PostgreSQL backends use, read from /proc (loopback only:
the server runs on this machine)."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from sqlalchemy import Engine, text


def backend_ticks(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[11]) + int(fields[12])  # utime + stime


async def sample_pg_cpu(
    engine: Engine, database: str, seen: dict[int, int], done: asyncio.Event
) -> None:
    """CPU of the scratch database's backends: each pid's last reading (a backend that ends
    between two samples loses at most one second)."""
    sql = text("SELECT pid FROM pg_stat_activity WHERE datname = :db")

    def once() -> None:
        with engine.connect() as conn:
            pids = [r[0] for r in conn.execute(sql, {"db": database})]
        for pid in pids:
            ticks = backend_ticks(pid)
            if ticks is not None:
                seen[pid] = max(seen.get(pid, 0), ticks)

    while not done.is_set():
        with contextlib.suppress(Exception):
            await asyncio.to_thread(once)
        await asyncio.sleep(1.0)

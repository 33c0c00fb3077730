"""What bench/district.py does to the district besides talking: a broadcast to 全部, the
open cases' SLA steps made due, and at the end, waiting for the outbox to drain."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import aiohttp
from sqlalchemy import Engine, text

from bench.district_parts.processes import Bot, wait_ready


def backdate_sla(engine: Engine) -> int:
    """Make the open cases' first two steps due now (as if 30 minutes had passed).

    Rows a process holds right now are skipped rather than waited for: the bench must not
    take part in the lock order of the bots' transactions (a plain UPDATE of many rows
    deadlocked with them).
    """
    now = datetime.now(UTC) - timedelta(seconds=1)
    sql = text(
        """
        UPDATE cases SET respond_due = :now, reply_due = :now, next_due = :now
        WHERE id IN (
            SELECT id FROM cases
            WHERE status IN ('accepted', 'responded', 'in_progress')
              AND respond_fired IS NULL AND reply_fired IS NULL
            ORDER BY id
            FOR UPDATE SKIP LOCKED
        )
        """
    )
    with engine.begin() as conn:
        return int(conn.execute(sql, {"now": now}).rowcount)


def compose_broadcast(engine: Engine, account: str) -> int:
    """A notice to 全部, confirmed: one outbox row per group, each drained by its account."""
    from zoneinfo import ZoneInfo

    from bot.services import broadcasts
    from storage.database import make_session_factory
    from storage.uow import SqlUnitOfWorkFactory

    factory = SqlUnitOfWorkFactory(make_session_factory(engine))
    now = datetime.now(UTC)
    with factory() as uow:
        draft = broadcasts.compose(
            uow,
            account=account,
            actor="bench",
            targets="全部",
            body="本周六上午9点在各小区门口开展义诊和理发服务，欢迎居民参加。",
            community="基准街道",
            tz=ZoneInfo("Asia/Shanghai"),
            now=now,
        )
        uow.commit()
        assert draft.broadcast.id is not None
        broadcasts.confirm(uow, draft.broadcast.id, actor="bench", now=now)
        uow.commit()
        return draft.broadcast.id


async def settle(
    engine: Engine, bots: list[Bot], session: aiohttp.ClientSession, within: float
) -> None:
    """Wait for every process to be up and the outbox to have nothing due left."""
    sql = text(
        "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending') "
        "AND (not_before IS NULL OR not_before <= now())"
    )
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        for bot in bots:
            await wait_ready(bot, session, 1.0)
        with engine.connect() as conn:
            left = conn.execute(sql).scalar_one()
        if left == 0:
            return
        await asyncio.sleep(1.0)

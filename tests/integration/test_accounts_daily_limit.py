"""[sending] per_day enforced per account (issue 15 §1), on SQLite and PostgreSQL with the
virtual clock: bulk posts beyond the day's limit wait for the community's next midnight,
urgent messages (priority 0: replies, alerts, SLA escalations) still go, a restarted sender
knows what was sent today, and the accounts page shows 今日已发 N / 上限."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import VirtualClock
from bot.domain.community import Person
from bot.domain.pacing import DailyQuota, RateLimits
from bot.domain.records import BULK, OutboxItem, OutboxStatus
from bot.runtime.core import CoreThread
from bot.runtime.echoes import EchoWatch
from bot.runtime.sending import OutboxSender, SendPacing
from bot.runtime.status import ConnectionState
from bot.services import accounts
from bot.transports.simulator import SimulatorTransport
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory
from tests.conftest import START

TZ = ZoneInfo("Asia/Shanghai")
ACCOUNT = "bot1"
LIMITS = RateLimits(
    per_minute=0, conversation_gap=0.0, switch_pause=(0.0, 0.0), jitter=0.0, per_day=5
)


def _queue(factory: SqlUnitOfWorkFactory, tag: str, n: int, priority: int, at: datetime) -> None:
    with factory() as uow:
        for i in range(n):
            person = uow.people.add(Person(wechat_id=f"wxid_{tag}{i}", display_name=f"{tag}{i}"))
            uow.outbox.add(
                OutboxItem(
                    account=ACCOUNT,
                    text=f"{tag} {i}",
                    created_at=at,
                    key=f"{ACCOUNT}:{tag}:{i}",
                    person_id=person.id,
                    priority=priority,
                )
            )
        uow.commit()


@asynccontextmanager
async def _sender(
    factory: SqlUnitOfWorkFactory, clock: VirtualClock
) -> AsyncIterator[tuple[OutboxSender, SimulatorTransport]]:
    async def sleep(seconds: float) -> None:
        clock.advance(timedelta(seconds=seconds))
        await asyncio.sleep(0)

    transport = SimulatorTransport(clock=clock, bot_id=ACCOUNT)
    core = CoreThread()
    sender = OutboxSender(
        core=core,
        uow_factory=factory,
        transport=transport,
        clock=clock,
        account=ACCOUNT,
        pacing=SendPacing(limits=LIMITS, seed=1),
        connection=ConnectionState(online=True),
        echoes=EchoWatch(
            core=core, uow_factory=factory, clock=clock, account=ACCOUNT, grace=0, window=0
        ),
        sleep=sleep,
        tz=TZ,
    )
    try:
        yield sender, transport
    finally:
        core.shutdown()


async def test_bulk_waits_for_midnight_and_urgent_goes(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    factory = SqlUnitOfWorkFactory(make_session_factory(engine))
    clock = VirtualClock(START)  # 09:00 in Shanghai
    _queue(factory, "通知", 8, BULK, START)
    async with _sender(factory, clock) as (sender, transport):
        assert await sender.deliver_pending() == 5  # today's limit
        assert await sender.deliver_pending() == 0
        # Urgent messages are never held to tomorrow; they count, past the limit.
        _queue(factory, "回复", 2, 0, clock.now())
        assert await sender.deliver_pending() == 2
        assert [s.text for s in transport.sent[-2:]] == ["回复 0", "回复 1"]
    # A restarted process reads today's count from the rows: still nothing bulk goes.
    clock.advance(timedelta(hours=14, minutes=59))  # 23:59 local, the same day
    async with _sender(factory, clock) as (sender, transport):
        assert await sender.deliver_pending() == 0
        with factory() as uow:
            accounts.heartbeat(uow, ACCOUNT, clock.now(), TZ, accounts.Limits(0, 5))
            uow.commit()
        with factory() as uow:
            row = uow.accounts.get(ACCOUNT)
            assert row is not None and (row.sent_today, row.per_day) == (7, 5)
        # Past the community's midnight (16:00 UTC), the day starts over.
        clock.advance(timedelta(minutes=1, seconds=1))
        assert clock.now().astimezone(TZ).hour == 0
        assert await sender.deliver_pending() == 3
        assert [s.text for s in transport.sent] == ["通知 5", "通知 6", "通知 7"]
    with factory() as uow:
        assert uow.outbox.counts(ACCOUNT) == {str(OutboxStatus.SENT): 10}
    engine.dispose()


def test_the_quota_counts_a_local_day() -> None:
    quota = DailyQuota(2, TZ)
    utc_evening = datetime.fromisoformat("2026-11-30T15:59:00+00:00")  # 23:59 in Shanghai
    assert not quota.known(utc_evening) and quota.allows(BULK, utc_evening)
    quota.load(utc_evening, 2)
    assert quota.full(utc_evening)
    assert not quota.allows(BULK, utc_evening) and quota.allows(0, utc_evening)
    after = utc_evening + timedelta(minutes=1)  # 00:00 on December 1st in Shanghai
    assert quota.next_day(utc_evening) == after
    assert not quota.known(after) and not quota.full(after) and quota.allows(BULK, after)
    quota.count(after)
    assert quota.sent == 1 and quota.midnight(after) == after
    assert DailyQuota(0, TZ).allows(BULK, after)  # 0: no daily limit

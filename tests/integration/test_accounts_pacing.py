"""Ten accounts' rows in one outbox (issue 15 §1): each account's sender takes only its own
rows and paces them by its own limits, whatever the others have queued. SQLite and
PostgreSQL; ten senders at once, each with its own virtual clock."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

from bot.clock import VirtualClock
from bot.domain.community import Person
from bot.domain.pacing import RateLimits
from bot.domain.records import OutboxItem, OutboxStatus
from bot.runtime.core import CoreThread
from bot.runtime.echoes import EchoWatch
from bot.runtime.sending import OutboxSender, SendPacing
from bot.runtime.status import ConnectionState
from bot.transports.simulator import SimulatorTransport
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory
from tests.conftest import START

ACCOUNTS = [f"bot{n:02d}" for n in range(10)]
ROWS = 60  # per account: more than a minute's worth at 40 a minute
LIMITS = RateLimits(per_minute=40, conversation_gap=1.0, switch_pause=(0.0, 0.0), jitter=0.0)


def _seed(factory: SqlUnitOfWorkFactory) -> None:
    with factory() as uow:
        people = [
            uow.people.add(Person(wechat_id=f"wxid_p{n}", display_name=f"居民{n}"))
            for n in range(ROWS)
        ]
        items = [
            OutboxItem(
                account=account,
                text=f"{account} 第{n}条",
                created_at=START,
                key=f"{account}:t:{n}",
                person_id=people[n].id,
            )
            for n in range(ROWS)
            for account in ACCOUNTS
        ]
        uow.outbox.add_many(items)
        uow.commit()


async def test_ten_accounts_each_paced_by_its_own_limits(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    factory = SqlUnitOfWorkFactory(make_session_factory(engine))
    _seed(factory)
    senders: list[tuple[str, OutboxSender, SimulatorTransport, CoreThread]] = []
    for account in ACCOUNTS:
        clock = VirtualClock(START)

        async def sleep(seconds: float, clock: VirtualClock = clock) -> None:
            clock.advance(timedelta(seconds=seconds))
            await asyncio.sleep(0)

        transport = SimulatorTransport(clock=clock, bot_id=account)
        core = CoreThread()
        sender = OutboxSender(
            core=core,
            uow_factory=factory,
            transport=transport,
            clock=clock,
            account=account,
            pacing=SendPacing(limits=LIMITS, seed=1),
            connection=ConnectionState(online=True),
            # The simulator never leaves a send's outcome unknown: no echo grace (as in bootstrap).
            echoes=EchoWatch(
                core=core, uow_factory=factory, clock=clock, account=account, grace=0, window=0
            ),
            sleep=sleep,
        )
        senders.append((account, sender, transport, core))
    try:
        delivered = await asyncio.gather(*(s.deliver_pending() for _, s, _, _ in senders))
    finally:
        for *_, core in senders:
            core.shutdown()
    assert delivered == [ROWS] * len(ACCOUNTS)
    for account, _sender, transport, _core in senders:
        assert {s.key.split(":")[0] for s in transport.sent} == {account}  # its own rows only
        times = sorted(s.at for s in transport.sent)
        # The per-minute limit holds for this account alone, over every rolling minute ...
        for i, start in enumerate(times):
            in_minute = sum(1 for t in times[i:] if t < start + timedelta(minutes=1))
            assert in_minute <= LIMITS.per_minute, (account, start)
        # ... and it is this account's own budget: ten accounts did not slow it down.
        assert times[-1] - times[0] < timedelta(minutes=3)
    with factory() as uow:
        assert uow.outbox.counts() == {str(OutboxStatus.SENT): ROWS * len(ACCOUNTS)}
        per_account = Counter(uow.outbox.status_by_account())
        assert set(per_account) == set(ACCOUNTS)
    engine.dispose()

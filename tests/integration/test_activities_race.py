"""Residents racing for the last seats: capacity holds under concurrent transactions,
on SQLite and on PostgreSQL (each thread its own connection and transaction)."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

from bot.bootstrap import build
from bot.clock import VirtualClock
from bot.config import CommunityConfig
from bot.domain.activities import SignupStatus
from bot.domain.community import Person
from bot.ports import Classifier
from bot.services.activities import planning, signups
from bot.services.activities.planning import ActivityInput
from bot.settings import Settings
from bot.transports.simulator import SimulatorTransport
from tests.conftest import DEMO_CONFIG, START

RACERS = 16
CAPACITY = 5
WAITLIST = 4


def test_capacity_holds_when_residents_race(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    clock = VirtualClock(START)
    settings = Settings(data_dir=tmp_path, db_url=db_url, config=DEMO_CONFIG)
    linli = build(
        settings,
        clock=clock,
        transport=SimulatorTransport(clock=clock),
        config=demo_config,
        classifier=classifier,
    )
    try:
        now = clock.now()
        with linli.uow_factory() as uow:
            activity = planning.create(
                uow,
                ActivityInput(
                    title="包饺子",
                    starts_at=now + timedelta(days=10),
                    ends_at=now + timedelta(days=10, hours=2),
                    venue="dangqun",
                    capacity=CAPACITY,
                    waitlist=WAITLIST,
                ),
                actor="test",
                schedule=linli.profile.activity_schedule,  # type: ignore[arg-type]
                now=now,
            )
            people = [
                uow.people.add(Person(wechat_id=f"racer{i}", display_name=f"居民{i}"))
                for i in range(RACERS)
            ]
            uow.commit()
            activity_id, person_ids = activity.id, [p.id for p in people]
        assert activity_id is not None

        barrier = threading.Barrier(RACERS)
        results: list[SignupStatus | None] = []
        errors: list[BaseException] = []

        def race(person_id: int) -> None:
            try:
                barrier.wait()
                with linli.uow_factory() as uow:
                    result = signups.sign_up(
                        uow, activity_id, person_id, account="default", group_id=None, now=now
                    )
                    uow.commit()
                results.append(result.status)
            except BaseException as exc:  # reported below, not swallowed
                errors.append(exc)

        threads = [threading.Thread(target=race, args=(pid,)) for pid in person_ids]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not errors, errors
        assert results.count(SignupStatus.CONFIRMED) == CAPACITY
        assert results.count(SignupStatus.WAITING) == WAITLIST
        assert results.count(None) == RACERS - CAPACITY - WAITLIST

        with linli.uow_factory() as uow:
            confirmed = uow.activities.signups(activity_id, [SignupStatus.CONFIRMED])
            waiting = uow.activities.signups(activity_id, [SignupStatus.WAITING])
            assert (len(confirmed), len(waiting)) == (CAPACITY, WAITLIST)

        # Everyone with a seat withdraws at once: the waiting list moves up exactly once each.
        schedule = linli.profile.activity_schedule
        assert schedule is not None
        later = now + timedelta(minutes=1)

        def leave(person_id: int) -> None:
            try:
                with linli.uow_factory() as uow:
                    signups.withdraw(uow, activity_id, person_id, schedule=schedule, now=later)
                    uow.commit()
            except BaseException as exc:
                errors.append(exc)

        leavers = [threading.Thread(target=leave, args=(s.person_id,)) for s in confirmed]
        for t in leavers:
            t.start()
        for t in leavers:
            t.join(timeout=60)
        assert not errors, errors
        with linli.uow_factory() as uow:
            now_confirmed = uow.activities.signups(activity_id, [SignupStatus.CONFIRMED])
            assert sorted(s.person_id for s in now_confirmed) == sorted(
                s.person_id for s in waiting
            )
            assert uow.activities.signups(activity_id, [SignupStatus.WAITING]) == []
    finally:
        linli.close()

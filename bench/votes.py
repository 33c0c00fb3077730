"""How long a 2,000-household vote with 1,500 ballots takes to count, on PostgreSQL and SQLite.

    .venv/bin/python bench/votes.py [-n 2000] [-b 1500] [--pg URL] [--no-sqlite] [--tiny]

Registers N households in one 小区 (one in ten co-owned by two people, one in twenty owners
holding a second unit), opens a secret 民法典 art. 278 vote (the electorate snapshot), casts B
ballots through the service (each its own transaction, one in ten a change of vote), then
times the count: the verdict from the per-option totals (median of 20) and the whole closing
step (count, 公示 text, posts to the groups, commit). `--tiny` runs 40 households / 30 ballots.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import describe  # noqa: E402
from bot.domain.community import Building, Estate, Group, Person  # noqa: E402
from bot.domain.deliberation.votes import VoteSchedule  # noqa: E402
from bot.domain.deliberation.voting import Rule  # noqa: E402
from bot.replay import parse_time  # noqa: E402
from bot.services.deliberation import vote_jobs, votes  # noqa: E402
from bot.services.deliberation.votes import VoteInput  # noqa: E402
from storage.database import make_engine, make_session_factory  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.scratch import admin_url, temporary_database  # noqa: E402
from storage.uow import SqlUnitOfWorkFactory  # noqa: E402

NOW = parse_time("2026-12-01T09:00:00+08:00")
TZ = ZoneInfo("Asia/Shanghai")
KEY = b"bench-ballot-key-0123456789abcdef"


def register(factory: SqlUnitOfWorkFactory, n: int) -> tuple[int, list[int]]:
    """N households; returns the estate and, per household, one owner who will vote."""
    rng = random.Random(13)
    with factory() as uow:
        estate = uow.estates.add(Estate(key="bench", name="基准小区", branch="基准党支部"))
        assert estate.id is not None
        buildings = [
            uow.estates.add_building(Building(estate_id=estate.id, number=str(b), name=f"{b}号楼"))
            for b in range(1, 21)
        ]
        uow.groups.add(Group(account="bench", topic="基准小区业主群", estate_id=estate.id))
        voters: list[int] = []
        previous: Person | None = None
        for i in range(n):
            building = buildings[i % len(buildings)]
            assert building.id is not None
            room = f"{i // len(buildings) // 6 + 1}单元{i // len(buildings) % 6 + 1:02d}01"
            area = Decimal(rng.randint(6000, 14000)) / 100
            hid = uow.households.upsert(estate.id, building.id, room, area, NOW)
            if previous is not None and i % 20 == 0:
                owner = previous  # a second unit of the previous owner
            else:
                owner = uow.people.add(Person(wechat_id=f"bench{i}", display_name=f"业主{i}"))
            assert owner.id is not None
            uow.households.set_member(hid, owner.id, True)
            if i % 10 == 5:
                spouse = uow.people.add(Person(wechat_id=f"bench{i}b", display_name=f"业主{i}乙"))
                assert spouse.id is not None
                uow.households.set_member(hid, spouse.id, True)
            if owner is not previous:
                voters.append(owner.id)
            previous = owner
        uow.commit()
    return estate.id, voters


def run(url: str, n: int, ballots: int, label: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    factory = SqlUnitOfWorkFactory(make_session_factory(engine))
    started = time.perf_counter()
    estate_id, voters = register(factory, n)
    print(f"[{label}] {n:,} households registered in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    with factory() as uow:
        vote = votes.create(
            uow,
            VoteInput(
                estate_id=estate_id,
                title="更换物业服务企业",
                closes_at=NOW + timedelta(days=7),
                rule=Rule.ART278,
            ),
            actor="bench",
            account="bench",
            now=NOW,
            tz=TZ,
        )
        uow.commit()
    print(
        f"[{label}] opened (electorate snapshot: {vote.electorate_count:,} electors, "
        f"{vote.electorate_area} m²) in {(time.perf_counter() - started) * 1000:.0f} ms"
    )
    rng = random.Random(7)
    cast = rng.sample(voters, min(ballots, len(voters)))
    changes = cast[: len(cast) // 10]
    timings = []
    with factory() as uow:
        people = uow.people.many(cast)
    for person_id in [*cast, *changes]:
        choice = rng.choice(["1", "1", "1", "2", "3"])
        started = time.perf_counter()
        with factory() as uow:
            votes.cast(uow, vote.code, choice, people[person_id], now=NOW, ballot_key=KEY)
            uow.commit()
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"[{label}] {len(cast):,} ballots + {len(changes):,} changes of vote: "
        f"median {statistics.median(timings):.2f} ms per ballot, "
        f"total {sum(timings) / 1000:.1f} s"
    )
    counts = []
    for _ in range(20):
        with factory() as uow:
            started = time.perf_counter()
            verdict = vote_jobs.verdict(uow, vote)
            counts.append((time.perf_counter() - started) * 1000)
    print(
        f"[{label}] count of {verdict.participants.count:,} ballots over "
        f"{verdict.electorate.count:,} electors: median {statistics.median(counts):.1f} ms "
        f"(min {min(counts):.1f}, max {max(counts):.1f}, n=20)"
    )
    started = time.perf_counter()
    with factory() as uow:
        closed = vote_jobs.close_due(uow, "bench", NOW + timedelta(days=7), VoteSchedule(tz=TZ))
        uow.commit()
    print(
        f"[{label}] closing step (count once, 公示 text, posts, commit): "
        f"{(time.perf_counter() - started) * 1000:.1f} ms, {closed} vote closed"
    )
    with factory() as uow:
        counted = uow.votes.get(vote.id or 0)
        assert counted is not None
        print(f"[{label}] " + counted.publicity_text.splitlines()[2])
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="households")
    parser.add_argument("-b", type=int, default=1500, help="ballots")
    parser.add_argument("--pg", default=admin_url())
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--tiny", action="store_true", help="40 households, 30 ballots")
    args = parser.parse_args()
    n, b = (40, 30) if args.tiny else (args.n, args.b)
    print(describe())
    if not args.no_pg:
        with temporary_database(args.pg, prefix="linli_bench") as url:
            run(url, n, b, "PostgreSQL")
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            run(f"sqlite:///{tmp}/bench.db", n, b, "SQLite")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""一月一示 at district size (issue 15 §1): each 小区's figures read once, groups written in
batches with a commit each, resumable after a crash and exactly once when two processes
race. Counts statements, not wall time. On SQLite and PostgreSQL, with the virtual clock."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, func, select

from bot.bootstrap import Linli
from bot.config import CommunityConfig
from bot.domain.community import Building, Estate, Group, GroupKind, Person
from bot.domain.points import LedgerEntry, RuleKind
from bot.domain.publicity import render
from bot.ports import Classifier, UnitOfWork, UnitOfWorkFactory
from bot.services import publicity
from bot.services.points_policy import default_policy
from storage import tables
from tests.integration.votes_support import linli_on

POLICY = default_policy()
MONTH = "2026-11"
NOW = datetime.fromisoformat("2026-12-01T09:30:00+08:00")
ESTATES, BUILDINGS, PER_BUILDING = 3, 4, 9  # 36 楼栋群 and 4 业主群: 40 groups a 小区
GROUPS = ESTATES * (BUILDINGS * PER_BUILDING + 4)
ACCOUNT = "district"


def _district(linli: Linli) -> None:
    """Three 小区 of 40 groups each, owned by ACCOUNT, with points in November."""
    with linli.uow_factory() as uow:
        for e in range(ESTATES):
            estate = uow.estates.add(Estate(f"d{e}", f"区{e}小区", f"区{e}支部"))
            assert estate.id is not None
            for b in range(BUILDINGS):
                building = uow.estates.add_building(Building(estate.id, str(b + 1), f"{b + 1}号楼"))
                for n in range(PER_BUILDING):
                    uow.groups.add(
                        Group(
                            ACCOUNT,
                            f"区{e}-{b + 1}号楼-{n}群",
                            room_id=f"room-{e}-{b}-{n}",
                            kind=GroupKind.BUILDING,
                            estate_id=estate.id,
                            building_id=building.id,
                        )
                    )
                resident = uow.people.add(Person(f"wxid_d{e}_{b}", f"居民{e}{b}"))
                assert resident.id is not None
                uow.points.add(
                    LedgerEntry(
                        person_id=resident.id,
                        rule="邻里互助",
                        kind=RuleKind.POSITIVE,
                        points=5 + b,
                        at=datetime.fromisoformat("2026-11-15T10:00:00+08:00"),
                        estate_id=estate.id,
                        building_id=building.id,
                    )
                )
            for n in range(4):
                uow.groups.add(
                    Group(
                        ACCOUNT,
                        f"区{e}业主群{n}",
                        room_id=f"room-{e}-owners-{n}",
                        kind=GroupKind.OWNERS,
                        estate_id=estate.id,
                    )
                )
        uow.commit()


@contextmanager
def _statements(linli: Linli) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(linli.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(linli.engine, "before_cursor_execute", note)


def _post(factory: UnitOfWorkFactory, **kwargs: Any) -> int:
    return publicity.post_monthly(factory, POLICY, ACCOUNT, NOW, ZONE, MONTH, **kwargs)


ZONE = ZoneInfo("Asia/Shanghai")


def _ledger(linli: Linli) -> tuple[Counter[int], int]:
    """Publicity rows in the outbox per group, and publication rows."""
    with linli.engine.connect() as conn:
        o = tables.outbox.c
        keys = conn.execute(
            select(o.group_id).where(o.key.like(f"{ACCOUNT}:publicity:{MONTH}:%"))
        ).all()
        stamped = conn.scalar(select(func.count()).select_from(tables.points_publications))
    return Counter(g for (g,) in keys), int(stamped or 0)


@pytest.fixture
def district(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> Iterator[Linli]:
    with linli_on(db_url, tmp_path, demo_config, classifier) as (linli, _clock):
        assert linli.profile.tz == ZONE
        _district(linli)
        yield linli


def test_figures_are_read_once_per_estate_and_groups_written_in_batches(
    district: Linli,
) -> None:
    with _statements(district) as seen:
        posted = _post(district.uow_factory, batch=50, per_call=GROUPS)
    assert posted == GROUPS
    # The ledger is summed once per 小区, not once per group (it was 120 times).
    assert sum("points_ledger" in s for s in seen) == ESTATES
    # Publication rows: one statement a batch (3 batches of ≤ 50), not one per group.
    inserts = [s for s in seen if s.lstrip().upper().startswith("INSERT INTO POINTS_PUBLICATIONS")]
    assert len(inserts) == 3
    # Everything: the list, 5 reads a 小区, 3 statements a batch (claim, publications,
    # outbox rows): 25 for 120 groups, where one transaction computing each group alone
    # took 7 a group (840).
    assert len(seen) <= 1 + 5 * ESTATES + 3 * 3, Counter(s[:60] for s in seen)
    per_group, stamped = _ledger(district)
    assert stamped == GROUPS and len(per_group) == GROUPS and set(per_group.values()) == {1}
    # Nothing is left: a second call reads one list and stops.
    with _statements(district) as again:
        assert _post(district.uow_factory) == 0
    assert len(again) <= 2


def test_the_text_is_the_same_as_computing_each_group_alone(district: Linli) -> None:
    _post(district.uow_factory, batch=7, per_call=GROUPS)
    o = tables.outbox.c
    with district.engine.connect() as conn:
        query = select(o.group_id, o.text).where(o.key.like(f"{ACCOUNT}:publicity:%"))
        posted = {group_id: text for group_id, text in conn.execute(query)}
    with district.uow_factory() as uow:
        for group in uow.groups.all(ACCOUNT):
            alone = publicity.group_notice(uow, POLICY, group, MONTH, ZONE)
            assert alone is not None
            assert posted[group.id] == render(alone), group.topic


class Killed(Exception):
    """The process died (kill -9) before this commit reached the database."""


class _DiesAtCommit:
    """A unit of work factory whose `n`-th commit never happens."""

    def __init__(self, factory: UnitOfWorkFactory, n: int) -> None:
        self.factory = factory
        self.n = n
        self.commits = 0

    def __call__(self) -> UnitOfWork:
        uow = self.factory()
        outer = self

        real_commit = uow.commit

        def commit() -> None:
            outer.commits += 1
            if outer.commits == outer.n:
                raise Killed
            real_commit()

        uow.commit = commit  # type: ignore[method-assign]
        return uow


def test_a_crash_midway_loses_nothing_and_posts_nothing_twice(district: Linli) -> None:
    dying = _DiesAtCommit(district.uow_factory, n=2)
    with pytest.raises(Killed):
        _post(dying, batch=40, per_call=GROUPS)
    per_group, stamped = _ledger(district)
    assert stamped == 40 and sum(per_group.values()) == 40  # the first batch, whole
    # The restarted process carries on where the dead one stopped.
    assert _post(district.uow_factory, batch=40, per_call=GROUPS) == GROUPS - 40
    per_group, stamped = _ledger(district)
    assert stamped == GROUPS and len(per_group) == GROUPS and set(per_group.values()) == {1}


def test_one_call_posts_a_bounded_share_and_the_next_tick_the_rest(district: Linli) -> None:
    assert _post(district.uow_factory, batch=25, per_call=50) == 50
    assert _post(district.uow_factory, batch=25, per_call=50) == 50
    assert _post(district.uow_factory, batch=25, per_call=50) == GROUPS - 100
    assert _post(district.uow_factory, batch=25, per_call=50) == 0
    per_group, stamped = _ledger(district)
    assert stamped == GROUPS and set(per_group.values()) == {1}


def test_two_processes_racing_post_each_group_once(district: Linli) -> None:
    barrier = threading.Barrier(2)
    posted: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            total = 0
            while True:  # as ticks would: until there is nothing left
                n = _post(district.uow_factory, batch=10, per_call=40)
                total += n
                with district.uow_factory() as uow:
                    if not uow.publications.unpublished_groups(ACCOUNT, MONTH, 1):
                        break
            posted.append(total)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert sum(posted) == GROUPS
    per_group, stamped = _ledger(district)
    assert stamped == GROUPS and len(per_group) == GROUPS and set(per_group.values()) == {1}

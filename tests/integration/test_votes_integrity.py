"""投票表决 integrity on SQLite and PostgreSQL: one ballot per household even when two
co-owners vote at the same instant, a roster change after opening changes nothing, refused
ballots count nothing, closing counts once, and a secret ballot ties no one to an option."""

from __future__ import annotations

import io
import logging
import threading
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, text

from bot.config import CommunityConfig
from bot.domain.community import Person
from bot.domain.deliberation.votes import BallotUnit, VoteError, VoteStatus
from bot.domain.deliberation.voting import Rule
from bot.ports import Classifier
from bot.services.deliberation import vote_export, vote_jobs, votes
from bot.services.deliberation.votes import VoteInput
from storage import tables
from tests.integration.votes_support import building_vote, linli_on, person

RACERS = 12


def test_co_owners_voting_at_the_same_instant_leave_one_ballot(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    with linli_on(db_url, tmp_path, demo_config, classifier) as (linli, clock):
        vote = building_vote(linli)
        li, wife = person(linli, "李叔"), person(linli, "李婶")
        barrier = threading.Barrier(RACERS)
        errors: list[BaseException] = []
        now = clock.now()

        def race(i: int) -> None:
            voter = li if i % 2 else wife
            try:
                barrier.wait()
                with linli.uow_factory() as uow:
                    votes.cast(uow, vote.code, str(1 + i % 3), voter, now=now, ballot_key=b"k" * 32)
                    uow.commit()
            except BaseException as exc:  # reported below, not swallowed
                errors.append(exc)

        threads = [threading.Thread(target=race, args=(i,)) for i in range(RACERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not errors, errors
        with linli.uow_factory() as uow:
            assert uow.ballots.participants(vote.id or 0) == ["h2"]  # 1单元102, one ballot
            tallies = uow.ballots.tallies(vote.id or 0)
            assert sum(c for c, _a in tallies.values()) == 1
            assert sum(a for _c, a in tallies.values()) == Decimal("95.20")


def test_refusals_count_nothing_and_the_electorate_is_frozen_at_opening(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    with linli_on(db_url, tmp_path, demo_config, classifier) as (linli, clock):
        vote = building_vote(linli)
        key = b"k" * 32
        # After opening, a new owner moves into 3号楼: the vote's electorate does not change.
        with linli.uow_factory() as uow:
            newcomer = uow.people.add(Person(wechat_id="sim:新邻居", display_name="新邻居"))
            estate = uow.estates.by_key("lanting")
            assert estate is not None and estate.id is not None
            building = uow.estates.building_by_number(estate.id, "3")
            assert building is not None and building.id is not None
            hid = uow.households.upsert(
                estate.id, building.id, "3单元301", Decimal(99), clock.now()
            )
            uow.households.set_member(hid, newcomer.id or 0, True)
            uow.commit()
        refusals = {
            ("新邻居", "1"): "不在投票",
            ("陈秀英", "1"): "不在投票",  # 1号楼: not this vote's building
            ("张阿姨", "5"): "没有「5」这个选项",
            ("张阿姨", "随便吧"): "没有「随便吧」这个选项",  # 赞成 is 同意 now (issue 11)
        }
        for (name, choice), answer in refusals.items():
            with linli.uow_factory() as uow, pytest.raises(VoteError, match=answer):
                votes.cast(
                    uow, vote.code, choice, person(linli, name), now=clock.now(), ballot_key=key
                )
        with linli.uow_factory() as uow:
            with pytest.raises(VoteError, match="没有找到投票"):
                votes.cast(
                    uow, "V0042", "1", person(linli, "张阿姨"), now=clock.now(), ballot_key=key
                )
            assert uow.ballots.participants(vote.id or 0) == []
            assert vote.electorate_count == 6 and vote.electorate_area == Decimal("637.00")
        # The owner of two flats votes once for both; a re-vote replaces it.
        for choice in ("1", "反对"):
            with linli.uow_factory() as uow:
                result = votes.cast(
                    uow, vote.code, choice, person(linli, "孙志明"), now=clock.now(), ballot_key=key
                )
                uow.commit()
        assert result.replaced and result.units == ["3号楼2单元101、3号楼2单元102"]
        with linli.uow_factory() as uow:
            tallies = uow.ballots.tallies(vote.id or 0)
        assert tallies["同意"] == (0, Decimal(0)) and tallies["反对"] == (1, Decimal("154.00"))
        # With the ballot key lost, an earlier secret ballot cannot be taken back: refused.
        with linli.uow_factory() as uow:
            with pytest.raises(VoteError, match="无法核对"):
                votes.cast(
                    uow, vote.code, "1", person(linli, "孙志明"), now=clock.now(), ballot_key=b"x"
                )
            assert uow.ballots.tallies(vote.id or 0) == tallies
        # After closing: refused, and the count is taken once however often the job runs.
        clock.advance(timedelta(days=7))
        with linli.uow_factory() as uow, pytest.raises(VoteError, match="已经截止"):
            votes.cast(
                uow, vote.code, "1", person(linli, "张阿姨"), now=clock.now(), ballot_key=key
            )
        schedule = linli.profile.vote_schedule
        closed = []
        for _ in range(3):
            with linli.uow_factory() as uow:
                closed.append(vote_jobs.close_due(uow, "default", clock.now(), schedule))
                uow.commit()
        assert closed == [1, 0, 0]
        with linli.uow_factory() as uow:
            counted = uow.votes.get(vote.id or 0)
            assert counted is not None and counted.status is VoteStatus.PUBLICITY
            assert "参与表决1人" in counted.publicity_text
        with linli.engine.connect() as conn:
            posted = conn.execute(
                select(tables.outbox.c.key).where(tables.outbox.c.key.like("%publicity%"))
            ).all()
        assert len(posted) == 1  # the 3号楼 group, once


def test_a_secret_ballot_ties_no_one_to_an_option(
    db_url: str,
    tmp_path: Path,
    demo_config: CommunityConfig,
    classifier: Classifier,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with linli_on(db_url, tmp_path, demo_config, classifier) as (linli, clock):
        vote = building_vote(linli, secret=True)
        choices = {"张阿姨": "同意", "李叔": "反对", "王奶奶": "弃权", "赵大爷": "同意"}
        for name, choice in choices.items():
            with linli.uow_factory() as uow:
                votes.cast(
                    uow,
                    vote.code,
                    choice,
                    person(linli, name),
                    now=clock.now(),
                    ballot_key=linli.profile.ballot_key,
                )
                uow.commit()
        options = set(vote.options)
        with linli.engine.connect() as conn:
            rows = conn.execute(select(tables.vote_participation)).mappings().all()
            assert len(rows) == 4
            assert all(r["option"] is None for r in rows)
            # The seal is a keyed hash: without the key (outside the database) it says nothing.
            assert all(r["seal"] and not any(o in r["seal"] for o in options) for r in rows)
            # Options live only in the per-option totals, which name no one.
            tally_columns = set(tables.vote_tallies.c.keys())
            assert tally_columns == {"vote_id", "option", "count", "area"}
            # No other table holds an option next to a person.
            for table in tables.metadata.sorted_tables:
                if table.name in ("vote_tallies", "votes"):
                    continue
                for row in conn.execute(select(table)).mappings():
                    cells = {str(v) for v in row.values() if v is not None}
                    assert not cells & options, (table.name, dict(row))
            tally = dict(conn.execute(text("SELECT option, count FROM vote_tallies")).all())
            assert tally == {"同意": 2, "反对": 1, "弃权": 1}
            if conn.dialect.name == "postgresql":
                # Every option's row was last written by the same (the latest) ballot: the
                # transaction ids PostgreSQL keeps on rows do not single out the chosen option.
                writers = conn.execute(text("SELECT DISTINCT xmin::text FROM vote_tallies"))
                assert len(writers.all()) == 1
        for record in caplog.records:
            assert not any(o in record.getMessage() for o in options)
        with linli.uow_factory() as uow:
            book = load_workbook(io.BytesIO(vote_export.ballot_record(uow, vote)))
        cells = [str(c) for row in book.active.iter_rows(values_only=True) for c in row if c]
        assert "不记名" in cells and not options & set(cells)


def test_two_processes_closing_at_once_count_once(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    with linli_on(db_url, tmp_path, demo_config, classifier) as (linli, clock):
        vote = building_vote(linli)
        with linli.uow_factory() as uow:
            votes.cast(
                uow, vote.code, "1", person(linli, "张阿姨"), now=clock.now(), ballot_key=b"k"
            )
            uow.commit()
        later = clock.now() + timedelta(days=7)
        barrier = threading.Barrier(4)
        closed: list[int] = []
        errors: list[BaseException] = []

        def closer() -> None:
            try:
                barrier.wait()
                with linli.uow_factory() as uow:
                    closed.append(
                        vote_jobs.close_due(uow, "default", later, linli.profile.vote_schedule)
                    )
                    uow.commit()
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=closer) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        # SQLite serialises the writers; one may be told the database is busy, never count twice.
        assert sorted(closed)[-1] == 1 and sum(closed) == 1
        assert all("locked" in str(e) for e in errors), errors
        with linli.engine.connect() as conn:
            posted = conn.execute(
                select(tables.outbox.c.key).where(tables.outbox.c.key.like("%publicity%"))
            ).all()
        assert len(posted) == 1


def test_a_vote_that_cannot_be_held_is_refused_when_set_up(
    sqlite_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    with linli_on(sqlite_url, tmp_path, demo_config, classifier) as (linli, clock):
        now = clock.now()
        cases = {
            "截止时间要晚于": {"closes_at": now - timedelta(hours=1)},
            "不能按人": {"unit": BallotUnit.PERSON, "rule": Rule.ART278},
            "同意项": {"agree_option": "赞成"},
            "标题要写": {"title": " "},
        }
        for answer, change in cases.items():
            fields: dict[str, object] = {
                "estate_id": 1,
                "title": "换门禁",
                "closes_at": now + timedelta(days=1),
                **change,
            }
            with linli.uow_factory() as uow, pytest.raises(VoteError, match=answer):
                votes.create(
                    uow,
                    VoteInput(**fields),  # type: ignore[arg-type]
                    actor="t",
                    account="default",
                    now=now,
                    tz=linli.profile.tz,
                )
        with linli.uow_factory() as uow:
            assert list(uow.votes.find()) == []

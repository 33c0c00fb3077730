"""The dashboard's monthly rollups (storage/rollup.py) against the base tables, through the whole
bot on SQLite and PostgreSQL: cases opened, joined by a second resident, claimed, closed, rated
unsatisfied and reopened, closed and rated again, across a month boundary; points awarded and
corrected; a resident erased; closed cases pseudonymised after three years. After each step
every rollup figure equals the same figure counted from the base tables, and the maintained
rows equal a full backfill's."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.domain.records import StoredMessage
from bot.services.console_stats import dashboard
from bot.services.privacy import retention, rights
from bot.services.reports import month_bounds
from storage import rollup, tables
from storage.uow import SqlUnitOfWork
from tests.conftest import DEMO_CONFIG, ROOT, Bot
from tests.integration.cases_support import advance

TZ = ZoneInfo("Asia/Shanghai")


def figures(uow: SqlUnitOfWork, now: datetime, *, base: bool) -> list[Any]:
    """Every period figure the dashboard reads, for each month and quarter the test touches,
    district-wide and per 小区; `base` forces the base tables."""
    session = uow.cases.session
    session.info.pop(rollup.READY, None)
    if base:
        session.info[rollup.READY] = None  # as before the backfill: the base tables
    else:
        assert rollup.ready(session, [month_bounds("2026-01", TZ)[0]]), "rollup not readable"
    estates = [None, *(e.id for e in uow.estates.all())]
    out: list[Any] = []
    local = now.astimezone(TZ)
    keys = [f"{local.year}Q{(local.month - 1) // 3 + 1}"]
    year, month = local.year, local.month
    for _ in range(4):
        keys.append(f"{year}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    for key in keys:
        for estate_id in estates:
            board = dashboard(uow, now=now, tz=TZ, key=key, estate_id=estate_id)
            out.append(
                (
                    key,
                    estate_id,
                    board.opened,
                    board.response,
                    board.resolution,
                    board.satisfaction,
                    board.steps,
                    sorted(board.by_category),
                    board.by_building,
                    board.by_month,
                    sorted((p.label, p.cases, p.residents) for p in board.top_problems),
                    board.points_awarded,
                )
            )
    return out


def rows(bot: Bot) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    with bot.linli.uow_factory() as uow:
        session = uow.cases.session
        cases = {tuple(r) for r in session.execute(select(tables.case_months))}
        cases |= {tuple(r) for r in session.execute(select(tables.case_month_totals))}
        points = {tuple(r) for r in session.execute(select(tables.points_months))}
    return cases, points


def check(bot: Bot) -> None:
    """Rollup == base tables for every figure; maintained rows == a fresh backfill's."""
    now = bot.clock.now()
    with bot.linli.uow_factory() as uow:
        assert figures(uow, now, base=False) == figures(uow, now, base=True)
    kept = rows(bot)
    with bot.linli.uow_factory() as uow:
        uow.cases.session.execute(tables.rollup_state.delete())
        uow.commit()
    factory = bot.linli.uow_factory._session_factory
    assert rollup.backfill(factory, "Asia/Shanghai").complete
    assert rows(bot) == kept


async def test_rollups_equal_the_base_tables_through_a_cases_life(bot: Bot) -> None:
    factory = bot.linli.uow_factory._session_factory
    [opened] = await bot.say("3号楼电梯坏了", who="张阿姨")
    assert "E0001" in opened.text
    await bot.say("兰亭2号楼门口路灯不亮了", who="王阿姨", group="兰亭2号楼邻里群")
    # Backfilled in two runs (the first stops after one month, the second resumes).
    first = rollup.backfill(factory, "Asia/Shanghai", months=1)
    assert first.months == 1
    assert rollup.backfill(factory, "Asia/Shanghai").complete
    check(bot)

    await bot.say("3号楼电梯又坏了，困人了", who="李大爷")  # joins E0001 (reporters 2)
    await bot.say("认领 E0001", who="孙志明")
    await bot.say("办结 E0001 已更换门机", who="孙志明")
    check(bot)
    await bot.say("不满意", who="张阿姨")  # reopened
    check(bot)
    await bot.say("办结 E0001 维保复查完毕", who="孙志明")
    await bot.say("1", who="张阿姨")  # 满意
    await bot.say("大家早上好", who="王阿姨", group="兰亭2号楼邻里群")
    await bot.private("加分 @王阿姨 志愿服务 8小时", who="王敏")
    check(bot)

    # Deadlines pass unmet (the clock-dependent part), a new month starts, more cases.
    await advance(bot, days=35)
    await bot.say("3号楼楼道里堆满了杂物", who="张阿姨")
    await bot.private("加分 @张阿姨 志愿服务 2小时", who="王敏")
    check(bot)

    with bot.linli.uow_factory() as uow:
        rights.erase(uow, bot.directory.person("张阿姨"), bot.clock.now(), "admin")
        uow.commit()
    check(bot)

    bot.clock.advance(timedelta(days=3 * 365 + 30))
    policy = retention.policy_from_config(bot.linli.config)
    assert retention.purge(bot.linli.uow_factory, policy, bot.clock.now()).cases > 0
    check(bot)


@pytest.mark.parametrize("with_message", [False, True], ids=["plain", "message"])
async def test_two_transactions_on_one_month_both_counted(bot: Bot, with_message: bool) -> None:
    """The second transaction's recount waits for the first's commit (advisory lock on
    PostgreSQL, the write lock on SQLite) and so counts both changes; also when it is a
    message's, whose writes, recount and COMMIT go out together (storage/uow.py)."""
    factory = bot.linli.uow_factory._session_factory
    await bot.say("3号楼电梯坏了", who="张阿姨")
    await bot.say("兰亭2号楼门口路灯不亮了", who="王阿姨", group="兰亭2号楼邻里群")
    assert rollup.backfill(factory, "Asia/Shanghai").complete
    first, second = bot.linli.uow_factory(), bot.linli.uow_factory()
    a, b = first.__enter__(), second.__enter__()
    case_a, case_b = a.cases.get(1), b.cases.get(2)
    assert case_a is not None and case_b is not None
    case_a.category = "pets"
    case_b.category = "pets"
    if with_message:
        b.messages.add(
            StoredMessage(
                account="default",
                message_id="race",
                sender_id=case_b.reporter_id,
                type="text",
                text="路灯是宠物咬坏的",
                received_at=bot.clock.now(),
                case_id=case_b.id,
            )
        )
    # The first flushes and recounts (holding its lock), but has not committed yet.
    a.cases.session.flush()
    rollup.refresh(a.cases.session)
    errors: list[BaseException] = []

    def commit_second() -> None:
        try:
            b.commit(ids_unread=with_message)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            second.__exit__(None, None, None)

    if a.cases.session.get_bind().dialect.name == "postgresql":
        racer = threading.Thread(target=commit_second)
        racer.start()
        racer.join(0.5)
        assert racer.is_alive(), "the second recount did not wait for the first"
        a.commit()
        first.__exit__(None, None, None)
        racer.join(30)
    else:  # one writer at a time: the second transaction starts after the first commits
        a.commit()
        first.__exit__(None, None, None)
        commit_second()
    assert not errors, errors
    check(bot)
    with bot.linli.uow_factory() as uow:
        board = dashboard(uow, now=bot.clock.now(), tz=TZ, key=None, estate_id=None)
    assert dict(board.by_category).get("宠物") == 2
    with bot.linli.uow_factory() as uow:
        assert uow.messages.count() == (1 + 1 + 1 if with_message else 2)


async def test_the_backfill_command_resumes_and_finishes(bot: Bot) -> None:
    """`linli rollup backfill --months 1` stops after a month and says so; run again, it
    finishes, and the dashboard reads the rollups."""
    await bot.say("3号楼电梯坏了", who="张阿姨")
    await advance(bot, days=40)
    await bot.say("兰亭2号楼门口路灯不亮了", who="王阿姨", group="兰亭2号楼邻里群")
    url = bot.linli.engine.url.render_as_string(hide_password=False)

    def backfill(*extra: str) -> str:
        command = [sys.executable, "-m", "bot.cli", "rollup", "backfill"]
        done = subprocess.run(
            [*command, "--config", str(DEMO_CONFIG), "--db", url, *extra],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "本次补算 1 个月" in backfill("--months", "1") and "未完" in backfill("--months", "0")
    assert "汇总已完整" in backfill()
    check(bot)

"""probe11 (probe10's leftover): a daily job keyed by the local date runs once for a date,
even when the clock is set back across midnight to a date it already ran for."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from bot.bootstrap import media_store
from bot.services import monthly_exports
from bot.services.evidence import retention as waiting_files
from bot.services.points_policy import default_policy
from bot.services.privacy import retention
from tests.conftest import Bot

D1_RUN = datetime.fromisoformat("2026-12-01T04:40:00+08:00")  # after 03:30 and 04:30
D2_RUN = datetime.fromisoformat("2026-12-02T04:40:00+08:00")
D1_LATE = datetime.fromisoformat("2026-12-01T23:50:00+08:00")  # the clock set back
D3_RUN = datetime.fromisoformat("2026-12-03T04:40:00+08:00")


def _drive(job: Any, calls: list[object]) -> list[int]:
    seen = []
    for moment in (D1_RUN, D1_RUN, D2_RUN, D1_LATE, D2_RUN, D3_RUN):
        job(moment)
        seen.append(len(calls))
    return seen


# Each moment's cumulative run count: D1 once, D2 once, back to D1 (no run), D2 again (no
# run), D3 once.
EXPECTED = [1, 1, 2, 2, 2, 3]


async def test_the_privacy_purge_runs_once_per_date(
    sqlite_bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    real = retention.purge

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[-1])
        return real(*args, **kwargs)

    monkeypatch.setattr(retention, "purge", counted)
    policy = retention.policy_from_config(sqlite_bot.linli.config)
    [job] = retention.make_jobs(sqlite_bot.linli.uow_factory, policy)
    assert _drive(job, calls) == EXPECTED


async def test_the_waiting_files_purge_runs_once_per_date(
    sqlite_bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    real = waiting_files.purge_waiting

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(waiting_files, "purge_waiting", counted)
    linli = sqlite_bot.linli
    policy = retention.policy_from_config(linli.config)
    [job] = waiting_files.make_jobs(linli.uow_factory, media_store(linli.settings), policy)
    assert _drive(job, calls) == EXPECTED


async def test_the_monthly_exports_run_once_per_date(
    sqlite_bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    real = monthly_exports.warm

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(monthly_exports, "warm", counted)
    linli = sqlite_bot.linli
    [job] = monthly_exports.make_jobs(linli.uow_factory, default_policy(), linli.profile.tz)
    assert _drive(job, calls) == EXPECTED

"""One sender's files kept per rolling window (bot/runtime/media_budget), on a virtual timeline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.runtime.media_budget import MediaBudget

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


def test_past_the_budget_files_are_refused_until_the_window_passes() -> None:
    budget = MediaBudget(per_window=3, window=timedelta(minutes=10))
    assert all(budget.allows("wx", T0) for _ in range(3))
    assert not budget.allows("wx", T0 + timedelta(minutes=9))
    assert budget.allows("other", T0)  # another sender has their own
    assert budget.allows("wx", T0 + timedelta(minutes=10, seconds=1))


def test_a_clock_set_back_does_not_refuse_a_sender_for_as_long_as_it_jumped() -> None:
    """probe10: the times kept were then in the future and never aged out of the window,
    so a resident's photos were dropped for the jump plus ten minutes."""
    budget = MediaBudget(per_window=3, window=timedelta(minutes=10))
    assert all(budget.allows("wx", T0) for _ in range(3))
    back = T0 - timedelta(hours=2)
    assert not budget.allows("wx", back)  # still a burst: the budget holds
    assert budget.allows("wx", back + timedelta(minutes=11))


def test_after_a_clock_set_back_a_quiet_sender_is_kept_at_once() -> None:
    budget = MediaBudget(per_window=3, window=timedelta(minutes=10))
    assert all(budget.allows("wx", T0) for _ in range(3))
    assert budget.allows("other", T0 - timedelta(hours=2))  # someone else, after the jump
    assert budget.allows("wx", T0 - timedelta(hours=1))

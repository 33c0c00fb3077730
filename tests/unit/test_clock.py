from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import SystemClock, VirtualClock


def test_virtual_clock_moves_only_forward() -> None:
    clock = VirtualClock(datetime(2026, 11, 23, 1, 0, tzinfo=UTC))
    assert clock.advance(timedelta(minutes=25)) == datetime(2026, 11, 23, 1, 25, tzinfo=UTC)
    with pytest.raises(ValueError):
        clock.advance(timedelta(seconds=-1))
    clock.set(datetime(2026, 11, 23, 0, 0, tzinfo=UTC))  # the past is ignored
    assert clock.now() == datetime(2026, 11, 23, 1, 25, tzinfo=UTC)
    with pytest.raises(ValueError):
        VirtualClock(datetime(2026, 1, 1))


def test_system_clock_is_aware() -> None:
    assert SystemClock().now().tzinfo is not None

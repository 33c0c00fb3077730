"""When a console session ends (bot/console/security.session_expired), checked on the server."""

from __future__ import annotations

from bot.console.security import session_expired

T0 = 1_795_000_000.0
HOURS, IDLE = 8.0, 120.0


def expired(issued: float, seen: float, now: float) -> bool:
    return session_expired(
        {"issued": issued, "seen": seen}, now, max_hours=HOURS, idle_minutes=IDLE
    )


def test_a_session_ends_after_its_hours_or_its_idle_time() -> None:
    assert not expired(T0, T0, T0 + 3600)
    assert expired(T0, T0, T0 + 3 * 3600)  # idle past two hours
    assert expired(T0, T0 + 8 * 3600, T0 + 8 * 3600 + 1)  # busy, but past eight hours
    assert expired(T0, "x", T0)  # type: ignore[arg-type]


def test_a_session_from_a_clock_that_was_ahead_does_not_outlive_its_hours() -> None:
    """probe10: a login while the server's clock read a year ahead (then corrected) was
    good for a year and eight hours: a copied cookie with it."""
    year = 365 * 24 * 3600.0
    assert expired(T0 + year, T0 + year, T0)
    # A clock stepped back by a few seconds (NTP) keeps everyone logged in.
    assert not expired(T0 + 5, T0 + 5, T0)

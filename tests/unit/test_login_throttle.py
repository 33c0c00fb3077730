"""The console's login throttle on a virtual timeline (bot/console/throttle.py)."""

from __future__ import annotations

from bot.console.throttle import ADDRESS_LIMIT, WINDOW, LoginThrottle

T0 = 1_795_000_000.0


def test_an_address_is_shut_out_for_the_window_then_let_in() -> None:
    throttle = LoginThrottle()
    for _ in range(ADDRESS_LIMIT):
        throttle.failed("10.0.0.9", "x", T0)
    assert throttle.address_blocked("10.0.0.9", T0 + WINDOW - 1)
    assert not throttle.address_blocked("10.0.0.8", T0)
    assert not throttle.address_blocked("10.0.0.9", T0 + WINDOW + 1)


def test_a_clock_set_back_shuts_an_address_out_for_the_window_not_the_jump() -> None:
    """probe10: failures kept in the future never aged out, so the office's one address was
    kept from logging in for the jump plus fifteen minutes."""
    throttle = LoginThrottle()
    for _ in range(ADDRESS_LIMIT):
        throttle.failed("10.0.0.9", "wangmin", T0)
    back = T0 - 3 * 3600
    assert throttle.address_blocked("10.0.0.9", back)
    assert not throttle.address_blocked("10.0.0.9", back + WINDOW + 1)
    assert throttle.delay("wangmin", back + WINDOW + 1) == 0.0

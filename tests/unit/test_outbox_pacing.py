"""The pacing rules on a virtual timeline: no clock, no sleeping, just decisions."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.pacing import Candidate, Pacer, RateLimits

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
DEFAULT = RateLimits()


def drain(pacer: Pacer, queue: list[Candidate], start: datetime) -> list[tuple[datetime, str]]:
    """Send everything in `queue` as fast as the pacer allows; returns (time, conversation)."""
    now, log = start, []
    queue = list(queue)
    while queue:
        choice = pacer.choose(queue, now)
        assert choice is not None
        now = max(now, choice.at)
        pacer.sent(choice.candidate.conversation, now)
        log.append((now, choice.candidate.conversation))
        queue.remove(choice.candidate)
    return log


def broadcast(n: int) -> list[Candidate]:
    return [Candidate(i, f"g:{i}", priority=1) for i in range(1, n + 1)]


def test_limits_off_never_wait() -> None:
    pacer = Pacer(RateLimits.off())
    log = drain(pacer, broadcast(500) + [Candidate(900, "g:1")] * 3, T0)
    assert {at for at, _ in log} == {T0}
    assert not RateLimits.off().enabled


def test_an_idle_account_sends_the_first_message_at_once() -> None:
    choice = Pacer(DEFAULT, random.Random(1)).choose([Candidate(1, "p:7")], T0)
    assert choice is not None and choice.at == T0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_default_limits_hold_over_a_200_group_broadcast(seed: int) -> None:
    log = drain(Pacer(DEFAULT, random.Random(seed)), broadcast(200), T0)
    times = [at for at, _ in log]
    # At most 40 in any rolling minute.
    for i, at in enumerate(times):
        assert sum(1 for t in times[i:] if t < at + timedelta(minutes=1)) <= 40
    # Every switch of conversation waited 3–5 s (plus at most 0.5 s jitter).
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 3.0 and max(gaps) <= 5.5
    assert len({round(g, 3) for g in gaps}) > 50  # jittered, not a metronome
    # Every group once, in order.
    assert [c for _, c in log] == [f"g:{i}" for i in range(1, 201)]


def test_the_per_minute_limit_binds_when_switching_is_cheap() -> None:
    limits = RateLimits(per_minute=40, conversation_gap=0, switch_pause=(0, 0), jitter=0)
    log = drain(Pacer(limits), broadcast(100), T0)
    times = [at for at, _ in log]
    assert times[39] == T0 and times[40] == T0 + timedelta(minutes=1)
    assert times[80] == T0 + timedelta(minutes=2)


def test_one_conversation_gets_at_least_the_gap_between_messages() -> None:
    limits = RateLimits(per_minute=0, conversation_gap=1.0, switch_pause=(0, 0), jitter=0)
    queue = [Candidate(i, "g:1") for i in range(5)]
    times = [at for at, _ in drain(Pacer(limits), queue, T0)]
    assert times == [T0 + timedelta(seconds=i) for i in range(5)]


def test_staying_in_a_conversation_is_preferred_but_not_forever() -> None:
    # Replies queued for group 1 and group 2, interleaved: the pacer batches them by
    # conversation (1 s gaps instead of 3–5 s switches), at most max_run in a row.
    limits = RateLimits(max_run=3, jitter=0)
    queue = [Candidate(i, f"g:{1 + i % 2}") for i in range(10)]
    order = [c for _, c in drain(Pacer(limits, random.Random(4)), queue, T0)]
    assert order[:3] == ["g:1"] * 3 and order[3:6] == ["g:2"] * 3
    # Within a conversation the original order is kept.
    pacer = Pacer(limits, random.Random(4))
    sent_ids = []
    pending = list(queue)
    now = T0
    while pending:
        choice = pacer.choose(pending, now)
        assert choice is not None
        now = max(now, choice.at)
        pacer.sent(choice.candidate.conversation, now)
        sent_ids.append(choice.candidate.id)
        pending.remove(choice.candidate)
    for conversation in ("g:1", "g:2"):
        ids = [i for i in sent_ids if f"g:{1 + i % 2}" == conversation]
        assert ids == sorted(ids)


def test_replies_go_before_bulk_posts() -> None:
    queue = [*broadcast(5), Candidate(50, "p:9", priority=0)]
    choice = Pacer(DEFAULT).choose(queue, T0)
    assert choice is not None and choice.candidate.id == 50


def test_a_hold_stops_everything_until_released_or_over() -> None:
    pacer = Pacer(RateLimits.off())
    pacer.hold(T0 + timedelta(seconds=30))
    assert pacer.held(T0) and not pacer.held(T0 + timedelta(seconds=30))
    pacer.release()
    assert not pacer.held(T0)


def test_the_random_draws_are_stable_between_two_sends() -> None:
    pacer = Pacer(DEFAULT, random.Random(9))
    pacer.sent("g:1", T0)
    first = pacer.ready_at("g:2", T0)
    assert pacer.ready_at("g:2", T0) == first
    assert timedelta(seconds=3) <= first - T0 <= timedelta(seconds=5.5)


def test_bad_limits_are_refused() -> None:
    with pytest.raises(ValueError):
        RateLimits(switch_pause=(5, 3))
    with pytest.raises(ValueError):
        RateLimits(per_minute=-1)


# ---- probe10: the system clock set back (NTP, a mistyped date fixed by hand) ----------------


def test_a_clock_set_back_an_hour_does_not_stop_sending_for_an_hour() -> None:
    """The pacer kept the send times it saw; after the clock went back, every wait was
    measured from a moment an hour ahead, so even an emergency reply waited an hour."""
    pacer = Pacer(DEFAULT, random.Random(1))
    drain(pacer, broadcast(45), T0)  # past the per-minute limit, the last send just now
    back = T0 - timedelta(hours=1)
    choice = pacer.choose([Candidate(900, "g:1")], back)
    assert choice is not None and choice.at - back <= timedelta(minutes=1, seconds=6)
    # The spacing itself is kept: the same conversation still gets its gap.
    pacer.sent("g:1", choice.at)
    again = pacer.choose([Candidate(901, "g:1")], choice.at)
    assert again is not None and again.at >= choice.at + timedelta(seconds=1)


def test_a_hold_is_measured_from_the_clock_as_it_now_reads() -> None:
    pacer = Pacer(DEFAULT, random.Random(1))
    pacer.sent("g:1", T0)
    pacer.hold(T0 + timedelta(seconds=30))  # WeChat pushed back: wait 30 s
    back = T0 - timedelta(days=1)
    assert pacer.held(back)
    assert not pacer.held(back + timedelta(seconds=31))

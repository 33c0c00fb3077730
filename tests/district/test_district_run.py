"""The small district run of bench/district.py, in CI: three `linli run` processes (three
accounts) on one scratch PostgreSQL, 30 groups, 30 seconds of messages, a broadcast to 全部
draining, SLA steps made due, and a process killed with SIGKILL (and restarted) every 10 s.

Nothing a resident said is lost or kept twice, nothing the bot sends goes out twice or not at
all, and each SLA step fires once, whichever process's sweep takes it. No timings are asserted
(they belong to the benchmark)."""

from __future__ import annotations

from bench.district import run


async def test_a_small_district_keeps_everything_once_through_kill_9() -> None:
    report = await run(processes=3, groups=30, rate=20, seconds=30, kill_every=10, tick_seconds=2)
    assert report.kills >= 2
    assert report.sent > 0 and report.kinds["issue"] > 0 and report.kinds["command"] > 0
    # Messages: every one the bot answered for is stored, and nothing else is.
    assert report.accepted == report.sent == report.stored
    assert report.lost == [] and report.unasked == [] and report.errors == 0
    assert report.unanswered == 0 and report.unposted == 0
    # Deliveries: each outbox row out exactly once, across the kills.
    assert report.duplicates == 0 and report.undelivered == 0 and report.unmarked == 0
    assert report.still_queued == 0  # and all of it went out before the end
    assert report.broadcast == 29  # 全部: every group but the 党员群
    assert report.broadcast_delivered == report.broadcast
    assert report.replies > 0 and report.replies_delivered == report.replies
    assert report.sla_delivered == report.sla_messages
    # SLA: steps fell due, each fired once (one escalation each), none left behind.
    assert report.steps_due > 0 and report.steps_fired == report.steps_due
    assert report.steps_twice == 0 and report.steps_missed == 0 and report.notices_twice == 0
    assert report.ok

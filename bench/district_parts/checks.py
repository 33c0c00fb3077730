"""The invariants bench/district.py checks after a run, and the report they fill: messages
accepted vs stored, each outbox row delivered exactly once (every process's ledger against
the outbox), each due SLA step fired exactly once, latency percentiles."""

from __future__ import annotations

import contextlib
import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine, text

from bench.district_parts.posting import Tally
from bench.district_parts.processes import Bot
from bot.domain.sla import STEPS, Step

OPEN = ("accepted", "responded", "in_progress")


@dataclass
class Report:
    processes: int
    groups: int
    seconds: float
    offered: int = 0  # messages the rate asked for
    held_back: int = 0  # not posted: the account's queue was full (back-pressure)
    sent: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    accepted: int = 0
    stored: int = 0
    lost: list[str] = field(default_factory=list)  # accepted, not stored
    unasked: list[str] = field(default_factory=list)  # stored, never accepted
    errors: int = 0
    error_kinds: Counter[str] = field(default_factory=Counter)
    unanswered: int = 0  # posted, no answer by the end (a process too slow): kept or not
    unposted: int = 0  # still in the bench's queues when it gave up waiting
    kills: int = 0
    resent: int = 0
    replies: int = 0
    replies_delivered: int = 0
    broadcast: int = 0
    broadcast_delivered: int = 0
    sla_messages: int = 0
    sla_delivered: int = 0
    duplicates: int = 0
    undelivered: int = 0  # marked sent, in no ledger: lost on the way
    still_queued: int = 0  # pending at the end: not sent yet (a slow machine), not lost
    unmarked: int = 0  # in a ledger, the outbox not saying sent
    steps_due: int = 0
    steps_fired: int = 0
    steps_twice: int = 0
    steps_missed: int = 0
    notices: int = 0
    notices_twice: int = 0
    cases: int = 0
    p50: float = 0.0
    p99: float = 0.0
    clean_p50: float = 0.0
    clean_p99: float = 0.0
    pg_cpu_seconds: float = 0.0
    pg_backends: int = 0
    load_before: tuple[float, ...] = ()
    load_after: tuple[float, ...] = ()

    @property
    def ok(self) -> bool:
        return (
            self.accepted == self.stored
            and not self.lost
            and not self.unasked
            and self.errors == 0
            and self.duplicates == 0
            and self.undelivered == 0
            and self.unmarked == 0
            and self.steps_twice == 0
            and self.steps_missed == 0
            and self.notices_twice == 0
        )


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def check(
    engine: Engine,
    bots: list[Bot],
    tally: Tally,
    report: Report,
    broadcast_id: int,
    due_by: datetime,
) -> None:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT account, message_id FROM messages"))
        stored = {f"{a}/{m}" for a, m in rows}
    report.accepted, report.stored = len(tally.accepted), len(stored)
    report.lost = sorted(tally.accepted - stored)[:20]
    unanswered = tally.posted - tally.accepted
    report.unanswered = len(unanswered)
    report.unasked = sorted(stored - tally.accepted - unanswered)[:20]
    report.errors = sum(tally.errors.values())
    report.error_kinds = tally.errors
    check_deliveries(engine, bots, report, broadcast_id)
    check_sla(engine, report, due_by)
    report.p50, report.p99 = percentile(tally.latency, 50), percentile(tally.latency, 99)
    report.clean_p50 = percentile(tally.clean_latency, 50)
    report.clean_p99 = percentile(tally.clean_latency, 99)


def check_deliveries(engine: Engine, bots: list[Bot], report: Report, broadcast_id: int) -> None:
    """Every process's delivery ledger against the outbox: each row out once, none left."""
    delivered: Counter[str] = Counter()
    for bot in bots:
        if bot.ledger.exists():
            for line in bot.ledger.read_text(encoding="utf-8").splitlines():
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    delivered[json.loads(line)["key"]] += 1  # a torn line was no delivery
    report.duplicates = sum(n - 1 for n in delivered.values() if n > 1)
    with engine.connect() as conn:
        outbox = conn.execute(text("SELECT key, status, broadcast_id FROM outbox")).all()
    queued: Counter[str] = Counter()
    out: Counter[str] = Counter()
    sent = set()
    for key, status, broadcast in outbox:
        kind = "broadcast" if broadcast == broadcast_id else "sla" if ":sla:" in key else "reply"
        queued[kind] += 1
        if status == "sent":
            sent.add(key)
            out[kind] += key in delivered
        elif status in ("pending", "sending"):
            report.still_queued += 1
    report.replies, report.replies_delivered = queued["reply"], out["reply"]
    report.broadcast, report.broadcast_delivered = queued["broadcast"], out["broadcast"]
    report.sla_messages, report.sla_delivered = queued["sla"], out["sla"]
    report.unmarked = len(set(delivered) - sent)
    report.undelivered += len(sent - set(delivered))  # marked sent, in no ledger


def check_sla(engine: Engine, report: Report, due_by: datetime) -> None:
    """Each step fired has exactly one escalation; each step due by `due_by` was fired."""
    columns = ", ".join(f"{s}_due, {s}_met, {s}_fired" for s in STEPS)
    with engine.connect() as conn:
        cases = conn.execute(text(f"SELECT id, status, next_due, {columns} FROM cases")).all()
        events = conn.execute(
            text(
                "SELECT case_id, kind, text FROM case_events "
                "WHERE kind IN ('escalated', 'notified')"
            )
        ).all()
    fired: Counter[tuple[int, Step]] = Counter()
    notified: Counter[int] = Counter()
    for case_id, kind, said in events:
        if kind == "notified":
            notified[case_id] += 1
        if kind != "escalated" or "超时" not in said:
            continue
        # One escalation may record several steps that slipped together ("响应、回复居民超时，
        # 升级至…": a catch-up after a gap): each of them fired.
        labels = set(said.split("超时", 1)[0].split("、"))
        for step in STEPS:
            if step.label in labels:
                fired[(case_id, step)] += 1
    report.cases = len(cases)
    report.notices = len(notified)
    report.notices_twice = sum(1 for n in notified.values() if n > 1)
    report.steps_twice = sum(1 for n in fired.values() if n > 1)
    report.steps_fired = len(fired)
    for case_id, status, next_due, *steps in cases:
        for i, step in enumerate(STEPS):
            due, met, stamped = steps[3 * i : 3 * i + 3]
            if stamped is not None:
                report.steps_due += 1
                report.steps_missed += fired[(case_id, step)] == 0  # stamped, never escalated
            elif (
                status in OPEN
                and met is None
                and due is not None
                and due <= due_by
                # The sweep goes by next_due; a pipeline update racing the bench's backdating
                # may have put it back to the step's old deadline, still ahead: not due then.
                and next_due is not None
                and next_due <= due_by
            ):
                report.steps_due += 1
                report.steps_missed += 1

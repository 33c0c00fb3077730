"""A district under load and faults: N `linli run` processes (one per account), one PostgreSQL.

    .venv/bin/python bench/district.py [--processes 10] [--groups 3000] [--rate 300]
        [--seconds 300] [--kill-every 30] [--pg URL] [--tiny]

Bounded in time and count, loopback only. It creates a scratch PostgreSQL database (dropped at
the end) and a generated district: G groups in estates of 30 (an 业主群, a 党员群, 28 楼栋群),
a 支部书记 per estate and a 楼栋党小组长 for every fourth building. The groups are dealt out
to N accounts; each account is one `linli run` process on the built-in simulator, with its own
data folder (its delivery ledger) and the simulator's loopback inbound door
(LINLI_SIMULATOR_INBOUND_PORT).

For D seconds it posts ~R messages a second in all, a realistic mix (mostly chat; reports,
微心愿, a few urgent ones; 进度 / 认领 / 办结 / 满意 on the cases that exist by then), while
a broadcast to 全部 drains, the SLA steps of the open cases are made due twice (their deadlines
backdated in the database: time is real here, so nothing waits 20 minutes), and every K seconds
a random process is killed with SIGKILL and started again. A message whose answer never came
(the process died holding it) is posted again with the same id, as a reconnecting gateway
would; the bot must keep it once.

Then it checks and prints: messages accepted vs stored (equal, as sets), replies and broadcast
copies delivered exactly once (every process's ledger against the outbox: 0 duplicates, nothing
marked sent that no ledger has; rows a slow machine had not sent by the end are counted apart),
every due SLA step fired exactly once, latency from posting a message to the bot having kept it
(p50/p99), and the CPU the PostgreSQL backends of the scratch database used (from /proc).
Exit 1 when an invariant broke.

This module is the command and its main loop; the parts it drives are in bench/district_parts:
plan (the district and each account's config), talk (what residents say), processes
(starting, killing, stopping `linli run`), posting (handing messages over), events (the
broadcast, SLA backdating, draining), checks (the invariants and the report) and pg_cpu
(PostgreSQL's CPU from /proc).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from bench.district_parts.checks import Report, check  # noqa: E402
from bench.district_parts.events import backdate_sla, compose_broadcast, settle  # noqa: E402
from bench.district_parts.pg_cpu import sample_pg_cpu  # noqa: E402
from bench.district_parts.plan import GROUPS_PER_ESTATE, District, make_district  # noqa: E402
from bench.district_parts.posting import BATCH, Tally, post_loop  # noqa: E402
from bench.district_parts.processes import (  # noqa: E402
    Bot,
    Knobs,
    back_up,
    free_port,
    launch_account,
    stop_all,
    wait_ready,
)
from bench.district_parts.talk import Message, Talk, read_cases  # noqa: E402
from bench.machine import add_tiny, describe  # noqa: E402
from storage.database import make_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.scratch import temporary_database  # noqa: E402

BACKLOG_SECONDS = 5


@dataclass
class Run:
    """What the main loop moves: the processes, the queues and the clock of the next events."""

    bots: list[Bot]
    district: District
    knobs: Knobs
    session: aiohttp.ClientSession
    rng: random.Random
    watchers: list[asyncio.Task[None]] = field(default_factory=list)

    async def start_all(self) -> None:
        for bot in self.bots:  # all at once, as systemd starts them at boot
            launch_account(bot, self.district, self.knobs)
        for bot in self.bots:
            if not await wait_ready(bot, self.session, 300):
                log = (bot.home / "linli.log").read_text(encoding="utf-8")
                raise RuntimeError(f"{bot.account} did not start:\n{log[-3000:]}")

    async def kill_one(self) -> None:
        """SIGKILL a random process and start it again at once (as systemd would)."""
        victim = self.rng.choice(self.bots)
        assert victim.proc is not None
        victim.proc.send_signal(signal.SIGKILL)
        await asyncio.to_thread(victim.proc.wait)
        victim.outages.append([time.perf_counter(), float("inf")])
        launch_account(victim, self.district, self.knobs)
        self.watchers.append(asyncio.create_task(back_up(victim, self.session)))


async def run(
    *,
    processes: int,
    groups: int,
    rate: float,
    seconds: float,
    kill_every: float,
    tick_seconds: float,
    send_delay: float = 0.005,
    pg: str | None = None,
    seed: int = 15,
) -> Report:
    report = Report(processes, groups, seconds, load_before=os.getloadavg())
    district = make_district(groups)
    accounts = [f"acct{i + 1:02d}" for i in range(processes)]
    scratch = temporary_database(pg, prefix="linli_district")
    with scratch as url, tempfile.TemporaryDirectory(prefix="linli-district-") as tmp:
        engine = make_engine(url)
        upgrade(engine)  # once, before the processes: they find the schema current
        database = url.rsplit("/", 1)[1]
        bots = []
        for i, account in enumerate(accounts):
            home = Path(tmp) / account
            (home / "data").mkdir(parents=True)
            bots.append(Bot(account, district.groups[i::processes], free_port(), home))
        talk = Talk(district, {g.topic: b.account for b in bots for g in b.groups})
        queues = {b.account: deque[Message]() for b in bots}
        tally = Tally()
        cpu: dict[int, int] = {}
        done, stop_posting = asyncio.Event(), asyncio.Event()
        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            state = Run(
                bots, district, Knobs(url, tick_seconds, send_delay), session, random.Random(seed)
            )
            sampler = asyncio.create_task(sample_pg_cpu(engine, database, cpu, done))
            try:
                await state.start_all()
                posters = [
                    asyncio.create_task(
                        post_loop(b, queues[b.account], session, tally, stop_posting)
                    )
                    for b in bots
                ]
                broadcast_id = await asyncio.to_thread(compose_broadcast, engine, accounts[0])
                started = time.perf_counter()
                next_kill, next_cases = started + kill_every, started
                # Each account's queue holds at most BACKLOG_SECONDS of its share of the rate:
                # a machine slower than the rate posts less (and says so), the run stays bounded.
                backlog = max(int(rate / processes * BACKLOG_SECONDS), BATCH)
                backdates = [started + seconds * 0.35, started + seconds * 0.7]
                while (now := time.perf_counter()) < started + seconds:
                    for _ in range(int((now - started) * rate) - report.offered):
                        report.offered += 1
                        m = talk.next()
                        if len(queues[m.account]) >= backlog:
                            report.held_back += 1  # its process is far behind (or down)
                            continue
                        queues[m.account].append(m)
                        report.sent += 1
                        report.kinds[m.kind] += 1
                    if now >= next_cases:
                        talk.cases = await asyncio.to_thread(read_cases, engine)
                        next_cases = now + 2.0
                    if backdates and now >= backdates[0]:
                        backdates.pop(0)
                        await asyncio.to_thread(backdate_sla, engine)
                    if now >= next_kill:
                        await state.kill_one()
                        report.kills += 1
                        next_kill = now + kill_every
                    await asyncio.sleep(0.01)
                report.seconds = time.perf_counter() - started
                stop_posting.set()
                # Bounded: a machine too slow to answer what it was sent gives up here, and
                # what was posted but never answered is reported (it may or may not be kept).
                _, late = await asyncio.wait([*posters, *state.watchers], timeout=max(300, seconds))
                for task in late:
                    task.cancel()
                report.unposted = sum(len(q) for q in queues.values())
                # Whatever fell due by now must have had a sweep after it: a tick more on all.
                due_by = datetime.now(UTC)
                await asyncio.sleep(tick_seconds + 1)
                await settle(engine, bots, session, max(120, seconds))
            finally:
                done.set()
                await stop_all(bots)
                await sampler
        report.resent = tally.resent
        report.load_after = os.getloadavg()
        check(engine, bots, tally, report, broadcast_id, due_by)
        report.pg_cpu_seconds = sum(cpu.values()) / os.sysconf("SC_CLK_TCK")
        report.pg_backends = len(cpu)
        engine.dispose()
    return report


def print_report(r: Report, rate: float, kill_every: float) -> None:
    load = lambda la: " ".join(f"{x:.2f}" for x in la)  # noqa: E731
    estates = (r.groups + GROUPS_PER_ESTATE - 1) // GROUPS_PER_ESTATE
    print(describe())
    print(f"load average before: {load(r.load_before)}   after: {load(r.load_after)}")
    print(
        f"district: {r.processes} processes · {r.processes} accounts · {r.groups} groups in "
        f"{estates} estates · {rate:g} msg/s asked · {r.seconds:.0f} s · "
        f"kill -9 every {kill_every:g} s"
    )
    mix = " · ".join(f"{k} {n:,}" for k, n in r.kinds.most_common())
    print(f"sent {r.sent:,} messages ({r.sent / max(r.seconds, 1e-9):,.1f} msg/s): {mix}")
    print(
        f"held back {r.held_back:,} of {r.offered:,} asked for (an account's queue was full: "
        f"its process behind or restarting)"
    )
    print(
        f"messages: accepted {r.accepted:,}  stored {r.stored:,}  lost {len(r.lost)}  "
        f"never accepted {len(r.unasked)}  errors {r.errors}"
    )
    print(f"unanswered at the end: {r.unanswered:,} posted, {r.unposted:,} never posted")
    print(f"kills: {r.kills} (each restarted) · messages posted again after a kill: {r.resent:,}")
    print(f"replies: {r.replies:,} queued, {r.replies_delivered:,} delivered once")
    print(f"broadcast copies: {r.broadcast:,} queued, {r.broadcast_delivered:,} delivered once")
    print(f"SLA messages: {r.sla_messages:,} queued, {r.sla_delivered:,} delivered once")
    print(
        f"deliveries: duplicates {r.duplicates}  undelivered {r.undelivered}  "
        f"unmarked {r.unmarked}  still queued {r.still_queued}"
    )
    print(
        f"SLA steps: {r.steps_due:,} due, {r.steps_fired:,} fired, {r.steps_twice} fired twice, "
        f"{r.steps_missed} missed · notices {r.notices:,}, {r.notices_twice} twice · "
        f"{r.cases:,} cases"
    )
    print(
        f"latency posted → kept: p50 {r.p50:,.1f} ms  p99 {r.p99:,.1f} ms   "
        f"(not caught by a kill: p50 {r.clean_p50:,.1f} ms  p99 {r.clean_p99:,.1f} ms)"
    )
    print(
        f"PostgreSQL CPU: {r.pg_cpu_seconds:,.1f} s in {r.pg_backends} backends over "
        f"{r.seconds:.0f} s ({100 * r.pg_cpu_seconds / max(r.seconds, 1e-9):.0f} % of one core)"
    )
    if r.lost or r.unasked or r.error_kinds:
        print(f"lost: {r.lost}  never accepted: {r.unasked}  errors: {dict(r.error_kinds)}")
    print("verdict: OK" if r.ok else "verdict: BROKEN")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=10)
    parser.add_argument("--groups", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=300.0, help="messages per second in all")
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--kill-every", type=float, default=30.0)
    parser.add_argument("--tick", type=float, default=10.0, help="seconds between SLA sweeps")
    parser.add_argument("--pg", default=None, help="admin URL (default: $LINLI_TEST_PG or local)")
    add_tiny(parser)
    args = parser.parse_args()
    if args.tiny:
        args.processes, args.groups, args.rate = 2, 20, 20.0
        args.seconds, args.kill_every, args.tick = 12.0, 6.0, 2.0
    report = asyncio.run(
        run(
            processes=args.processes,
            groups=args.groups,
            rate=args.rate,
            seconds=args.seconds,
            kill_every=args.kill_every,
            tick_seconds=args.tick,
            pg=args.pg,
        )
    )
    print_report(report, args.rate, args.kill_every)
    sys.exit(0 if report.ok else 1)


if __name__ == "__main__":
    main()

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
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from sqlalchemy import Engine, text  # noqa: E402

from bench.machine import add_tiny, describe  # noqa: E402
from bot.bootstrap import SIMULATOR_LEDGER  # noqa: E402
from bot.domain.cases import format_case_code  # noqa: E402
from bot.domain.sla import STEPS, Step  # noqa: E402
from storage.database import make_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.scratch import temporary_database  # noqa: E402

GROUPS_PER_ESTATE = 30  # an 业主群, a 党员群 and 28 楼栋群
RESIDENTS_PER_GROUP = 12
BACKLOG_SECONDS = 5
BATCH = 25  # messages per POST at most (a backlog drains in batches; latency still counts)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
ADDRESS = ("阿姨", "大爷", "女士", "先生", "师傅", "奶奶", "叔")
ESTATE_WORDS = ("和平", "幸福", "阳光", "锦绣", "兰亭", "翠苑", "金桥", "银河", "春晖", "秋实")

# The bench's own words (nothing copied from any corpus): what residents say in these groups.
CHAT = (
    "早上好",
    "大家早上好呀",
    "收到，谢谢",
    "好的",
    "哈哈哈",
    "今天天气真不错",
    "谁家的快递放错门口了，蓝色的盒子",
    "晚上广场舞几点开始？",
    "孩子们放学了，路上慢点",
    "菜市场今天的鱼很新鲜",
    "周末有人一起去爬山吗",
    "谢谢物业的师傅",
    "明天降温，大家多穿点",
    "我家猫找到了，谢谢大家",
    "有没有人拼车去火车站",
    "楼下的桂花开了，好香",
    "👍",
    "辛苦了",
)
ISSUES = (
    "{b}号楼电梯又坏了，停在三楼不动",
    "{b}号楼楼道的灯不亮好几天了",
    "{b}号楼下水道堵了，一股臭味",
    "{b}号楼门禁刷卡刷不开",
    "{b}号楼楼上漏水，我家天花板都湿了",
    "{b}号楼门口的垃圾好几天没人清运了",
    "{b}号楼旁边的路灯坏了，晚上黑乎乎的",
    "{b}号楼楼道里堆满了杂物，走不过去",
    "{b}号楼的自来水发黄，不敢喝",
    "{b}号楼车库门口总有车乱停，堵住了出口",
)
WISHES = (
    "微心愿：想给楼里的老人们买一个轮椅",
    "#微心愿 希望有人能教我用智能手机挂号",
    "微心愿：孩子想要几本课外书",
)
URGENT = (
    "{b}号楼楼道里一股很浓的煤气味，快来人看看！",
    "{b}号楼电梯里困了人，按铃没人应，快来救人！",
    "{b}号楼有户人家冒烟了，像是着火了！",
)
OPEN = ("accepted", "responded", "in_progress")
MIX = (("chat", 0.72), ("issue", 0.12), ("wish", 0.02), ("urgent", 0.01), ("command", 0.13))


# ---- the district -------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupSpec:
    topic: str
    estate: str
    building: int | None  # None: the estate's 业主群 or 党员群
    party: bool = False


@dataclass(frozen=True)
class EstateSpec:
    key: str
    name: str
    buildings: int
    secretary: tuple[str, str]  # wechat id, name
    leaders: dict[int, tuple[str, str]]


@dataclass(frozen=True)
class District:
    estates: list[EstateSpec]
    groups: list[GroupSpec]

    def estate(self, key: str) -> EstateSpec:
        return self.estates[int(key[1:]) - 1]

    def party_group(self, key: str) -> GroupSpec:
        return next(g for g in self.groups if g.estate == key and g.party)


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(ADDRESS)


def make_district(groups: int) -> District:
    rng = random.Random(15)
    estates: list[EstateSpec] = []
    specs: list[GroupSpec] = []
    for n in range((groups + GROUPS_PER_ESTATE - 1) // GROUPS_PER_ESTATE):
        key = f"e{n + 1:03d}"
        name = f"{ESTATE_WORDS[n % len(ESTATE_WORDS)]}{n + 1}号小区"
        size = min(GROUPS_PER_ESTATE, groups - len(specs))
        buildings = max(size - 2, 0)
        leaders = {b: (f"wxid_{key}_lead{b}", _person(rng)) for b in range(1, buildings + 1, 4)}
        estates.append(EstateSpec(key, name, buildings, (f"wxid_{key}_sec", _person(rng)), leaders))
        specs.append(GroupSpec(f"{name}业主群", key, None))
        if size > 1:
            specs.append(GroupSpec(f"{name}党员群", key, None, party=True))
        specs.extend(GroupSpec(f"{name}{b}号楼邻里群", key, b) for b in range(1, buildings + 1))
    return District(estates, specs[:groups])


def config_text(district: District, groups: list[GroupSpec]) -> str:
    """One account's community config: every estate, person and staff account; its groups."""
    lines = [
        "[community]",
        'name = "基准街道"',
        'timezone = "Asia/Shanghai"',
        "[bot]",
        'name = "邻里小助手"',
        # Short steps, so they also fall due within the run on their own (besides the
        # backdating), and reminders at any hour: the run must not depend on the time of day.
        "[sla]",
        "respond_minutes = 1",
        "reply_minutes = 2",
        "coordinate_minutes = 3",
        'quiet_start = "03:00"',
        'quiet_end = "03:01"',
        "[sla.urgent]",
        "respond_minutes = 1",
        "reply_minutes = 2",
        "coordinate_minutes = 3",
    ]
    for e in district.estates:
        buildings = ", ".join(f"{{ number = {b} }}" for b in range(1, e.buildings + 1))
        lines += [
            "[[estates]]",
            f'key = "{e.key}"',
            f'name = "{e.name}"',
            f'branch = "{e.name}党支部"',
        ]
        lines.append(f"buildings = [{buildings}]")
    for g in groups:
        lines += ["[[groups]]", f'topic = "{g.topic}"', f'estate = "{g.estate}"']
        if g.party:
            lines.append('kind = "party"')
        if g.building is not None:
            lines.append(f"building = {g.building}")
    for e in district.estates:
        people = [(e.secretary, None, "支部书记")]
        people += [(who, b, "楼栋党小组长") for b, who in e.leaders.items()]
        for (wxid, name), building, role in people:
            lines += ["[[members]]", f'name = "{name}"', f'wechat_id = "{wxid}"']
            lines += ['category = "在职"', f'estate = "{e.key}"', f'role = "{role}"']
            if building is not None:
                lines.append(f"building = {building}")
    return "\n".join(lines) + "\n"


# ---- the processes ----------------------------------------------------------------------------


@dataclass
class Bot:
    account: str
    groups: list[GroupSpec]
    port: int
    home: Path  # config, data folder, log
    proc: subprocess.Popen[bytes] | None = None
    starts: int = 0
    outages: list[list[float]] = field(default_factory=list)  # [killed, answering again]

    def undisturbed(self, start: float, end: float) -> bool:
        """No outage of this process overlapped [start, end]."""
        return all(not (a < end and b > start) for a, b in self.outages)

    @property
    def ledger(self) -> Path:
        return self.home / "data" / SIMULATOR_LEDGER


@dataclass(frozen=True)
class Knobs:
    db_url: str
    tick_seconds: float
    send_delay: float


def launch_account(bot: Bot, district: District, knobs: Knobs) -> None:
    """Start (or restart) the `linli run` of one account, which sits in exactly `bot.groups`.

    On main each process learns its groups from its own config file; this is the one place
    that says which groups an account has and how its process is started.
    """
    config = bot.home / "community.toml"
    if not config.exists():
        config.write_text(config_text(district, bot.groups), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LINLI_", "WECHATY_"))}
    env |= {
        "LINLI_ACCOUNT": bot.account,
        "LINLI_CONFIG": str(config),
        "LINLI_DATA_DIR": str(bot.home / "data"),
        "LINLI_DB_URL": knobs.db_url,
        "LINLI_CONSOLE_ENABLED": "false",
        "LINLI_SIMULATOR_INBOUND_PORT": str(bot.port),
        "LINLI_SIMULATOR_DELAY": str(knobs.send_delay),
        "LINLI_TICK_SECONDS": str(knobs.tick_seconds),
    }
    log = (bot.home / "linli.log").open("ab")
    bot.proc = subprocess.Popen(
        [sys.executable, "-c", "from bot.cli import main; main()", "run"],
        cwd=bot.home,  # no stray .env from the repository
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    bot.starts += 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---- what the residents say -------------------------------------------------------------------


@dataclass
class Message:
    id: str
    account: str
    sender_id: str
    sender_name: str
    text: str
    topic: str
    kind: str
    created: float
    tries: int = 0

    def body(self) -> dict[str, str]:
        return {
            "id": self.id,
            "sender_id": self.sender_id,
            "sender_name": self.sender_name,
            "text": self.text,
            "topic": self.topic,
        }


@dataclass
class OpenCase:
    code: str
    status: str
    reporter: tuple[str, str]  # wechat id, name
    topic: str  # where it was reported
    estate: str
    assignee: str | None


@dataclass
class Talk:
    """Makes up the next message; knows the cases the bots opened so far (read back)."""

    district: District
    account_of: dict[str, str]  # topic → account
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    cases: list[OpenCase] = field(default_factory=list)
    seq: int = 0
    kinds: Counter[str] = field(default_factory=Counter)

    def resident(self, group: GroupSpec) -> tuple[str, str]:
        # A building's residents speak in its group and now and then in the estate's 业主群.
        building = group.building or self.rng.randint(
            1, max(self.district.estate(group.estate).buildings, 1)
        )
        k = self.rng.randrange(RESIDENTS_PER_GROUP)
        rng = random.Random(f"{group.estate}-{building}-{k}")
        return f"wxid_{group.estate}_b{building}_r{k}", _person(rng)

    def next(self) -> Message:
        self.seq += 1
        kind = self.rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
        made = self._command() if kind == "command" else None
        if made is None:
            kind = "chat" if kind == "command" else kind
            group = self.rng.choice(
                [g for g in self.district.groups if not g.party] or self.district.groups
            )
            sender = self.resident(group)
            b = group.building or self.rng.randint(1, 28)
            words = {"chat": CHAT, "issue": ISSUES, "wish": WISHES, "urgent": URGENT}[kind]
            made = (group.topic, sender, self.rng.choice(words).format(b=b))
        topic, (sender_id, sender_name), said = made
        self.kinds[kind] += 1
        return Message(
            id=f"d{self.seq}",
            account=self.account_of[topic],
            sender_id=sender_id,
            sender_name=sender_name,
            text=said,
            topic=topic,
            kind=kind,
            created=time.perf_counter(),
        )

    def _command(self) -> tuple[str, tuple[str, str], str] | None:
        if not self.cases:
            return None
        case = self.rng.choice(self.cases)
        estate = self.district.estate(case.estate)
        party = self.district.party_group(case.estate).topic
        if case.status == "accepted" and case.assignee is None:
            return party, estate.secretary, f"认领 {case.code}"
        mine = case.assignee == estate.secretary[0]
        if case.status in ("responded", "in_progress") and mine and self.rng.random() < 0.5:
            return party, estate.secretary, f"办结 {case.code} 已经派师傅处理好了"
        if case.status == "resolved":
            return case.topic, case.reporter, f"满意 {case.code}"
        return case.topic, case.reporter, f"进度 {case.code}"


CASES_SQL = text(
    """
    SELECT c.id, c.status, p.wechat_id, p.display_name, g.topic, e.key, a.wechat_id
    FROM cases c
    JOIN people p ON p.id = c.reporter_id
    JOIN groups g ON g.id = c.group_id
    JOIN estates e ON e.id = c.estate_id
    LEFT JOIN people a ON a.id = c.assignee_id
    WHERE c.status <> 'reviewed'
    ORDER BY c.id DESC LIMIT 500
    """
)


def read_cases(engine: Engine) -> list[OpenCase]:
    with engine.connect() as conn:
        rows = conn.execute(CASES_SQL).all()
    return [
        OpenCase(format_case_code(r[0]), r[1], (r[2], r[3]), r[4], r[5], r[6])
        for r in rows
        if r[4] is not None
    ]


# ---- posting --------------------------------------------------------------------------------


@dataclass
class Tally:
    accepted: set[str] = field(default_factory=set)
    errors: Counter[str] = field(default_factory=Counter)
    latency: list[float] = field(default_factory=list)  # ms, posted → kept
    clean_latency: list[float] = field(default_factory=list)  # of those no kill interrupted
    resent: int = 0
    posted: set[str] = field(default_factory=set)  # every id handed to a process at least once


async def post_loop(
    bot: Bot,
    queue: deque[Message],
    session: aiohttp.ClientSession,
    tally: Tally,
    done: asyncio.Event,
) -> None:
    """Hand this account's messages to its process, oldest first; unanswered ones again."""
    url = f"http://127.0.0.1:{bot.port}/inbound"
    while not (done.is_set() and not queue):
        if not queue:
            await asyncio.sleep(0.005)
            continue
        batch = [queue.popleft() for _ in range(min(BATCH, len(queue)))]
        for m in batch:
            m.tries += 1
            tally.posted.add(f"{bot.account}/{m.id}")
        try:
            async with session.post(url, json=[m.body() for m in batch]) as response:
                response.raise_for_status()
                results = (await response.json())["results"]
        except (aiohttp.ClientError, TimeoutError, ValueError, KeyError):
            # The process is down (killed, starting): the same ids again, first in line.
            tally.resent += sum(1 for m in batch if m.tries == 1)
            queue.extendleft(reversed(batch))
            await asyncio.sleep(0.2)
            continue
        now = time.perf_counter()
        for m, result in zip(batch, results, strict=True):
            if result.get("ok"):
                tally.accepted.add(f"{bot.account}/{m.id}")
                tally.latency.append((now - m.created) * 1000)
                if bot.undisturbed(m.created, now):
                    tally.clean_latency.append((now - m.created) * 1000)
            else:
                # The bot had it and failed: counted as accepted, so the check finds it missing.
                tally.accepted.add(f"{bot.account}/{m.id}")
                tally.errors[str(result.get("error"))] += 1


async def wait_ready(bot: Bot, session: aiohttp.ClientSession, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if bot.proc is not None and bot.proc.poll() is not None:
            return False
        with contextlib.suppress(aiohttp.ClientError, asyncio.TimeoutError):
            async with session.get(f"http://127.0.0.1:{bot.port}/ready") as response:
                if response.status == 200:
                    return True
        await asyncio.sleep(0.2)
    return False


async def back_up(bot: Bot, session: aiohttp.ClientSession) -> None:
    """Close the outage a kill opened, once the restarted process answers."""
    await wait_ready(bot, session, 300)
    bot.outages[-1][1] = time.perf_counter()


# ---- PostgreSQL's CPU ---------------------------------------------------------------------------


def backend_ticks(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[11]) + int(fields[12])  # utime + stime


async def sample_pg_cpu(
    engine: Engine, database: str, seen: dict[int, int], done: asyncio.Event
) -> None:
    """CPU of the scratch database's backends: each pid's last reading (a backend that ends
    between two samples loses at most one second)."""
    sql = text("SELECT pid FROM pg_stat_activity WHERE datname = :db")

    def once() -> None:
        with engine.connect() as conn:
            pids = [r[0] for r in conn.execute(sql, {"db": database})]
        for pid in pids:
            ticks = backend_ticks(pid)
            if ticks is not None:
                seen[pid] = max(seen.get(pid, 0), ticks)

    while not done.is_set():
        with contextlib.suppress(Exception):
            await asyncio.to_thread(once)
        await asyncio.sleep(1.0)


# ---- the run --------------------------------------------------------------------------------


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


def backdate_sla(engine: Engine) -> int:
    """Make the open cases' first two steps due now (as if 30 minutes had passed).

    Rows a process holds right now are skipped rather than waited for: the bench must not
    take part in the lock order of the bots' transactions (a plain UPDATE of many rows
    deadlocked with them).
    """
    now = datetime.now(UTC) - timedelta(seconds=1)
    sql = text(
        """
        UPDATE cases SET respond_due = :now, reply_due = :now, next_due = :now
        WHERE id IN (
            SELECT id FROM cases
            WHERE status IN ('accepted', 'responded', 'in_progress')
              AND respond_fired IS NULL AND reply_fired IS NULL
            ORDER BY id
            FOR UPDATE SKIP LOCKED
        )
        """
    )
    with engine.begin() as conn:
        return int(conn.execute(sql, {"now": now}).rowcount)


def compose_broadcast(engine: Engine, account: str) -> int:
    """A notice to 全部, confirmed: one outbox row per group, each drained by its account."""
    from zoneinfo import ZoneInfo

    from bot.services import broadcasts
    from storage.database import make_session_factory
    from storage.uow import SqlUnitOfWorkFactory

    factory = SqlUnitOfWorkFactory(make_session_factory(engine))
    now = datetime.now(UTC)
    with factory() as uow:
        draft = broadcasts.compose(
            uow,
            account=account,
            actor="bench",
            targets="全部",
            body="本周六上午9点在各小区门口开展义诊和理发服务，欢迎居民参加。",
            community="基准街道",
            tz=ZoneInfo("Asia/Shanghai"),
            now=now,
        )
        uow.commit()
        assert draft.broadcast.id is not None
        broadcasts.confirm(uow, draft.broadcast.id, actor="bench", now=now)
        uow.commit()
        return draft.broadcast.id


async def settle(
    engine: Engine, bots: list[Bot], session: aiohttp.ClientSession, within: float
) -> None:
    """Wait for every process to be up and the outbox to have nothing due left."""
    sql = text(
        "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending') "
        "AND (not_before IS NULL OR not_before <= now())"
    )
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        for bot in bots:
            await wait_ready(bot, session, 1.0)
        with engine.connect() as conn:
            left = conn.execute(sql).scalar_one()
        if left == 0:
            return
        await asyncio.sleep(1.0)


async def stop_all(bots: list[Bot]) -> None:
    for bot in bots:
        if bot.proc is not None and bot.proc.poll() is None:
            bot.proc.send_signal(signal.SIGTERM)
    for bot in bots:
        if bot.proc is None:
            continue
        for _ in range(150):
            if bot.proc.poll() is not None:
                break
            await asyncio.sleep(0.1)
        else:
            bot.proc.kill()
            bot.proc.wait()


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
        for step in STEPS:
            if kind == "escalated" and said.startswith(f"{step.label}超时"):
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

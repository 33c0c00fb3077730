"""The generator behind bench/volume.py: a district's three years written by COPY.

Shapes, per unit of scale (1.0 = the issue's district): 30 million stored messages, 500,000
cases, 5 million outbox rows, 2 million points entries, with the rows they hang on (小区,
楼栋, groups on bot accounts of at most 500 groups, residents, case reporters, timelines,
待确认 items). Use grows over the three years (twice as much in the last month as in the
first), busy 小区 and busy residents follow a Zipf-like law, ids follow time as they do in
production. Secondary indexes are dropped for the load and rebuilt after it (as pg_restore
does), and foreign-key triggers are off for the loading session only.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.domain.cases import CATEGORY_LABELS

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
SPAN = timedelta(days=3 * 365)
CATEGORIES = list(CATEGORY_LABELS)
RULES = [("志愿服务", "positive", 5), ("参加活动", "positive", 3), ("随手拍", "positive", 2)]
BIG_TABLES = ("messages", "outbox", "points_ledger", "case_events", "cases", "case_reporters")
CHUNK = 20_000


@dataclass(frozen=True)
class Volume:
    estates: int
    people: int
    messages: int
    cases: int
    outbox: int
    points: int

    @classmethod
    def at(cls, scale: float, tiny: bool = False) -> Volume:
        if tiny:
            return cls(estates=5, people=600, messages=20_000, cases=3000, outbox=5000, points=3000)
        return cls(
            estates=max(30, min(300, round(120 * scale))),
            people=max(1000, round(400_000 * scale)),
            messages=round(30_000_000 * scale),
            cases=round(500_000 * scale),
            outbox=round(5_000_000 * scale),
            points=round(2_000_000 * scale),
        )


def moment(u: float) -> datetime:
    """The time of the u-th fraction (0..1) of all rows, when use grows linearly 1 → 2."""
    # density 1 + t over t in [0, 1]: F(t) = (t + t²/2) / 1.5; solve F(t) = u.
    t = -1 + math.sqrt(1 + 3 * u)
    return NOW - SPAN * (1 - t)


def _pg(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


class Loader:
    """COPY rows into one table in chunks of text."""

    def __init__(self, cursor: Any, table: str, columns: str) -> None:
        self.cursor, self.table, self.columns = cursor, table, columns

    def load(self, rows: Iterator[tuple[Any, ...]]) -> int:
        return self.load_lines("\t".join(_pg(v) for v in row) for row in rows)

    def load_lines(self, rows: Iterator[str]) -> int:
        n = 0
        with self.cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
            lines: list[str] = []
            for line in rows:
                lines.append(line)
                n += 1
                if len(lines) >= CHUNK:
                    copy.write("\n".join(lines) + "\n")
                    lines = []
            if lines:
                copy.write("\n".join(lines) + "\n")
        return n


class District:
    def __init__(self, volume: Volume, seed: int = 7) -> None:
        self.v = volume
        self.rng = random.Random(seed)
        # Busy 小区 see more: weight 1/(rank+3).
        self.estate_weights = [1 / (i + 3) for i in range(volume.estates)]
        self.buildings_of = [10 + (i * 7) % 21 for i in range(volume.estates)]  # 10–30 楼栋
        self.building_ids: list[list[int]] = []
        next_id = 1
        for count in self.buildings_of:
            self.building_ids.append(list(range(next_id, next_id + count)))
            next_id += count
        self.groups: list[tuple[int, int, int | None, str]] = []  # id, estate, building, account
        self.group_start = [0]
        for ids in self.building_ids:
            self.group_start.append(self.group_start[-1] + 1 + len(ids))
        self.person_estate = [
            1 + self.rng.choices(range(volume.estates), self.estate_weights)[0]
            for _ in range(volume.people)
        ]

    def estate(self) -> int:
        return 1 + self.rng.choices(range(self.v.estates), self.estate_weights)[0]

    def person(self) -> int:
        # Residents who speak a lot: a quarter of the people say most of the messages.
        n = self.v.people
        return 1 + int(n * self.rng.random() ** 2.5) % n

    def estates_rows(self) -> Iterator[tuple[Any, ...]]:
        names = {1: ("lanting", "兰亭小区"), 2: ("jinxiu", "锦绣家园")}
        for e in range(1, self.v.estates + 1):
            key, name = names.get(e, (f"e{e}", f"小区{e}"))
            yield (e, key, name, f"{name}党支部")

    def buildings_rows(self) -> Iterator[tuple[Any, ...]]:
        for e, ids in enumerate(self.building_ids, start=1):
            for number, b in enumerate(ids, start=1):
                yield (b, e, str(number), f"{number}号楼")

    def groups_rows(self) -> Iterator[tuple[Any, ...]]:
        gid = 0
        for e, ids in enumerate(self.building_ids, start=1):
            for b in [None, *ids]:
                gid += 1
                account = f"bot{1 + (gid - 1) // 500}"  # a WeChat account sits in ≤ 500 groups
                self.groups.append((gid, e, b, account))
                topic = f"小区{e}" + (f"{b}号楼" if b else "业主群")
                first = NOW - SPAN
                yield (
                    gid,
                    account,
                    f"room{gid}@chatroom",
                    topic,
                    "building" if b else "owners",
                    e,
                    b,
                    first,
                    NOW,
                )

    def people_rows(self) -> Iterator[tuple[Any, ...]]:
        for p in range(1, self.v.people + 1):
            e = self.person_estate[p - 1]
            b = self.building_ids[e - 1][p % len(self.building_ids[e - 1])]
            yield (p, f"wxid_v{p}", f"居民{p}", 0, e, b, NOW - SPAN, "{}")

    def group_of(self, estate_id: int, building: int | None) -> tuple[int, str]:
        # Groups were appended estate by estate: the estate group, then one per 楼栋.
        first = self.group_start[estate_id - 1]
        offset = 0 if building is None else 1 + self.building_ids[estate_id - 1].index(building)
        gid, _e, _b, account = self.groups[first + offset]
        return gid, account

    def case_rows(self) -> Iterator[tuple[Any, ...]]:
        rng, n = self.rng, self.v.cases
        statuses_recent = ["accepted", "responded", "in_progress", "resolved"]
        for c in range(1, n + 1):
            opened = moment((c - 0.5) / n)
            age = NOW - opened
            estate = self.estate()
            numbers = self.buildings_of[estate - 1]
            building = None if rng.random() < 0.12 else str(1 + int(numbers * rng.random() ** 1.5))
            category = CATEGORIES[
                min(len(CATEGORIES) - 1, int(len(CATEGORIES) * rng.random() ** 2))
            ]
            urgent = rng.random() < 0.03
            if age < timedelta(days=3) and rng.random() < 0.6:
                status = rng.choice(statuses_recent)
            elif age < timedelta(days=30) and rng.random() < 0.08:
                status = rng.choice(statuses_recent)  # a few linger (the overdue ones)
            else:
                status = "reviewed"
            minutes = (5, 10, 60, 240) if urgent else (20, 30, 240, 1440)
            dues = [opened + timedelta(minutes=m) for m in minutes]
            # Most steps are met, a few late; open cases have met only the early ones.
            mets: list[datetime | None] = []
            for i, due in enumerate(dues):
                if status in ("accepted",) or (status == "responded" and i > 0):
                    mets.append(None)
                else:
                    late = rng.random() < 0.08
                    mets.append(
                        due + timedelta(minutes=rng.randint(1, 90))
                        if late
                        else due - timedelta(minutes=rng.randint(0, minutes[i] - 1))
                    )
            closed = status in ("resolved", "reviewed")
            resolved_at = opened + timedelta(hours=rng.randint(2, 60)) if closed else None
            rating = None
            if status == "reviewed":
                rating = rng.choices(
                    ["satisfied", "basic", "unsatisfied", "unrated"], [70, 15, 5, 10]
                )[0]
            reporter = self.person()
            reporters = 1 if rng.random() < 0.85 else rng.randint(2, 6)
            group_id, _account = self.group_of(estate, None)
            steps: list[Any] = []
            for due, met in zip(dues, mets, strict=True):
                steps += [due, met, due if met is None and due < NOW else None]
            next_due = min((d for d, m in zip(dues, mets, strict=True) if m is None), default=None)
            yield (
                c,
                estate,
                group_id,
                category,
                f"{CATEGORY_LABELS[category]}的问题，请尽快处理",
                building,
                urgent,
                status,
                reporter,
                reporters,
                opened,
                resolved_at if closed else None,
                resolved_at if status == "reviewed" else None,
                opened,
                *steps,
                next_due if status not in ("resolved", "reviewed") else None,
                0,
                sum(1 for d, m in zip(dues, mets, strict=True) if (m or NOW) > d),
                resolved_at,
                rating,
                resolved_at + timedelta(days=1) if rating else None,
                0,
            )

    CASE_COLUMNS = (
        "id, estate_id, group_id, category, summary, building, urgent, status, reporter_id, "
        "reporters, opened_at, updated_at, closed_at, clock_started_at, "
        + ", ".join(
            f"{s}_{p}"
            for s in ("respond", "reply", "coordinate", "solution")
            for p in ("due", "met", "fired")
        )
        + ", next_due, escalation_level, breaches, resolved_at, rating, rated_at, reopened"
    )

    def case_event_rows(self, case_times: Callable[[int], datetime]) -> Iterator[tuple[Any, ...]]:
        eid = 0
        kinds = ("opened", "claimed", "progress", "resolved")
        for c in range(1, self.v.cases + 1):
            at = case_times(c)
            for i, kind in enumerate(kinds):
                eid += 1
                yield (eid, c, at + timedelta(minutes=15 * i), kind, f"{kind} 记录", None)

    def reporter_rows(self, case_times: Callable[[int], datetime]) -> Iterator[tuple[Any, ...]]:
        for c in range(1, self.v.cases + 1):
            first = 1 + (c * 7919) % self.v.people
            yield (c, first, case_times(c))

    def message_lines(self) -> Iterator[str]:
        """COPY text lines, written directly: 30 million rows make every microsecond count."""
        rng, n = self.rng, self.v.messages
        cases, groups, people = self.v.cases, self.groups, self.v.people
        count = len(groups)
        share = cases / n if n else 0.0
        random_ = rng.random
        start, span = NOW - SPAN, SPAN.total_seconds()
        for m in range(1, n + 1):
            t = -1 + math.sqrt(1 + 3 * (m - 0.5) / n)  # as moment(), inlined
            at = (start + timedelta(seconds=span * t)).isoformat()
            gid, _e, _b, account = groups[int(count * random_() ** 1.3)]
            sender = 1 + int(people * random_() ** 2.5) % people
            if random_() < share:
                kind, case = "report", str(min(cases, 1 + int(cases * m / n)))
            else:
                kind, case = ("chat" if random_() < 0.9 else "query"), "\\N"
            yield (
                f"{m}\t{account}\tmsg{m}\t{gid}\t{sender}\ttext\t今天电梯又停了，谁能看看\t"
                f"{at}\t{kind}\t\\N\t0.9\t{case}"
            )

    def outbox_rows(self) -> Iterator[tuple[Any, ...]]:
        rng, n = self.rng, self.v.outbox
        groups = len(self.groups)
        for o in range(1, n + 1):
            at = moment((o - 0.5) / n)
            recent = NOW - at < timedelta(minutes=10)
            status = "pending" if recent else ("failed" if rng.random() < 0.002 else "sent")
            private = rng.random() < 0.3
            g = self.groups[int(groups * rng.random())]
            yield (
                o,
                g[3],
                f"v:{o}",
                None if private else g[0],
                self.person() if private else None,
                "已收到，正在处理。",
                "[]",
                status,
                1,
                None,
                None,
                at,
                None if status != "sent" else at + timedelta(seconds=rng.randint(1, 30)),
                None,
                0 if private else 1,
                None,
            )

    def points_rows(self) -> Iterator[tuple[Any, ...]]:
        rng, n = self.rng, self.v.points
        for i in range(1, n + 1):
            at = moment((i - 0.5) / n)
            p = self.person()
            e = self.person_estate[p - 1]
            b = self.building_ids[e - 1][p % len(self.building_ids[e - 1])]
            rule, kind, pts = RULES[int(len(RULES) * rng.random())]
            if rng.random() < 0.03:
                rule, kind, pts = "违规停车", "negative", -2
            elif rng.random() < 0.05:
                rule, kind, pts = "积分兑换", "redeem", -10
            case_id = 1 + int(self.v.cases * i / n) if self.v.cases and rng.random() < 0.1 else None
            yield (
                i,
                p,
                e,
                b,
                rule,
                kind,
                1,
                pts,
                "",
                "志愿者",
                min(case_id, self.v.cases) if case_id else None,
                at,
            )

    def review_rows(self) -> Iterator[tuple[Any, ...]]:
        rng = self.rng
        n = max(50, self.v.cases // 20)
        for r in range(1, n + 1):
            at = moment((r - 0.5) / n)
            e = self.estate()
            recent = NOW - at < timedelta(days=7)
            status = (
                "pending"
                if recent and rng.random() < 0.7
                else rng.choice(["converted", "dismissed"])
            )
            g, account = self.group_of(e, None)
            converted = status == "converted" and self.v.cases
            case_id = (
                min(self.v.cases, 1 + int(self.v.cases * (r - 0.5) / n)) if converted else None
            )
            yield (
                r,
                account,
                f"rv{r}",
                e,
                g,
                self.person(),
                "楼下好像有点吵",
                at,
                "report",
                "noise",
                False,
                status,
                None if status == "pending" else at + timedelta(hours=3),
                None if status == "pending" else "王敏",
                case_id,
            )


def on_server(table: str, volume: Volume, groups: int) -> str:
    """The same rows as message_lines() / outbox_rows(), made by PostgreSQL itself
    (INSERT … SELECT over generate_series): no bytes cross the wire, no Python per row. The
    fallback for the two largest tables when the machine is too busy for COPY from Python
    (`--on-server`); same distributions, a different random stream."""
    now, n = f"timestamptz '{NOW.isoformat()}'", volume.messages
    span = f"interval '{SPAN.days} days'"
    people, cases = volume.people, volume.cases

    def at(i: str, total: int) -> str:
        return f"{now} - {span} * (1 - (-1 + sqrt(1 + 3 * ({i} - 0.5) / {total})))"

    if table == "messages":
        return (
            "INSERT INTO messages (id, account, message_id, group_id, sender_id, type, text,"
            " received_at, intent_kind, confidence, case_id)"
            " SELECT m, 'bot' || (1 + (g - 1) / 500), 'msg' || m, g,"
            f" 1 + floor({people} * random() ^ 2.5)::int % {people}, 'text',"
            f" '今天电梯又停了，谁能看看', {at('m', n)},"
            " CASE WHEN c THEN 'report' WHEN random() < 0.9 THEN 'chat' ELSE 'query' END, 0.9,"
            f" CASE WHEN c THEN least({cases}, 1 + floor({cases}::float8 * m / {n})::int) END"
            f" FROM (SELECT m, least({groups}, 1 + floor({groups} * random() ^ 1.3)::int) AS g,"
            f" random() < {cases / max(1, n)!r} AS c FROM generate_series(1, {n}) m) s"
        )
    n = volume.outbox
    return (
        "INSERT INTO outbox (id, account, key, group_id, person_id, text, mention_ids, status,"
        " attempts, created_at, sent_at, priority)"
        " SELECT o, 'bot' || (1 + (g - 1) / 500), 'v:' || o, CASE WHEN p THEN NULL ELSE g END,"
        f" CASE WHEN p THEN 1 + floor({people} * random() ^ 2.5)::int % {people} END,"
        " '已收到，正在处理。', '[]', st, 1, at,"
        " CASE WHEN st = 'sent' THEN at + interval '5 seconds' END, CASE WHEN p THEN 0 ELSE 1 END"
        f" FROM (SELECT o, g, p, at, CASE WHEN {now} - at < interval '10 minutes' THEN 'pending'"
        " WHEN random() < 0.002 THEN 'failed' ELSE 'sent' END AS st"
        f" FROM (SELECT o, 1 + floor({groups} * random())::int AS g, random() < 0.3 AS p,"
        f" {at('o', n)} AS at FROM generate_series(1, {n}) o) s) t"
    )

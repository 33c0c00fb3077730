"""Issue 15 §1 on PostgreSQL: three runtimes (three accounts, each its own core thread and
connections) tick at the same moments against one database; the SLA ladder, the monthly
activity preview and the points 公示 each fire once in total, whichever runtime takes them,
and each post goes through the account of the group it is for."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from bot.config import CommunityConfig
from bot.domain.cases import Case, EventKind
from bot.domain.lifecycle import start_clock
from bot.domain.records import OutboxItem
from bot.ports import Classifier
from tests.conftest import Bot, _reset_postgres
from tests.integration.accounts_support import accounts_running

LANTING = ["兰亭小区业主群", *(f"兰亭{n}号楼邻里群" for n in range(1, 5)), "兰亭小区党员群"]
JINXIU = ["锦绣家园业主群", *(f"锦绣{n}栋楼栋群" for n in range(1, 4)), "锦绣家园党员群"]
FORM = (
    "新活动\n标题：免费测血压\n类型：健康保健\n地点：党群服务站\n"
    "时间：2026-12-05 09:00-11:00\n名额：20\n对象：{who}\n积分：5"
)


async def _all_tick(bots: list[Bot], when: str, rounds: int = 2) -> None:
    """Every runtime ticks at once (their core threads race on the database), twice; then
    each sends what it queued, as a running bot does (a 督办 waits for its notice to go out)."""
    bots[0].clock.set(datetime.fromisoformat(when + "+08:00"))
    for _ in range(rounds):
        await asyncio.gather(*(b.linli.runtime.tick() for b in bots))
    for b in bots:
        await b.linli.runtime.deliver_pending()


@pytest.mark.postgres
async def test_three_runtimes_fire_each_step_preview_and_publicity_once(
    pg_database: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    _reset_postgres(pg_database)
    names = ["a", "b", "c"]
    async with accounts_running(pg_database, tmp_path, demo_config, classifier, names) as bots:
        a, b, c = bots
        for topic in LANTING:
            await a.say("大家好", group=topic)
        for topic in JINXIU:
            await b.say("大家好", group=topic)
        # c sits in no group: it still runs the jobs and may take any of them.
        for who, group in (("张阿姨", "兰亭3号楼邻里群"), ("李叔", "兰亭1号楼邻里群")):
            await a.say("电梯坏了，困在里面出不来", who=who, group=group)
        await b.say("2栋楼道灯坏了好几天了", who="钱奶奶", group="锦绣2栋楼栋群")
        for who in ("兰亭小区", "锦绣家园"):
            await c.private(FORM.format(who=who), who="王敏")
        _seed_cases(a, 150)  # enough due rows that unlocked sweeps would overlap

        for when in (
            "2026-11-23T09:01:00",  # the 党小组 hear of the cases
            "2026-11-23T09:21:00",  # respond slips
            "2026-11-23T09:31:00",  # reply slips
            "2026-11-23T13:01:00",  # coordinate slips
            "2026-11-24T18:00:00",  # solution slips
            "2026-11-25T09:00:00",  # the monthly 党群阵地@你 preview
            "2026-12-01T09:00:00",  # the points 公示 for November
        ):
            await _all_tick(bots, when)

        with a.linli.uow_factory() as uow:
            groups = {g.id: g for g in uow.groups.all()}
            cases = uow.cases.find()
            assert len(cases) == 153
            for case in cases:
                assert case.id is not None
                labels = [
                    e.text.split("超时")[0]
                    for e in uow.cases.events(case.id)
                    if e.kind == EventKind.ESCALATED
                ]
                # Steps slipping in the same tick make one catch-up message (sched11): each
                # step is named once across the events, and every breach is named.
                steps = [step for label in labels for step in label.split("、")]
                assert sorted(steps) == sorted(set(steps)), (case.code, labels)
                assert len(steps) == case.breaches >= 3, (case.code, labels)
                notified = [e for e in uow.cases.events(case.id) if e.kind == EventKind.NOTIFIED]
                assert len(notified) <= 1  # urgent cases alert at once instead

            rows = [
                item
                for account in names
                for status in ("pending", "sent", "sending", "failed")
                for item in _rows(uow, account, status)
            ]
        previews = Counter(r.group_id for r in rows if "act-preview:" in r.key)
        expected = {g.id for g in groups.values() if g.kind is not None and g.kind.value != "party"}
        assert set(previews) == expected and set(previews.values()) == {1}
        publicity = Counter(r.group_id for r in rows if ":publicity:2026-11:" in r.key)
        assert publicity and set(publicity.values()) == {1}
        # Each group's post went through the group's own account.
        for r in rows:
            if r.group_id is not None and ("act-preview:" in r.key or ":publicity:" in r.key):
                assert r.account == groups[r.group_id].account, r.key
        assert {groups[g].account for g in previews} == {"a", "b"}


def _seed_cases(bot: Bot, count: int) -> None:
    """Cases opened just now in the groups of both accounts, nobody claiming them."""
    policy = bot.linli.profile.sla
    now = bot.clock.now()
    with bot.linli.uow_factory() as uow:
        reporter = uow.people.by_wechat_id(bot.directory.person("张阿姨"))
        groups = [g for g in uow.groups.all() if g.kind is not None and g.kind.value != "party"]
        assert reporter is not None and reporter.id is not None
        for n in range(count):
            group = groups[n % len(groups)]
            assert group.estate_id is not None
            case = Case(
                estate_id=group.estate_id,
                category="facilities",
                summary=f"路灯不亮了 {n}",
                reporter_id=reporter.id,
                opened_at=now,
                group_id=group.id,
            )
            start_clock(case, now, policy)
            uow.cases.add(case)
        uow.commit()


def _rows(uow: object, account: str, status: str) -> list[OutboxItem]:
    from sqlalchemy import select

    from storage import tables

    session = uow.outbox.session  # type: ignore[attr-defined]
    c = tables.outbox.c
    query = select(OutboxItem).where(c.account == account, c.status == status)
    return list(session.scalars(query))

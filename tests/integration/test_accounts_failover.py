"""Automatic failover between accounts (issue 15 §1), on SQLite and PostgreSQL with the
virtual clock: a group whose account has been down longer than [sending] failover_minutes
passes to another online account in it, with its waiting messages, audited, staff told once;
a short blip moves nothing; the returning owner does not get the group back by itself."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.config import CommunityConfig
from bot.domain.accounts import FAILOVER_AFTER, LinkState
from bot.ports import Classifier
from bot.services import accounts
from bot.services.mailer import Mailer
from tests.conftest import Bot
from tests.integration.accounts_support import accounts_running

G3 = "兰亭3号楼邻里群"
G4 = "兰亭4号楼邻里群"
STEP = timedelta(seconds=30)  # `linli run` ticks every 30 s


async def _run_for(minutes: float, *alive: Bot) -> None:
    """Let time pass as it does in production: every live process ticks every 30 s."""
    clock = alive[0].clock
    for _ in range(int(minutes * 60 / STEP.total_seconds())):
        clock.advance(STEP)
        for bot in alive:
            await bot.linli.runtime.tick()


def _owner(bot: Bot, topic: str) -> str:
    with bot.linli.uow_factory() as uow:
        return next(g.account for g in uow.groups.all() if g.topic == topic)


def _failover_notices(bot: Bot) -> list[str]:
    return [s.to or "" for s in bot.new() if "已自动改由" in s.text]


async def test_a_short_outage_moves_nothing(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with accounts_running(db_url, tmp_path, demo_config, classifier, ["a", "b"]) as (a, b):
        await a.say("大家好")
        await b.say("大家好")  # b sits in G3 too; a owns it
        await a.linli.runtime.transport_status(False, "网关重启", LinkState.OFFLINE)
        await _run_for(9, a, b)  # down 9 minutes: under the 10 of the default
        assert _owner(a, G3) == "a"
        await a.linli.runtime.transport_status(True, "微信已登录")
        await _run_for(30, a, b)  # back and beating: nothing is due
        assert _owner(a, G3) == "a"
        await b.linli.runtime.deliver_pending()
        assert _failover_notices(b) == []


async def test_a_logged_out_accounts_group_passes_with_its_queue_and_stays(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with accounts_running(db_url, tmp_path, demo_config, classifier, ["a", "b"]) as (a, b):
        await a.say("大家好")
        await b.say("大家好")
        await a.say("大家好", group=G4)  # a alone in G4: nobody can take it
        a.transport.online = False  # a reply is left waiting in a's queue
        await a.transport.say(
            sender_id="sim:张阿姨", sender_name="张阿姨", text="3号楼电梯坏了", topic=G3
        )
        zhang = a.directory.person("张阿姨")
        with a.linli.uow_factory() as uow:  # and a private note to her, who last spoke to a
            person = uow.people.by_wechat_id(zhang)
            assert person is not None
            mail = Mailer(uow, "a", a.clock.now(), "t:1", a.linli.profile.sla)
            assert mail.send("您的诉求已登记", person=person).account == "a"
            uow.commit()
        await a.linli.runtime.transport_status(False, "微信已登出", LinkState.LOGGED_OUT)
        await b.linli.runtime.contacts_seen([zhang])  # b has her as a contact
        await _run_for(9.5, a, b)
        assert _owner(a, G3) == "a"
        await _run_for(1, a, b)
        assert _owner(a, G3) == "b" and _owner(a, G4) == "a"
        await b.linli.runtime.deliver_pending()
        sent = b.new()
        [moved] = [s for s in sent if s.group == G3]
        assert "E0001" in moved.text  # a's waiting reply, sent by b
        [notice] = [s for s in sent if "已自动改由" in s.text]
        assert notice.to == "王敏" and "「a」已登出已超过 10 分钟" in notice.text
        assert G3 in notice.text and G4 not in notice.text
        assert [s.text for s in sent if s.to == "张阿姨"] == ["您的诉求已登记"]
        with a.linli.uow_factory() as uow:
            # Nothing for G3 or for her waits for a: the group's rows went with the group,
            # hers to b, which has her as a contact.
            waiting = uow.outbox.due("a", a.clock.now(), 100)
            g3 = next(g for g in uow.groups.all() if g.topic == G3)
            assert [i for i in waiting if i.group_id == g3.id or i.person_id == person.id] == []
            [entry] = [e for e in uow.staff.audit_log(50) if e.actor == "自动切换"]
            assert entry.action == "group.account" and entry.target == G3
            assert "a → b（1 条待发" in entry.detail
        # Staff were told once: later beats find nothing left to take.
        await _run_for(10, a, b)
        await b.linli.runtime.deliver_pending()
        assert _failover_notices(b) == []
        # b answers in G3 now.
        [reply] = await b.say("3号楼又停电了", who="李叔叔")
        assert reply.group == G3
        # a is scanned in again: G3 stays with b (no bouncing back) …
        await a.linli.runtime.transport_status(True, "微信已登录")
        await _run_for(15, a, b)
        assert _owner(a, G3) == "b"
        # … until an admin moves it back.
        with a.linli.uow_factory() as uow:
            group = next(g for g in uow.groups.all() if g.topic == G3)
            accounts.set_owner(uow, group.id or 0, "a", "admin", a.clock.now())
            uow.commit()
        await _run_for(15, a, b)
        assert _owner(a, G3) == "a"


async def test_a_silent_process_counts_as_down_from_its_last_beat(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with accounts_running(db_url, tmp_path, demo_config, classifier, ["a", "b"]) as (a, b):
        await a.say("大家好")
        await b.say("大家好")
        # a's process is killed: it still says "online" but never beats again.
        await _run_for(9.5, b)
        assert _owner(a, G3) == "a"
        await _run_for(1, b)
        assert _owner(a, G3) == "b"
        await b.linli.runtime.deliver_pending()
        [notice] = [s for s in b.new() if "已自动改由" in s.text]
        assert "离线（心跳超时）" in notice.text


async def test_a_fresh_process_waits_before_taking_anything(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with accounts_running(db_url, tmp_path, demo_config, classifier, ["a", "b"]) as (a, b):
        await a.say("大家好")
        await b.say("大家好")
        a.clock.advance(timedelta(hours=2))  # the whole deployment was down for two hours
        now = a.clock.now()
        await b.linli.runtime.transport_status(True, "微信已登录")
        with b.linli.uow_factory() as uow:
            accounts.heartbeat(uow, "b", now, b.linli.profile.tz, accounts.Limits())
            uow.commit()
        with b.linli.uow_factory() as uow:
            # b came up a minute ago: a looks long dead, but may simply be starting too.
            early = now - timedelta(minutes=1)
            assert accounts.take_over(uow, "b", now, FAILOVER_AFTER, early) == 0
            # Off when configured so.
            assert accounts.take_over(uow, "b", now, timedelta(0)) == 0
            assert accounts.take_over(uow, "b", now, FAILOVER_AFTER, now - FAILOVER_AFTER) == 1
            uow.commit()
        assert _owner(a, G3) == "b"

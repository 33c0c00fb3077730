"""Many bot accounts on one database (issue 15 §1), on SQLite and PostgreSQL: who owns a
group, which account a private message goes through, account states, the logout notice,
moving a group, and a broadcast split across accounts."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.chat.outcome import Outcome
from bot.config import CommunityConfig
from bot.domain.accounts import LinkState
from bot.domain.messages import Inbound
from bot.domain.records import OutboxStatus
from bot.ports import Classifier
from bot.services import accounts, board, broadcasts
from bot.services.deliberation.notify import tell
from bot.services.mailer import Mailer
from bot.transports.simulator import simulated_room_id
from tests.conftest import Bot
from tests.integration.accounts_support import accounts_running

G3 = "兰亭3号楼邻里群"


def _group(bot: Bot, topic: str):  # type: ignore[no-untyped-def]
    with bot.linli.uow_factory() as uow:
        return next(g for g in uow.groups.all() if g.topic == topic)


def _stored(bot: Bot) -> int:
    with bot.linli.uow_factory() as uow:
        return uow.messages.count()


async def test_the_first_account_in_a_group_answers_and_the_second_stays_silent(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with accounts_running(db_url, tmp_path, demo_config, classifier, ["a", "b"]) as (a, b):
        with a.linli.uow_factory() as uow:
            configured = len(uow.groups.all())
        assert configured == len(demo_config.groups)  # the second start made no copies

        [reply] = await a.say("3号楼电梯坏了")
        assert "E0001" in reply.text and reply.group == G3
        assert _group(a, G3).account == "a"

        before = _stored(a)
        # The same room, seen by the second account: noted, not answered, not stored twice.
        await b.say("3号楼电梯又坏了")
        assert b.new() == [] and b.transport.sent == []
        assert _stored(a) == before
        with a.linli.uow_factory() as uow:
            group = next(g for g in uow.groups.all() if g.topic == G3)
            assert uow.group_accounts.present(group.id or 0) == ["a", "b"]
            assert len(uow.groups.all()) == configured

        # A configured group nobody had seen yet belongs to the account that sees it first.
        [answer] = await b.say("锦绣2栋电梯坏了", group="锦绣2栋楼栋群")
        assert answer.group == "锦绣2栋楼栋群"
        assert _group(a, "锦绣2栋楼栋群").account == "b"


async def test_the_non_owner_pipeline_says_elsewhere(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with accounts_running(db_url, tmp_path, demo_config, classifier, ["a", "b"]) as (a, b):
        await a.say("大家好")
        message = Inbound(
            message_id="b-1",
            sender_id=b.directory.person("张阿姨"),
            sender_name="张阿姨",
            text="3号楼电梯坏了",
            at=b.clock.now(),
            room_id=simulated_room_id(G3),
            room_topic=G3,
        )
        result = await b.linli.runtime.call(b.linli.runtime.pipeline.handle, message)
        assert result.outcome is Outcome.ELSEWHERE and result.sent == ()


async def test_a_private_message_goes_through_the_account_they_last_spoke_to(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with accounts_running(db_url, tmp_path, demo_config, classifier, ["a", "b"]) as (a, b):
        await a.say("3号楼电梯坏了")  # 张阿姨 speaks in a's group
        [answer] = await b.private("进度 E0001")  # then privately to b
        assert answer.to == "张阿姨" and "E0001" in answer.text
        assert a.new() == []
        now = a.clock.now()
        with a.linli.uow_factory() as uow:
            zhang = uow.people.by_wechat_id(a.directory.person("张阿姨"))
            never = uow.people.by_wechat_id("wxid_luojing")  # on the roster, never spoke
            assert zhang is not None and never is not None
            assert zhang.last_account == "b"
            mail = Mailer(uow, "a", now, "t:1", a.linli.profile.sla)
            assert mail.send("您好", person=zhang).account == "b"
            assert mail.send("您好", person=never).account == "a"  # the caller's own
            assert tell(uow, "a", zhang, "提醒", "t:2", now)
            uow.commit()
        await a.linli.runtime.deliver_pending()
        await b.linli.runtime.deliver_pending()
        assert [s.text for s in b.new()] == ["您好", "提醒"]
        assert [s.to for s in a.new()] == ["罗静"]


async def test_a_logout_marks_the_groups_and_staff_hear_once_through_another_account(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with accounts_running(db_url, tmp_path, demo_config, classifier, ["a", "b"]) as (a, b):
        await b.say("锦绣2栋今天停水吗", group="锦绣2栋楼栋群")  # b owns one group
        await a.linli.runtime.transport_status(
            False, "微信已登出（手机上退出）", LinkState.LOGGED_OUT
        )
        await b.linli.runtime.deliver_pending()
        notices = b.new()
        assert [n.to for n in notices] == ["王敏"]  # the one staff member with a WeChat id
        assert "微信账号「a」已登出" in notices[0].text and G3 in notices[0].text
        assert "锦绣2栋楼栋群" not in notices[0].text
        # The same logout reported again (a reconnect attempt) is not news.
        await a.linli.runtime.transport_status(False, "微信已登出（再次）", LinkState.LOGGED_OUT)
        await b.linli.runtime.deliver_pending()
        assert b.new() == []
        now = a.clock.now()
        with a.linli.uow_factory() as uow:
            rows = {r.group.topic: r for r in board.group_rows(uow, now)}
            assert rows[G3].unreachable and not rows["锦绣2栋楼栋群"].unreachable
            states = {r.status.name: r.label for r in accounts.account_rows(uow, now)}
            assert states == {"a": "已登出", "b": "在线"}
        # Scanned again: online; a later logout is news again.
        a.clock.advance(timedelta(minutes=5))
        await b.linli.runtime.tick()  # b still beats
        await a.linli.runtime.transport_status(True, "微信已登录")
        await a.linli.runtime.transport_status(False, "微信已登出", LinkState.LOGGED_OUT)
        await b.linli.runtime.deliver_pending()
        assert [n.to for n in b.new() if "已登出" in n.text] == ["王敏"]


async def test_nobody_is_told_when_no_other_account_is_online(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with accounts_running(db_url, tmp_path, demo_config, classifier, ["a", "b"]) as (a, b):
        await b.linli.runtime.transport_status(False, "等待扫码登录", LinkState.WAITING_SCAN)
        await a.linli.runtime.transport_status(False, "微信已登出", LinkState.LOGGED_OUT)
        with a.linli.uow_factory() as uow:
            assert uow.outbox.counts() == {}
            labels = {r.status.name: r.label for r in accounts.account_rows(uow, a.clock.now())}
        assert labels == {"a": "已登出", "b": "等待扫码"}
        # b is scanned in: a's next heartbeat finds someone to carry the notice, once.
        await b.linli.runtime.transport_status(True, "微信已登录")
        await a.linli.runtime.tick()
        await a.linli.runtime.tick()
        await b.linli.runtime.deliver_pending()
        [notice] = [n for n in b.new() if "已登出" in n.text]
        assert notice.to == "王敏" and "微信账号「a」已登出" in notice.text


async def test_heartbeat_counts_the_queue_and_todays_sends_and_goes_stale(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with accounts_running(db_url, tmp_path, demo_config, classifier, ["a", "b"]) as (a, b):
        await a.say("3号楼电梯坏了")  # one reply sent
        await a.transport.say(
            sender_id="sim:李叔", sender_name="李叔", text="4号楼电梯坏了", topic="兰亭4号楼邻里群"
        )  # one reply waiting
        await a.linli.runtime.tick()
        await b.linli.runtime.tick()
        with a.linli.uow_factory() as uow:
            row = uow.accounts.get("a")
            assert row is not None and row.queue >= 1 and row.sent_today == 1
            other = uow.accounts.get("b")
            assert other is not None and other.queue == 0 and other.sent_today == 0
        a.clock.advance(timedelta(minutes=3))
        await b.linli.runtime.tick()  # b beats, a (its process "gone") does not
        with a.linli.uow_factory() as uow:
            labels = {r.status.name: r.label for r in accounts.account_rows(uow, a.clock.now())}
        assert labels == {"a": "离线（心跳超时）", "b": "在线"}


async def test_an_admin_moves_a_group_and_its_waiting_messages_follow(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with accounts_running(db_url, tmp_path, demo_config, classifier, ["a", "b"]) as (a, b):
        await a.say("大家好")
        await b.say("大家好")  # b sits in the group too
        a.transport.online = False
        await a.transport.say(
            sender_id="sim:张阿姨", sender_name="张阿姨", text="3号楼电梯坏了", topic=G3
        )
        group = _group(a, G3)
        with a.linli.uow_factory() as uow:
            accounts.set_owner(uow, group.id or 0, "b", "admin", a.clock.now())
            uow.commit()
        await b.linli.runtime.deliver_pending()
        [moved] = b.new()
        assert moved.group == G3 and "E0001" in moved.text
        with a.linli.uow_factory() as uow:
            assert uow.outbox.counts("a").get(str(OutboxStatus.PENDING), 0) == 0
            audit = [e for e in uow.staff.audit_log(10) if e.action == "group.account"]
            assert audit and "a → b" in audit[0].detail
            try:
                accounts.set_owner(uow, group.id or 0, "nobody", "admin", a.clock.now())
            except accounts.OwnerRefused as refused:
                assert "nobody" in str(refused)
            else:
                raise AssertionError("an unknown account was accepted")


async def test_leaving_a_group_hands_it_to_another_account_in_it(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with accounts_running(db_url, tmp_path, demo_config, classifier, ["a", "b"]) as (a, b):
        await a.say("大家好")
        await b.say("大家好")
        await a.linli.runtime.room_left(simulated_room_id(G3))
        group = _group(a, G3)
        assert group.account == "b" and group.left_at is None
        [reply] = await b.say("3号楼电梯坏了")
        assert "E0001" in reply.text
        await b.linli.runtime.room_left(simulated_room_id(G3))
        assert _group(a, G3).left_at is not None


async def test_a_broadcast_to_all_splits_across_accounts_with_one_progress_view(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with accounts_running(db_url, tmp_path, demo_config, classifier, ["a", "b"]) as (a, b):
        for topic in ("锦绣家园业主群", "锦绣1栋楼栋群", "锦绣2栋楼栋群", "锦绣3栋楼栋群"):
            await b.say("大家好", group=topic)  # b sees 锦绣's groups first
        draft = await a.private("通知 全部\n明天上午9点到11点停水，请提前储水。", who="王敏")
        assert "确认" in draft[0].text, draft[0].text
        confirmed = await a.private("确认", who="王敏")  # a delivers its share at once
        posted_a = {s.group for s in confirmed if s.group}
        with a.linli.uow_factory() as uow:
            latest = uow.broadcasts.recent(1)[0]
            assert latest.id is not None
            bid = latest.id
        await a.linli.runtime.deliver_pending()
        with a.linli.uow_factory() as uow:
            midway = {p.account: p for p in broadcasts.progress(uow, bid).by_account()}
        assert midway["a"].sent == midway["a"].total == 5 and midway["b"].pending == 4
        await b.linli.runtime.deliver_pending()
        posted_b = {s.group for s in b.new() if s.group}
        assert posted_b == {"锦绣家园业主群", "锦绣1栋楼栋群", "锦绣2栋楼栋群", "锦绣3栋楼栋群"}
        assert len(posted_a) == 5 and not posted_a & posted_b
        with a.linli.uow_factory() as uow:
            done = {p.account: p for p in broadcasts.progress(uow, bid).by_account()}
        assert done["b"].sent == 4 and done["a"].sent == len(posted_a)

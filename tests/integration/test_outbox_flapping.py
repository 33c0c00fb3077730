"""A WeChat connection that flaps (fault9): up for twenty seconds, down for five, again and
again, through the whole bot on a virtual clock, SQLite and PostgreSQL.

A send cut off mid-way is held for its echo for `grace` seconds of connection, not restarted
from zero at every reconnection (which held it for ever while the flapping lasted: never
resent, never reported); and staff hear that the connection is back once, not at every
reconnection (each notice is a private message to every staff member, eating the account's
sending budget before residents' replies).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.config import CommunityConfig
from bot.domain.records import DeliveredVia, OutboxStatus
from bot.ports import Classifier
from bot.runtime.status import RECONNECTED
from tests.conftest import Bot
from tests.integration.test_outbox_echo import GRACE, copies, cut_off_bot, rows
from tests.integration.test_outbox_sender import RESIDENT_GROUPS, queue_broadcast

UP = timedelta(seconds=20)  # shorter than the grace: each spell alone would never expire it
DOWN = timedelta(seconds=5)


async def flap(bot: Bot, times: int) -> None:
    runtime = bot.linli.runtime
    for _ in range(times):
        bot.transport.online = False
        await runtime.transport_status(False, "与 Wechaty 网关的连接断开，正在重连")
        bot.clock.advance(DOWN)
        bot.transport.online = True
        await runtime.transport_status(True, "微信已登录")
        await runtime.deliver_pending()
        bot.clock.advance(UP)
        await runtime.deliver_pending()


async def test_a_cut_off_send_is_resent_after_its_grace_of_connection_while_flapping(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with cut_off_bot(db_url, tmp_path, demo_config, classifier) as bot:
        broadcast_id = queue_broadcast(bot.linli)
        assert await bot.linli.runtime.deliver_pending() == 0  # the first copy is cut off
        cut_off = bot.transport.sent[0]
        await flap(bot, 1)
        assert rows(bot, broadcast_id)[0].status is OutboxStatus.SENDING  # 20 s < grace
        await flap(bot, 2)  # 60 s connected in all: past the grace of connection
        first = rows(bot, broadcast_id)[0]
        assert first.status is OutboxStatus.SENT and first.delivered_via is DeliveredVia.TRANSPORT
        assert copies(bot)[cut_off.group] == 2  # the cut-off copy and one resend
        groups = {g: n for g, n in copies(bot).items() if g is not None}  # None: staff notice
        assert sum(groups.values()) == RESIDENT_GROUPS + 1
        assert not bot.linli.runtime.echoes.holding
        assert 3 * UP.total_seconds() > GRACE


async def test_staff_hear_once_that_a_flapping_connection_is_back(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with cut_off_bot(db_url, tmp_path, demo_config, classifier) as bot:
        bot.transport.cut_on = 0  # nothing is cut off here
        await flap(bot, 12)  # five minutes of flapping
        notices = [s for s in bot.transport.sent if s.text.startswith(RECONNECTED)]
        staff = {s.to_id for s in notices}
        assert staff and len(notices) == len(staff)  # one each, not one per reconnection

"""One masking policy at the outbox, by audience, for every kind of message (issue 12, 14).

The chat tests drive the whole bot (ack, 进度 timeline, progress relay, 办结, notice,
escalation); the outbox test covers the kinds that are written elsewhere (broadcasts,
wish notices) by queueing their text to each audience and reading what the transport gets.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.community import GroupKind
from bot.domain.records import OutboxItem
from bot.services import outbox
from tests.conftest import Bot
from tests.integration.cases_support import advance, where

GROUP = "兰亭3号楼邻里群"
PARTY = "兰亭小区党员群"
PHONE = "13812345678"
REPORT = f"3号楼2单元502室卫生间漏水到楼下了，我电话{PHONE}"


def _no_room_no_phone(text: str) -> None:
    assert "502" not in text and PHONE not in text, text


async def test_residents_group_replies_are_masked_and_the_handler_gets_it_all(bot: Bot) -> None:
    [ack] = await bot.say(REPORT)
    assert ack.group == GROUP and "E0001" in ack.text
    _no_room_no_phone(ack.text)
    assert "3号楼2单元***室" in ack.text  # building and unit stay

    notices = await advance(bot, minutes=1)  # the building's 党小组, privately
    assert where(notices) == ["private:赵老师", "private:孙志明"]
    assert all(PHONE in n.text and "502室" in n.text for n in notices)

    slipped = await advance(bot, minutes=19)  # 09:20: the escalation, privately and 党员群
    assert where(slipped) == ["private:赵老师", PARTY]
    assert PHONE in slipped[0].text and "502室" in slipped[0].text
    party = slipped[1].text
    assert "502室" in party and PHONE not in party and "138****5678" in party

    await bot.say("认领 E0001", who="孙志明")
    relayed = await bot.say("进展 E0001 已联系502室业主，明天上午维修", who="孙志明")
    relay = [s for s in relayed if s.group == GROUP and "新进展" in s.text]
    assert relay, relayed
    _no_room_no_phone(relay[0].text)

    [status] = await bot.say("进度 E0001", who="李大爷")
    assert "进展" in status.text
    _no_room_no_phone(status.text)  # the timeline quotes the resident's own words

    done = await bot.say("办结 E0001 502室水管已更换，可拨13812345678回访", who="孙志明")
    closing = [s for s in done if s.group == GROUP and "已办结" in s.text]
    assert closing, done
    _no_room_no_phone(closing[0].text)


@pytest.mark.parametrize(
    "text",
    [
        f"【通知】明天停水，3号楼502室业主请联系{PHONE}",  # a broadcast
        f"【微心愿】W0001 3-2-502 的心愿已被认领，联系电话{PHONE}",  # a wish notice
        f"【督办】诉求 E0001（漏水 · 3号楼2单元502室）：电话{PHONE}",  # escalation text
    ],
)
async def test_every_message_kind_is_masked_by_its_audience(bot: Bot, text: str) -> None:
    now = bot.clock.now()
    with bot.linli.uow_factory() as uow:
        groups = {g.kind: g for g in uow.groups.all() if g.topic in (GROUP, PARTY)}
        person = uow.people.by_display_name("赵老师")[0]
        rows = [
            OutboxItem(account="linli", text=text, created_at=now, key=f"k:{kind}", **to)
            for kind, to in [
                ("residents", {"group_id": groups[GroupKind.BUILDING].id}),
                ("party", {"group_id": groups[GroupKind.PARTY].id}),
                ("private", {"person_id": person.id}),
            ]
        ]
        for row in rows:
            uow.outbox.add(row)
        uow.commit()
        ids = [row.id for row in rows]
    with bot.linli.uow_factory() as uow:
        out = [outbox.claim(uow, i, now + timedelta(seconds=1)) for i in ids if i is not None]
        uow.commit()
    residents, party, private = (o.text for o in out if o is not None)
    _no_room_no_phone(residents)
    assert "502" in party and PHONE not in party
    assert "502" in private and PHONE in private

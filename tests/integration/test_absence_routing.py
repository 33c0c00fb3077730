"""The absence roster and the people told of a case: an urgent case's alarm passes over a
党小组 member who said she is away (the 书记 hears it anyway); once she said 「销假」 it
reaches her again. (The 2341 notice and ladder: tests/scenarios/convo14b/24_leader_away.)"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.transports.simulator import Sent
from tests.conftest import Bot

AWAY = "刘书记 我去外地出差 今天到周五都不在小区 楼里的事麻烦您先帮看着"


def alerted(sent: Sequence[Sent], name: str) -> bool:
    return any(s.to == name and "【紧急诉求】" in s.text for s in sent)


async def test_an_urgent_alarm_passes_over_who_is_away_until_she_is_back(sqlite_bot: Bot) -> None:
    registered = await sqlite_bot.private(AWAY, who="周海燕")
    assert any(
        s.to == "周海燕" and s.text.startswith("已登记您 11月23日—11月27日") for s in registered
    )
    sent = await sqlite_bot.say("4号楼电梯困人了 快来人", who="刘大妈", group="兰亭4号楼邻里群")
    assert alerted(sent, "吴师傅") and alerted(sent, "刘建华")
    assert not alerted(sent, "周海燕")

    back = await sqlite_bot.private("销假", who="周海燕")
    assert any(s.to == "周海燕" and s.text.startswith("已销假") for s in back)
    assert any(s.to == "刘建华" and s.text.startswith("【销假】") for s in back)
    again = await sqlite_bot.private("销假", who="周海燕")
    assert [s.text for s in again if s.to == "周海燕"] == ["您现在没有登记外出，不用销假。"]

    sent = await sqlite_bot.say("4号楼2单元着火了 有烟", who="刘大妈", group="兰亭4号楼邻里群")
    assert alerted(sent, "周海燕") and alerted(sent, "吴师傅")


async def test_calling_off_an_absence_before_it_begins(sqlite_bot: Bot) -> None:
    await sqlite_bot.private("刘书记 我下周回老家 不在小区", who="周海燕")
    said = await sqlite_bot.private("销假", who="周海燕")
    assert [s.text for s in said if s.to == "周海燕"] == [
        "已取消您登记的外出，新诉求通知和督办照常发给您。"
    ]
    with sqlite_bot.linli.uow_factory() as uow:
        zhou = uow.people.by_wechat_id("wxid_zhouhaiyan")
        assert zhou is not None and zhou.id is not None
        assert uow.absences.away_on([zhou.id], date(2026, 12, 1)) == set()

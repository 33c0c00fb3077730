"""harden15b: what probe15 left for a decision. An activity is run by its own 小区's secretary
(the 党群阵地's 小区) and staff only; a walk-in's points follow the ledger's rule for who may
credit whom; a code another 小区 may not see gets the "not found" answer.
Each test failed before its fix."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.console.app import create_app
from tests.conftest import Bot
from tests.integration.test_console import csrf, login

JINXIU_SECRETARY = "黄桂兰"
LANTING_SECRETARY = "刘建华"
# At 兰亭's 党群服务站, announced by staff to every 小区: 锦绣's groups are in its audience.
FOR_ALL = (
    "新活动\n标题：义诊\n地点：党群服务站\n时间：2026-12-20 09:00\n名额：10\n积分：5\n对象：全部"
)
NOT_FOUND = "没有找到活动【1】，请核对编号。"


def texts(sent: list) -> str:
    return "\n".join(s.text for s in sent)


@pytest.fixture
async def client(sqlite_bot: Bot) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(sqlite_bot.linli))) as client:
        yield client


async def test_an_activity_for_all_is_run_only_by_its_own_estates_secretary_in_chat(
    sqlite_bot: Bot,
) -> None:
    bot = sqlite_bot
    made = texts(await bot.private(FOR_ALL, who="王敏"))
    assert "【1】" in made and "锦绣" in made, made
    assert "报名成功" in texts(await bot.say("报名 1"))  # 张阿姨, 兰亭
    for command in ("修改活动 1\n名额：3", "取消活动 1 下雨", "报名名单 1", "签到 1 张阿姨"):
        answer = texts(await bot.private(command, who=JINXIU_SECRETARY))
        assert answer == NOT_FOUND, (command, answer)
    with bot.linli.uow_factory() as uow:
        activity = uow.activities.get(1)
        assert activity is not None and not activity.cancelled and activity.capacity == 10
        assert all(s.attended_at is None for s in uow.activities.signups(1))
    assert "张阿姨" in texts(await bot.private("报名名单 1", who=LANTING_SECRETARY))
    assert "张阿姨" in texts(await bot.private("报名名单 1", who="王敏"))
    # Nor may she hold one at 兰亭's venue (it would be 兰亭's to run, with her residents' names).
    other = texts(await bot.private(FOR_ALL.replace("对象：全部", ""), who=JINXIU_SECRETARY))
    assert "不是本小区的党群阵地" in other and "【2】" not in other, other


async def test_an_activity_for_all_is_run_only_by_its_own_estates_secretary_on_the_console(
    client: TestClient, sqlite_bot: Bot
) -> None:
    await sqlite_bot.private(FOR_ALL, who="王敏")
    await sqlite_bot.say("报名 1")
    assert await login(client, "huangguilan") == 302
    calendar = await (await client.get("/activities?month=2026-12")).text()
    assert "/activities/1" not in calendar
    assert (await client.get("/activities/1")).status == 404
    assert (await client.get("/activities/1/signups.xlsx")).status == 404
    token = await csrf(client, "/")
    cancel = await client.post("/activities/1/cancel", data={"reason": "x", "csrf_token": token})
    assert "没有这个活动" in await cancel.text()
    with sqlite_bot.linli.uow_factory() as uow:
        activity = uow.activities.get(1)
        assert activity is not None and not activity.cancelled


async def test_a_walk_in_from_another_estate_is_signed_in_but_not_credited_by_a_secretary(
    sqlite_bot: Bot,
) -> None:
    bot = sqlite_bot
    await bot.private(FOR_ALL, who="王敏")
    await bot.say("你好", who="陈大爷", group="锦绣2栋楼栋群")  # a 锦绣 resident
    await bot.say("你好", who="李叔")  # a 兰亭 resident
    bot.clock.set(datetime.fromisoformat("2026-12-20T09:10:00+08:00"))
    answer = texts(await bot.private("签到 1 陈大爷 李叔", who=LANTING_SECRETARY))
    assert "已签到 2 人" in answer and "陈大爷" in answer and "李叔" in answer, answer
    assert "陈大爷是锦绣家园的居民，活动积分不在这里记" in answer, answer
    with bot.linli.uow_factory() as uow:
        rows = list(uow.activities.signups(1))
        assert len(rows) == 2 and all(s.attended_at is not None for s in rows)
        assert sorted(s.points for s in rows) == [0, 5]  # 李叔's 5; 陈大爷's none
    # The points rule's own line: a secretary credits only her 小区's residents.
    assert "参加活动" in texts(await bot.private("我的积分", who="李叔"))
    mine = texts(await bot.private("我的积分", who="陈大爷"))
    assert "参加活动" not in mine, mine
    staff = texts(await bot.private("签到 1 陈大爷", who="王敏"))
    assert "之前已签到：陈大爷" in staff, staff


async def test_another_estates_secretary_learns_nothing_of_a_help_request(sqlite_bot: Bot) -> None:
    bot = sqlite_bot
    await bot.say("代办 代缴水电费", who="张阿姨")  # 兰亭
    await bot.private("地址 3号楼2单元502 明天上午", who="张阿姨")
    missing = texts(await bot.private("取消帮办 H0099", who=JINXIU_SECRETARY))
    assert missing.startswith("没有找到帮办 H0099"), missing
    for command in (
        "取消帮办 {}",
        "进度 {}",
        "接单 {}",
        "进展 {} 已到营业厅",
        "办结 {} 1小时 好了",
        "退回 {} 去不了",
        "满意 {}",
    ):
        answer = texts(await bot.private(command.format("H0001"), who=JINXIU_SECRETARY))
        expected = texts(await bot.private(command.format("H0099"), who=JINXIU_SECRETARY))
        assert answer == expected.replace("H0099", "H0001"), (command, answer, expected)
    with bot.linli.uow_factory() as uow:
        request = uow.helpdesk.get(1)
        assert request is not None and request.status.name == "OPEN"
    # 兰亭's own secretary still sees it.
    assert "待接单" in texts(await bot.private("进度 H0001", who=LANTING_SECRETARY))


async def test_another_estates_member_learns_nothing_of_a_wish(sqlite_bot: Bot) -> None:
    bot = sqlite_bot
    await bot.say("心愿 想请人帮忙换个灯泡", who="张阿姨")  # 兰亭
    answer = texts(await bot.private("认领 W0001", who=JINXIU_SECRETARY))
    expected = texts(await bot.private("认领 W0099", who=JINXIU_SECRETARY))
    assert answer == expected.replace("W0099", "W0001") == "没有找到微心愿 W0001，请核对编号。"

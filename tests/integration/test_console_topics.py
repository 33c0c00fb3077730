"""The console's 议事 and 说事 pages over HTTP: answer / merge / promote a 说事, create and move
a topic (advance, skip with a reason, 提级, 征求意见), a meeting with minutes published to the
groups, 落实 cases, export, CSRF, and a secretary kept to her own 小区 on the server."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from openpyxl import load_workbook

from bot.console.app import create_app
from tests.conftest import Bot
from tests.integration.test_console import csrf, login


@pytest.fixture
async def client(sqlite_bot: Bot) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(sqlite_bot.linli))) as client:
        yield client


async def post(client: TestClient, path: str, data: dict[str, str], page: str) -> str:
    """Submit a form the way the browser does (token from the page), follow the redirect."""
    token = await csrf(client, page)
    response = await client.post(path, data={**data, "csrf_token": token})
    assert response.status == 200, await response.text()
    return await response.text()


async def delivered(bot: Bot) -> list[tuple[str | None, str | None, str]]:
    """What the bot sent since last asked, as (group, person, text), once the outbox ran."""
    await bot.linli.runtime.deliver_pending()
    return [(s.group, s.to, s.text) for s in bot.new()]


def stage_of(page: str) -> str:
    match = re.search(r'id="topic-stage">([^<]+)<', page)
    assert match, page[:300]
    return match[1]


async def test_a_suggestion_answered_merged_and_promoted(
    client: TestClient, sqlite_bot: Bot
) -> None:
    await sqlite_bot.say("说事 小区门口能不能装个快递柜", who="张阿姨")
    await sqlite_bot.private("#建议 门口装快递柜吧", who="李叔")
    await sqlite_bot.say("建议 楼下装几把休息椅", who="张阿姨")
    assert await login(client) == 302
    page = await (await client.get("/suggestions")).text()
    assert all(code in page for code in ("S0001", "S0002", "S0003"))
    done = await post(client, "/suggestions/2/merge", {"into": "S0001"}, "/suggestions")
    assert "已合并到 S0001" in done
    done = await post(
        client, "/suggestions/1/answer", {"answer": "已联系物业，下月安装。"}, "/suggestions"
    )
    assert "已回复 S0001" in done
    told = await delivered(sqlite_bot)
    assert any(to == "张阿姨" and "已联系物业，下月安装" in t for _, to, t in told)
    assert any(to == "李叔" and "已联系物业，下月安装" in t for _, to, t in told)  # merged in
    done = await post(client, "/suggestions/3/promote", {"level": "estate"}, "/suggestions")
    assert "已转为议题 Y0001" in done
    assert any(to == "张阿姨" and "Y0001" in t for _, to, t in await delivered(sqlite_bot))
    topic = await (await client.get("/topics/1")).text()
    assert "来自 S0003" in topic and stage_of(topic) == "动议"
    # a merged one cannot be answered again: a clear refusal, nothing sent
    refused = await post(client, "/suggestions/2/answer", {"answer": "好的"}, "/suggestions")
    assert "S0002 已合并，不能再处理" in refused and not await delivered(sqlite_bot)
    board = await (await client.get("/dashboard?period=2026-11")).text()
    assert re.search(r'id="stat-ideas">3<', board)


async def test_a_topic_moved_on_the_console(client: TestClient, sqlite_bot: Bot) -> None:
    assert await login(client) == 302
    done = await post(
        client,
        "/topics",
        {"title": "=加装电梯", "level": "estate", "estate": "1", "description": "先听意见"},
        "/topics",
    )
    assert "已立议题 Y0001" in done
    told = await delivered(sqlite_bot)
    assert any(to == "刘建华" and "由您牵头组织" in t for _, to, t in told)
    done = await post(client, "/topics/1/consult", {}, "/topics/1")
    assert "发到 5 个群征求意见" in done and stage_of(done) == "征求意见"
    await sqlite_bot.private("意见 Y0001 支持，费用要公开", who="李叔")
    # advancing twice from the same page: the second submit is refused, not applied again
    token = await csrf(client, "/topics/1")
    first = await client.post(
        "/topics/1/advance", data={"expect": "consulting", "csrf_token": token}
    )
    assert stage_of(await first.text()) == "议事会"
    second = await client.post(
        "/topics/1/advance", data={"expect": "consulting", "csrf_token": token}
    )
    assert "已经是「议事会」阶段了" in await second.text()
    summary = [
        t for _, to, t in await delivered(sqlite_bot) if to == "刘建华" and "征求意见结束" in t
    ]
    assert len(summary) == 1 and "李叔" in summary[0]
    refused = await post(client, "/topics/1/skip", {"stage": "filing", "reason": ""}, "/topics/1")
    assert "要写明原因" in refused and "跳过「备案」" not in refused
    page = await post(
        client,
        "/topics/1/meetings",
        {"day": "2026-11-26", "start": "19:00", "venue": "dangqun", "roles": "支部书记"},
        "/topics/1",
    )
    assert "已安排议事会" in page
    page = await post(
        client,
        "/topics/1/meetings/1/minutes",
        {"attendance": "刘建华、业委会李主任、物业王经理", "minutes": "同意先做可行性调查。"},
        "/topics/1",
    )
    assert "纪要和到会情况已保存" in page
    page = await post(client, "/topics/1/meetings/1/publish", {}, "/topics/1")
    assert "纪要已发到 5 个群" in page
    posted = [t for _, _, t in await delivered(sqlite_bot) if t.startswith("【议事会纪要】")]
    assert len(posted) == 5 and "到会 3 人" in posted[0]
    page = await post(
        client, "/topics/1/skip", {"stage": "filing", "reason": "暂不涉及公共资金"}, "/topics/1"
    )
    assert "已跳过「备案」" in page
    for expect in ("meeting", "voting"):
        page = await post(client, "/topics/1/advance", {"expect": expect}, "/topics/1")
    assert stage_of(page) == "公示"
    page = await post(
        client, "/topics/1/cases", {"summary": "电梯可行性调查", "building": "2"}, "/topics/1"
    )
    assert "已派单：诉求 E0001" in page
    case = await (await client.get("/cases/1")).text()
    assert "[Y0001] 电梯可行性调查" in case and "来自议题 Y0001" in case
    page = await post(client, "/topics/1/escalate", {"reason": "需要规划审批"}, "/topics/1")
    assert "已提级到社区级" in page
    page = await post(client, "/topics/1/advance", {"expect": "publicity"}, "/topics/1")
    assert stage_of(page) == "落实"  # 备案 was skipped
    assert 'id="topic-votes"' in page and "投票表决" in page  # the votes hook is on the page
    export = await client.get("/topics.xlsx")
    book = load_workbook(io.BytesIO(await export.read()))
    row = [c.value for c in book["议题"][2]]
    assert row[:3] == ["Y0001", "'=加装电梯", "社区"]  # a formula-looking title stays text
    notes = [r[5] for r in book["过程"].iter_rows(min_row=2, values_only=True)]
    assert "暂不涉及公共资金" in notes
    with sqlite_bot.linli.uow_factory() as uow:
        actions = [(e.actor, e.action, e.target) for e in uow.staff.audit_log()]
    for action in ("topic.create", "topic.consult", "topic.skip", "topic.escalate", "topic.case"):
        assert ("王敏", action, "Y0001") in actions
    assert ("王敏", "topic.minutes.publish", "Y0001") in actions


async def test_a_secretary_sees_only_her_estates_topics(
    client: TestClient, sqlite_bot: Bot
) -> None:
    await sqlite_bot.private("议题 锦绣家园停车规划\n级别：小区", who="黄桂兰")
    await sqlite_bot.private("议题 兰亭小区充电桩\n级别：小区", who="刘建华")
    await sqlite_bot.say("说事 锦绣这边垃圾站太臭", who="马永红", group="锦绣1栋楼栋群")
    assert await login(client, "liujianhua") == 302
    listing = await (await client.get("/topics")).text()
    assert "兰亭小区充电桩" in listing and "锦绣家园停车规划" not in listing
    assert (await client.get("/topics/1")).status == 404
    token = await csrf(client, "/topics/2")
    response = await client.post(
        "/topics/1/advance", data={"expect": "proposed", "csrf_token": token}
    )
    assert response.status == 404
    response = await client.post(
        "/suggestions/1/answer", data={"answer": "好", "csrf_token": token}
    )
    assert response.status == 404
    assert "锦绣这边" not in await (await client.get("/suggestions")).text()
    refused = await post(
        client, "/topics", {"title": "越界议题", "level": "estate", "estate": "2"}, "/topics"
    )
    assert "只能为您负责的小区立议题" in refused and "越界议题" not in refused
    forged = await client.post("/topics/2/advance", data={"expect": "proposed", "csrf_token": "x"})
    assert forged.status == 403
    assert await login(client, "huangguilan") == 302
    mine = await (await client.get("/topics/1")).text()
    assert stage_of(mine) == "动议"  # nothing the other secretary tried changed it


async def test_a_vote_on_a_topic_is_listed_on_the_topic_page(
    client: TestClient, sqlite_bot: Bot
) -> None:
    assert await login(client) == 302
    await post(
        client, "/topics", {"title": "加装电梯", "level": "estate", "estate": "1"}, "/topics"
    )
    page = await (await client.get("/topics/1")).text()
    assert "本议题还没有投票" in page
    votes_page = await (await client.get("/votes")).text()
    scope = re.search(r'<option value="(\d+:\d+)">兰亭小区3号楼', votes_page)
    assert scope
    closes = sqlite_bot.clock.now().astimezone(sqlite_bot.linli.profile.tz).date()
    token = await csrf(client, "/votes")
    response = await client.post(
        "/votes",
        data={
            "csrf_token": token,
            "title": "3号楼加装电梯表决",
            "scope": scope[1],
            "closes_day": (closes.replace(day=28)).isoformat(),
            "closes_time": "20:00",
            "options": "同意 反对",
            "rule": "simple",
            "unit": "household",
            "secret": "1",
            "min_turnout": "0",
            "topic_code": "Y0001",
        },
        allow_redirects=False,
    )
    assert response.status == 303
    page = await (await client.get("/topics/1")).text()
    assert re.search(r'<a href="/votes/1">V0001</a> 3号楼加装电梯表决', page), page

"""The console's areas over HTTP: case actions reach the group as chat commands do, broadcasts,
activities, roster import, points, groups, dashboard, exports — and the bad input of issue 8."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer
from openpyxl import Workbook, load_workbook

from bot.console.app import create_app
from bot.services import sla
from tests.conftest import Bot

PASSWORD = "linli-demo"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
async def client(sqlite_bot: Bot) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(sqlite_bot.linli))) as client:
        yield client


async def csrf(client: TestClient, path: str = "/") -> str:
    page = await (await client.get(path)).text()
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, page[:500]
    return match[1]


async def login(client: TestClient, username: str = "wangmin") -> None:
    token = await csrf(client, "/login")
    response = await client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token, "next": "/"},
        allow_redirects=False,
    )
    assert response.status == 302


async def post(client: TestClient, path: str, data: dict[str, str]) -> str:
    """Submit a form like the browser does and return the page it lands on."""
    token = await csrf(client, "/")
    response = await client.post(path, data={**data, "csrf_token": token})
    assert response.status == 200, await response.text()
    return await response.text()


def person_id(bot: Bot, wechat_id: str) -> int:
    with bot.linli.uow_factory() as uow:
        person = uow.people.by_wechat_id(wechat_id)
        assert person is not None and person.id is not None
        return person.id


def audit_actions(bot: Bot) -> list[str]:
    with bot.linli.uow_factory() as uow:
        return [e.action for e in uow.staff.audit_log()]


async def test_dispatch_from_the_console_reaches_the_group_like_the_chat_command(
    client: TestClient, sqlite_bot: Bot
) -> None:
    await sqlite_bot.say("3号楼电梯坏了")
    await login(client)
    sun = person_id(sqlite_bot, "wxid_sunzhiming")
    page = await post(client, "/cases/1/dispatch", {"member": str(sun)})
    assert "已把诉求 E0001 派给 孙志明" in page
    await sqlite_bot.linli.runtime.deliver_pending()
    sent = sqlite_bot.new()
    to_group = [s for s in sent if s.group == "兰亭3号楼邻里群"]
    assert to_group and "已安排党员 孙志明 承办" in to_group[0].text
    assert any(s.to == "孙志明" and "【派单】王敏" in s.text for s in sent)
    assert "case.dispatch" in audit_actions(sqlite_bot)

    page = await post(client, "/cases/1/progress", {"text": "已联系维保，下午到场"})
    page = await post(client, "/cases/1/resolve", {"text": "已更换门机"})
    assert "已办结" in page
    await sqlite_bot.linli.runtime.deliver_pending()
    texts = [s.text for s in sqlite_bot.new()]
    assert any("有新进展：已联系维保" in t for t in texts)
    assert any("已办结：已更换门机" in t and "满意" in t for t in texts)
    page = await post(client, "/cases/1/reopen", {"text": "居民说又坏了"})
    assert "已重新打开" in page and "处理中" in page
    # A refusal is shown, and nothing changes.
    page = await post(client, "/cases/1/progress", {"text": "   "})
    assert "请写上内容" in page


async def test_board_filters(client: TestClient, sqlite_bot: Bot) -> None:
    await sqlite_bot.say("3号楼电梯坏了")
    await sqlite_bot.say("2栋电梯坏了", group="锦绣2栋楼栋群", who="李大爷")
    await login(client)
    page = await (await client.get("/?category=elevator&building=3")).text()
    assert "E0001" in page and "E0002" not in page
    page = await (await client.get("/?category=noise")).text()
    assert "E0001" not in page and "没有符合条件的诉求" in page
    page = await (await client.get("/?overdue=1")).text()
    assert "E0001" not in page
    sqlite_bot.clock.advance(timedelta(hours=2))
    page = await (await client.get("/?overdue=1")).text()
    assert "E0001" in page and "st-overdue" in page
    assert (await client.get("/?status=nonsense&estate=abc&building=%00")).status == 200
    export = await client.get("/cases.xlsx")
    assert export.status == 200 and export.content_type == XLSX
    sheet = load_workbook(io.BytesIO(await export.read())).active
    assert sheet is not None and sheet["A2"].value in ("E0001", "E0002")


async def test_secretary_of_one_estate_cannot_touch_another(
    client: TestClient, sqlite_bot: Bot
) -> None:
    await sqlite_bot.say("3号楼电梯坏了")  # 兰亭
    await login(client, "huangguilan")  # 锦绣家园
    assert (await client.get("/cases/1")).status == 404
    token = await csrf(client, "/")
    response = await client.post(
        "/cases/1/dispatch", data={"member": "1", "csrf_token": token}, allow_redirects=False
    )
    assert response.status == 404
    assert "E0001" not in await (await client.get("/cases.xlsx")).text(errors="ignore")


async def test_an_expired_session_asks_to_log_in_again(client: TestClient, sqlite_bot: Bot) -> None:
    await login(client)
    assert (await client.get("/", allow_redirects=False)).status == 200
    sqlite_bot.clock.advance(timedelta(hours=3))  # idle for longer than [console] idle_minutes
    response = await client.get("/points", allow_redirects=False)
    assert response.status == 302 and "expired=1" in response.headers["Location"]
    page = await (await client.get(response.headers["Location"])).text()
    assert "登录已过期" in page


async def test_a_forged_csrf_token_changes_nothing(client: TestClient, sqlite_bot: Bot) -> None:
    await sqlite_bot.say("3号楼电梯坏了")
    await login(client)
    response = await client.post(
        "/cases/1/resolve", data={"text": "好了", "csrf_token": "forged"}, allow_redirects=False
    )
    assert response.status == 403
    response = await client.post("/cases/1/resolve", data={"text": "好了"})
    assert response.status == 403
    with sqlite_bot.linli.uow_factory() as uow:
        case = uow.cases.get(1)
        assert case is not None and case.status.is_open


async def test_xss_in_case_text_is_escaped_everywhere(client: TestClient, sqlite_bot: Bot) -> None:
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    await sqlite_bot.say(f"3号楼电梯坏了{evil}")
    await login(client)
    for path in ("/", "/cases/1", "/dashboard", "/?category=elevator"):
        page = await (await client.get(path)).text()
        assert "<script>alert(1)" not in page and "<img src=x" not in page, path
    page = await (await client.get("/cases/1")).text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    page = await post(
        client, "/broadcasts/preview", {"target": "兰亭小区", "body": f"停水通知{evil}"}
    )
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


async def test_broadcast_compose_preview_confirm_and_progress(
    client: TestClient, sqlite_bot: Bot
) -> None:
    await login(client)
    page = await (await client.get("/broadcasts")).text()
    assert "兰亭小区全部" in page and "(5)" in page  # 业主群 + four 楼栋群
    page = await post(
        client, "/broadcasts/preview", {"target": "兰亭小区", "body": "明天9:00-15:00停水"}
    )
    assert "B0001" in page and "确认发送" in page and "【幸福里社区通知】" in page
    page = await post(client, "/broadcasts/1/confirm", {})
    assert "共 5 个群" in page
    await sqlite_bot.linli.runtime.deliver_pending()
    page = await (await client.get("/broadcasts/1")).text()
    assert re.search(r'id="sent">5<', page)
    groups = {s.group for s in sqlite_bot.new()}
    assert "兰亭小区业主群" in groups and "兰亭小区党员群" not in groups
    assert "broadcast.confirm" in audit_actions(sqlite_bot)
    page = await post(client, "/broadcasts/preview", {"body": "没选对象"})
    assert "请至少选择" in page
    page = await post(
        client,
        "/broadcasts/preview",
        {"target": "兰亭小区", "body": "x", "when": "2020-01-01T08:00"},
    )
    assert "已经过去" in page


async def test_activity_calendar_create_attend(client: TestClient, sqlite_bot: Bot) -> None:
    await login(client)
    page = await post(
        client,
        "/activities",
        {
            "title": "健康义诊",
            "day": "2026-12-06",
            "start": "09:00",
            "end": "11:00",
            "kind": "健康保健",
            "venue": "dangqun",
            "audience": "兰亭小区",
            "capacity": "20",
            "points": "5",
        },
    )
    assert "已创建活动【1】" in page and "党群阵地@你" in page
    calendar = await (await client.get("/activities?month=2026-12")).text()
    assert "健康义诊" in calendar and "12月活动预告" in calendar
    await sqlite_bot.say("报名 1", who="张阿姨")
    page = await (await client.get("/activities/1")).text()
    assert "张阿姨" in page
    sqlite_bot.clock.advance(timedelta(days=13))  # the morning of 12-06
    await login(client)  # the session ended meanwhile
    zhang = person_id(sqlite_bot, sqlite_bot.directory.person("张阿姨"))
    page = await post(client, "/activities/1/attendance", {"person": str(zhang)})
    assert "已签到 1 人" in page
    page = await post(
        client, "/activities", {"title": "x", "day": "2020-01-01", "start": "09:00", "end": "08:00"}
    )
    assert "结束时间要晚于开始时间" in page


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def test_roster_import_reports_bad_rows(client: TestClient, sqlite_bot: Bot) -> None:
    await sqlite_bot.say("大家好", who="李阿姨")  # the bot has seen 李阿姨 in 3号楼
    await login(client, "admin")  # an import for every 小区 is the admin's
    template = await client.get("/roster/template.xlsx")
    header = [c.value for c in load_workbook(io.BytesIO(await template.read())).active[1]]
    assert header[:5] == ["序号", "姓名", "性别", "联系电话", "小区"]
    data = _xlsx(
        [
            header,
            [1, "李桂芳", "女", "13800001111", "兰亭小区", "3号楼", "楼长", "", "李阿姨", ""],
            [2, "钱多多", "男", "", "兰亭小区", "9号楼", "党员", "在职", "", ""],
            [3, "新党员", "男", "", "兰亭", "1", "党员", "在职", "", "wxid_newmember"],
        ]
    )
    token = await csrf(client, "/roster")
    form = {"csrf_token": token, "file": io.BytesIO(data)}
    response = await client.post("/roster/import", data=_multipart(form, "名册.xlsx"))
    page = await response.text()
    assert response.status == 200
    assert "第 3 行" in page and "没有「9号楼」" in page
    assert "已更新 1 人，新增 1 人" in page
    with sqlite_bot.linli.uow_factory() as uow:
        li = uow.people.by_wechat_id(sqlite_bot.directory.person("李阿姨"))
        assert li is not None and li.extra.get("身份") == "楼长" and li.real_name == "李桂芳"
        assert "13800001111" not in str(li.extra)
    assert "roster.import" in audit_actions(sqlite_bot)


async def test_roster_import_with_wrong_columns(client: TestClient) -> None:
    await login(client, "admin")
    token = await csrf(client, "/roster")
    data = _xlsx([["编号", "名字", "电话"], [1, "张三", "138"]])
    response = await client.post(
        "/roster/import", data=_multipart({"csrf_token": token, "file": io.BytesIO(data)}, "x.xlsx")
    )
    assert response.status == 400 and "表头不对" in await response.text()
    response = await client.post(
        "/roster/import",
        data=_multipart({"csrf_token": token, "file": io.BytesIO(b"\x00garbage")}, "x.xlsx"),
    )
    assert response.status == 400 and "无法打开" in await response.text()
    csv = "姓名,小区,身份,党员类别\n王五,锦绣家园,党员,在职\n".encode("gb18030")
    response = await client.post(
        "/roster/import", data=_multipart({"csrf_token": token, "file": io.BytesIO(csv)}, "a.csv")
    )
    assert response.status == 200 and "待匹配" in await response.text()


def _multipart(fields: dict[str, object], filename: str) -> object:
    from aiohttp import FormData

    form = FormData()
    for name, value in fields.items():
        if isinstance(value, io.BytesIO):
            form.add_field(name, value, filename=filename)
        else:
            form.add_field(name, str(value))
    return form


async def test_points_award_correct_market_and_publicity(
    client: TestClient, sqlite_bot: Bot
) -> None:
    await sqlite_bot.say("大家好", who="张阿姨")
    await login(client)
    page = await post(
        client,
        "/points/award",
        {"who": "张阿姨", "rule": "志愿服务", "units": "2", "reason": "搬家"},
    )
    assert "已为 张阿姨 记「志愿服务」" in page
    with sqlite_bot.linli.uow_factory() as uow:
        entry = next(e for e in uow.points_reports.entries(limit=None) if e.rule == "志愿服务")
    page = await post(client, "/points/correct", {"entry": str(entry.id), "reason": "记错了"})
    assert f"已更正 #{entry.id}" in page
    page = await post(client, "/points/correct", {"entry": str(entry.id), "reason": "再来"})
    assert "已经更正过了" in page
    page = await post(
        client, "/points/market/items", {"name": "免费理发", "price": "5", "stock": "3"}
    )
    assert "已上架「免费理发」" in page
    page = await post(client, "/points/market/redeem", {"who": "张阿姨", "item": "1"})
    assert "兑换「免费理发」" in page or "还差" in page
    assert (await client.get("/points/publicity?month=2026-11")).status == 200
    export = await client.get("/points.xlsx")
    assert export.status == 200 and export.content_type == XLSX
    assert {"points.award", "points.correct", "market.add"} <= set(audit_actions(sqlite_bot))


async def test_bind_an_unbound_group(client: TestClient, sqlite_bot: Bot) -> None:
    await sqlite_bot.say("大家好", group="兰亭5号楼新群")
    await login(client, "admin")  # binding a group is the admin's
    page = await (await client.get("/groups")).text()
    assert "未绑定群（1）" in page
    with sqlite_bot.linli.uow_factory() as uow:
        group = next(g for g in uow.groups.all() if g.topic == "兰亭5号楼新群")
        estate = uow.estates.by_key("lanting")
        assert estate is not None
    page = await post(client, f"/groups/{group.id}/bind", {"estate": str(estate.id)})
    assert "已把「兰亭5号楼新群」绑定到兰亭小区" in page and "未绑定群（0）" in page
    assert "group.bind" in audit_actions(sqlite_bot)


async def test_dashboard_numbers_and_export(client: TestClient, sqlite_bot: Bot) -> None:
    await sqlite_bot.say("3号楼电梯坏了")
    await sqlite_bot.say("3号楼电梯又坏了", who="李大爷")  # joins E0001
    await sqlite_bot.say("2栋电梯坏了", group="锦绣2栋楼栋群", who="李大爷")
    sqlite_bot.clock.advance(timedelta(hours=1))
    await login(client)
    page = await (await client.get("/dashboard")).text()
    assert re.search(r'id="stat-opened">2<', page), re.findall(r'id="stat-[a-z]+">\d+<', page)
    assert re.search(r'id="stat-open">2<', page)
    assert re.search(r'id="stat-overdue">2<', page)
    assert "兰亭小区 3号楼 · 电梯" in page and "<svg" in page
    export = await client.get("/dashboard.xlsx")
    book = load_workbook(io.BytesIO(await export.read()))
    assert book.sheetnames[1] == "十件实事"
    await login(client, "huangguilan")
    page = await (await client.get("/dashboard?period=garbage")).text()
    assert re.search(r'id="stat-opened">1<', page) and "兰亭小区" not in page


async def test_the_dashboard_warns_when_the_official_calendar_runs_out(
    client: TestClient, sqlite_bot: Bot
) -> None:
    """Said on the dashboard (where staff look each day), not in chat replies."""
    await login(client)
    page = await (await client.get("/dashboard")).text()  # 2026-11-23: 2027 is 39 days away
    assert 'id="calendar-notice"' in page and "没有 2027 年的节假日安排" in page
    [ack] = await sqlite_bot.say("3号楼电梯坏了")
    assert "节假日" not in ack.text
    policy = sqlite_bot.linli.profile.sla
    assert sla.calendar_notice(policy, sqlite_bot.clock.now() - timedelta(days=60)) is None

"""名册 and 群: import party members and residents' roles from Excel/CSV (errors by row), the
roster as the bot knows it, and the groups the bot is in — bound, or 未绑定 and bindable."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.console.base import (
    in_uow,
    int_or_none,
    int_param,
    linli,
    now,
    run_action,
    user,
    workbook_response,
    xlsx_response,
)
from bot.domain.absence import Absence
from bot.domain.community import GroupKind, Person, Role
from bot.domain.helpdesk import FLAGS_KEY, TEAM_KEY
from bot.domain.staff import StaffUser
from bot.ports import UnitOfWork
from bot.services import accounts, board, roster_import
from bot.services.board import audit
from bot.services.roster_import import ROLE_KEY, ImportResult, RosterFileError

KIND_LABELS = {"owners": "业主群", "building": "楼栋群", "party": "党员群"}


def register(app: web.Application) -> None:
    app.router.add_get("/roster", roster_page)
    app.router.add_post("/roster/import", roster_upload)
    app.router.add_post("/roster/{person_id}/back", roster_back)
    app.router.add_get("/roster/template.xlsx", roster_template)
    app.router.add_get("/roster.xlsx", roster_export)
    app.router.add_get("/groups", groups_page)
    app.router.add_post("/groups/{group_id}/bind", group_bind)
    app.router.add_post("/groups/{group_id}/account", group_account)


def roster_people(uow: UnitOfWork, staff: StaffUser) -> list[tuple[Person, str, str]]:
    """Party members and residents with a roster role, with their 小区 and 楼栋 names."""
    estates = {e.id: e.name for e in uow.estates.all()}
    buildings = {b.id: b.name for b in uow.estates.buildings()}
    rows = []
    for p in uow.people.all():
        if not staff.may_see_estate(p.estate_id) or p.role >= Role.STAFF:
            continue
        extra = p.extra or {}
        if p.role >= Role.MEMBER or any(extra.get(k) for k in (ROLE_KEY, FLAGS_KEY, TEAM_KEY)):
            rows.append((p, estates.get(p.estate_id, ""), buildings.get(p.building_id, "")))
    rows.sort(key=lambda r: (r[1], r[2], -r[0].role, r[0].name))
    return rows


async def _render(
    request: web.Request, result: ImportResult | None, error: str | None, status: int = 200
) -> web.Response:
    staff = user(request)
    day = now(request).astimezone(linli(request).profile.tz).date()

    def load(uow: UnitOfWork) -> tuple[list[tuple[Person, str, str]], dict[int, Absence]]:
        people = roster_people(uow, staff)
        return people, uow.absences.current([p.id for p, _, _ in people if p.id], day)

    people, away = await in_uow(request, load)
    return aiohttp_jinja2.render_template(
        "roster.html",
        request,
        {
            "people": people,
            "away": away,
            "result": result,
            "file_error": error,
            "role_key": ROLE_KEY,
            "flags_key": FLAGS_KEY,
            "team_key": TEAM_KEY,
            "header": roster_import.TEMPLATE_HEADER,
        },
        status=status,
    )


async def roster_page(request: web.Request) -> web.Response:
    return await _render(request, None, None)


async def roster_upload(request: web.Request) -> web.Response:
    staff = user(request)
    at = now(request)
    form = await request.post()
    upload = form.get("file")
    if not isinstance(upload, web.FileField):
        return await _render(request, None, "请选择要导入的 Excel 或 CSV 文件。", 400)
    filename = upload.filename or ""
    data = upload.file.read(roster_import.MAX_BYTES + 1)
    scope = roster_import.ImportScope(
        staff.scope_estate, roster_import.config_people(linli(request).config)
    )

    try:
        # Parsing a sheet takes a while: off the event loop and off the bot's own worker.
        table = await asyncio.to_thread(roster_import.read_table, filename, data)
    except RosterFileError as problem:
        return await _render(request, None, str(problem), 400)

    def work(uow: UnitOfWork) -> ImportResult:
        result = roster_import.import_table(uow, table, at, scope)
        audit(
            uow,
            staff,
            "roster.import",
            at,
            filename[:100],
            f"更新 {len(result.updated)}，新增 {len(result.created)}，"
            f"待匹配 {len(result.pending)}，错误 {len(result.errors)}",
        )
        uow.commit()
        return result

    try:
        result = await in_uow(request, work)
    except RosterFileError as problem:
        return await _render(request, None, str(problem), 400)
    return await _render(request, result, None)


async def roster_template(request: web.Request) -> web.Response:
    book = await in_uow(
        request, lambda uow: roster_import.template_workbook(list(uow.estates.all()))
    )
    return await workbook_response("党员居民名册模板.xlsx", book)


async def roster_export(request: web.Request) -> web.Response:
    staff = user(request)
    rows = await in_uow(request, lambda uow: roster_people(uow, staff))
    units = await in_uow(
        request,
        lambda uow: [h for h in uow.households.rows() if staff.may_see_estate(h.estate_id)],
    )
    header = ["姓名", "群昵称", "小区", "楼栋", "身份", "党员类别", "关爱类别", "帮办代办队"]
    body = [
        [
            p.real_name or "",
            p.display_name,
            estate,
            building,
            p.role.label if p.role >= Role.MEMBER else (p.extra or {}).get(ROLE_KEY, ""),
            p.category or "",
            (p.extra or {}).get(FLAGS_KEY, ""),
            (p.extra or {}).get(TEAM_KEY, ""),
        ]
        for p, estate, building in rows
    ]
    unit_header = ["楼栋", "房号", "专有部分面积", "产权人", "同住", "已核实"]
    unit_rows = [
        [
            f"{h.building}号楼",
            h.room,
            f"{h.area:.2f}" if h.area is not None else "",
            "、".join(h.owners),
            "、".join(h.members),
            "是" if h.verified else "否",
        ]
        for h in units
    ]
    return await xlsx_response(
        "名册.xlsx", [("名册", header, body), ("房屋", unit_header, unit_rows)]
    )


async def roster_back(request: web.Request) -> web.StreamResponse:
    """A 书记 ends someone's absence (she is back and said so, not to the bot): the notices
    and the ladder reach her again. Only within the 小区 the user may see."""
    person_id = int_param(request, "person_id")
    staff = user(request)
    at = now(request)
    day = at.astimezone(linli(request).profile.tz).date()

    def work(uow: UnitOfWork) -> str | None:
        person = uow.people.get(person_id)
        if person is None or not staff.may_see_estate(person.estate_id):
            return None
        absence = uow.absences.current_for(person_id, day)
        if absence is None:
            return f"{person.name} 现在没有登记外出。"
        uow.absences.end(person_id, at, day)
        until = f"{absence.ends_on.month}月{absence.ends_on.day}日"
        audit(uow, staff, "absence.end", at, person.name, f"原登记外出至{until}")
        return f"已为 {person.name} 销假：新诉求通知和督办恢复发给她/他。"

    await run_action(request, work, back_to="/roster", refused=ValueError, missing="没有这个人。")


# ---- groups ---------------------------------------------------------------------------------


@aiohttp_jinja2.template("groups.html")
async def groups_page(request: web.Request) -> dict[str, Any]:
    staff = user(request)

    at = now(request)

    def load(uow: UnitOfWork) -> dict[str, Any]:
        rows = board.group_rows(uow, at)
        return {
            "rows": rows,
            "known_accounts": sorted(
                {s.name for s in uow.accounts.all()} | {r.group.account for r in rows}
            ),
            "estates": [e for e in uow.estates.all() if staff.may_see_estate(e.id)],
            "buildings": [b for b in uow.estates.buildings() if staff.may_see_estate(b.estate_id)],
        }

    data = await in_uow(request, load)
    rows = data.pop("rows")
    return {
        **data,
        "bound": [r for r in rows if r.group.bound and staff.may_see_estate(r.group.estate_id)],
        "unbound": [r for r in rows if not r.group.bound],
        "kinds": KIND_LABELS,
    }


async def group_bind(request: web.Request) -> web.StreamResponse:
    group_id = int_param(request, "group_id")
    staff = user(request)
    form = await request.post()
    at = now(request)

    def work(uow: UnitOfWork) -> str | None:
        group = uow.groups.get(group_id)
        if group is None:
            return None
        if group.bound and not staff.may_see_estate(group.estate_id):
            return None
        estate_id = int_or_none(form.get("estate"))
        estate = uow.estates.get(estate_id) if estate_id and estate_id > 0 else None
        if estate is None or not staff.may_see_estate(estate.id):
            raise ValueError("请选择您负责的小区。")
        building_id = int_or_none(form.get("building"))
        building = uow.estates.building(building_id) if building_id and building_id > 0 else None
        if building is not None and building.estate_id != estate.id:
            raise ValueError("楼栋不属于所选的小区。")
        kind_text = str(form.get("kind", ""))
        kind = GroupKind(kind_text) if kind_text in KIND_LABELS else None
        kind = kind or (GroupKind.BUILDING if building else GroupKind.OWNERS)
        if kind is GroupKind.BUILDING and building is None:
            raise ValueError("楼栋群需要选择楼栋。")
        group.estate_id, group.building_id, group.kind = (
            estate.id,
            building.id if building else None,
            kind,
        )
        where = estate.name + (building.name if building else "")
        audit(uow, staff, "group.bind", at, group.topic, f"{where} {KIND_LABELS[kind.value]}")
        label = KIND_LABELS[kind.value]
        return f"已把「{group.topic}」绑定到{where}（{label}）。机器人会开始在群里服务。"

    await run_action(request, work, back_to="/groups", refused=ValueError, missing="没有这个群。")


async def group_account(request: web.Request) -> web.StreamResponse:
    """An admin moves a group to another bot account (e.g. its own is logged out)."""
    group_id = int_param(request, "group_id")
    staff = user(request)
    form = await request.post()
    at = now(request)

    def work(uow: UnitOfWork) -> str | None:
        group = uow.groups.get(group_id)
        if group is None or (group.bound and not staff.may_see_estate(group.estate_id)):
            return None
        target = str(form.get("account", "")).strip()
        before = group.account
        changed = accounts.set_owner(uow, group_id, target, staff.username, at)
        if changed.account == before and before == target:
            return f"「{group.topic}」本来就由账号 {target} 负责。"
        present = uow.group_accounts.present(group_id)
        warn = "" if target in present else "（注意：还没见到这个账号在群里，请确认它已入群）"
        return f"已把「{group.topic}」改由账号 {target} 发送{warn}。"

    await run_action(
        request, work, back_to="/groups", refused=accounts.OwnerRefused, missing="没有这个群。"
    )

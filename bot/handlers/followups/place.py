"""A reporter telling where her own case is: the door given privately after a report that
named no room (convo9 c12), or a correction of the building ("说错了 是4号楼") — the case
moves, it is never withdrawn nor opened twice.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.chat.context import Context
from bot.domain.cases import Case, format_place, summarize
from bot.domain.escalation import describe, notice_text
from bot.handlers.case_context import mailer_for
from bot.handlers.followups.common import RECENT_REPORT, latest_open, who_acts
from bot.services import mailer as audience
from bot.services.claims import add_note

ADDRESS_KEPT = "好的，已把门牌「{place}」记到诉求 {code}，党员上门时会用到（不会在群里公开）。"
# "3号楼1单元102", "3-1-102", "1单元102室": an address and nothing else (convo9 c12).
_ADDRESS_ONLY = re.compile(
    r"^(?:我家|我住|住在?|地址是?|门牌是?|是)?"
    r"(?:(?P<b>[0-9]{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:号楼|栋|幢|-|－))?"
    r"\s*(?:(?P<u>[0-9]{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:单元|-|－))?"
    r"\s*(?P<r>[0-9]{3,4})\s*(?:室|号|房)?[。.!！~～]*$"
)
ADDRESS_RECENT = timedelta(hours=2)


def address_for_own(ctx: Context) -> bool:
    """A private address alone, soon after her private report that names no room: the place
    of that case (the 党员 needs the door), not a new problem nor "没看明白"."""
    if ctx.group is not None or ctx.sender.id is None:
        return False
    found = _ADDRESS_ONLY.match("".join(ctx.message.text.split()))
    if found is None:
        return False
    building = _arabic(found["b"]) if found["b"] else None
    unit = _arabic(found["u"]) if found["u"] else None
    since = ctx.now - ADDRESS_RECENT
    for case in ctx.uow.cases.by_reporter(ctx.sender.id, limit=5):
        if not case.status.is_open or case.room or case.group_id is not None:
            continue
        if (case.updated_at or case.opened_at) < since:
            continue
        if building and case.building and building != case.building:
            continue
        case.building = case.building or building
        case.unit = case.unit or unit
        case.room = found["r"]
        case.updated_at = ctx.now
        ctx.stored.case_id = case.id
        place = format_place(case.building, case.unit, case.room)
        add_note(ctx.uow, case, ctx.sender, f"门牌：{place}", ctx.now)
        if case.notified_at is not None:  # those already told learn the door too
            people, _ = who_acts(ctx, case)
            mailer_for(ctx).to_people(
                people, f"【补充】诉求 {describe(case)}：居民补充了门牌。", urgent=False
            )
        ctx.reply(ADDRESS_KEPT.format(place=place, code=case.code))
        return True
    return False


RELOCATED = "好的，已把诉求 {code} 的位置改为{place}，并转告了{who}。"
RELOCATED_NOTE = "【位置更正】诉求 {case}：反映的居民更正说「{said}」，位置已改为{place}。"
# "说错了 是4号楼 不是3号楼", "不对，应该是4栋": a correction of the place, not a withdrawal.
_CORRECTION = re.compile(r"(?:说|写|打|报|搞|弄|记|看)错了?|不对|口误|更正|纠正")
_RIGHT_BUILDING = re.compile(r"(?<!不)是\s*([0-9一二两三四五六七八九十]{1,3})\s*(?:号楼|栋|幢|号)")
_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}


def _arabic(numeral: str) -> str | None:
    if numeral.isdigit():
        return str(int(numeral))
    if numeral == "十":
        return "10"
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        value = (_NUMERALS.get(tens, 0) if tens else 1) * 10 + (
            _NUMERALS.get(ones, 0) if ones else 0
        )
        return str(value)
    return str(_NUMERALS[numeral]) if len(numeral) == 1 and numeral in _NUMERALS else None


def corrected_building(text: str) -> str | None:
    """The building a correction says is the right one ("说错了 是4号楼 不是3号楼" → "4")."""
    said = "".join(text.split())
    if len(said) > MAX_CORRECTION or not _CORRECTION.search(said):
        return None
    found = _RIGHT_BUILDING.search(said)
    return _arabic(found[1]) if found else None


MAX_CORRECTION = 30


def relocated(ctx: Context, named: Case | None) -> bool:
    """ "说错了 是4号楼 不是3号楼" a minute after her report: the case moves to that building
    (and to its 党小组, if the first one was already told), never a withdrawal (convo9)."""
    building = corrected_building(ctx.message.text)
    if building is None or ctx.sender.id is None:
        return False
    case = named or latest_open(ctx, None, None, since=ctx.now - RECENT_REPORT)
    if case is None or not case.status.is_open or case.building == building:
        return False
    if ctx.uow.estates.building_by_number(case.estate_id, building) is None:
        return False  # no such building here: the words are something else
    told = list(audience.building_party(ctx.uow, case)) if case.notified_at else []
    case.building = building
    case.updated_at = ctx.now
    add_note(ctx.uow, case, ctx.sender, summarize(ctx.message.text), ctx.now)
    ctx.stored.case_id = case.id
    place = format_place(building, None, None)
    mail = mailer_for(ctx)
    note = RELOCATED_NOTE.format(case=describe(case), said=summarize(ctx.message.text), place=place)
    if told:
        mail.to_people(told, note, urgent=False)
        fresh = [
            p
            for p in mail.present(audience.building_party(ctx.uow, case))
            if p.id not in {t.id for t in told}
        ]
        mail.to_people(fresh, notice_text(case), urgent=case.urgent)
    _, who = who_acts(ctx, case)
    ctx.reply(RELOCATED.format(code=case.code, place=place, who=who))
    return True

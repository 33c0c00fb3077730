"""A 帮办代办 request from asking to rating, one transaction per step.

Messages to people other than the sender are queued here (private, once per key), so a
request typed in WeChat and one entered at the counter reach the team the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.cases import Rating
from bot.domain.community import Group, GroupKind, Person, Role
from bot.domain.helpdesk import (
    Catalog,
    Channel,
    EventKind,
    HelpEvent,
    HelpRequest,
    Point,
    Refused,
    Service,
    Status,
    check_claim,
    check_handler,
    check_rating,
    eligible,
    parse_done,
    public_line,
    rung_for,
    schedule,
    split_details,
)
from bot.domain.points import Award, AwardRefused
from bot.ports import UnitOfWork
from bot.services import points
from bot.services.helpdesk.team import first_offer, place, queue, queue_each, rung_people, team
from bot.services.points_policy import PointsPolicy

NOTE_LIMIT = 300


def find(
    uow: UnitOfWork, request_id: int | None, shown: str, asker: Person | None = None
) -> HelpRequest:
    """The request; one `asker` may not know of is "not found" too, in the same words, so a
    refusal ("只能由申请的居民本人取消") never confirms a code of another 小区 exists."""
    request = uow.helpdesk.get(request_id) if request_id else None
    if request is None or (asker is not None and not known_to(request, asker)):
        raise missing(shown)
    return request


def missing(shown: str) -> Refused:
    return Refused(f"没有找到帮办 {shown}，请核对编号（例如 H0001）。")


def known_to(request: HelpRequest, person: Person) -> bool:
    """Who may learn a 帮办 exists: its requester and claimer, staff, and people of its own
    小区 (its team claims it there, its secretary follows it); nobody of another 小区."""
    return (
        person.role >= Role.STAFF
        or (person.id is not None and person.id in (request.requester_id, request.claimer_id))
        or person.estate_id == request.estate_id
    )


def point_for(uow: UnitOfWork, catalog: Catalog, estate_id: int | None) -> Point | None:
    """The 点 serving a 小区: its own first, else one serving the whole 社区."""
    estate = uow.estates.get(estate_id) if estate_id is not None else None
    key = estate.key if estate is not None else None
    own = [p for p in catalog.points if key is not None and p.estate_key == key]
    shared = [p for p in catalog.points if p.estate_key is None]
    found = own or shared
    return found[0] if found else None


def point_key_for(uow: UnitOfWork, catalog: Catalog, service: Service, estate_id: int) -> str:
    """The 点 that handles a service for a 小区: the service's own when it serves that 小区
    (or the whole 社区), else the 小区's own 点 (the 清单 is shared, the 点 are local)."""
    point = catalog.point(service.point_key)
    estate = uow.estates.get(estate_id)
    if point is None or point.estate_key is None or (estate and point.estate_key == estate.key):
        return service.point_key
    local = point_for(uow, catalog, estate_id)
    return local.key if local is not None else service.point_key


def _phone_hint(point: Point | None) -> str:
    if point is None:
        return ""
    phone = f"，电话 {point.phone}" if point.phone else ""
    return f"也可以联系{point.name}{phone}。"


def referral_point(
    uow: UnitOfWork, catalog: Catalog, estate_id: int | None, text: str
) -> Point | None:
    """Where a resident the desk cannot serve goes instead: the 点 of the service named, or
    the 小区's (the one a refusal names)."""
    service = catalog.match(text)
    point = catalog.point(service.point_key) if service is not None else None
    return point or point_for(uow, catalog, estate_id)


def not_listed(uow: UnitOfWork, catalog: Catalog, estate_id: int | None, text: str) -> str:
    what = f"「{text[:20]}」" if text else "这项服务"
    hint = _phone_hint(point_for(uow, catalog, estate_id))
    return (
        f"抱歉，{what}不在帮办代办清单上。发送「帮办清单」可以看能代办哪些事；"
        f"其他困难可以发「心愿 想请人帮忙……」登记微心愿，{hint}"
    )


def not_eligible(uow: UnitOfWork, catalog: Catalog, service: Service, estate_id: int | None) -> str:
    point = catalog.point(service.point_key) or point_for(uow, catalog, estate_id)
    return (
        f"抱歉，「{service.name}」是为{service.who_label()}提供的帮办服务，"
        "名册里您还没有登记这些情况，暂时不能直接申请。"
        f"需要帮忙可以发「心愿 想请人帮忙……」登记微心愿，{_phone_hint(point)}"
        "情况有变化请告诉楼栋长或支部书记更新名册。"
    )


def ask(
    uow: UnitOfWork,
    catalog: Catalog,
    *,
    estate_id: int,
    requester: Person,
    group: Group | None,
    text: str,
    now: datetime,
    building: str | None = None,
) -> tuple[HelpRequest, Service]:
    """A resident asks for a service: a draft, confirmed privately before anyone is sent."""
    assert requester.id is not None
    service = catalog.match(text)
    if service is None:
        raise Refused(not_listed(uow, catalog, estate_id, text.strip()))
    if not eligible(service, requester):
        raise Refused(not_eligible(uow, catalog, service, estate_id))
    building_id = requester.building_id
    if group is not None and group.kind is GroupKind.BUILDING:
        building_id = group.building_id
    if building:
        # "5栋2单元门口…" said in the words is where it is, whoever says it and wherever
        # they live or speak (convofix6 R8): the roster and the group are only defaults.
        named = uow.estates.building_by_number(estate_id, building)
        if named is not None:
            building_id = named.id
    request = HelpRequest(
        estate_id=estate_id,
        service_key=service.key,
        service_name=service.name,
        point_key=point_key_for(uow, catalog, service, estate_id),
        created_at=now,
        updated_at=now,
        requester_id=requester.id,
        contact_name=requester.real_name or requester.name,
        building_id=building_id,
        group_id=group.id if group is not None and group.kind is not GroupKind.PARTY else None,
        note=" ".join(text.split())[:NOTE_LIMIT],
    )
    uow.helpdesk.add(request)
    event(uow, request, now, EventKind.ASKED, requester, service.name)
    return request, service


def confirm(
    uow: UnitOfWork,
    catalog: Catalog,
    request: HelpRequest,
    person: Person,
    details: str,
    now: datetime,
    account: str,
) -> list[Person]:
    """The resident's address and time: the request opens and is offered to the team."""
    if person.id != request.requester_id:
        raise Refused(f"帮办 {request.code} 由申请的居民本人确认。")
    if request.status is not Status.DRAFT:
        raise Refused(f"帮办 {request.code} 已经确认过了，现在是「{request.status.label}」。")
    address, wanted = split_details(details)
    if not address and request.building_id is not None:
        address = place(uow, request)
    if not address:
        raise Refused("请告诉我上门的地址，例如「地址 3号楼2单元502 明天上午」。")
    request.address = address[:200]
    request.wanted = (wanted or "尽快")[:100]
    request.status = Status.OPEN
    request.confirmed_at = now
    request.updated_at = now
    schedule(request, catalog.service(request.service_key), catalog.quiet, catalog.tz)
    event(uow, request, now, EventKind.CONFIRMED, person, f"{request.address} {request.wanted}")
    return offer(uow, catalog, request, account, now)


def enter(
    uow: UnitOfWork,
    catalog: Catalog,
    *,
    estate_id: int,
    service: Service,
    resident: Person | None,
    contact_name: str,
    contact_phone: str,
    address: str,
    wanted: str,
    note: str,
    channel: Channel,
    building_id: int | None,
    entered_by: str,
    now: datetime,
    account: str,
) -> tuple[HelpRequest, list[Person]]:
    """A request taken at the counter or by phone: confirmed by the worker, offered at once.

    The worker has seen the resident, so eligibility is theirs to judge; it is recorded.
    """
    if not address.strip():
        raise Refused("请填写上门地址。")
    if resident is None and not contact_name.strip():
        raise Refused("请选择居民，或填写来访人的姓名。")
    request = HelpRequest(
        estate_id=estate_id,
        service_key=service.key,
        service_name=service.name,
        point_key=point_key_for(uow, catalog, service, estate_id),
        created_at=now,
        updated_at=now,
        requester_id=resident.id if resident else None,
        contact_name=(
            contact_name.strip() or (resident.real_name or resident.name if resident else "")
        )[:40],
        contact_phone=contact_phone.strip()[:40],
        building_id=building_id
        if building_id is not None
        else (resident.building_id if resident else None),
        channel=channel,
        status=Status.OPEN,
        address=" ".join(address.split())[:200],
        wanted=(" ".join(wanted.split()) or "尽快")[:100],
        note=" ".join(note.split())[:NOTE_LIMIT],
        entered_by=entered_by[:64],
        confirmed_at=now,
    )
    uow.helpdesk.add(request)
    schedule(request, service, catalog.quiet, catalog.tz)
    flag = "" if eligible(service, resident) else "（工作人员核实后登记）"
    event(uow, request, now, EventKind.CONFIRMED, None, f"{entered_by} 登记{flag}")
    return request, offer(uow, catalog, request, account, now)


def offer(
    uow: UnitOfWork,
    catalog: Catalog,
    request: HelpRequest,
    account: str,
    now: datetime,
    *,
    wider: bool = False,
    skip: int | None = None,
) -> list[Person]:
    """Tell the team privately (nothing personal): the 楼栋's first, or the whole 小区's.
    `skip`: the volunteer who just gave it back (offered again to the others)."""
    people = first_offer(uow, catalog, request)
    if wider:  # the rest of the 小区's team; the 楼栋's own heard of it already
        told = {p.id for p in people}
        people = [p for p in team(uow, catalog, request.estate_id) if p.id not in told]
    people = [p for p in people if p.id not in (request.requester_id, request.claimer_id, skip)]
    service = catalog.service(request.service_key)
    due = f"，办理时限 {service.turnaround}" if service and service.turnaround else ""
    head = "【帮办代办·再次派单】" if wider else "【帮办代办】"
    text = (
        f"{head}{public_line(request, place(uow, request))}{due}\n"
        f"能去办的请回复「接单 {request.code}」，先接先得；接单后我再私信您地址和联系方式。"
    )
    key = f"help:{request.id}:offer{':wide' if wider else ''}"
    if skip is not None:
        key += f":again:{now.isoformat()}"  # a fresh offer after a hand-back
    queue_each(uow, account, now, key, people, text)
    event(uow, request, now, EventKind.OFFERED, None, "、".join(p.name for p in people))
    return people


@dataclass(frozen=True)
class Claim:
    request: HelpRequest
    won: bool
    holder: Person | None


def claim(
    uow: UnitOfWork, catalog: Catalog, request: HelpRequest, person: Person, now: datetime
) -> Claim:
    """First 接单 wins (a conditional UPDATE); the loser learns who has it."""
    assert person.id is not None
    if request.claimer_id == person.id:
        return Claim(request, won=False, holder=person)
    if request.claimer_id is not None and request.status is Status.CLAIMED:
        return Claim(request, won=False, holder=uow.people.get(request.claimer_id))
    check_claim(request, person, catalog)
    if not uow.helpdesk.claim(request, person.id, now):
        holder = uow.people.get(request.claimer_id) if request.claimer_id else None
        if holder is None:
            raise Refused(f"帮办 {request.code} 现在不能接单（{request.status.label}）。")
        return Claim(request, won=False, holder=holder)
    event(uow, request, now, EventKind.CLAIMED, person, person.name)
    return Claim(request, won=True, holder=person)


ADDED = "居民补充："  # how a resident's later detail is kept among the request's events


def details_for_claimer(uow: UnitOfWork, catalog: Catalog, request: HelpRequest) -> str:
    """Everything the one who took it needs, personal details included: sent to them only."""
    requester = uow.people.get(request.requester_id) if request.requester_id else None
    name = request.contact_name or (requester.name if requester else "居民")
    lines = [
        f"您已接单 {request.code}「{request.service_name}」。",
        f"居民：{name}",
        f"地址：{request.address}",
        f"时间：{request.wanted}",
    ]
    if request.contact_phone:
        lines.append(f"电话：{request.contact_phone}")
    elif requester is not None:
        lines.append("联系方式：可直接微信私聊这位居民。")
    if request.note:
        lines.append(f"居民原话：{request.note}")
    # What the resident added after asking ("是硝苯地平 要两盒", convo4 F37).
    added = [
        e.text.removeprefix(ADDED)
        for e in uow.helpdesk.events(request.id or 0)
        if e.kind == EventKind.PROGRESS and e.text.startswith(ADDED)
    ]
    if added:
        lines.append(f"居民补充：{'；'.join(added)}")
    point = catalog.point(request.point_key)
    if point is not None:
        lines.append(f"帮办代办点：{point.contact()}")
    lines.append(
        f"有进展请发「进展 {request.code} 内容」；办好后发「办结 {request.code} 用时 结果」，"
        f"例如「办结 {request.code} 1小时 已缴费，收据已交给居民」。"
    )
    return "\n".join(lines)


def progress(
    uow: UnitOfWork, request: HelpRequest, person: Person, text: str, now: datetime
) -> None:
    check_handler(request, person, "进展")
    request.updated_at = now
    event(uow, request, now, EventKind.PROGRESS, person, text[:NOTE_LIMIT])


def hand_back(
    uow: UnitOfWork,
    catalog: Catalog,
    request: HelpRequest,
    person: Person,
    reason: str,
    now: datetime,
) -> None:
    """The volunteer cannot do it ("这个我弄不了 要本人刷脸 退回吧", convo4 F81): the request is
    open again for the team, its ladder restarting, and the reason is kept on its timeline."""
    check_handler(request, person, "退回")
    request.status = Status.OPEN
    request.claimer_id = None
    request.claimed_at = None
    request.confirmed_at = now  # the wait for a taker starts again
    request.level = 0
    request.updated_at = now
    schedule(request, catalog.service(request.service_key), catalog.quiet, catalog.tz)
    event(uow, request, now, EventKind.RETURNED, person, reason)


def finish(
    uow: UnitOfWork,
    policy: PointsPolicy,
    catalog: Catalog,
    request: HelpRequest,
    person: Person,
    text: str,
    now: datetime,
    tz: ZoneInfo,
) -> Award | None:
    """办结: hours and 人次 recorded, the volunteer's points booked in the same transaction."""
    locked = uow.helpdesk.lock(request.id or 0) or request
    check_handler(locked, person, "办结")
    service = catalog.service(locked.service_key) or Service(
        key=locked.service_key, name=locked.service_name, point_key=locked.point_key
    )
    hours, persons, result = parse_done(text, service)
    locked.status = Status.DONE
    locked.done_at = now
    locked.hours = hours
    locked.persons = persons
    locked.result = result[:NOTE_LIMIT]
    locked.updated_at = now
    schedule(locked, service)
    event(uow, locked, now, EventKind.DONE, person, f"{hours:g}小时 {persons}人次 {result}")
    return _award(uow, policy, catalog, locked, service, now, tz)


def _award(
    uow: UnitOfWork,
    policy: PointsPolicy,
    catalog: Catalog,
    request: HelpRequest,
    service: Service,
    now: datetime,
    tz: ZoneInfo,
) -> Award | None:
    claimer = uow.people.get(request.claimer_id) if request.claimer_id else None
    if claimer is None or service.points <= 0 or policy.rules.get(catalog.points_rule) is None:
        return None
    try:
        return points.award(
            uow,
            policy,
            person=claimer,
            rule_name=catalog.points_rule,
            now=now,
            tz=tz,
            points=service.points,
            reason=f"帮办代办 {request.code} {request.service_name}（{request.hours:g}小时）",
            key=f"helpdesk:{request.id}",
        )
    except AwardRefused:
        return None  # the rule does not take automatic awards in this community


def rate(
    uow: UnitOfWork, request: HelpRequest, person: Person, rating: Rating, now: datetime
) -> None:
    check_rating(request, person)
    request.status = Status.RATED
    request.rating = rating
    request.rated_at = now
    request.updated_at = now
    event(uow, request, now, EventKind.RATED, person, rating.label)


def redo(uow: UnitOfWork, request: HelpRequest, person: Person, said: str, now: datetime) -> None:
    """不满意 with a 帮办 just done ("这个不对 我吃的是缓释片", convo14b): like a case rated 不满意,
    it goes back to the volunteer who did it, her words on its timeline. His points stay booked
    (he went); a second 办结 books none (the award is keyed by the request)."""
    check_rating(request, person)
    request.status = Status.CLAIMED
    request.done_at = None
    request.updated_at = now
    request.next_due = None
    event(uow, request, now, EventKind.REDO, person, said[:NOTE_LIMIT])


def cancel(uow: UnitOfWork, request: HelpRequest, person: Person, now: datetime) -> None:
    if person.id != request.requester_id and person.role < Role.STAFF:
        raise Refused(f"帮办 {request.code} 只能由申请的居民本人取消。")
    if request.status not in (Status.DRAFT, Status.OPEN, Status.CLAIMED):
        status = request.status.label.removeprefix("已")  # "已取消", not "已已取消"
        raise Refused(f"帮办 {request.code} 已{status}，不能取消了。")
    request.status = Status.CANCELLED
    request.updated_at = now
    schedule(request, None)
    event(uow, request, now, EventKind.CANCELLED, person)


def tell_rung(
    uow: UnitOfWork, request: HelpRequest, level: int, account: str, now: datetime
) -> list[Person]:
    """The ladder: tell the people of the rung that nobody has taken the request yet."""
    rung = rung_for(level)
    people = rung_people(uow, request, rung)
    where = place(uow, request)
    waited = say_duration(now - (request.confirmed_at or now))
    text = (
        f"【帮办代办督办】{public_line(request, where)}\n"
        f"居民确认已 {waited}仍无人接单，已升级至{rung.label}。"
        f"请协调帮办代办队员接单（回复「接单 {request.code}」），或安排人员上门。"
    )
    queue_each(uow, account, now, f"help:{request.id}:rung{level}", people, text)
    event(
        uow,
        request,
        now,
        EventKind.ESCALATED,
        None,
        f"{rung.label}：" + "、".join(p.name for p in people),
    )
    return people


def say_duration(span: timedelta) -> str:
    """How long, as people say it: "3 小时", "1天半", "5天" — never "36.0 小时"."""
    hours = span.total_seconds() / 3600
    if hours < 23.5:
        return f"{max(1, round(hours))} 小时"
    halves = round(hours / 12)  # to the nearest half day
    days, half = divmod(halves, 2)
    return f"{days}天半" if half else f"{days}天"


def tell_still_looking(
    uow: UnitOfWork, catalog: Catalog, request: HelpRequest, account: str, now: datetime
) -> None:
    """The first missed limit: the resident hears once that we are still looking (and whom
    to call), rather than days of silence while the ladder climbs."""
    person = uow.people.get(request.requester_id) if request.requester_id else None
    if person is None:
        return
    point = catalog.point(request.point_key)
    text = (
        f"您申请的帮办 {request.code}（{request.service_name}）还在帮您找人，请再等等。"
        + _phone_hint(point)
    )
    queue(uow, account, now, f"help:{request.id}:still", person, text)


def tell(
    uow: UnitOfWork, account: str, now: datetime, key: str, person: Person | None, text: str
) -> None:
    if person is not None:
        queue(uow, account, now, key, person, text)


def event(
    uow: UnitOfWork,
    request: HelpRequest,
    now: datetime,
    kind: EventKind,
    actor: Person | None,
    text: str = "",
) -> None:
    assert request.id is not None
    uow.helpdesk.add_event(
        HelpEvent(
            request_id=request.id,
            at=now,
            kind=kind,
            text=text[:NOTE_LIMIT],
            actor_id=actor.id if actor else None,
        )
    )

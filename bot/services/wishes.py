"""微心愿 use cases: post, consent, claim, fulfil, withdraw, the wall, and the 3/7-day sweep."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.community import Group, GroupKind, Person, Role
from bot.domain.points import Award
from bot.domain.records import OutboxItem
from bot.domain.wishes import (
    MIN_TEXT,
    Wish,
    WishEvent,
    WishEventKind,
    WishRefused,
    WishStatus,
    check_claim,
    check_fulfil,
    check_room,
    due_action,
    public_summary,
    schedule,
    validate_text,
    wall_line,
    wish_text,
)
from bot.ports import UnitOfWork
from bot.services import outbox, points
from bot.services.points_policy import PointsPolicy

SWEEP_BATCH = 100

# What a wish starts with that is not the wish (polish15): the @ of the bot (or anyone), a
# greeting, and the words that ask ("我要报修", "我想许个心愿", "麻烦…"). The party members read
# "【新微心愿】W0001（1号楼）：我家厨房水龙头关不严…", not "@邻里小助手 我要报修 我家…".
_MENTIONS = re.compile(r"^(?:\s*@[^\s\u2005@]{1,40}[\s\u2005]*)+")
_ASKING = re.compile(
    r"^(?:你好|您好|小助手|在吗|打扰(?:一下|了)?|请问|麻烦(?:你|您|你们|大家)?(?:一下)?"
    r"|我(?:要|想)(?:报修|报事|求助|反映(?:一下)?|许(?:个|一个)?(?:小)?(?:心)?愿)"
    r"|我有(?:个|一个)(?:小)?(?:心愿|愿望|请求)|许(?:个|一个)?(?:小)?(?:心)?愿|求助|帮个忙)"
    r"[\s,，。.:：!！~～、]*"
)


def summary_words(text: str) -> str:
    """The wish as the members read it: leading mentions and asking words off
    ("@邻里小助手 我要报修 我家水龙头…" → "我家水龙头…"); the words as written when little else
    is left. The wish's text keeps what she wrote."""
    words = _MENTIONS.sub("", text).strip()
    while (shorter := _ASKING.sub("", words, count=1)) != words:
        words = shorter
    return words if len(words) >= MIN_TEXT else text


def find(uow: UnitOfWork, wish_id: int | None, shown: str) -> Wish:
    wish = uow.wishes.get(wish_id) if wish_id else None
    if wish is None:
        raise WishRefused(f"没有找到微心愿 {shown}，请核对编号。")
    return wish


def post(
    uow: UnitOfWork,
    policy: PointsPolicy,
    *,
    estate_id: int,
    group: Group | None,
    requester: Person,
    raw_text: str,
    now: datetime,
    building: str | None = None,
) -> Wish:
    """A resident's wish is recorded, private until they agree to show it."""
    assert requester.id is not None
    text = wish_text(raw_text)
    validate_text(text)
    check_room(uow.wishes.waiting(requester.id), policy.wishes.max_waiting)
    building_id = requester.building_id
    if group is not None and group.kind is GroupKind.BUILDING:
        building_id = group.building_id
    if building:
        # "5栋2单元门口…" said in the words is where it is, whoever says it and wherever
        # they live or speak (convofix6 R8): the roster and the group are only defaults.
        named = uow.estates.building_by_number(estate_id, building)
        if named is not None:
            building_id = named.id
    wish = Wish(
        estate_id=estate_id,
        requester_id=requester.id,
        text=text,
        summary=public_summary(summary_words(text)),
        created_at=now,
        updated_at=now,
        group_id=group.id if group is not None and group.kind is not GroupKind.PARTY else None,
        building_id=building_id,
    )
    schedule(wish, policy.wishes)
    uow.wishes.add(wish)
    _event(uow, wish, now, WishEventKind.POSTED, requester)
    return wish


def set_public(uow: UnitOfWork, wish: Wish, person: Person, public: bool, now: datetime) -> bool:
    """The requester's consent (or its withdrawal); True when it changed."""
    if person.id != wish.requester_id and person.role < Role.STAFF:
        raise WishRefused("是否公开由心愿人本人决定。")
    if not wish.status.is_open:
        raise WishRefused(f"微心愿 {wish.code} 已{wish.status.label}，无需再设置。")
    if wish.public == public:
        return False
    wish.public = public
    wish.updated_at = now
    _event(uow, wish, now, WishEventKind.SHOWN if public else WishEventKind.HIDDEN, person)
    return True


@dataclass(frozen=True)
class Claim:
    wish: Wish
    won: bool
    holder: Person | None


def claim(uow: UnitOfWork, wish: Wish, person: Person, now: datetime) -> Claim:
    """First claim wins, as for cases; the loser learns who has it."""
    assert person.id is not None
    check_claim(wish, person)
    if wish.claimer_id == person.id:
        return Claim(wish, won=False, holder=person)
    if not uow.wishes.claim(wish, person.id, now):
        holder = uow.people.get(wish.claimer_id) if wish.claimer_id else None
        return Claim(wish, won=False, holder=holder)
    _event(uow, wish, now, WishEventKind.CLAIMED, person, person.name)
    return Claim(wish, won=True, holder=person)


def fulfil(
    uow: UnitOfWork,
    policy: PointsPolicy,
    wish: Wish,
    person: Person,
    now: datetime,
    tz: ZoneInfo,
) -> Award | None:
    """已实现: closes the wish and books the claimer's points in the same transaction."""
    locked = uow.wishes.lock(wish.id or 0) or wish
    check_fulfil(locked, person)
    locked.status = WishStatus.FULFILLED
    locked.fulfilled_at = now
    locked.confirmed_by = person.id
    locked.updated_at = now
    schedule(locked, policy.wishes)
    by = "" if person.id == locked.requester_id else f"{person.name} 代为确认"
    _event(uow, locked, now, WishEventKind.FULFILLED, person, by)
    if person.id == locked.claimer_id and person.id != locked.requester_id:
        # Staff may confirm for a requester, but not a wish they claimed themselves: the
        # points are for help the requester vouched for, not for closing one's own claim.
        return None
    return points.award_wish_fulfilled(uow, policy, locked, now, tz)


def withdraw(
    uow: UnitOfWork, policy: PointsPolicy, wish: Wish, person: Person, now: datetime
) -> None:
    if person.id != wish.requester_id and person.role < Role.STAFF:
        raise WishRefused("只有心愿人本人可以撤回。")
    if not wish.status.is_open:
        raise WishRefused(f"微心愿 {wish.code} 已{wish.status.label}。")
    wish.status = WishStatus.WITHDRAWN
    wish.updated_at = now
    schedule(wish, policy.wishes)
    _event(uow, wish, now, WishEventKind.WITHDRAWN, person)


# ---- who hears of a wish ----------------------------------------------------------------------


def party_members(uow: UnitOfWork, wish: Wish) -> list[Person]:
    """The wish's 楼栋党小组 (leader first); the whole 小区's members when it has none."""
    found: list[Person] = []
    if wish.building_id is not None:
        for role in (Role.LEADER, Role.MEMBER):
            found += uow.people.with_role(wish.estate_id, role, wish.building_id)
    if not found:
        for role in (Role.LEADER, Role.MEMBER):
            found += uow.people.with_role(wish.estate_id, role)
    return [p for p in found if p.id != wish.requester_id]


def place(uow: UnitOfWork, wish: Wish) -> str:
    building = uow.estates.building(wish.building_id) if wish.building_id else None
    return building.name if building else ""


def wall(
    uow: UnitOfWork, estate_id: int, *, building_id: int | None, include_private: bool
) -> list[str]:
    """The 心愿墙 lines: masked summaries and places, never names."""
    wishes = uow.wishes.open_wishes(
        estate_id, building_id=building_id, public_only=not include_private
    )
    return [wall_line(w, place(uow, w)) + ("" if w.public else " · 未公开") for w in wishes]


def status_lines(uow: UnitOfWork, wish: Wish) -> list[str]:
    """What 「进度 W0001」 shows: the masked summary, the state, who claimed it."""
    lines = [f"微心愿 {wish.code}：{wish.summary}", f"状态：{wish.status.label}"]
    claimer = uow.people.get(wish.claimer_id) if wish.claimer_id else None
    if claimer is not None:
        lines.append(f"认领党员：{claimer.name}")
    return lines


def nudge(uow: UnitOfWork, wish: Wish, account: str, now: datetime, tz: ZoneInfo) -> bool:
    """The wish-maker asks whether anyone will help (convo15): the 楼栋党小组 hear it again,
    at most once a day per wish (asking twice is not two reminders). False: nobody to tell."""
    members = party_members(uow, wish)
    if wish.status is not WishStatus.OPEN or not members:
        return False
    where = place(uow, wish)
    text = (
        f"【微心愿催问】{wish.code}{f'（{where}）' if where else ''}：{wish.summary}\n"
        f"心愿人问有没有人帮忙，还没有人认领。请党员们看看能否帮忙，发送「认领 {wish.code}」认领。"
    )
    day = now.astimezone(tz).strftime("%Y%m%d")
    _queue_each(uow, account, now, f"wish:{wish.id}:asked:{day}", members, text)
    return True


# ---- the sweep: re-offer after 3 days, report to the 支部书记 after 7 ------------------------


def sweep(uow: UnitOfWork, policy: PointsPolicy, account: str, now: datetime) -> int:
    """One pass over due wishes; returns how many were acted on. Stamps make it run once."""
    done = 0
    for wish in uow.wishes.due(now, SWEEP_BATCH):
        action = due_action(wish, now, policy.wishes)
        if action == "report":
            _report(uow, wish, account, now)
            wish.reported_at = now
            wish.reoffered_at = wish.reoffered_at or now
            _event(uow, wish, now, WishEventKind.REPORTED, None)
            done += 1
        elif action == "reoffer":
            _reoffer(uow, wish, account, now)
            wish.reoffered_at = now
            _event(uow, wish, now, WishEventKind.REOFFERED, None)
            done += 1
        schedule(wish, policy.wishes)
    return done


def _reoffer(uow: UnitOfWork, wish: Wish, account: str, now: datetime) -> None:
    where = place(uow, wish)
    text = (
        f"【微心愿再次征集】{wish.code}{f'（{where}）' if where else ''}：{wish.summary}\n"
        f"这个心愿三天还没有人认领，请党员们看看能否帮忙，发送「认领 {wish.code}」认领。"
    )
    _queue_each(uow, account, now, f"wish:{wish.id}:reoffer", party_members(uow, wish), text)
    group = uow.groups.get(wish.group_id) if wish.group_id else None
    if wish.public and group is not None and group.left_at is None:
        _queue(
            uow,
            group.account,
            now,
            f"{account}:wish:{wish.id}:reoffer:group",
            f"【微心愿】{wish.code}：{wish.summary}\n"
            f"还在等待热心人，党员可发送「认领 {wish.code}」。",
            group=group,
        )


def _report(uow: UnitOfWork, wish: Wish, account: str, now: datetime) -> None:
    where = place(uow, wish)
    days = (now - wish.created_at).days
    text = (
        f"【微心愿无人认领】{wish.code}{f'（{where}）' if where else ''}：{wish.summary}\n"
        f"已发布 {days} 天仍无人认领，请支部书记协调党员认领或派人帮忙。"
    )
    secretaries = list(uow.people.with_role(wish.estate_id, Role.SECRETARY))
    if not secretaries:
        secretaries = [p for p in uow.people.staff() if p.estate_id in (None, wish.estate_id)]
    _queue_each(uow, account, now, f"wish:{wish.id}:report", secretaries, text)


def _queue_each(
    uow: UnitOfWork, account: str, now: datetime, key: str, people: Iterable[Person], text: str
) -> None:
    for person in people:
        if person.id is not None:
            _queue(uow, account, now, f"{account}:{key}:{person.id}", text, person=person)


def _queue(
    uow: UnitOfWork,
    account: str,
    now: datetime,
    key: str,
    text: str,
    *,
    group: Group | None = None,
    person: Person | None = None,
) -> None:
    outbox.add_once(
        uow,
        OutboxItem(
            account=account,
            text=text,
            created_at=now,
            key=key,
            group_id=group.id if group else None,
            person_id=person.id if person else None,
        ),
    )


def _event(
    uow: UnitOfWork,
    wish: Wish,
    now: datetime,
    kind: WishEventKind,
    actor: Person | None,
    text: str = "",
) -> None:
    assert wish.id is not None
    uow.wishes.add_event(
        WishEvent(
            wish_id=wish.id, at=now, kind=kind, text=text, actor_id=actor.id if actor else None
        )
    )

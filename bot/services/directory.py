"""Who is who and which room is which: the config synced into the database, rooms bound by id."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.config import MEMBER_ROLES, CommunityConfig
from bot.domain.community import Building, Estate, Group, GroupKind, Person, Role
from bot.domain.messages import Inbound
from bot.domain.staff import StaffRole, StaffUser
from bot.ports import UnitOfWork

LAST_SEEN_RESOLUTION = timedelta(minutes=10)
log = logging.getLogger(__name__)


def sync_community(uow: UnitOfWork, config: CommunityConfig, account: str, now: datetime) -> None:
    """Make the database agree with the config file. Idempotent; run at every start.

    Rooms already bound by id keep their binding; staff passwords follow the file.
    Residents the bot met in groups are left alone. What exists is read in a few queries,
    not one per row: a district's config (thousands of groups and buildings) syncs in
    moments at every start and restart.
    """
    known_estates = {e.key: e for e in uow.estates.all()}
    known_buildings = {(b.estate_id, b.number): b for b in uow.estates.buildings()}
    estates: dict[str, Estate] = {}
    buildings: dict[tuple[str, str], Building] = {}
    for ec in config.estates:
        estate = known_estates.get(ec.key) or uow.estates.add(
            Estate(key=ec.key, name=ec.name, branch=ec.branch_name)
        )
        estate.name, estate.branch = ec.name, ec.branch_name
        estates[ec.key] = estate
        assert estate.id is not None
        for bc in ec.buildings:
            building = known_buildings.get((estate.id, bc.number))
            if building is None:
                building = uow.estates.add_building(
                    Building(estate_id=estate.id, number=bc.number, name=bc.label)
                )
                known_buildings[(estate.id, bc.number)] = building
            building.name = bc.label
            buildings[(ec.key, bc.number)] = building

    # Several processes (one per account) start against one database: one sync at a time, so
    # two of them cannot both create the same configured group.
    uow.accounts.exclusive("sync_community")
    _sync_groups(uow, config, account, estates, buildings)

    wanted = [mc.wechat_id for mc in config.members]
    wanted += [sc.wechat_id for sc in config.staff if sc.wechat_id]
    people = uow.people.by_wechat_ids(wanted)
    for mc in config.members:
        person = people.get(mc.wechat_id) or uow.people.add(
            Person(wechat_id=mc.wechat_id, display_name=mc.shown_name, first_seen=now)
        )
        people[mc.wechat_id] = person
        person.display_name = mc.shown_name
        person.real_name = mc.name
        person.role = MEMBER_ROLES[mc.role]
        person.category = mc.category
        person.estate_id = estates[mc.estate].id
        building = buildings.get((mc.estate, mc.building)) if mc.building else None
        person.building_id = building.id if building else None

    for sc in config.staff:
        estate_id = estates[sc.estate].id if sc.estate else None
        person_id = None
        if sc.wechat_id:
            person = people.get(sc.wechat_id) or uow.people.add(
                Person(wechat_id=sc.wechat_id, display_name=sc.name, first_seen=now)
            )
            people[sc.wechat_id] = person
            role = Role.ADMIN if sc.role == "admin" else Role.STAFF
            if sc.role == "secretary":
                role = Role.SECRETARY
            person.role = max(person.role, role)
            person.real_name = person.real_name or sc.name
            person.estate_id = person.estate_id or estate_id
            person_id = person.id
        user = uow.staff.by_username(sc.username) or uow.staff.add(
            StaffUser(
                username=sc.username,
                name=sc.name,
                role=StaffRole(sc.role),
                password_hash=sc.password_hash,
            )
        )
        user.name, user.role = sc.name, StaffRole(sc.role)
        user.set_password_hash(sc.password_hash)  # a new password ends the old sessions
        user.estate_id, user.person_id = estate_id, person_id


Binding = tuple[GroupKind | None, int | None, int | None]  # a group's kind, 小区 and 楼栋


def _binding(group: Group) -> Binding:
    return (group.kind, group.estate_id, group.building_id)


def _sync_groups(
    uow: UnitOfWork,
    config: CommunityConfig,
    account: str,
    estates: dict[str, Estate],
    buildings: dict[tuple[str, str], Building],
) -> None:
    """Each configured group to its row: by the config's room id, else by name.

    A name is only a name: once a configured group's room was bound, the row keeps the
    binding when the room is renamed or the bot is removed from it. Another room that
    takes that name later (anyone can name a group 兰亭小区党员群 and add the bot) must not
    become the 党员群 at the next start, nor may a new placeholder wait for it: a 党员群 hears
    urgent cases and full door numbers. So a binding is given out by name only while the
    config has more groups of that kind, 小区 and 楼栋 than rows already hold it (a group
    added to the config later is still bound); the admin binds any other on the 群 page.
    """
    # Any account's row: a group is one row whichever account sits in it; until an account
    # sees the room, the first process to start holds it provisionally.
    by_room: dict[str, Group] = {}
    by_topic: dict[str, Group] = {}
    held: dict[Binding, int] = {}
    for g in uow.groups.all():  # in id order: the first of a name wins, as before
        if g.room_id:
            by_room.setdefault(g.room_id, g)
        if g.left_at is None:
            by_topic.setdefault(g.topic, g)
        if g.bound:
            held[_binding(g)] = held.get(_binding(g), 0) + 1
    wanted: dict[Binding, int] = {}
    entries = []
    for gc in config.groups:
        estate = estates[gc.estate]
        building = buildings[(gc.estate, gc.building)] if gc.building else None
        binding = (gc.group_kind, estate.id, building.id if building else None)
        wanted[binding] = wanted.get(binding, 0) + 1
        entries.append((gc, binding))
    for gc, binding in entries:
        group = by_room.get(gc.room_id) if gc.room_id else None
        if group is None:
            group = by_topic.get(gc.topic)
            if (group is None or _binding(group) != binding) and held.get(binding, 0) >= wanted[
                binding
            ]:
                if group is not None:
                    log.warning(
                        "group %r (room %s) has a configured group's name, but that group "
                        "is already bound to its own room: left unbound (bind it on the 群 "
                        "page if it is the real one)",
                        gc.topic,
                        group.room_id,
                    )
                continue
        if group is None:
            group = uow.groups.add(Group(account=account, topic=gc.topic, room_id=gc.room_id))
            by_topic.setdefault(gc.topic, group)
        if _binding(group) != binding:
            if group.bound:
                held[_binding(group)] -= 1
            held[binding] = held.get(binding, 0) + 1
        group.kind, group.estate_id, group.building_id = binding
        if gc.room_id:
            group.room_id = gc.room_id
            by_room.setdefault(gc.room_id, group)


def room_seen(uow: UnitOfWork, account: str, room_id: str, topic: str, now: datetime) -> Group:
    """The bot is in `room_id` named `topic`: bind it, follow a rename, or list it as unbound.

    A configured group is bound by topic the first time it is seen; from then on its id
    is what counts, so renaming the room does not unbind it. The first account to see a
    room owns it; another account seen there is recorded (the 群 page offers it).
    """
    return _touch_room(uow, account, room_id, topic, now, uow.groups.by_room_id(room_id))


def _touch_room(
    uow: UnitOfWork, account: str, room_id: str, topic: str, now: datetime, group: Group | None
) -> Group:
    if group is None:
        candidates = [
            g for g in uow.groups.by_topic(topic) if g.room_id is None and g.left_at is None
        ]
        candidates.sort(key=lambda g: (g.account != account, g.id or 0))
        group = candidates[0] if candidates else None
        if group is None:
            group = uow.groups.add(Group(account=account, topic=topic, room_id=room_id))
        elif group.account != account:
            # Nobody had seen this configured group yet: it belongs to the one who sits in it.
            hand_over(uow, group, account)
        group.room_id = room_id
        group.first_seen = group.first_seen or now
        uow.group_accounts.sits_in(_id(group), account, now)
    elif group.account != account:
        uow.group_accounts.sits_in(_id(group), account, now)
        if group.account not in uow.group_accounts.present(_id(group)):
            hand_over(uow, group, account)  # its owner left the group (or never sat in it)
        else:
            return group  # another account answers here; this one only notes it is present
    if topic and group.topic != topic:
        group.topic = topic
    # "Last seen" is for the console; minute precision spares a write on every message.
    if group.last_seen is None or now - group.last_seen >= LAST_SEEN_RESOLUTION:
        group.last_seen = now
        uow.group_accounts.sits_in(_id(group), account, now)
    if group.left_at is not None:
        group.left_at = None
    return group


def hand_over(uow: UnitOfWork, group: Group, account: str) -> None:
    """`account` owns the group from now on; what waits to be sent there goes through it."""
    group.account = account
    uow.sending.move_pending(_id(group), account)


def keeps_media(uow: UnitOfWork, account: str, message: Inbound) -> bool:
    """Whether `arrive` would take this message in and the pipeline keep its file: not seen
    before, and private or in a bound group. Read-only: the pipeline asks it before opening
    the message's transaction, so a download never runs while that transaction holds locks."""
    found = uow.messages.arrival(account, message.message_id, message.room_id, message.sender_id)
    if found.seen:
        return False
    if message.room_id is None:
        return True
    group = found.group
    if group is None:
        topic = message.room_topic or ""
        unseen = (g for g in uow.groups.by_topic(topic) if g.room_id is None and g.left_at is None)
        group = next(unseen, None)
    elif group.account != account and group.account in uow.group_accounts.present(_id(group)):
        return False  # the owning account keeps this group's messages and files
    return group is not None and group.bound


def room_left(uow: UnitOfWork, account: str, room_id: str, now: datetime) -> None:
    """`account` was removed from the room; another account still there takes the group over."""
    group = uow.groups.by_room_id(room_id)
    if group is None:
        return
    uow.group_accounts.left(_id(group), account, now)
    if group.account != account:
        return
    others = [a for a in uow.group_accounts.present(_id(group)) if a != account]
    if others:
        hand_over(uow, group, others[0])
    else:
        group.left_at = now


def _id(group: Group) -> int:
    assert group.id is not None
    return group.id


def person_seen(
    uow: UnitOfWork, wechat_id: str, name: str, group: Group | None, now: datetime
) -> Person:
    """Find or create the sender. A resident's home is learned from the groups they speak in."""
    return _touch_person(uow, wechat_id, name, group, now, uow.people.by_wechat_id(wechat_id))


def _touch_person(
    uow: UnitOfWork,
    wechat_id: str,
    name: str,
    group: Group | None,
    now: datetime,
    person: Person | None,
    account: str | None = None,
    *,
    arriving: bool = False,
) -> Person:
    if person is None:
        person = Person(wechat_id=wechat_id, display_name=name or wechat_id, first_seen=now)
        person.last_account = account
        if group is not None and group.bound:
            # Known before the INSERT, so it goes in that one statement, not an UPDATE after.
            person.estate_id = group.estate_id
            if group.kind is GroupKind.BUILDING:
                person.building_id = group.building_id
        # On arrival the message's own repository stores them (without the ORM session,
        # which a chat line never needs); elsewhere the people repository.
        person = uow.messages.add_sender(person) if arriving else uow.people.add(person)
    elif name and person.role is Role.RESIDENT and person.display_name != name:
        person.display_name = name
    if group is not None and group.bound and person.role is Role.RESIDENT:
        if person.estate_id != group.estate_id:
            person.estate_id = group.estate_id
        if group.kind is GroupKind.BUILDING and person.building_id != group.building_id:
            person.building_id = group.building_id
    return person


def arrive(
    uow: UnitOfWork,
    account: str,
    message: Inbound,
    now: datetime,
    waiting_since: datetime | None = None,
) -> tuple[Group | None, Person | None, bool | None] | None:
    """Resolve a new message's group and sender in one lookup; None if it was seen before.
    With `waiting_since`, the same lookup says whether the sender has files in this chat
    waiting for a case (the third value; None when not asked)."""
    found = uow.messages.arrival(
        account,
        message.message_id,
        message.room_id,
        message.sender_id,
        waiting_since,
        new_id=True,  # a new sender's INSERT then waits for the commit (storage)
    )
    if found.seen:
        return None
    group = None
    if message.room_id is not None:
        group = _touch_room(
            uow, account, message.room_id, message.room_topic or "", now, found.group
        )
    if group is not None and group.account != account:
        return group, found.person, found.waiting  # the owner answers here; see Pipeline
    person = _touch_person(
        uow,
        message.sender_id,
        message.sender_name,
        group,
        now,
        found.person,
        account,
        arriving=True,
    )
    if person.last_account != account:
        person.last_account = account  # the way back to them privately (rarely changes)
    return group, person, found.waiting

"""Many WeChat accounts on one database (issue 15): which account a message goes through,
each account's state and heartbeat, telling staff when one is logged out, and moving a
group to another account from the console.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.accounts import AccountStatus, LinkState, failover_notice, logout_notice
from bot.domain.community import Group, Person, Role
from bot.domain.records import OutboxItem
from bot.ports import UnitOfWork
from bot.services.board import audit

log = logging.getLogger(__name__)


def private_account(
    uow: UnitOfWork, person: Person | None, default: str, now: datetime | None = None
) -> str:
    """The account a private message to `person` goes through: the one they last spoke to
    (private or in a group: that account has them in reach) while it can send; else one
    online that has them as a contact (the caller's own first); else the one they last
    spoke to all the same (the message waits for it), else the caller's own.

    The common case (they last spoke to the caller's account) reads nothing; without `now`
    nothing is checked either (as before issue 15's contact fallback).
    """
    last = person.last_account if person is not None else None
    if person is None or last == default or now is None:
        return last or default
    if last:
        status = uow.accounts.get(last)
        if status is not None and status.reachable(now):
            return last
    having = uow.contacts.having(person.wechat_id)
    if having:
        reachable = {s.name for s in uow.accounts.all() if s.reachable(now)}
        for name in sorted(having, key=lambda n: (n != default, n)):
            if name in reachable:
                return name
    return last or default


def contacts_seen(uow: UnitOfWork, account: str, wechat_ids: Sequence[str], now: datetime) -> int:
    """The transport's contact list for `account` after a login."""
    return uow.contacts.set_contacts(account, wechat_ids, now)


# ---- the state each process reports ------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    per_minute: int = 0
    per_day: int = 0


def report_state(
    uow: UnitOfWork, account: str, state: LinkState, detail: str, now: datetime
) -> None:
    """The transport's news about `account`. Online again clears the logout notice, so the
    next logout is news again."""
    uow.accounts.ensure(account, now)
    uow.accounts.set_state(account, state, detail, now)
    if state is LinkState.ONLINE:
        uow.accounts.set_logout_noticed(account, None)


def notice_logout(uow: UnitOfWork, account: str, now: datetime) -> int:
    """Tell staff once per logout (and only a logout: a gateway restart is a short outage).

    Tried when the logout is reported and again at each heartbeat until another account
    could carry it; the row remembers it was told until the account is online again.
    """
    row = uow.accounts.get(account)
    if row is None or row.state is not LinkState.LOGGED_OUT or row.logout_noticed_at:
        return 0
    row = uow.accounts.lock(account)  # two reports at once must not both tell
    if row is None or row.state is not LinkState.LOGGED_OUT or row.logout_noticed_at:
        return 0
    told = tell_staff_logged_out(uow, account, row.detail, now)
    if told:
        uow.accounts.set_logout_noticed(account, now)
    return told


def heartbeat(uow: UnitOfWork, account: str, now: datetime, tz: ZoneInfo, limits: Limits) -> None:
    """The process is alive: its queue and today's sends, for the accounts page."""
    uow.accounts.ensure(account, now)
    midnight = datetime.combine(now.astimezone(tz).date(), time(0), tz)
    uow.accounts.beat(
        account,
        now,
        queue=uow.sending.queue_length(account),
        sent_today=uow.sending.sent_since(account, midnight),
        per_minute=limits.per_minute,
        per_day=limits.per_day,
    )


def tell_staff_logged_out(uow: UnitOfWork, account: str, detail: str, now: datetime) -> int:
    """Privately, to every staff member with a WeChat id, through an account still online.

    Returns how many were queued (0 when no other account can reach them: the console
    page and the log still show it).
    """
    others = [s for s in uow.accounts.all() if s.name != account and s.reachable(now)]
    if not others:
        return 0
    topics = [topic for _, topic in uow.group_accounts.groups_of(account)]
    text = logout_notice(account, detail, topics)
    reachable = {s.name for s in others}
    key = f"{account}:logout:{now.isoformat()}"
    return _tell_staff(uow, others[0].name, text, key, now, prefer=reachable)


# ---- automatic failover: a group passes to another account in it ----------------------


def take_over(
    uow: UnitOfWork,
    account: str,
    now: datetime,
    after: timedelta,
    watching_since: datetime | None = None,
) -> int:
    """Groups whose owner has been down for `after` pass to `account` when it sits in them,
    is online, and is the first such account to have been seen there (so two accounts in a
    group do not race for it). What waits to be sent there follows; each move is audited;
    staff hear once per owner, through `account`. Run at every heartbeat; returns how many
    groups moved. The owner's waiting private messages to people `account` has as contacts
    go through `account` too.

    The owner coming back changes nothing: the groups stay with their new account (an
    admin moves them back on the 群 page). A blip shorter than `after` moves nothing, and
    neither does a process that has itself been up for less than `after` (`watching_since`):
    after a whole deployment restarts, every row looks long dead to whoever beats first.
    """
    if after <= timedelta(0):
        return 0
    statuses = {s.name: s for s in uow.accounts.all()}
    me = statuses.get(account)
    if me is None or not me.reachable(now):
        return 0
    if watching_since is not None and now - watching_since < after:
        return 0
    down = [
        s for name, s in sorted(statuses.items()) if name != account and s.down_for(now) >= after
    ]
    reachable = {name for name, s in statuses.items() if s.reachable(now)}
    moved = 0
    for owner in down:
        # Its waiting private messages to people this account has as contacts go from here
        # (as private_account would choose now); the rest wait for it, or for another.
        rerouted = uow.sending.move_private_pending(owner.name, account)
        if rerouted:
            log.info("%d private messages of %s go through %s", rerouted, owner.name, account)
        orphans = uow.group_accounts.orphans(owner.name, account)
        if not orphans:
            continue
        uow.accounts.lock(owner.name)  # one taker at a time for this owner's groups
        taken: list[str] = []
        for group_id, topic in orphans:
            first = next((a for a in uow.group_accounts.present(group_id) if a in reachable), None)
            if first != account or not uow.group_accounts.take_group(group_id, owner.name, account):
                continue
            waiting = uow.sending.move_pending(group_id, account)
            audit(
                uow,
                "自动切换",
                "group.account",
                now,
                topic,
                f"{owner.name} → {account}（{waiting} 条待发；{owner.label(now)}超过"
                f" {int(after.total_seconds() // 60)} 分钟）",
            )
            taken.append(topic)
        if taken:
            moved += len(taken)
            _tell_staff(
                uow,
                account,
                failover_notice(owner, account, taken, after, now),
                f"{account}:failover:{owner.name}:{now.isoformat()}",
                now,
            )
    return moved


def _tell_staff(
    uow: UnitOfWork,
    via: str,
    text: str,
    key: str,
    now: datetime,
    *,
    prefer: Collection[str] = (),
) -> int:
    """Privately to every staff member with a WeChat id: through the account they last spoke
    to when it is one of `prefer`, else through `via`. Returns how many were queued."""
    queued = 0
    for person in uow.people.all():
        if person.role < Role.STAFF or person.id is None or person.wechat_id.startswith("console:"):
            continue
        through = person.last_account
        if through is None or through not in prefer:
            through = via
        uow.outbox.add(
            OutboxItem(
                account=through,
                text=text,
                created_at=now,
                key=f"{key}:p{person.id}",
                person_id=person.id,
            )
        )
        queued += 1
    return queued


# ---- what the console shows and changes ---------------------------------------------------


@dataclass(frozen=True)
class AccountRow:
    status: AccountStatus
    label: str
    reachable: bool
    groups: int


def account_rows(uow: UnitOfWork, now: datetime) -> list[AccountRow]:
    statuses = uow.accounts.all()
    owned: dict[str, int] = {}
    for group in uow.groups.all():
        if group.left_at is None and group.bound:
            owned[group.account] = owned.get(group.account, 0) + 1
    rows = [AccountRow(s, s.label(now), s.reachable(now), owned.pop(s.name, 0)) for s in statuses]
    # An account that owns groups but never ran (a config's provisional owner) still shows.
    for name, count in sorted(owned.items()):
        rows.append(AccountRow(AccountStatus(name, LinkState.OFFLINE), "从未运行", False, count))
    return rows


def unreachable_accounts(uow: UnitOfWork, now: datetime) -> set[str]:
    """Accounts that cannot send now: logged out, waiting for a scan, offline, or silent."""
    return {s.name for s in uow.accounts.all() if not s.reachable(now)}


class OwnerRefused(ValueError):
    """The account cannot take the group (shown to the admin as is)."""


def set_owner(uow: UnitOfWork, group_id: int, account: str, actor: str, now: datetime) -> Group:
    """An admin moves a group to another account; what waits to be sent there follows it."""
    group = uow.groups.get(group_id)
    if group is None:
        raise OwnerRefused("没有这个群。")
    account = account.strip()
    known = {s.name for s in uow.accounts.all()} | set(uow.group_accounts.present(group_id))
    if account not in known:
        raise OwnerRefused(f"没有名为「{account}」的机器人账号。")
    if group.account == account:
        return group
    before = group.account
    group.account = account
    moved = uow.sending.move_pending(group_id, account)
    audit(uow, actor, "group.account", now, group.topic, f"{before} → {account}（{moved} 条待发）")
    return group

"""Staff broadcasts: compose → preview → confirm → one outbox row per group; progress.

The console (a later issue) calls these same functions: `compose` gives the preview,
`confirm` queues it (now or at `scheduled_at`), `drop` abandons a draft, `cancel` withdraws
what has not left yet, `progress` and `summaries` show sent / pending / failed per group.
Every state change is written to the audit log in the same transaction. The plain-data
report behind `linli outbox status` is in bot.services.broadcast_status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.broadcasts import (
    Broadcast,
    BroadcastStatus,
    Places,
    TargetError,
    check_notice,
    describe_targets,
    format_when,
    parse_targets,
    render_notice,
    render_preview,
    resolve_groups,
)
from bot.domain.broadcasts import split_audience as domain_split_audience
from bot.domain.community import Group
from bot.domain.records import BULK, OutboxItem, OutboxStatus
from bot.domain.staff import AuditEntry
from bot.ports import UnitOfWork
from bot.services import outbox


class BroadcastError(ValueError):
    """A broadcast that cannot be composed, confirmed or cancelled; the message says why."""


@dataclass(frozen=True)
class Draft:
    broadcast: Broadcast
    groups: list[Group]
    preview: str  # what staff are shown before confirming


def places(uow: UnitOfWork) -> Places:
    """Every 小区, 楼栋 and group the community has (across accounts)."""
    return Places(list(uow.estates.all()), list(uow.estates.buildings()), list(uow.groups.all()))


def compose(
    uow: UnitOfWork,
    *,
    account: str,
    actor: str,
    targets: str,
    body: str,
    community: str,
    tz: ZoneInfo,
    now: datetime,
    author_id: int | None = None,
    scope_estate_id: int | None = None,
    scheduled_at: datetime | None = None,
) -> Draft:
    """Check targets and text, keep a draft, and return the preview. Sends nothing."""
    where = places(uow)
    try:
        tokens = parse_targets(targets, where, scope_estate_id)
        text = render_notice(check_notice(body), community)
    except TargetError as exc:
        raise BroadcastError(str(exc)) from None
    groups = resolve_groups(tokens, where)
    if not groups:
        raise BroadcastError(f"「{targets}」下面没有可以发送的群。")
    replaced = ""
    if author_id is not None:  # a newer draft replaces the older one: 确认 means the latest
        old = uow.broadcasts.latest_draft(author_id)
        if old is not None:
            if not old.expired(now):  # say so: the author may think the older one went out
                replaced = f"\n（上一条还没确认的通知 {old.code} 已作废，以这一条为准。）"
            old.status = BroadcastStatus.DROPPED
    broadcast = uow.broadcasts.add(
        Broadcast(
            account=account,
            actor=actor,
            targets=describe_targets(tokens, where),
            text=text,
            status=BroadcastStatus.DRAFT,
            created_at=now,
            group_ids=[g.id for g in groups if g.id is not None],
            author_id=author_id,
            scope_estate_id=scope_estate_id,
            scheduled_at=scheduled_at,
        )
    )
    return Draft(broadcast, groups, render_preview(broadcast, groups, tz) + replaced)


def split_audience(uow: UnitOfWork, rest: str) -> tuple[str, str]:
    """「通知」's words → (targets, body), the targets being every leading word naming a place."""
    return domain_split_audience(rest, places(uow))


def latest_draft(uow: UnitOfWork, author_id: int, now: datetime) -> Broadcast | None:
    draft = uow.broadcasts.latest_draft(author_id)
    return draft if draft is not None and not draft.expired(now) else None


def confirm(uow: UnitOfWork, broadcast_id: int, *, actor: str, now: datetime) -> Broadcast:
    """Queue a draft: one row per group, each with its own idempotency key, one transaction."""
    broadcast = _get(uow, broadcast_id)
    if broadcast.status is not BroadcastStatus.DRAFT:
        raise BroadcastError(f"通知 {broadcast.code} {_state(broadcast)}，不能再确认。")
    if broadcast.expired(now):
        raise BroadcastError(f"通知 {broadcast.code} 的预览已超过 24 小时，请重新编辑发送。")
    assert broadcast.id is not None
    when = broadcast.scheduled_at
    if when is not None and when <= now:  # confirmed after its time: it goes now
        when = None
    rows = []
    for group_id in broadcast.group_ids:
        group = uow.groups.get(group_id)
        if group is None or group.left_at is not None:
            continue  # the bot left the group since the preview
        rows.append(
            OutboxItem(
                account=group.account,
                text=broadcast.text,
                created_at=now,
                key=f"{group.account}:broadcast:{broadcast.id}:g{group_id}",
                group_id=group_id,
                not_before=when,
                priority=BULK,
                broadcast_id=broadcast.id,
            )
        )
    outbox.enqueue(uow, rows)
    broadcast.status = BroadcastStatus.QUEUED
    broadcast.confirmed_at = now
    _audit(uow, actor, "broadcast.confirm", broadcast, now, f"{len(rows)} 个群：{broadcast.text}")
    return broadcast


def drop(uow: UnitOfWork, broadcast_id: int, *, actor: str, now: datetime) -> Broadcast:
    """Abandon a draft (取消 before 确认)."""
    broadcast = _get(uow, broadcast_id)
    if broadcast.status is not BroadcastStatus.DRAFT:
        raise BroadcastError(f"通知 {broadcast.code} {_state(broadcast)}。")
    broadcast.status = BroadcastStatus.DROPPED
    broadcast.cancelled_at = now
    _audit(uow, actor, "broadcast.drop", broadcast, now, broadcast.text)
    return broadcast


def cancel(uow: UnitOfWork, broadcast_id: int, *, actor: str, now: datetime) -> int:
    """Withdraw a confirmed broadcast's rows that have not left yet; returns how many."""
    broadcast = _get(uow, broadcast_id)
    if broadcast.status is not BroadcastStatus.QUEUED:
        raise BroadcastError(f"通知 {broadcast.code} {_state(broadcast)}，没有可撤回的。")
    assert broadcast.id is not None
    withdrawn = uow.outbox.withdraw_broadcast(broadcast.id, now)
    broadcast.status = BroadcastStatus.CANCELLED
    broadcast.cancelled_at = now
    _audit(uow, actor, "broadcast.cancel", broadcast, now, f"撤回 {withdrawn} 个群")
    return withdrawn


# ---- progress ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupProgress:
    group_id: int
    topic: str
    status: str  # pending / sending / sent / failed / withdrawn
    attempts: int
    sent_at: datetime | None
    error: str | None
    account: str = ""  # the bot account that sends to this group
    delivered_via: str | None = None  # transport / echo / record (see DeliveredVia)


@dataclass(frozen=True)
class AccountProgress:
    """One account's share of a broadcast: each account drains its own, at its own pace."""

    account: str
    sent: int = 0
    pending: int = 0
    failed: int = 0
    withdrawn: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.pending + self.failed + self.withdrawn


@dataclass(frozen=True)
class Progress:
    broadcast: Broadcast
    groups: list[GroupProgress] = field(default_factory=list)

    def count(self, *statuses: str) -> int:
        return sum(1 for g in self.groups if g.status in statuses)

    @property
    def sent(self) -> int:
        return self.count(OutboxStatus.SENT)

    @property
    def pending(self) -> int:
        return self.count(OutboxStatus.PENDING, OutboxStatus.SENDING)

    @property
    def failed(self) -> int:
        return self.count(OutboxStatus.FAILED)

    @property
    def withdrawn(self) -> int:
        return self.count(OutboxStatus.WITHDRAWN)

    def by_account(self) -> list[AccountProgress]:
        counts: dict[str, dict[str, int]] = {}
        for g in self.groups:
            mine = counts.setdefault(g.account, {})
            kind = "pending" if g.status == OutboxStatus.SENDING else g.status
            mine[kind] = mine.get(kind, 0) + 1
        return [
            AccountProgress(
                account,
                sent=c.get(OutboxStatus.SENT, 0),
                pending=c.get(OutboxStatus.PENDING, 0),
                failed=c.get(OutboxStatus.FAILED, 0),
                withdrawn=c.get(OutboxStatus.WITHDRAWN, 0),
            )
            for account, c in sorted(counts.items())
        ]


def progress(uow: UnitOfWork, broadcast_id: int) -> Progress:
    broadcast = _get(uow, broadcast_id)
    assert broadcast.id is not None
    topics = {g.id: g.topic for g in uow.groups.all()}
    rows = [
        GroupProgress(
            group_id=item.group_id or 0,
            topic=topics.get(item.group_id, "?"),
            status=str(item.status),
            attempts=item.attempts,
            sent_at=item.sent_at,
            error=item.error,
            account=item.account,
            delivered_via=str(item.delivered_via) if item.delivered_via else None,
        )
        for item in uow.outbox.by_broadcast(broadcast.id)
    ]
    return Progress(broadcast, rows)


@dataclass(frozen=True)
class Summary:
    broadcast: Broadcast
    counts: dict[str, int]  # outbox status → groups

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def summaries(uow: UnitOfWork, limit: int = 20, *, estate_id: int | None = None) -> list[Summary]:
    """The latest broadcasts with sent / pending / failed counts (console list, CLI)."""
    recent = list(uow.broadcasts.recent(limit, estate_id=estate_id))
    counts = uow.outbox.broadcast_counts([b.id for b in recent if b.id is not None])
    return [Summary(b, counts.get(b.id or 0, {})) for b in recent]


def render_progress(result: Progress, tz: ZoneInfo) -> str:
    b = result.broadcast
    lines = [f"通知 {b.code}（{b.targets}）{_state(b)}"]
    if b.status is BroadcastStatus.QUEUED or result.groups:
        lines.append(
            f"共 {len(result.groups)} 个群：已发 {result.sent}，待发 {result.pending}，"
            f"失败 {result.failed}" + (f"，已撤回 {result.withdrawn}" if result.withdrawn else "")
        )
    if b.scheduled_at and b.status is BroadcastStatus.QUEUED:
        lines.append(f"定时：{format_when(b.scheduled_at, tz)}")
    for g in result.groups:
        if g.status == OutboxStatus.FAILED:
            lines.append(f"· {g.topic}：发送失败（{g.error or '原因不明'}）")
    return "\n".join(lines)


# ---- internals --------------------------------------------------------------------------


def _get(uow: UnitOfWork, broadcast_id: int) -> Broadcast:
    broadcast = uow.broadcasts.get(broadcast_id)
    if broadcast is None:
        raise BroadcastError(f"没有找到通知 B{broadcast_id:04d}。")
    return broadcast


def _state(broadcast: Broadcast) -> str:
    return {
        BroadcastStatus.DRAFT: "还在预览，等待确认",
        BroadcastStatus.QUEUED: "已确认发送",
        BroadcastStatus.DROPPED: "已作废",
        BroadcastStatus.CANCELLED: "已撤回",
    }[broadcast.status]


def _audit(
    uow: UnitOfWork, actor: str, action: str, broadcast: Broadcast, now: datetime, detail: str
) -> None:
    uow.staff.audit(
        AuditEntry(at=now, actor=actor, action=action, target=broadcast.code, detail=detail[:2000])
    )

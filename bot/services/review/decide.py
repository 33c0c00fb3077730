"""Deciding a held message: 转为诉求 (a case, acknowledged in the group as usual) or 不是诉求,
and correcting a case's category. Each decision is stored as a labelled example.

Console and chat call the same functions. Two people deciding the same message at once is
settled by one conditional UPDATE (`ReviewRepository.settle`): exactly one wins, the other is
told who decided first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.cases import CATEGORY_LABELS, Case, CaseEvent, EventKind, Report, summarize
from bot.domain.review import (
    Correction,
    CorrectionLabel,
    ReviewItem,
    ReviewRefused,
    ReviewStatus,
    check_category,
    format_review_code,
)
from bot.domain.sla import SlaPolicy
from bot.ports import UnitOfWork
from bot.services.board import audit
from bot.services.cases import Intake, acknowledgement, alert_urgent, open_or_join
from bot.services.mailer import Mailer

_PLACE_PART = re.compile(r"^[0-9A-Za-z-]{1,16}$")


@dataclass(frozen=True)
class Actor:
    """Who decides: a name for the record and the audit line, and their person id if any."""

    name: str
    audit_as: str  # the audit log's actor: a console username, or "wechat:<name>"
    person_id: int | None = None


@dataclass(frozen=True)
class Setting:
    """Community-wide facts a decision needs (from the config), passed in."""

    community: str
    policy: SlaPolicy
    merge_window: timedelta


@dataclass(frozen=True)
class Place:
    building: str | None
    unit: str | None
    room: str | None


def place(building: str | None, unit: str | None, room: str | None) -> Place:
    """Location fields as typed on the console: trimmed, short, digits/letters only."""
    parts = []
    for value, label in ((building, "楼栋"), (unit, "单元"), (room, "房号")):
        value = (value or "").strip().removesuffix("号楼").removesuffix("单元").strip()
        if value and not _PLACE_PART.match(value):
            raise ReviewRefused(f"{label}请只写数字或字母，例如 3。")
        parts.append(value or None)
    return Place(*parts)


def already(uow: UnitOfWork, item: ReviewItem) -> str:
    """The answer when a message was decided before (by someone else, or a moment ago)."""
    who = f"{item.decided_by} " if item.decided_by else ""
    if item.status is ReviewStatus.CONVERTED:
        case = uow.cases.get(item.case_id) if item.case_id else None
        code = f" {case.code}" if case else ""
        return f"{item.code} 已由 {who}转为诉求{code}，不用再处理。"
    return f"{item.code} 已由 {who}标为「不是诉求」。"


def find(uow: UnitOfWork, item_id: int) -> ReviewItem:
    item = uow.review.get(item_id)
    if item is None:
        raise ReviewRefused(f"没有找到待确认消息 {format_review_code(item_id)}，请核对编号。")
    return item


def _settle(
    uow: UnitOfWork, item: ReviewItem, status: ReviewStatus, actor: Actor, now: datetime
) -> None:
    assert item.id is not None
    if item.status is not ReviewStatus.PENDING:
        raise ReviewRefused(already(uow, item))
    if not uow.review.settle(item.id, status, actor.name, now):
        raise ReviewRefused(already(uow, find(uow, item.id)))


def convert(
    uow: UnitOfWork,
    item: ReviewItem,
    *,
    category: str | None,
    where: Place,
    actor: Actor,
    setting: Setting,
    now: datetime,
) -> Intake:
    """转为诉求: open (or join) a case as if the resident had just reported it.

    The 2341 clock starts now; the case keeps the original message time as its opening time.
    The resident gets the usual acknowledgement in the group, with an @.
    """
    category = check_category(category)
    _settle(uow, item, ReviewStatus.CONVERTED, actor, now)
    intake = open_or_join(
        uow,
        estate_id=item.estate_id,
        group_id=item.group_id,
        reporter_id=item.sender_id,
        report=Report(
            category=category,
            summary=summarize(item.text),
            building=where.building,
            unit=where.unit,
            room=where.room,
            urgent=item.urgent,
        ),
        now=now,
        merge_window=setting.merge_window,
        policy=setting.policy,
    )
    case = intake.case
    assert case.id is not None
    if not intake.joined:
        case.opened_at = min(item.received_at, now)
    item.case_id = case.id
    uow.cases.add_event(
        CaseEvent(
            case_id=case.id,
            at=now,
            kind=EventKind.FROM_REVIEW,
            text=f"{item.code}（原消息 {_local(item.received_at, setting)}，{actor.name}确认）",
            actor_id=actor.person_id,
        )
    )
    key = f"{item.account}:review:{item.id}:convert"
    mail = Mailer(uow, item.account, now, key, setting.policy)
    _acknowledge(uow, mail, item, intake)
    if case.urgent and (intake.escalated or not intake.joined):
        alert_urgent(uow, mail, case, item.text, now)
    _record(uow, item, CorrectionLabel.CONVERTED, "issue", category, where, actor, setting, now)
    audit(uow, actor.audit_as, "review.convert", now, item.code, f"{case.code} {category}")
    return intake


def dismiss(
    uow: UnitOfWork, item: ReviewItem, *, actor: Actor, setting: Setting, now: datetime
) -> None:
    """不是诉求: set aside, nothing said in the group; kept as a chat example."""
    _settle(uow, item, ReviewStatus.DISMISSED, actor, now)
    where = Place(item.building, item.unit, item.room)
    _record(uow, item, CorrectionLabel.DISMISSED, "chat", None, where, actor, setting, now)
    audit(uow, actor.audit_as, "review.dismiss", now, item.code, "")


def recategorize(
    uow: UnitOfWork,
    case: Case,
    category: str | None,
    *,
    text: str,
    actor: Actor,
    setting: Setting,
    now: datetime,
) -> str:
    """改类别: a case's category corrected by staff; returns the old category's label."""
    category = check_category(category)
    if category == case.category:
        raise ReviewRefused("类别没有变化。")
    assert case.id is not None
    before = case.category_label
    case.category = category
    case.updated_at = now
    uow.cases.add_event(
        CaseEvent(
            case_id=case.id,
            at=now,
            kind=EventKind.RECATEGORIZED,
            text=f"{before} → {CATEGORY_LABELS[category]}（{actor.name}）",
            actor_id=actor.person_id,
        )
    )
    uow.review.add_correction(
        Correction(
            community=setting.community,
            label=CorrectionLabel.RECATEGORIZED,
            text=text,
            kind="issue",
            category=category,
            urgent=case.urgent,
            building=case.building,
            unit=case.unit,
            room=case.room,
            estate_id=case.estate_id,
            actor=actor.name,
            at=now,
            case_id=case.id,
        )
    )
    audit(uow, actor.audit_as, "case.category", now, case.code, f"{before} → {category}")
    return before


def _acknowledge(uow: UnitOfWork, mail: Mailer, item: ReviewItem, intake: Intake) -> None:
    text = acknowledgement(intake)
    group = uow.groups.get(item.group_id) if item.group_id else None
    if group is not None and group.left_at is None:
        mail.send(text, group=group, mentions=[item.sender_id])
        return
    person = uow.people.get(item.sender_id)
    if person is not None:
        mail.send(text, person=person)


def _record(
    uow: UnitOfWork,
    item: ReviewItem,
    label: CorrectionLabel,
    kind: str,
    category: str | None,
    where: Place,
    actor: Actor,
    setting: Setting,
    now: datetime,
) -> None:
    uow.review.add_correction(
        Correction(
            community=setting.community,
            label=label,
            text=item.text,
            kind=kind,
            category=category,
            urgent=item.urgent and kind == "issue",
            building=where.building,
            unit=where.unit,
            room=where.room,
            estate_id=item.estate_id,
            actor=actor.name,
            at=now,
            review_id=item.id,
            case_id=item.case_id,
        )
    )


def _local(when: datetime, setting: Setting) -> str:
    return when.astimezone(setting.policy.tz).strftime("%m-%d %H:%M")

"""小区吹哨、部门报到: the signed webhook out, its retries, and the department's answer back.

A 吹哨 writes a delivery row in the sweep's transaction. Delivering it is a separate job:
claim due rows (a lease: `next_attempt_at` moves past the timeout, so a crash mid-POST means
a retry, never a loss), POST outside any transaction, then record the answer. Every retry
sends the same bytes and the same idempotency key, so the department can drop repeats.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain import lifecycle
from bot.domain.cases import Case, CaseEvent, EventKind
from bot.domain.escalation import describe
from bot.domain.sla import SlaPolicy
from bot.domain.webhooks import (
    CallbackReceipt,
    DeliveryStatus,
    WebhookDelivery,
    backoff,
    case_payload,
    signed_headers,
    transient,
)
from bot.ports import Conflict, UnitOfWork, UnitOfWorkFactory, WebhookSender
from bot.services import mailer
from bot.services.mailer import Mailer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Department:
    key: str
    name: str
    url: str
    secret: str
    callback_token: str
    categories: tuple[str, ...]

    def handles(self, category: str) -> bool:
        return category in self.categories or "*" in self.categories


@dataclass(frozen=True)
class RetryPolicy:
    timeout: float = 5.0
    max_attempts: int = 6
    base: timedelta = timedelta(seconds=60)
    batch: int = 20


def department_for(departments: tuple[Department, ...], category: str) -> Department | None:
    exact = [d for d in departments if category in d.categories]
    return next(iter(exact or [d for d in departments if d.handles(category)]), None)


def whistle(
    uow: UnitOfWork,
    case: Case,
    departments: tuple[Department, ...],
    now: datetime,
    *,
    reason: str,
    named: Department | None = None,
) -> Department | None:
    """Queue the signed POST of the case to its category's department (or the one a 书记
    named, convofix14d); None if none is set."""
    assert case.id is not None
    department = named or department_for(departments, case.category)
    if department is None:
        return None
    estate = uow.estates.get(case.estate_id)
    payload = case_payload(
        case,
        estate=estate.name if estate else "",
        department=department.name,
        reason=reason,
        now=now,
    )
    # One key per slip (breaches never decreases), so a case whistled again gets a new one.
    key = f"linli-{case.code}-{department.key}-{case.breaches}"
    uow.webhooks.add(
        WebhookDelivery(
            case_id=case.id,
            department=department.key,
            url=department.url,
            key=key,
            payload=payload,
            created_at=now,
            next_attempt_at=now,
        )
    )
    case.department = department.key
    uow.cases.add_event(
        CaseEvent(case_id=case.id, at=now, kind=EventKind.WHISTLED, text=f"向{department.name}吹哨")
    )
    return department


@dataclass(frozen=True)
class Attempt:
    delivery_id: int
    url: str
    body: bytes
    key: str
    department: str


def deliver_due(
    uow_factory: UnitOfWorkFactory,
    sender: WebhookSender,
    departments: tuple[Department, ...],
    retry: RetryPolicy,
    policy: SlaPolicy,
    account: str,
    now: datetime,
) -> int:
    """Try every delivery that is due; returns how many were delivered."""
    with uow_factory() as uow:
        attempts = []
        for delivery in uow.webhooks.due(now, retry.batch):
            assert delivery.id is not None
            delivery.attempts += 1
            delivery.last_attempt_at = now
            # The lease: if this process dies mid-POST, the row is due again after it.
            delivery.next_attempt_at = now + timedelta(seconds=retry.timeout + 60)
            attempts.append(
                Attempt(
                    delivery.id,
                    delivery.url,
                    delivery.payload.encode(),
                    delivery.key,
                    delivery.department,
                )
            )
        uow.commit()
    by_key = {d.key: d for d in departments}
    delivered = 0
    for attempt in attempts:
        department = by_key.get(attempt.department)
        if department is None:
            status, error = None, "部门已从配置中删除"
            final = True
        else:
            headers = signed_headers(department.secret, attempt.key, attempt.body, now)
            response = sender.post(attempt.url, attempt.body, headers, retry.timeout)
            status, error, final = response.status, response.error, False
        ok = status is not None and 200 <= status < 300
        delivered += ok
        with uow_factory() as uow:
            _record(uow, attempt, status, error, ok, final, retry, policy, account, now)
            uow.commit()
    return delivered


def _record(
    uow: UnitOfWork,
    attempt: Attempt,
    status: int | None,
    error: str,
    ok: bool,
    final: bool,
    retry: RetryPolicy,
    policy: SlaPolicy,
    account: str,
    now: datetime,
) -> None:
    delivery = uow.webhooks.get(attempt.delivery_id)
    if delivery is None:
        return
    delivery.last_status = status
    case = uow.cases.get(delivery.case_id)
    if ok:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
        delivery.last_error = None
        delivery.next_attempt_at = None
        if case is not None:
            _event(uow, case, now, EventKind.WEBHOOK_DELIVERED, f"HTTP {status}")
        return
    delivery.last_error = (error or f"HTTP {status}")[:500]
    if not final and transient(status) and delivery.attempts < retry.max_attempts:
        delivery.next_attempt_at = now + backoff(delivery.attempts, retry.base)
        log.warning("webhook %s attempt %d failed: %s", delivery.key, delivery.attempts, error)
        return
    delivery.status = DeliveryStatus.FAILED
    delivery.next_attempt_at = None
    log.error("webhook %s failed for good: %s", delivery.key, delivery.last_error)
    if case is None:
        return
    text = f"第 {delivery.attempts} 次尝试后放弃：{delivery.last_error}"
    _event(uow, case, now, EventKind.WEBHOOK_FAILED, text)
    # The case keeps its state; people must now pick up the phone.
    mail = Mailer(
        uow,
        mailer.case_account(uow, case, account),
        now,
        f"{account}:webhook:{delivery.key}:failed",
        policy,
    )
    mail.to_people(
        mailer.staff(uow, case),
        f"【吹哨失败】诉求 {describe(case)}推送到部门接口失败（{delivery.last_error}）。"
        "诉求状态不变，请工作人员电话联系部门。",
        urgent=case.urgent,
    )


def _event(uow: UnitOfWork, case: Case, now: datetime, kind: EventKind, text: str) -> None:
    assert case.id is not None
    uow.cases.add_event(CaseEvent(case_id=case.id, at=now, kind=kind, text=text))


# ---- 部门报到: the department answers on the console's API ----------------------------------


class CallbackRefused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def department_by_token(departments: tuple[Department, ...], token: str) -> Department | None:
    # surrogateescape: a header's stray bytes arrive as surrogates, which plain encode()
    # raised on (a 500); given back as the bytes they were, they simply do not match.
    sent = token.encode("utf-8", "surrogateescape")
    for department in departments:
        if secrets.compare_digest(department.callback_token.encode(), sent):
            return department
    return None


def department_report(
    uow: UnitOfWork,
    department: Department,
    case: Case,
    *,
    kind: str,
    text: str,
    now: datetime,
    account: str,
    policy: SlaPolicy,
    key_base: str | None = None,
) -> None:
    """报到 (the department took it on) or 进展 (news): a timeline entry and word to residents."""
    assert case.id is not None
    if case.department != department.key:
        raise CallbackRefused(404, "no such case")  # the same answer as for a missing case
    if not case.status.is_open:
        raise CallbackRefused(409, "the case is closed")
    text = " ".join(text.split())[:500]
    if kind == "report":
        lifecycle.department_reported(case, now)
        event_text = f"{department.name}已报到" + (f"：{text}" if text else "")
        kind_event = EventKind.DEPT_REPORTED
    else:
        if not text:
            raise CallbackRefused(400, "progress needs a text")
        case.updated_at = now
        event_text = f"{department.name}：{text}"
        kind_event = EventKind.DEPT_PROGRESS
    _event(uow, case, now, kind_event, event_text)
    mail = Mailer(
        uow,
        mailer.case_account(uow, case, account),
        now,
        key_base or f"{account}:dept:{case.id}:{now.timestamp():.6f}",
        policy,
    )
    mail.to_reporters(case, f"您反映的诉求 {describe(case)}有新进展：{event_text}")
    internal = f"【部门报到】诉求 {describe(case)}：{event_text}"
    if case.assignee_id is not None:
        assignee = uow.people.get(case.assignee_id)
        if assignee is not None:
            mail.send(internal, person=assignee, chase=True, urgent=case.urgent)
    mail.to_party_group(case, internal)


@dataclass(frozen=True)
class CallbackAnswer:
    body: dict[str, object]
    replayed: bool  # a repeat of an applied callback: answered from the receipt, nothing done


def department_callback(
    uow_factory: UnitOfWorkFactory,
    department: Department,
    case_id: int,
    *,
    idempotency_key: str,
    fingerprint: str,
    kind: str,
    text: str,
    now: datetime,
    account: str,
    policy: SlaPolicy,
) -> CallbackAnswer:
    """Apply a callback once per (department, Idempotency-Key); a repeat gets the first answer.

    The receipt is written in the same transaction as the timeline entry and the messages,
    so either all of them are kept or none. It is inserted before anything else is done: of
    two copies racing past the first look, the unique key stops the second at its insert
    (PostgreSQL makes it wait for the first transaction), and it answers from the receipt.
    Refusals (404, 409 …) change nothing and are not kept: asking again is asked afresh.
    """
    for _ in range(2):
        with uow_factory() as uow:
            found = uow.callbacks.get(department.key, idempotency_key)
            if found is not None:
                return _replay(found, fingerprint)
            case = uow.cases.get(case_id)
            if case is None:
                raise CallbackRefused(404, "no such case")
            receipt = CallbackReceipt(
                department=department.key,
                key=idempotency_key,
                fingerprint=fingerprint,
                case_id=case_id,
                response="",
                received_at=now,
            )
            try:
                uow.callbacks.claim(receipt)  # first, so a racing copy stops before acting
            except Conflict:
                continue  # the other copy won: answer with what it answered
            department_report(
                uow,
                department,
                case,
                kind=kind,
                text=text,
                now=now,
                account=account,
                policy=policy,
                # Derived from the key, so even the outbox refuses a second copy of the news.
                key_base=f"{account}:dept:{department.key}:{_digest(idempotency_key)}",
            )
            body: dict[str, object] = {"ok": True, "case": case.code, "status": str(case.status)}
            receipt.response = json.dumps(body, ensure_ascii=False)
            try:
                uow.commit()
            except Conflict:
                continue
            return CallbackAnswer(body, replayed=False)
    raise CallbackRefused(409, "the same Idempotency-Key is being applied; try again")


def _replay(receipt: CallbackReceipt, fingerprint: str) -> CallbackAnswer:
    if receipt.fingerprint != fingerprint:
        raise CallbackRefused(
            422,
            "this Idempotency-Key was already used for a different request "
            "(此 Idempotency-Key 已用于另一条报送，请换一个新的)",
        )
    return CallbackAnswer(json.loads(receipt.response), replayed=True)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]

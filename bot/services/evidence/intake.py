"""A photo, voice note or video arrives: keep it, and tie it to the case it belongs to.

Rules (issue 14): a file from a resident within the window before or after their report in
the same chat belongs to that case, as does one quoting the bot's message about their case;
a handler's file right after their 进展/方案/办结 belongs to that case; anything else waits
(stored, silent) for a report to adopt it.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.cases import Case, find_case_code
from bot.domain.evidence import (
    KIND_OF_TYPE,
    Evidence,
    EvidenceKind,
    adopt_since,
    near_enough,
    pick_case,
)
from bot.domain.helpdesk import HelpRequest
from bot.domain.messages import Inbound
from bot.ports import BlobStore, MediaTooLarge, MediaUnavailable, UnitOfWork
from bot.services.evidence.files import Prepared, prepare

log = logging.getLogger(__name__)

MB = 1024 * 1024


@dataclass(frozen=True)
class EvidencePolicy:
    window: timedelta = timedelta(minutes=5)
    max_bytes: int = 20 * MB


@dataclass(frozen=True)
class EvidenceDesk:
    """What the pipeline needs to keep files: where they go and the rules, from [evidence]."""

    blobs: BlobStore
    policy: EvidencePolicy = EvidencePolicy()


class Taken(enum.StrEnum):
    ATTACHED = "attached"  # stored and referenced from a case
    WAITING = "waiting"  # stored, no case yet (a report may adopt it)
    DUPLICATE = "duplicate"  # the same file was already kept here
    TOO_LARGE = "too_large"
    UNREADABLE = "unreadable"  # not a photo/voice/video, whatever it claimed
    UNAVAILABLE = "unavailable"  # could not be downloaded


@dataclass(frozen=True)
class Intake:
    taken: Taken
    kind: EvidenceKind
    case: Case | None = None  # the case it belongs (or would have belonged) to
    evidence: Evidence | None = None
    first: bool = False  # the sender's first file here within the window: worth an answer
    help: HelpRequest | None = None  # the 帮办 it is proof of work for (F1), not a case


def take(
    uow: UnitOfWork,
    desk: EvidenceDesk,
    *,
    account: str,
    message: Inbound,
    person_id: int,
    group_id: int | None,
    now: datetime,
) -> Intake:
    kind = KIND_OF_TYPE[message.type]
    window = desk.policy.window
    case = _case_for(uow, account, message, person_id, group_id, now, window)
    helped = _help_for(uow, message, person_id, now, window, case)
    if helped is not None:
        return _take_for_help(uow, desk, account, message, person_id, group_id, now, helped)
    prepared = _fetched(desk, message)
    if isinstance(prepared, Taken):
        return Intake(prepared, kind, case)
    kind = prepared.kind  # what the bytes are beats what the message said
    since = now - window
    same = uow.evidence.find(
        person_id=person_id,
        group_id=group_id,
        sha256=prepared.sha256,
        case_id=case.id if case else None,
        pending=case is None,
        since=None if case else since,
    )
    if same:
        return Intake(Taken.DUPLICATE, kind, case, same[0])
    first = not uow.evidence.find(person_id=person_id, group_id=group_id, since=since)
    if not _stored(desk, prepared, message):
        return Intake(Taken.UNAVAILABLE, kind, case)
    evidence = uow.evidence.add(
        Evidence(
            account=account,
            sha256=prepared.sha256,
            mime=prepared.mime,
            size=len(prepared.data),
            kind=kind,
            person_id=person_id,
            group_id=group_id,
            at=now,
            message_id=message.message_id,
            case_id=case.id if case else None,
        )
    )
    return Intake(Taken.ATTACHED if case else Taken.WAITING, kind, case, evidence, first)


def _fetched(desk: EvidenceDesk, message: Inbound) -> Prepared | Taken:
    """The file, downloaded within the size cap and read; or why it cannot be kept
    (UNAVAILABLE, TOO_LARGE or UNREADABLE)."""
    if message.media is None:
        return Taken.UNAVAILABLE
    try:
        raw = message.media.fetch(desk.policy.max_bytes)
    except MediaTooLarge:
        return Taken.TOO_LARGE
    except MediaUnavailable:
        return Taken.UNAVAILABLE
    if len(raw) > desk.policy.max_bytes:  # a source that ignored the limit
        return Taken.TOO_LARGE
    prepared = prepare(raw)
    return Taken.UNREADABLE if prepared is None else prepared


def _stored(desk: EvidenceDesk, prepared: Prepared, message: Inbound) -> bool:
    """Write the file; a media folder that refuses it (disk full, read-only, missing) loses
    the file only: raised, it failed the whole message, and a caption's words with it."""
    try:
        desk.blobs.put(prepared.sha256, prepared.data)
    except OSError as exc:
        log.error(
            "media folder cannot take a file (%s); message %s kept without it",
            exc.strerror or exc,
            message.message_id,
        )
        return False
    return True


def _help_for(
    uow: UnitOfWork,
    message: Inbound,
    person_id: int,
    now: datetime,
    window: timedelta,
    case: Case | None,
) -> HelpRequest | None:
    """The 帮办 a volunteer's file is proof of (F1): he just reported progress on it or
    finished it, more recently than any case step of his, and quoted no case."""
    if find_case_code(message.quote) is not None:
        return None
    link = uow.evidence.recent_help_handling(person_id, now - window)
    if link is None or not near_enough(link.at, now, window):
        return None
    if case is not None:
        handled = uow.evidence.recent_handling(person_id, now - window)
        if handled is None or handled.at > link.at:
            return None  # his own report, or a case step after the 帮办's: the case's
    return uow.helpdesk.get(link.case_id)


def _take_for_help(
    uow: UnitOfWork,
    desk: EvidenceDesk,
    account: str,
    message: Inbound,
    person_id: int,
    group_id: int | None,
    now: datetime,
    request: HelpRequest,
) -> Intake:
    prepared = _fetched(desk, message)
    if isinstance(prepared, Taken):
        return Intake(prepared, KIND_OF_TYPE[message.type], help=request)
    assert request.id is not None
    kept = uow.evidence.for_help(request.id)
    same = [e for e in kept if e.sha256 == prepared.sha256]
    if same:
        return Intake(Taken.DUPLICATE, prepared.kind, evidence=same[0], help=request)
    if not _stored(desk, prepared, message):
        return Intake(Taken.UNAVAILABLE, prepared.kind, help=request)
    evidence = uow.evidence.add(
        Evidence(
            account=account,
            sha256=prepared.sha256,
            mime=prepared.mime,
            size=len(prepared.data),
            kind=prepared.kind,
            person_id=person_id,
            group_id=group_id,
            at=now,
            message_id=message.message_id,
            help_id=request.id,
        )
    )
    first = not any(e.at >= now - desk.policy.window for e in kept)
    return Intake(Taken.ATTACHED, prepared.kind, evidence=evidence, first=first, help=request)


def adopt_for_help(
    uow: UnitOfWork,
    desk: EvidenceDesk,
    *,
    help_id: int,
    person_id: int,
    group_id: int | None,
    now: datetime,
) -> list[Evidence]:
    """A volunteer's 进展/办结 under an H code: his files sent just before it are its proof."""
    since = adopt_since(now, desk.policy.window)
    return uow.evidence.adopt_for_help(help_id, person_id=person_id, group_id=group_id, since=since)


def adopt_waiting(
    uow: UnitOfWork,
    desk: EvidenceDesk,
    *,
    case_id: int,
    person_id: int,
    group_id: int | None,
    now: datetime,
    waiting: bool | None = None,
) -> list[Evidence]:
    """A report (or a note on a case) just came: the sender's files sent shortly before it
    in the same chat belong to that case. `waiting`: whether any wait, when the caller
    already asked (the pipeline does, with the message's arrival); None: look here."""
    since = adopt_since(now, desk.policy.window)
    # Asked for every report, and almost every report comes without a file before it: one
    # cheap look first; the case and its reporters are read only when there is one.
    if waiting is None:
        waiting = uow.evidence.has_waiting(person_id=person_id, group_id=group_id, since=since)
    if not waiting:
        return []
    case = uow.cases.get(case_id)
    if case is None or not _involved(uow, case, person_id):
        return []
    return uow.evidence.adopt(case_id, person_id=person_id, group_id=group_id, since=since)


def _case_for(
    uow: UnitOfWork,
    account: str,
    message: Inbound,
    person_id: int,
    group_id: int | None,
    now: datetime,
    window: timedelta,
) -> Case | None:
    quoted = find_case_code(message.quote)
    if quoted is not None:
        case = uow.cases.get(quoted)
        if case is None or not _involved(uow, case, person_id):
            quoted = None
    since = now - window
    reported = uow.evidence.recent_report(account, person_id, group_id, since)
    handled = uow.evidence.recent_handling(person_id, since)
    case_id = pick_case(now, window, quoted=quoted, reported=reported, handled=handled)
    return uow.cases.get(case_id) if case_id is not None else None


def _involved(uow: UnitOfWork, case: Case, person_id: int) -> bool:
    assert case.id is not None
    return case.assignee_id == person_id or person_id in uow.cases.reporter_ids(case.id)

"""A resident's rights: a copy of everything stored about them, and erasure."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bot.domain.staff import AuditEntry
from bot.ports import BlobStore, UnitOfWork
from bot.services.privacy.sheets import REFERENCES

# What each table holds, for the reader of an export (a resident, not an engineer).
SECTIONS = {
    "people": "基本信息",
    "messages": "您在群里和私聊中发的消息",
    "cases": "您报的诉求",
    "case_reporters": "您附议的诉求",
    "case_events": "诉求处理记录中与您有关的",
    "outbox": "机器人发给您的消息",
    "wishes": "微心愿",
    "wish_events": "微心愿记录",
    "points_ledger": "积分明细",
    "redemptions": "积分兑换",
    "activity_signups": "活动报名与签到",
    "review_items": "待确认的消息",
    "corrections": "工作人员对机器人理解您消息的更正（用来改进识别）",
    "household_members": "房屋登记",
    "vote_voters": "参与的投票（不含所投选项）",
    "vote_participation": "投票记录（不记名投票不含所投选项）",
    "vote_objections": "对投票结果提的异议",
    "topics": "您发起的议事",
    "topic_opinions": "您对议事提的意见",
    "topic_evaluations": "您对议事结果的评价",
    "suggestions": "您提的建议（说事）",
    "help_requests": "帮办代办",
    "help_events": "帮办代办记录中与您有关的",
    "case_evidence": "您发的照片、语音和视频（只列记录，不含文件本身）",
    "broadcasts": "您发的通知",
    "staff_users": "控制台账号",
    "review_digests": "发给您的待确认摘要",
    "audit_log": "提到您的操作日志",
    "account_contacts": "哪些机器人微信账号的通讯录里有您",
    "absences": "您登记的外出（期间诉求通知和督办改发给他人）",
}


# Columns that are credentials or keys, not information about the resident: a copy must not
# carry them (a password hash can be attacked offline; a vote's seal is a keyed hash that
# only the service may use; a session epoch or a token opens doors). By table, plus any
# column anywhere whose name says it is one, so a new credential column stays out too.
SECRET_COLUMNS: dict[str, frozenset[str]] = {
    "staff_users": frozenset({"password_hash", "session_epoch", "failed_logins", "locked_until"}),
    "vote_participation": frozenset({"seal"}),
}
SECRET_NAME_PARTS = ("password", "hash", "token", "seal", "api_key", "apikey", "session", "salt")


def is_secret(table: str, column: str) -> bool:
    name = column.lower()
    return column in SECRET_COLUMNS.get(table, frozenset()) or any(
        part in name for part in SECRET_NAME_PARTS
    )


class UnknownResident(LookupError):
    """No one with that WeChat id is stored."""


@dataclass(frozen=True)
class ResidentExport:
    """One audited snapshot of everything about a resident, rendered as JSON or Excel.

    `records` holds the rows as stored, by table; `names` the names of the 小区, 楼栋, 群,
    活动 … those rows point at (by table, then id), so a readable copy needs no ids."""

    wechat_id: str
    person_id: int
    at: datetime
    actor: str
    records: dict[str, list[dict[str, Any]]]
    names: dict[str, dict[int, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Erased:
    person_id: int
    counts: dict[str, int]
    # The photos, voice notes and videos they sent that no other row uses: deleted from
    # the media folder once the transaction has committed (`forget_files`).
    files: tuple[str, ...] = ()

    def describe(self) -> str:
        parts = [f"{name} {n}" for name, n in sorted(self.counts.items()) if n]
        return "，".join(parts) or "无其他记录"


def export(uow: UnitOfWork, wechat_id: str, now: datetime, actor: str) -> ResidentExport:
    """Everything stored about the resident, with the names of what it points at (for the
    readable copy); the export is audited."""
    person_id = uow.personal_data.person_id(wechat_id)
    if person_id is None:
        raise UnknownResident(wechat_id)
    found = {
        table: [{k: v for k, v in row.items() if not is_secret(table, k)} for row in rows]
        for table, rows in uow.personal_data.everything_about(person_id, wechat_id).items()
    }
    uow.staff.audit(
        AuditEntry(at=now, actor=actor, action="privacy.export", target=f"person:{person_id}")
    )
    wanted: dict[str, set[int]] = {}
    for table, rows in found.items():
        for column, target in REFERENCES.get(table, {}).items():
            ids = {row[column] for row in rows if isinstance(row.get(column), int)}
            wanted.setdefault(target, set()).update(ids)
    names = {target: uow.personal_data.names(target, ids) for target, ids in wanted.items() if ids}
    return ResidentExport(wechat_id, person_id, now, actor, found, names)


def export_document(export: ResidentExport) -> dict[str, Any]:
    """The complete copy, every column as stored, under Chinese section titles."""
    return {
        "说明": "邻里机器人保存的与您有关的全部信息",
        "微信号": export.wechat_id,
        "导出时间": export.at.isoformat(),
        "内容": {
            SECTIONS.get(table, table): [_plain(row) for row in rows]
            for table, rows in export.records.items()
        },
    }


def export_json(export: ResidentExport) -> str:
    return json.dumps(export_document(export), ensure_ascii=False, indent=2, default=str) + "\n"


def erase(uow: UnitOfWork, wechat_id: str, now: datetime, actor: str) -> Erased:
    """Remove or pseudonymise the resident's messages and details; their cases stay
    without identity and their points as totals. Audited without the WeChat id itself."""
    person_id = uow.personal_data.person_id(wechat_id)
    if person_id is None:
        raise UnknownResident(wechat_id)
    files = uow.evidence.delete_for_person(person_id)
    counts = uow.erasure.erase(person_id, wechat_id)
    counts["case_evidence"] = len(files)
    erased = Erased(person_id, counts, tuple(files))
    uow.staff.audit(
        AuditEntry(
            at=now,
            actor=actor,
            action="privacy.erase",
            target=f"person:{person_id}",
            detail=erased.describe(),
        )
    )
    return erased


def forget_files(blobs: BlobStore, erased: Erased) -> None:
    """After the erasure committed: their files leave the disk (before the commit, a
    rollback would leave rows pointing at nothing)."""
    for sha256 in erased.files:
        blobs.delete(sha256)


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {key: _value(value) for key, value in row.items()}


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    return value

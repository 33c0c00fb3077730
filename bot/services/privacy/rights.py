"""A resident's rights: a copy of everything stored about them, and erasure."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bot.domain.staff import AuditEntry
from bot.ports import UnitOfWork

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
    "household_members": "房屋登记",
    "vote_voters": "参与的投票（不含所投选项）",
    "audit_log": "提到您的操作日志",
}


class UnknownResident(LookupError):
    """No one with that WeChat id is stored."""


@dataclass(frozen=True)
class Erased:
    person_id: int
    counts: dict[str, int]

    def describe(self) -> str:
        parts = [f"{name} {n}" for name, n in sorted(self.counts.items()) if n]
        return "，".join(parts) or "无其他记录"


def export(uow: UnitOfWork, wechat_id: str, now: datetime, actor: str) -> dict[str, Any]:
    """Everything stored about the resident, grouped and labelled; the export is audited."""
    person_id = uow.privacy.person_id(wechat_id)
    if person_id is None:
        raise UnknownResident(wechat_id)
    found = uow.privacy.everything_about(person_id, wechat_id)
    uow.staff.audit(
        AuditEntry(at=now, actor=actor, action="privacy.export", target=f"person:{person_id}")
    )
    return {
        "说明": "邻里机器人保存的与您有关的全部信息",
        "微信号": wechat_id,
        "导出时间": now.isoformat(),
        "内容": {
            SECTIONS.get(table, table): [_plain(row) for row in rows]
            for table, rows in found.items()
        },
    }


def export_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"


def erase(uow: UnitOfWork, wechat_id: str, now: datetime, actor: str) -> Erased:
    """Remove or pseudonymise the resident's messages and details; their cases stay
    without identity and their points as totals. Audited without the WeChat id itself."""
    person_id = uow.privacy.person_id(wechat_id)
    if person_id is None:
        raise UnknownResident(wechat_id)
    erased = Erased(person_id, uow.privacy.erase(person_id, wechat_id))
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

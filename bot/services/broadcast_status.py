"""The outbox and broadcasts as plain data and as a terminal table: `linli outbox status`,
and the labels the console shows for a broadcast's and a message's state."""

from __future__ import annotations

import unicodedata
from zoneinfo import ZoneInfo

from bot.ports import UnitOfWork
from bot.services.broadcasts import Progress, Summary, progress, summaries

STATUS_LABELS = {
    "pending": "待发",
    "sending": "发送中",
    "sent": "已发",
    "failed": "失败",
    "withdrawn": "已撤回",
}
# How a sent message's delivery was known, where it is worth saying (the console's 说明).
DELIVERY_NOTES = {
    "echo": "发送时连接中断，已由微信回显确认送达，未重发",
    "record": "程序中断后，按发送记录确认已送达",
}
STATE_LABELS = {"draft": "待确认", "queued": "已确认", "dropped": "已作废", "cancelled": "已撤回"}


def status_report(
    uow: UnitOfWork, tz: ZoneInfo, *, broadcast_id: int | None = None, limit: int = 20
) -> dict[str, object]:
    """The outbox and broadcasts as plain data (JSON-ready) for the CLI and the console."""
    if broadcast_id is not None:
        result = progress(uow, broadcast_id)
        b = result.broadcast
        return {
            "broadcast": _summary_json(Summary(b, _counts(result)), tz),
            "groups": [
                {
                    "group": g.topic,
                    "status": g.status,
                    "attempts": g.attempts,
                    "sent_at": g.sent_at.astimezone(tz).isoformat() if g.sent_at else None,
                    "error": g.error,
                    "delivered_via": g.delivered_via,
                }
                for g in result.groups
            ],
        }
    return {
        "accounts": uow.outbox.status_by_account(),
        "broadcasts": [_summary_json(s, tz) for s in summaries(uow, limit)],
    }


def _counts(result: Progress) -> dict[str, int]:
    counts: dict[str, int] = {}
    for g in result.groups:
        counts[g.status] = counts.get(g.status, 0) + 1
    return counts


def _summary_json(summary: Summary, tz: ZoneInfo) -> dict[str, object]:
    b, c = summary.broadcast, summary.counts
    return {
        "code": b.code,
        "state": str(b.status),
        "targets": b.targets,
        "groups": len(b.group_ids),
        "sent": c.get("sent", 0),
        "pending": c.get("pending", 0) + c.get("sending", 0),
        "failed": c.get("failed", 0),
        "withdrawn": c.get("withdrawn", 0),
        "created_at": b.created_at.astimezone(tz).isoformat(),
        "scheduled_at": b.scheduled_at.astimezone(tz).isoformat() if b.scheduled_at else None,
        "actor": b.actor,
    }


def render_status_table(report: dict[str, object]) -> str:
    """The status report as a plain text table for a terminal."""
    lines: list[str] = []
    if "groups" in report:
        b = report["broadcast"]
        assert isinstance(b, dict)
        lines.append(
            f"通知 {b['code']}（{b['targets']}）{STATE_LABELS.get(str(b['state']), b['state'])}："
            f"已发 {b['sent']}，待发 {b['pending']}，失败 {b['failed']}，共 {b['groups']} 个群"
        )
        rows = [["群", "状态", "尝试", "发送时间", "错误"]]
        groups = report["groups"]
        assert isinstance(groups, list)
        for g in groups:
            rows.append(
                [
                    g["group"],
                    STATUS_LABELS.get(g["status"], g["status"]),
                    str(g["attempts"]),
                    (g["sent_at"] or "")[5:16].replace("T", " "),
                    g["error"] or DELIVERY_NOTES.get(g["delivered_via"] or "", ""),
                ]
            )
        lines += _table(rows)
        return "\n".join(lines)
    accounts = report["accounts"]
    assert isinstance(accounts, dict)
    if not accounts:
        lines.append("发件箱是空的。")
    for account, counts in sorted(accounts.items()):
        parts = " · ".join(f"{label} {counts.get(k, 0)}" for k, label in STATUS_LABELS.items())
        lines.append(f"账号 {account}：{parts}")
    broadcasts = report["broadcasts"]
    assert isinstance(broadcasts, list)
    if broadcasts:
        lines.append("")
        rows = [["编号", "状态", "对象", "群数", "已发", "待发", "失败", "创建时间", "定时"]]
        for b in broadcasts:
            rows.append(
                [
                    b["code"],
                    STATE_LABELS.get(b["state"], b["state"]),
                    b["targets"][:16],
                    str(b["groups"]),
                    str(b["sent"]),
                    str(b["pending"]),
                    str(b["failed"]),
                    b["created_at"][5:16].replace("T", " "),
                    (b["scheduled_at"] or "")[5:16].replace("T", " "),
                ]
            )
        lines += _table(rows)
    return "\n".join(lines)


def _table(rows: list[list[str]]) -> list[str]:
    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    widths = [max(width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(row)).rstrip()
        for row in rows
    ]

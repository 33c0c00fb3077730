"""How each kind of stored record reads in a resident's Excel export: the sheet's name, and
per column a Chinese header and how a value is shown (local time, 是/否, the codes residents
know such as E0001, names instead of ids). Columns that only the machinery uses (ids, hashes,
delivery attempts) are left out here; the JSON export keeps every column as stored."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.cases import CATEGORY_LABELS, EVENT_LABELS, format_case_code
from bot.domain.deliberation.suggestions import format_suggestion_code
from bot.domain.deliberation.topics import format_topic_code
from bot.domain.deliberation.votes import vote_code
from bot.domain.evidence import EvidenceKind
from bot.domain.helpdesk import CHANNEL_LABELS
from bot.domain.helpdesk import format_code as format_help_code
from bot.domain.review import format_review_code
from bot.domain.wishes import format_wish_code

TIME_FORMAT = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class Context:
    """What showing a value may need: the community's zone, who the export is about, and the
    names of what the rows point at (table → id → name)."""

    tz: ZoneInfo
    person_id: int
    names: Mapping[str, Mapping[int, str]]


Show = Callable[[Any, Context], Any]


def plain(value: Any, ctx: Context) -> Any:
    """Text and numbers as they are; times local; enums by their Chinese label."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.astimezone(ctx.tz).strftime(TIME_FORMAT)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        label = getattr(value, "label", None)
        return label if isinstance(label, str) else str(value.value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{plain(v, ctx)}" for k, v in value.items()) or None
    if isinstance(value, list | tuple):
        return "、".join(str(plain(v, ctx)) for v in value) or None
    return value


def labelled(labels: Mapping[str, str]) -> Show:
    def show(value: Any, ctx: Context) -> Any:
        if value is None:
            return None
        key = value.value if isinstance(value, enum.Enum) else value
        return labels.get(key, plain(value, ctx))

    return show


def code(format_code: Callable[[int], str]) -> Show:
    def show(value: Any, ctx: Context) -> Any:
        return format_code(value) if isinstance(value, int) else None

    return show


def named(table: str, format_code: Callable[[int], str] | None = None) -> Show:
    """A referenced row by its name (and its code, for votes and 议事)."""

    def show(value: Any, ctx: Context) -> Any:
        if not isinstance(value, int):
            return None
        name = ctx.names.get(table, {}).get(value, "")
        return " ".join(p for p in (format_code(value) if format_code else "", name) if p) or None

    return show


def group(value: Any, ctx: Context) -> Any:
    return named("groups")(value, ctx) if value is not None else "私聊"


def you(value: Any, ctx: Context) -> Any:
    """A column naming a person: the resident themselves, or someone else (never who)."""
    if value is None:
        return None
    return "您" if value == ctx.person_id else "其他人"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    show: Show = plain
    refers_to: str | None = None  # the table whose names `show` needs


@dataclass(frozen=True)
class SheetSpec:
    title: str  # at most 31 characters: Excel's limit
    columns: tuple[Column, ...]


def _t(key: str, header: str) -> Column:
    return Column(key, header)


def _ref(key: str, header: str, table: str, fmt: Callable[[int], str] | None = None) -> Column:
    return Column(key, header, named(table, fmt), refers_to=table)


def _estate() -> Column:
    return _ref("estate_id", "小区", "estates")


def _building() -> Column:
    return _ref("building_id", "楼栋", "buildings")


def _group() -> Column:
    return Column("group_id", "群", group, refers_to="groups")


CASE = Column("case_id", "诉求编号", code(format_case_code))
CATEGORY = Column("category", "类别", labelled(CATEGORY_LABELS))
MESSAGE_TYPES = {
    "text": "文字",
    "image": "图片",
    "voice": "语音",
    "video": "视频",
    "emoticon": "表情",
    "url": "链接",
    "file": "文件",
    "other": "其他",
}
INTENTS = {"issue": "诉求", "wish": "微心愿", "chat": "闲聊"}
OUTBOX_STATUS = {
    "pending": "待发送",
    "sending": "发送中",
    "sent": "已发送",
    "failed": "发送失败",
    "withdrawn": "已撤回",
}
SIGNUP_STATUS = {
    "confirmed": "已报名",
    "waiting": "候补",
    "cancelled": "已取消",
    "walk_in": "现场签到",
}
BROADCAST_STATUS = {"draft": "草稿", "queued": "已发出", "dropped": "已放弃", "cancelled": "已取消"}
CHANNELS = {k.value: label for k, label in CHANNEL_LABELS.items()}
EVIDENCE_KINDS = {k.value: k.label for k in EvidenceKind}
WISH_EVENTS = {
    "posted": "许愿",
    "shown": "同意在群里展示",
    "hidden": "不在群里展示",
    "claimed": "有人认领",
    "reoffered": "再次征集",
    "reported": "报告支部书记",
    "fulfilled": "已实现",
    "withdrawn": "已撤回",
}
HELP_EVENTS = {
    "asked": "申请",
    "confirmed": "确认",
    "offered": "派给队员",
    "claimed": "接单",
    "progress": "进展",
    "done": "办结",
    "rated": "评价",
    "escalated": "督办",
    "cancelled": "取消",
    "returned": "队员退回",
    "redo": "居民不满意，重新办理",
}

SHEETS: dict[str, SheetSpec] = {
    "people": SheetSpec(
        "身份信息",
        (
            _t("wechat_id", "微信号"),
            _t("display_name", "群昵称"),
            _t("real_name", "姓名"),
            _t("role", "身份"),
            _t("category", "党员类别"),
            _estate(),
            _building(),
            _t("first_seen", "第一次出现"),
            _t("extra", "其他登记信息"),
        ),
    ),
    "messages": SheetSpec(
        "消息",
        (
            _t("received_at", "时间"),
            _group(),
            Column("type", "类型", labelled(MESSAGE_TYPES)),
            _t("text", "内容"),
            Column("intent_kind", "机器人的理解", labelled(INTENTS)),
            Column("intent_category", "类别", labelled(CATEGORY_LABELS)),
            CASE,
        ),
    ),
    "cases": SheetSpec(
        "诉求",
        (
            Column("id", "诉求编号", code(format_case_code)),
            _t("opened_at", "报事时间"),
            _estate(),
            _group(),
            CATEGORY,
            _t("summary", "内容"),
            _t("building", "楼栋"),
            _t("unit", "单元"),
            _t("room", "房号"),
            _t("urgent", "紧急"),
            _t("status", "状态"),
            Column("reporter_id", "报事人", you),
            Column("assignee_id", "经办人", you),
            _t("reporters", "反映人数"),
            _t("resolved_at", "办结时间"),
            _t("closed_at", "结案时间"),
            _t("rating", "评价"),
            _t("department", "转交部门"),
        ),
    ),
    "case_reporters": SheetSpec("附议", (CASE, _t("reported_at", "时间"))),
    "case_events": SheetSpec(
        "诉求记录",
        (
            CASE,
            _t("at", "时间"),
            Column("kind", "事项", labelled(EVENT_LABELS)),
            _t("text", "内容"),
        ),
    ),
    "case_evidence": SheetSpec(
        "照片和语音",
        (
            CASE,
            _t("at", "时间"),
            Column("kind", "类型", labelled(EVIDENCE_KINDS)),
            _t("size", "大小（字节）"),
            _group(),
        ),
    ),
    "outbox": SheetSpec(
        "机器人发给您的消息",
        (
            _t("created_at", "时间"),
            _group(),
            _t("text", "内容"),
            Column("status", "状态", labelled(OUTBOX_STATUS)),
            _t("sent_at", "发出时间"),
        ),
    ),
    "review_items": SheetSpec(
        "待确认",
        (
            Column("id", "编号", code(format_review_code)),
            _t("received_at", "时间"),
            _group(),
            _t("text", "内容"),
            Column("kind", "机器人的理解", labelled(INTENTS)),
            CATEGORY,
            _t("building", "楼栋"),
            _t("unit", "单元"),
            _t("room", "房号"),
            _t("status", "状态"),
            _t("decided_at", "处理时间"),
            CASE,
        ),
    ),
    "corrections": SheetSpec(
        "识别更正",
        (
            _t("at", "时间"),
            _t("text", "内容"),
            _t("label", "更正"),
            Column("kind", "更正后的理解", labelled(INTENTS)),
            CATEGORY,
            CASE,
        ),
    ),
    "wishes": SheetSpec(
        "微心愿",
        (
            Column("id", "心愿编号", code(format_wish_code)),
            _t("created_at", "时间"),
            _estate(),
            _group(),
            _t("text", "原话"),
            _t("summary", "心愿"),
            _t("status", "状态"),
            _t("public", "公开"),
            Column("requester_id", "许愿人", you),
            Column("claimer_id", "认领人", you),
            _t("claimed_at", "认领时间"),
            _t("fulfilled_at", "实现时间"),
            Column("confirmed_by", "确认人", you),
        ),
    ),
    "wish_events": SheetSpec(
        "微心愿记录",
        (
            Column("wish_id", "心愿编号", code(format_wish_code)),
            _t("at", "时间"),
            Column("kind", "事项", labelled(WISH_EVENTS)),
            _t("text", "内容"),
        ),
    ),
    "points_ledger": SheetSpec(
        "积分",
        (
            _t("at", "时间"),
            Column("person_id", "积分归属", you),
            _estate(),
            _building(),
            _t("rule", "项目"),
            _t("kind", "类型"),
            _t("units", "数量"),
            _t("points", "积分"),
            _t("reason", "事由"),
            _t("actor", "记录人"),
            CASE,
            Column("wish_id", "心愿编号", code(format_wish_code)),
            _ref("activity_id", "活动", "activities"),
        ),
    ),
    "redemptions": SheetSpec(
        "积分兑换",
        (
            _t("at", "时间"),
            Column("person_id", "兑换人", you),
            _ref("item_id", "物品", "catalog_items"),
            _t("points", "积分"),
            _t("actor", "经手人"),
        ),
    ),
    "activity_signups": SheetSpec(
        "报名",
        (
            _ref("activity_id", "活动", "activities"),
            _group(),
            Column("status", "状态", labelled(SIGNUP_STATUS)),
            _t("created_at", "报名时间"),
            _t("attended_at", "签到时间"),
            _t("points", "积分"),
        ),
    ),
    "household_members": SheetSpec(
        "房屋登记",
        (_ref("household_id", "房屋", "households"), _t("owner", "产权人")),
    ),
    "vote_voters": SheetSpec("投票", (_ref("vote_id", "投票", "votes", vote_code),)),
    "vote_participation": SheetSpec(
        "投票记录",
        (
            _ref("vote_id", "投票", "votes", vote_code),
            _t("cast_at", "投票时间"),
            _t("option", "所投选项（不记名投票不记）"),
        ),
    ),
    "vote_objections": SheetSpec(
        "投票异议",
        (
            _ref("vote_id", "投票", "votes", vote_code),
            _t("created_at", "时间"),
            _t("text", "异议"),
            _t("resolution", "答复"),
            _t("resolved_at", "答复时间"),
        ),
    ),
    "topics": SheetSpec(
        "议事",
        (
            Column("id", "议事编号", code(format_topic_code)),
            _t("created_at", "时间"),
            _estate(),
            _t("title", "议题"),
            _t("description", "说明"),
            _t("level", "层级"),
            _t("stage", "进度"),
            _t("closed_at", "结束时间"),
        ),
    ),
    "topic_opinions": SheetSpec(
        "议事意见",
        (
            _ref("topic_id", "议事", "topics", format_topic_code),
            _t("at", "时间"),
            _group(),
            _t("text", "意见"),
        ),
    ),
    "topic_evaluations": SheetSpec(
        "议事评价",
        (
            _ref("topic_id", "议事", "topics", format_topic_code),
            _t("at", "时间"),
            _t("rating", "评价"),
        ),
    ),
    "suggestions": SheetSpec(
        "说事",
        (
            Column("id", "编号", code(format_suggestion_code)),
            _t("created_at", "时间"),
            _estate(),
            _group(),
            _t("text", "内容"),
            _t("status", "状态"),
            _t("answer", "答复"),
            _t("answered_at", "答复时间"),
            _ref("topic_id", "转为议事", "topics", format_topic_code),
        ),
    ),
    "help_requests": SheetSpec(
        "帮办代办",
        (
            Column("id", "编号", code(format_help_code)),
            _t("created_at", "时间"),
            _estate(),
            _t("service_name", "服务"),
            Column("requester_id", "申请人", you),
            _t("contact_name", "联系人"),
            _t("contact_phone", "联系电话"),
            _t("address", "地址"),
            _t("wanted", "希望时间"),
            _t("note", "备注"),
            Column("channel", "渠道", labelled(CHANNELS)),
            _t("status", "状态"),
            Column("claimer_id", "帮办人", you),
            _t("claimed_at", "接单时间"),
            _t("done_at", "办结时间"),
            _t("result", "结果"),
            _t("rating", "评价"),
        ),
    ),
    "help_events": SheetSpec(
        "帮办代办记录",
        (
            Column("request_id", "编号", code(format_help_code)),
            _t("at", "时间"),
            Column("kind", "事项", labelled(HELP_EVENTS)),
            _t("text", "内容"),
        ),
    ),
    "broadcasts": SheetSpec(
        "您发的通知",
        (
            _t("created_at", "时间"),
            _t("targets", "发给"),
            _t("text", "内容"),
            Column("status", "状态", labelled(BROADCAST_STATUS)),
            _t("scheduled_at", "定时"),
        ),
    ),
    "staff_users": SheetSpec(
        "控制台账号",
        (_t("username", "用户名"), _t("name", "姓名"), _t("role", "角色"), _estate()),
    ),
    "review_digests": SheetSpec(
        "待确认摘要", (_t("day", "日期"), _t("sent_at", "发出时间"), _t("items", "条数"))
    ),
    "audit_log": SheetSpec(
        "操作日志",
        (
            _t("at", "时间"),
            _t("actor", "操作人"),
            _t("action", "操作"),
            _t("target", "对象"),
            _t("detail", "内容"),
        ),
    ),
    "absences": SheetSpec(
        "外出登记",
        (
            _t("starts_on", "开始日期"),
            _t("ends_on", "结束日期"),
            _t("note", "您说的话"),
            _t("created_at", "登记时间"),
            _t("ended_at", "提前销假时间"),
        ),
    ),
}

# Per table, the columns that point at a named row (column → table), for the names lookup.
REFERENCES: dict[str, dict[str, str]] = {
    table: {c.key: c.refers_to for c in spec.columns if c.refers_to}
    for table, spec in SHEETS.items()
}


def fallback(table: str, title: str, rows: list[dict[str, Any]]) -> SheetSpec:
    """A table no spec names yet (a new one): every column but ids, under its own name, so
    nothing stored is missing from the readable copy either."""
    keys = [k for k in (rows[0] if rows else {}) if k != "id" and not k.endswith("_id")]
    return SheetSpec(title, tuple(Column(k, k) for k in keys))

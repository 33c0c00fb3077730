"""The schema, as SQLAlchemy Core tables. Alembic migrations are generated from this."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from bot.domain.cases import CaseStatus
from bot.domain.community import GroupKind, Role
from bot.domain.records import OutboxStatus
from bot.domain.staff import StaffRole
from storage.types import IntEnumColumn, StrEnumColumn, UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

estates = Table(
    "estates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(64), nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("branch", String(100), nullable=False),
)

buildings = Table(
    "buildings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("estate_id", ForeignKey("estates.id"), nullable=False),
    Column("number", String(16), nullable=False),
    Column("name", String(100), nullable=False),
    UniqueConstraint("estate_id", "number", name="uq_buildings_estate_number"),
)

groups = Table(
    "groups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account", String(64), nullable=False),
    Column("room_id", String(128)),
    Column("topic", String(200), nullable=False),
    Column("kind", StrEnumColumn(GroupKind)),
    Column("estate_id", ForeignKey("estates.id")),
    Column("building_id", ForeignKey("buildings.id")),
    Column("first_seen", UTCDateTime()),
    Column("last_seen", UTCDateTime()),
    Column("left_at", UTCDateTime()),
    UniqueConstraint("account", "room_id", name="uq_groups_account_room"),
    Index("ix_groups_account_topic", "account", "topic"),
)

people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("wechat_id", String(128), nullable=False, unique=True),
    Column("display_name", String(100), nullable=False),
    Column("role", IntEnumColumn(Role), nullable=False, default=Role.RESIDENT),
    Column("real_name", String(100)),
    Column("category", String(16)),
    Column("estate_id", ForeignKey("estates.id")),
    Column("building_id", ForeignKey("buildings.id")),
    Column("first_seen", UTCDateTime()),
    Column("extra", JSON, nullable=False, default=dict),
)

messages = Table(
    "messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account", String(64), nullable=False),
    Column("message_id", String(128), nullable=False),
    Column("group_id", ForeignKey("groups.id")),
    Column("sender_id", ForeignKey("people.id"), nullable=False),
    Column("type", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("received_at", UTCDateTime(), nullable=False),
    Column("intent_kind", String(16)),
    Column("intent_category", String(32)),
    Column("confidence", Float),
    Column("case_id", ForeignKey("cases.id")),
    UniqueConstraint("account", "message_id", name="uq_messages_account_message_id"),
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("estate_id", ForeignKey("estates.id"), nullable=False),
    Column("group_id", ForeignKey("groups.id")),
    Column("category", String(32), nullable=False),
    Column("summary", Text, nullable=False),
    Column("building", String(16)),
    Column("unit", String(16)),
    Column("room", String(16)),
    Column("urgent", Boolean, nullable=False, default=False),
    Column("status", StrEnumColumn(CaseStatus), nullable=False),
    Column("reporter_id", ForeignKey("people.id"), nullable=False),
    Column("assignee_id", ForeignKey("people.id")),
    Column("reporters", Integer, nullable=False, default=1),
    Column("opened_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime()),
    Column("closed_at", UTCDateTime()),
    Index("ix_cases_open_lookup", "estate_id", "category", "building", "status"),
    Index("ix_cases_reporter", "reporter_id"),
)

case_events = Table(
    "case_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id"), nullable=False, index=True),
    Column("at", UTCDateTime(), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("actor_id", ForeignKey("people.id")),
)

case_reporters = Table(
    "case_reporters",
    metadata,
    Column("case_id", ForeignKey("cases.id"), primary_key=True),
    Column("person_id", ForeignKey("people.id"), primary_key=True),
    Column("reported_at", UTCDateTime(), nullable=False),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account", String(64), nullable=False),
    Column("key", String(200), nullable=False, unique=True),
    Column("group_id", ForeignKey("groups.id")),
    Column("person_id", ForeignKey("people.id")),
    Column("text", Text, nullable=False),
    Column("mention_ids", JSON, nullable=False, default=list),
    Column("status", StrEnumColumn(OutboxStatus), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("not_before", UTCDateTime()),
    Column("claimed_at", UTCDateTime()),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("sent_at", UTCDateTime()),
    Column("error", Text),
    Index("ix_outbox_pending", "account", "status", "id"),
)

staff_users = Table(
    "staff_users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("role", StrEnumColumn(StaffRole), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("estate_id", ForeignKey("estates.id")),
    Column("person_id", ForeignKey("people.id")),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", UTCDateTime()),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime(), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(64), nullable=False),
    Column("target", String(200), nullable=False, default=""),
    Column("detail", Text, nullable=False, default=""),
)

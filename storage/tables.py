"""The schema, as SQLAlchemy Core tables. Alembic migrations are generated from this."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from bot.domain.activities import ActivityStatus, SignupStatus
from bot.domain.broadcasts import BroadcastStatus
from bot.domain.cases import CaseStatus, Rating
from bot.domain.community import GroupKind, Role
from bot.domain.deliberation.suggestions import SuggestionStatus
from bot.domain.deliberation.topics import Level, Stage, StepKind
from bot.domain.deliberation.votes import BallotUnit, VoteStatus
from bot.domain.deliberation.voting import Rule
from bot.domain.helpdesk import Channel
from bot.domain.helpdesk import Status as HelpStatus
from bot.domain.points import RuleKind
from bot.domain.records import DeliveredVia, OutboxStatus
from bot.domain.review import CorrectionLabel, ReviewStatus
from bot.domain.staff import StaffRole
from bot.domain.webhooks import DeliveryStatus
from bot.domain.wishes import WishStatus
from storage.types import AreaColumn, IntEnumColumn, StrEnumColumn, UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# The open case statuses (bot.domain.cases.OPEN_STATUSES) as a partial index's condition.
OPEN_CASES = "status IN ('accepted', 'responded', 'in_progress')"
STEP_NAMES = ("respond", "reply", "coordinate", "solution")
# A case with a "2341" step that has a deadline and is not met: the only cases whose
# figures depend on the clock (a step counts as decided once its deadline passes), so the
# dashboard counts just these from the base table (partial index ix_cases_unmet_opened_at).
UNMET_STEPS = " OR ".join(f"({s}_due IS NOT NULL AND {s}_met IS NULL)" for s in STEP_NAMES)

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
    # Issue 15: a room is one group whichever accounts sit in it (its `account` owns it).
    Index("uq_groups_room", "room_id", unique=True),
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
    # Issue 15: the bot account this person last spoke to; private messages go that way.
    Column("last_account", String(64)),
    Index("ix_people_estate_role", "estate_id", "role"),  # a 小区's party members (0007_volume)
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
    Index("ix_messages_received_at", "received_at"),  # the retention purge goes by age
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
    # Lifecycle and the "2341" clock (migration 0002).
    Column("assigned_at", UTCDateTime()),
    Column("clock_started_at", UTCDateTime()),
    Column("notified_at", UTCDateTime()),
    *(
        Column(f"{step}_{part}", UTCDateTime())
        for step in ("respond", "reply", "coordinate", "solution")
        for part in ("due", "met", "fired")
    ),
    Column("next_due", UTCDateTime()),
    Column("escalation_level", Integer, nullable=False, default=0),
    Column("breaches", Integer, nullable=False, default=0),
    Column("resolved_at", UTCDateTime()),
    Column("rating", StrEnumColumn(Rating)),
    Column("rated_at", UTCDateTime()),
    Column("rating_due", UTCDateTime()),
    Column("reopened", Integer, nullable=False, default=0),
    Column("department", String(64)),
    Column("dept_reported_at", UTCDateTime()),
    # Set when the retention job stripped who reported it (the case and its figures stay).
    Column("pseudonymised_at", UTCDateTime()),
    Index("ix_cases_open_lookup", "estate_id", "category", "building", "status"),
    Index("ix_cases_reporter", "reporter_id"),
    # The SLA sweep reads only this: a partial index holds just the cases with a timer.
    Index(
        "ix_cases_next_due",
        "next_due",
        postgresql_where=text("next_due IS NOT NULL"),
        sqlite_where=text("next_due IS NOT NULL"),
    ),
    Index("ix_cases_opened_at", "opened_at"),
    # The case board by status, newest first (bench/volume.py).
    Index("ix_cases_status_id", "status", "id"),
    # Migration 0007_volume: the board by 小区 and 楼栋 newest first, open and urgent cases
    # (partial: few rows), a 小区's dashboard period.
    Index("ix_cases_estate_building_id", "estate_id", "building", "id"),
    Index("ix_cases_estate_opened_at", "estate_id", "opened_at"),
    Index(
        "ix_cases_open_id",
        "id",
        postgresql_where=text(OPEN_CASES),
        sqlite_where=text(OPEN_CASES),
    ),
    Index("ix_cases_urgent_id", "id", postgresql_where=text("urgent"), sqlite_where=text("urgent")),
    Index(
        "ix_cases_unmet_opened_at",
        "opened_at",
        postgresql_where=text(UNMET_STEPS),
        sqlite_where=text(UNMET_STEPS),
    ),
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
    # Where this reporter spoke (0008_convofix2): news and the rating question go there.
    # Both NULL on older rows: the case's own group.
    Column("group_id", ForeignKey("groups.id")),
    Column("private", Boolean),
    # A person's cases: every arrival asks whether one waits for their rating (0010_pgfast).
    Index("ix_case_reporters_person_id", "person_id"),
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
    # Issue 7: bulk posts (broadcasts, previews, reminders) queue behind replies, and a
    # broadcast's rows carry its id for progress. No FK: SQLite cannot add one to a table.
    Column("priority", Integer, nullable=False, default=0, server_default="0"),
    Column("broadcast_id", Integer),
    # Issue 15 §6: echo confirmation of sends whose outcome was unknown (0007_echo).
    Column("confirm_by", UTCDateTime()),
    Column("delivered_via", StrEnumColumn(DeliveredVia)),
    # media15: a photo sent as proof of work (evidence.id; no FK, as for broadcast_id).
    Column("evidence_id", Integer),
    Index("ix_outbox_pending", "account", "status", "id"),
    Index("ix_outbox_broadcast", "broadcast_id"),
    # Issue 15: each account's heartbeat counts what it sent today (a range, not its history).
    Index("ix_outbox_account_sent", "account", "sent_at"),
    # convofix3: what was just posted in a group (the group help is not posted twice in a row).
    Index("ix_outbox_group_created", "group_id", "created_at"),
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
    # Sessions carry the epoch they were issued under; bumping it ends them all (issue 12).
    Column("session_epoch", Integer, nullable=False, default=0, server_default="0"),
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
    Index("ix_audit_log_at", "at"),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id"), nullable=False, index=True),
    Column("department", String(64), nullable=False),
    Column("url", Text, nullable=False),
    Column("key", String(200), nullable=False, unique=True),
    Column("payload", Text, nullable=False),
    Column("status", StrEnumColumn(DeliveryStatus), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UTCDateTime()),
    Column("last_attempt_at", UTCDateTime()),
    Column("last_status", Integer),
    Column("last_error", Text),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("delivered_at", UTCDateTime()),
    Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
)

# A department callback applied once per Idempotency-Key: the unique pair is what makes a
# replayed or racing repeat fail to apply twice.
callback_receipts = Table(
    "callback_receipts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("department", String(64), nullable=False),
    Column("key", String(200), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("case_id", ForeignKey("cases.id"), nullable=False, index=True),
    Column("response", Text, nullable=False),
    Column("received_at", UTCDateTime(), nullable=False),
    UniqueConstraint("department", "key", name="uq_callback_receipts_department_key"),
)

# ---- issue 6: 微心愿, the 积分 ledger (append-only), 积分超市, monthly 公示 ------------------

wishes = Table(
    "wishes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("estate_id", ForeignKey("estates.id"), nullable=False),
    Column("group_id", ForeignKey("groups.id")),
    Column("building_id", ForeignKey("buildings.id")),
    Column("requester_id", ForeignKey("people.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("summary", Text, nullable=False),
    Column("status", StrEnumColumn(WishStatus), nullable=False),
    Column("public", Boolean, nullable=False, default=False),
    Column("claimer_id", ForeignKey("people.id")),
    Column("claimed_at", UTCDateTime()),
    Column("fulfilled_at", UTCDateTime()),
    Column("confirmed_by", ForeignKey("people.id")),
    Column("reoffered_at", UTCDateTime()),
    Column("reported_at", UTCDateTime()),
    Column("next_due", UTCDateTime()),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime()),
    Index("ix_wishes_estate_status", "estate_id", "status"),
    Index("ix_wishes_requester", "requester_id"),
    Index(
        "ix_wishes_next_due",
        "next_due",
        postgresql_where=text("next_due IS NOT NULL"),
        sqlite_where=text("next_due IS NOT NULL"),
    ),
)

wish_events = Table(
    "wish_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("wish_id", ForeignKey("wishes.id"), nullable=False, index=True),
    Column("at", UTCDateTime(), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("actor_id", ForeignKey("people.id")),
)

# Rows are only ever inserted: a correction is a new row with reverses_id set.
points_ledger = Table(
    "points_ledger",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", ForeignKey("people.id"), nullable=False),
    Column("estate_id", ForeignKey("estates.id")),
    Column("building_id", ForeignKey("buildings.id")),
    Column("rule", String(32), nullable=False),
    Column("kind", StrEnumColumn(RuleKind), nullable=False),
    Column("units", Integer, nullable=False, default=1),
    Column("points", Integer, nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("actor_id", ForeignKey("people.id")),
    Column("actor", String(100), nullable=False, default=""),
    Column("case_id", ForeignKey("cases.id")),
    Column("wish_id", ForeignKey("wishes.id")),
    Column("activity_id", Integer),  # no FK: activities come from a sibling migration
    Column("reverses_id", ForeignKey("points_ledger.id"), unique=True),
    Column("key", String(200), unique=True),
    Column("at", UTCDateTime(), nullable=False),
    # A balance is one SUM over this index; the cap check reads the second.
    Index("ix_points_ledger_person_points", "person_id", "points"),
    Index("ix_points_ledger_person_rule_at", "person_id", "rule", "at"),
    Index("ix_points_ledger_estate_at", "estate_id", "at"),
    Index("ix_points_ledger_at", "at"),
)

catalog_items = Table(
    "catalog_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("estate_id", ForeignKey("estates.id")),
    Column("name", String(40), nullable=False),
    Column("price", Integer, nullable=False),
    Column("stock", Integer, nullable=False),
    Column("merchant", String(100)),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime()),
    CheckConstraint("stock >= 0", name="ck_catalog_items_stock"),
    CheckConstraint("price > 0", name="ck_catalog_items_price"),
)

redemptions = Table(
    "redemptions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", ForeignKey("catalog_items.id"), nullable=False),
    Column("person_id", ForeignKey("people.id"), nullable=False, index=True),
    Column("points", Integer, nullable=False),
    Column("entry_id", ForeignKey("points_ledger.id"), nullable=False),
    Column("actor_id", ForeignKey("people.id")),
    Column("actor", String(100), nullable=False, default=""),
    Column("at", UTCDateTime(), nullable=False),
)

# One row per group and month: the 公示 job checks it, so a restart never posts twice.
points_publications = Table(
    "points_publications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("group_id", ForeignKey("groups.id"), nullable=False),
    Column("month", String(7), nullable=False),  # "2026-11"
    Column("posted_at", UTCDateTime(), nullable=False),
    UniqueConstraint("group_id", "month", name="uq_points_publications_group_month"),
)

# ---- issue 7: 党群阵地 activities and staff broadcasts -----------------------------------

venues = Table(
    "venues",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(64), nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("address", String(200), nullable=False, default=""),
    Column("hours", String(200), nullable=False, default=""),
    Column("estate_id", ForeignKey("estates.id")),
)

activities = Table(
    "activities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(100), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("venue_id", ForeignKey("venues.id"), nullable=False),
    Column("starts_at", UTCDateTime(), nullable=False),
    Column("ends_at", UTCDateTime(), nullable=False),
    Column("capacity", Integer),
    Column("waitlist", Integer, nullable=False, default=0),
    Column("audience", JSON, nullable=False, default=list),
    Column("points", Integer, nullable=False, default=0),
    Column("description", Text, nullable=False, default=""),
    Column("status", StrEnumColumn(ActivityStatus), nullable=False),
    Column("created_by", String(100), nullable=False, default=""),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime()),
    Column("cancelled_at", UTCDateTime()),
    Column("cancel_reason", String(200)),
    Column("version", Integer, nullable=False, default=1),
    Column("lock_seq", Integer, nullable=False, default=0),
    Index("ix_activities_starts_at", "starts_at"),
)

activity_signups = Table(
    "activity_signups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("activity_id", ForeignKey("activities.id"), nullable=False),
    Column("person_id", ForeignKey("people.id"), nullable=False),
    Column("account", String(64), nullable=False),
    Column("group_id", ForeignKey("groups.id")),
    Column("status", StrEnumColumn(SignupStatus), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime()),
    Column("reminded_at", UTCDateTime()),
    Column("attended_at", UTCDateTime()),
    Column("points", Integer, nullable=False, default=0),
    Column("points_awarded_at", UTCDateTime()),
    UniqueConstraint("activity_id", "person_id", name="uq_activity_signups_activity_person"),
    Index("ix_activity_signups_activity_status", "activity_id", "status"),
)

activity_notices = Table(
    "activity_notices",
    metadata,
    Column("activity_id", ForeignKey("activities.id"), primary_key=True),
    Column("group_id", ForeignKey("groups.id"), primary_key=True),
    Column("at", UTCDateTime(), nullable=False),
)

activity_previews = Table(
    "activity_previews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("group_id", ForeignKey("groups.id"), nullable=False),
    Column("month", String(7), nullable=False),  # "2026-12"
    Column("posted_at", UTCDateTime(), nullable=False),
    UniqueConstraint("group_id", "month", name="uq_activity_previews_group_month"),
)

broadcasts = Table(
    "broadcasts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account", String(64), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("author_id", ForeignKey("people.id")),
    Column("scope_estate_id", ForeignKey("estates.id")),
    Column("targets", String(500), nullable=False),
    Column("text", Text, nullable=False),
    Column("group_ids", JSON, nullable=False, default=list),
    Column("status", StrEnumColumn(BroadcastStatus), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("scheduled_at", UTCDateTime()),
    Column("confirmed_at", UTCDateTime()),
    Column("cancelled_at", UTCDateTime()),
    Index("ix_broadcasts_author_status", "author_id", "status"),
)

# ---- issue 11: 待确认 (messages held for a person to decide) and corrections ------------------

review_items = Table(
    "review_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account", String(64), nullable=False),
    Column("message_key", String(128), nullable=False),
    Column("estate_id", ForeignKey("estates.id"), nullable=False),
    Column("group_id", ForeignKey("groups.id")),
    Column("building_id", ForeignKey("buildings.id")),
    Column("sender_id", ForeignKey("people.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("received_at", UTCDateTime(), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("category", String(32)),
    Column("urgent", Boolean, nullable=False, default=False),
    Column("building", String(16)),
    Column("unit", String(16)),
    Column("room", String(16)),
    Column("status", StrEnumColumn(ReviewStatus), nullable=False),
    Column("decided_at", UTCDateTime()),
    Column("decided_by", String(100)),
    Column("case_id", ForeignKey("cases.id")),
    UniqueConstraint("account", "message_key", name="uq_review_items_account_message"),
    Index("ix_review_items_estate_status", "estate_id", "status"),
)

review_digests = Table(
    "review_digests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", ForeignKey("people.id"), nullable=False),
    Column("day", String(10), nullable=False),  # local date, 2026-11-23
    Column("sent_at", UTCDateTime(), nullable=False),
    Column("items", Integer, nullable=False),
    UniqueConstraint("person_id", "day", name="uq_review_digests_person_day"),
)

corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime(), nullable=False),
    Column("community", String(100), nullable=False),
    Column("estate_id", ForeignKey("estates.id")),
    Column("label", StrEnumColumn(CorrectionLabel), nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("category", String(32)),
    Column("urgent", Boolean, nullable=False, default=False),
    Column("building", String(16)),
    Column("unit", String(16)),
    Column("room", String(16)),
    Column("actor", String(100), nullable=False),
    Column("review_id", ForeignKey("review_items.id")),
    Column("case_id", ForeignKey("cases.id")),
    Index("ix_corrections_at", "at"),
)

# ---- issue 13: households (户) and 投票表决 ---------------------------------------------------

households = Table(
    "households",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("estate_id", ForeignKey("estates.id"), nullable=False),
    Column("building_id", ForeignKey("buildings.id"), nullable=False),
    Column("room", String(32), nullable=False),  # 1单元101, as the roster writes it
    Column("area", AreaColumn()),  # 专有部分面积, m²
    Column("verified", Boolean, nullable=False, default=False),
    Column("updated_at", UTCDateTime()),
    UniqueConstraint("building_id", "room", name="uq_households_building_room"),
    Index("ix_households_estate", "estate_id"),
)

household_members = Table(
    "household_members",
    metadata,
    Column("household_id", ForeignKey("households.id"), primary_key=True),
    Column("person_id", ForeignKey("people.id"), primary_key=True),
    Column("owner", Boolean, nullable=False, default=False),  # 产权人
    Index("ix_household_members_person", "person_id"),
)

votes = Table(
    "votes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("estate_id", ForeignKey("estates.id"), nullable=False),
    Column("building_id", ForeignKey("buildings.id")),
    Column("topic_code", String(16)),
    Column("title", String(200), nullable=False),
    Column("options", JSON, nullable=False),
    Column("agree_option", String(20), nullable=False),
    Column("opens_at", UTCDateTime(), nullable=False),
    Column("closes_at", UTCDateTime(), nullable=False),
    Column("unit", StrEnumColumn(BallotUnit), nullable=False),
    Column("secret", Boolean, nullable=False),
    Column("rule", StrEnumColumn(Rule), nullable=False),
    Column("min_turnout", Integer, nullable=False, default=0),
    Column("status", StrEnumColumn(VoteStatus), nullable=False),
    Column("created_by", String(100), nullable=False, default=""),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("opened_at", UTCDateTime()),
    Column("counted_at", UTCDateTime()),
    Column("objection_until", UTCDateTime()),
    Column("finalized_at", UTCDateTime()),
    Column("electorate_count", Integer, nullable=False, default=0),
    Column("electorate_area", AreaColumn(), nullable=False, default=0),
    Column("result", JSON, nullable=False, default=dict),
    Column("publicity_text", Text, nullable=False, default=""),
    Column("final_text", Text, nullable=False, default=""),
    Index("ix_votes_status", "status"),
)

# The electorate as snapshotted at opening: later roster changes do not touch it.
vote_electors = Table(
    "vote_electors",
    metadata,
    Column("vote_id", ForeignKey("votes.id"), primary_key=True),
    Column("elector", String(64), primary_key=True),
    Column("label", String(200), nullable=False),
    Column("area", AreaColumn(), nullable=False),
)

vote_voters = Table(
    "vote_voters",
    metadata,
    Column("vote_id", ForeignKey("votes.id"), primary_key=True),
    Column("elector", String(64), primary_key=True),
    Column("person_id", ForeignKey("people.id"), primary_key=True),
    Index("ix_vote_voters_vote_person", "vote_id", "person_id"),
)

# Who took part. For a secret ballot `option` stays NULL and `seal` is a keyed hash (the key is
# outside the database) that only lets the service find the option to take back on a re-vote.
vote_participation = Table(
    "vote_participation",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("vote_id", ForeignKey("votes.id"), nullable=False),
    Column("elector", String(64), nullable=False),
    Column("person_id", ForeignKey("people.id"), nullable=False),
    Column("cast_at", UTCDateTime(), nullable=False),
    Column("option", String(20)),
    Column("seal", String(64)),
    UniqueConstraint("vote_id", "elector", name="uq_vote_participation_vote_elector"),
)

# The options' running totals: ballots are kept aggregated, one row per option updated in
# place, so no row of a secret ballot can be joined or ordered against a voter.
vote_tallies = Table(
    "vote_tallies",
    metadata,
    Column("vote_id", ForeignKey("votes.id"), primary_key=True),
    Column("option", String(20), primary_key=True),
    Column("count", Integer, nullable=False, default=0),
    Column("area", AreaColumn(), nullable=False, default=0),
)

vote_objections = Table(
    "vote_objections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("vote_id", ForeignKey("votes.id"), nullable=False),
    Column("person_id", ForeignKey("people.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("resolution", Text),
    Column("resolved_by", String(100)),
    Column("resolved_at", UTCDateTime()),
    Index("ix_vote_objections_vote", "vote_id"),
)


# ---- issue 13: 说事 (suggestions) and 议题 (topics) with their stages, opinions, meetings -----

suggestions = Table(
    "suggestions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("estate_id", ForeignKey("estates.id")),
    Column("person_id", ForeignKey("people.id"), nullable=False),
    Column("group_id", ForeignKey("groups.id")),
    Column("building_id", ForeignKey("buildings.id")),
    Column("account", String(64), nullable=False, default=""),
    Column("text", Text, nullable=False),
    Column("status", StrEnumColumn(SuggestionStatus), nullable=False),
    Column("answer", Text, nullable=False, default=""),
    Column("answered_by", String(100), nullable=False, default=""),
    Column("answered_at", UTCDateTime()),
    Column("merged_into", ForeignKey("suggestions.id")),
    Column("topic_id", ForeignKey("topics.id")),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_suggestions_estate_created", "estate_id", "created_at"),
)

topics = Table(
    "topics",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("estate_id", ForeignKey("estates.id"), nullable=False),
    Column("building_id", ForeignKey("buildings.id")),
    Column("level", StrEnumColumn(Level), nullable=False),
    Column("title", String(100), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("stage", StrEnumColumn(Stage), nullable=False),
    Column("skipped", JSON, nullable=False, default=list),
    Column("organiser_id", ForeignKey("people.id")),
    Column("source", String(200), nullable=False, default=""),
    Column("created_by", String(100), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("stage_at", UTCDateTime()),
    Column("closed_at", UTCDateTime()),
    Index("ix_topics_estate_stage", "estate_id", "stage"),
)

topic_steps = Table(
    "topic_steps",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("topic_id", ForeignKey("topics.id"), nullable=False, index=True),
    Column("at", UTCDateTime(), nullable=False),
    Column("kind", StrEnumColumn(StepKind), nullable=False),
    Column("stage", StrEnumColumn(Stage), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("note", Text, nullable=False, default=""),
)

topic_opinions = Table(
    "topic_opinions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("topic_id", ForeignKey("topics.id"), nullable=False, index=True),
    Column("person_id", ForeignKey("people.id"), nullable=False),
    Column("building_id", ForeignKey("buildings.id")),
    Column("group_id", ForeignKey("groups.id")),
    Column("text", Text, nullable=False),
    Column("at", UTCDateTime(), nullable=False),
)

topic_meetings = Table(
    "topic_meetings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("topic_id", ForeignKey("topics.id"), nullable=False, index=True),
    Column("starts_at", UTCDateTime(), nullable=False),
    Column("venue_id", ForeignKey("venues.id")),
    Column("roles", JSON, nullable=False, default=list),
    Column("guests", String(500), nullable=False, default=""),
    Column("attendance", JSON, nullable=False, default=list),
    Column("minutes", Text, nullable=False, default=""),
    Column("minutes_at", UTCDateTime()),
    Column("published_at", UTCDateTime()),
    Column("reminded_at", UTCDateTime()),
    Column("created_by", String(100), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_topic_meetings_starts_at", "starts_at"),
)

topic_evaluations = Table(
    "topic_evaluations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("topic_id", ForeignKey("topics.id"), nullable=False),
    Column("person_id", ForeignKey("people.id"), nullable=False),
    Column("building_id", ForeignKey("buildings.id")),
    Column("rating", String(16), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    UniqueConstraint("topic_id", "person_id", name="uq_topic_evaluations_topic_person"),
)

# 落实: the cases a decided topic spawned (the case machinery runs them; this says why).
topic_cases = Table(
    "topic_cases",
    metadata,
    Column("topic_id", ForeignKey("topics.id"), primary_key=True),
    Column("case_id", ForeignKey("cases.id"), primary_key=True),
    Column("at", UTCDateTime(), nullable=False),
)


# ---- issue 15 §4: monthly rollups for the dashboard (migration 0008_rollup) -------------------

# Cases opened per local month, 小区, category and 楼栋 ('' for none): what the dashboard's
# period figures, 12-month chart and 十件实事 sum. Kept exact by storage/rollup.py.
case_months = Table(
    "case_months",
    metadata,
    Column("month", UTCDateTime(), primary_key=True),  # the local month's first instant
    Column("estate_id", Integer, primary_key=True),
    Column("category", String(32), primary_key=True),
    Column("building", String(16), primary_key=True),
    Column("opened", Integer, nullable=False),
    Column("reporters", Integer, nullable=False),
    Column("resolved", Integer, nullable=False),
    Column("rated", Integer, nullable=False),
    Column("pleased", Integer, nullable=False),
    *(
        Column(f"{step}_{part}", Integer, nullable=False)
        for step in STEP_NAMES
        for part in ("due", "met", "hit")
    ),
)

# The same figures per local month and 小区 only: the period's rates and the 12-month chart
# read these (a few rows per month) rather than the finer rows above.
case_month_totals = Table(
    "case_month_totals",
    metadata,
    Column("month", UTCDateTime(), primary_key=True),
    Column("estate_id", Integer, primary_key=True),
    Column("opened", Integer, nullable=False),
    Column("reporters", Integer, nullable=False),
    Column("resolved", Integer, nullable=False),
    Column("rated", Integer, nullable=False),
    Column("pleased", Integer, nullable=False),
    *(
        Column(f"{step}_{part}", Integer, nullable=False)
        for step in STEP_NAMES
        for part in ("due", "met", "hit")
    ),
)

# Points given by positive rules per local month and 小区 (0: entries without a 小区).
points_months = Table(
    "points_months",
    metadata,
    Column("month", UTCDateTime(), primary_key=True),
    Column("estate_id", Integer, primary_key=True),
    Column("awarded", Integer, nullable=False),
)

# One row: the zone the months are cut in, how far the backfill got, and whether the
# rollups cover everything (until then the dashboard counts the base tables).
rollup_state = Table(
    "rollup_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("tz", String(64), nullable=False),
    Column("done_through", UTCDateTime()),
    Column("complete", Boolean, nullable=False, default=False),
)


# ---- issue 14: 帮办代办 ------------------------------------------------------------------

help_requests = Table(
    "help_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("estate_id", ForeignKey("estates.id"), nullable=False),
    Column("building_id", ForeignKey("buildings.id")),
    Column("group_id", ForeignKey("groups.id")),
    Column("service_key", String(64), nullable=False),
    Column("service_name", String(40), nullable=False),
    Column("point_key", String(64), nullable=False),
    Column("requester_id", ForeignKey("people.id")),
    Column("contact_name", String(40), nullable=False, default=""),
    Column("contact_phone", String(40), nullable=False, default=""),
    Column("channel", StrEnumColumn(Channel), nullable=False),
    Column("status", StrEnumColumn(HelpStatus), nullable=False),
    Column("address", String(200), nullable=False, default=""),
    Column("wanted", String(100), nullable=False, default=""),
    Column("note", Text, nullable=False, default=""),
    Column("entered_by", String(64), nullable=False, default=""),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("confirmed_at", UTCDateTime()),
    Column("claimer_id", ForeignKey("people.id")),
    Column("claimed_at", UTCDateTime()),
    Column("done_at", UTCDateTime()),
    Column("result", Text, nullable=False, default=""),
    Column("persons", Integer, nullable=False, default=1),
    Column("hours", Float, nullable=False, default=0.0),
    Column("rating", StrEnumColumn(Rating)),
    Column("rated_at", UTCDateTime()),
    Column("level", Integer, nullable=False, default=0),
    Column("next_due", UTCDateTime()),
    Column("updated_at", UTCDateTime()),
    Index("ix_help_requests_estate_status", "estate_id", "status"),
    Index("ix_help_requests_requester", "requester_id"),
    Index("ix_help_requests_claimer", "claimer_id"),
    Index("ix_help_requests_confirmed_at", "confirmed_at"),
    Index("ix_help_requests_done_at", "done_at"),
    Index(
        "ix_help_requests_next_due",
        "next_due",
        postgresql_where=text("next_due IS NOT NULL"),
        sqlite_where=text("next_due IS NOT NULL"),
    ),
)

help_events = Table(
    "help_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("request_id", ForeignKey("help_requests.id"), nullable=False, index=True),
    Column("at", UTCDateTime(), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("actor_id", ForeignKey("people.id")),
)


# Photos, voice notes and videos kept as evidence (issue 14). The file itself is in the
# content-addressed media folder under its sha256; `case_id` is NULL while a file waits for
# a report (a photo sent a few minutes before the text).
case_evidence = Table(
    "case_evidence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account", String(64), nullable=False),
    Column("case_id", ForeignKey("cases.id")),
    Column("sha256", String(64), nullable=False),
    Column("mime", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("person_id", ForeignKey("people.id"), nullable=False),
    Column("group_id", ForeignKey("groups.id")),
    Column("at", UTCDateTime(), nullable=False),
    Column("message_id", String(128), nullable=False),
    # A 帮办's proof photo (0011_convofix7): kept on the request, not on a case.
    Column("help_id", ForeignKey("help_requests.id")),
    Index("ix_case_evidence_case", "case_id"),
    Index("ix_case_evidence_help", "help_id"),
    Index("ix_case_evidence_person_at", "person_id", "at"),
    Index("ix_case_evidence_sha256", "sha256"),
)


# ---- issue 15: many WeChat accounts on one database -------------------------------------

accounts = Table(
    "accounts",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("state", String(16), nullable=False),
    Column("detail", String(500), nullable=False, default=""),
    Column("since", UTCDateTime()),
    Column("heartbeat_at", UTCDateTime()),
    Column("queue", Integer, nullable=False, default=0),
    Column("sent_today", Integer, nullable=False, default=0),
    Column("per_minute", Integer, nullable=False, default=0),
    Column("per_day", Integer, nullable=False, default=0),
    Column("logout_noticed_at", UTCDateTime()),
)

# Which accounts sit in which group (the owner and any others), for the 群 page's choice.
group_accounts = Table(
    "group_accounts",
    metadata,
    Column("group_id", ForeignKey("groups.id"), primary_key=True),
    Column("account", String(64), primary_key=True),
    Column("last_seen", UTCDateTime()),
    Column("left_at", UTCDateTime()),
)

# Who each account has as a contact, as its transport reported after the last login
# (0008_district3): a private message may go through any of them. By WeChat id, not person:
# most contacts never speak to the bot.
account_contacts = Table(
    "account_contacts",
    metadata,
    Column("account", String(64), primary_key=True),
    Column("wechat_id", String(128), primary_key=True),
    Column("seen_at", UTCDateTime(), nullable=False),
    Index("ix_account_contacts_wechat_id", "wechat_id"),
)

# A finished month's export, made once and served again while the month's ledger is unchanged
# (0010_exports; issue 15 §4: a district's month is ~13 s of openpyxl work). `scope` is "all"
# or "estate:<id>"; `fingerprint` says which ledger rows the file was made from.
export_files = Table(
    "export_files",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("scope", String(32), nullable=False),
    Column("month", String(7), nullable=False),
    Column("fingerprint", String(96), nullable=False),
    Column("made_at", UTCDateTime(), nullable=False),
    Column("body", LargeBinary, nullable=False),
    UniqueConstraint("kind", "scope", "month", name="uq_export_files_key"),
)

# Who said she is away, and for which local days (both ends included; round fifteen,
# 0012_absences): the new-case notices and the ladder's 楼栋党小组长 rung pass her over.
# `created_by` is who recorded it (herself in chat, a 书记 …), not a foreign key: a person's
# export shows her own absences, not the ones she happened to record for others.
absences = Table(
    "absences",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", ForeignKey("people.id"), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("created_by", Integer),
    Column("ended_at", UTCDateTime()),
    CheckConstraint("ends_on >= starts_on", name="ck_absences_span"),
    Index("ix_absences_person_ends", "person_id", "ends_on"),
)

"""activities, sign-ups, venues, broadcasts; outbox priority and broadcast_id (issue 7)

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-24 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "venues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("hours", sa.String(length=200), nullable=False),
        sa.Column("estate_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["estate_id"], ["estates.id"], name=op.f("fk_venues_estate_id_estates")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_venues")),
        sa.UniqueConstraint("key", name=op.f("uq_venues_key")),
    )
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("venue_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("waitlist", sa.Integer(), nullable=False),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancel_reason", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("lock_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venues.id"], name=op.f("fk_activities_venue_id_venues")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    op.create_index("ix_activities_starts_at", "activities", ["starts_at"], unique=False)
    op.create_table(
        "activity_notices",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_notices_activity_id_activities"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_activity_notices_group_id_groups")
        ),
        sa.PrimaryKeyConstraint("activity_id", "group_id", name=op.f("pk_activity_notices")),
    )
    op.create_table(
        "activity_previews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_activity_previews_group_id_groups")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_previews")),
        sa.UniqueConstraint("group_id", "month", name="uq_activity_previews_group_month"),
    )
    op.create_table(
        "activity_signups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("points_awarded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_signups_activity_id_activities"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_activity_signups_group_id_groups")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_activity_signups_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_signups")),
        sa.UniqueConstraint("activity_id", "person_id", name="uq_activity_signups_activity_person"),
    )
    op.create_index(
        "ix_activity_signups_activity_status",
        "activity_signups",
        ["activity_id", "status"],
        unique=False,
    )
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("scope_estate_id", sa.Integer(), nullable=True),
        sa.Column("targets", sa.String(length=500), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("group_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["people.id"], name=op.f("fk_broadcasts_author_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["scope_estate_id"], ["estates.id"], name=op.f("fk_broadcasts_scope_estate_id_estates")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcasts")),
    )
    op.create_index(
        "ix_broadcasts_author_status", "broadcasts", ["author_id", "status"], unique=False
    )
    op.add_column("outbox", sa.Column("priority", sa.Integer(), server_default="0", nullable=False))
    op.add_column("outbox", sa.Column("broadcast_id", sa.Integer(), nullable=True))
    op.create_index("ix_outbox_broadcast", "outbox", ["broadcast_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_outbox_broadcast", table_name="outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("broadcast_id")
        batch.drop_column("priority")
    op.drop_index("ix_broadcasts_author_status", table_name="broadcasts")
    op.drop_table("broadcasts")
    op.drop_index("ix_activity_signups_activity_status", table_name="activity_signups")
    op.drop_table("activity_signups")
    op.drop_table("activity_previews")
    op.drop_table("activity_notices")
    op.drop_index("ix_activities_starts_at", table_name="activities")
    op.drop_table("activities")
    op.drop_table("venues")

"""说事 (suggestions) and 议题 (topics): stages, opinions, meetings, evaluations, spawned cases

Revision ID: 0006_topics
Revises: 0005
Create Date: 2026-11-30 22:30:00
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0006_topics"
down_revision = "0006_sec_console"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = True) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}")


def upgrade() -> None:
    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("estate_id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=True),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("skipped", sa.JSON(), nullable=False),
        sa.Column("organiser_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        _when("created_at", nullable=False),
        _when("stage_at"),
        _when("closed_at"),
        _fk("topics", "estate_id", "estates"),
        _fk("topics", "building_id", "buildings"),
        _fk("topics", "organiser_id", "people"),
        sa.PrimaryKeyConstraint("id", name="pk_topics"),
    )
    op.create_index("ix_topics_estate_stage", "topics", ["estate_id", "stage"])
    op.create_table(
        "suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("estate_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("building_id", sa.Integer(), nullable=True),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answered_by", sa.String(length=100), nullable=False),
        _when("answered_at"),
        sa.Column("merged_into", sa.Integer(), nullable=True),
        sa.Column("topic_id", sa.Integer(), nullable=True),
        _when("created_at", nullable=False),
        _fk("suggestions", "estate_id", "estates"),
        _fk("suggestions", "person_id", "people"),
        _fk("suggestions", "group_id", "groups"),
        _fk("suggestions", "building_id", "buildings"),
        _fk("suggestions", "merged_into", "suggestions"),
        _fk("suggestions", "topic_id", "topics"),
        sa.PrimaryKeyConstraint("id", name="pk_suggestions"),
    )
    op.create_index("ix_suggestions_estate_created", "suggestions", ["estate_id", "created_at"])
    op.create_table(
        "topic_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        _when("at", nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        _fk("topic_steps", "topic_id", "topics"),
        sa.PrimaryKeyConstraint("id", name="pk_topic_steps"),
    )
    op.create_index("ix_topic_steps_topic_id", "topic_steps", ["topic_id"])
    op.create_table(
        "topic_opinions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        _when("at", nullable=False),
        _fk("topic_opinions", "topic_id", "topics"),
        _fk("topic_opinions", "person_id", "people"),
        _fk("topic_opinions", "building_id", "buildings"),
        _fk("topic_opinions", "group_id", "groups"),
        sa.PrimaryKeyConstraint("id", name="pk_topic_opinions"),
    )
    op.create_index("ix_topic_opinions_topic_id", "topic_opinions", ["topic_id"])
    op.create_table(
        "topic_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        _when("starts_at", nullable=False),
        sa.Column("venue_id", sa.Integer(), nullable=True),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("guests", sa.String(length=500), nullable=False),
        sa.Column("attendance", sa.JSON(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        _when("minutes_at"),
        _when("published_at"),
        _when("reminded_at"),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        _when("created_at", nullable=False),
        _fk("topic_meetings", "topic_id", "topics"),
        _fk("topic_meetings", "venue_id", "venues"),
        sa.PrimaryKeyConstraint("id", name="pk_topic_meetings"),
    )
    op.create_index("ix_topic_meetings_topic_id", "topic_meetings", ["topic_id"])
    op.create_index("ix_topic_meetings_starts_at", "topic_meetings", ["starts_at"])
    op.create_table(
        "topic_evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=True),
        sa.Column("rating", sa.String(length=16), nullable=False),
        _when("at", nullable=False),
        _fk("topic_evaluations", "topic_id", "topics"),
        _fk("topic_evaluations", "person_id", "people"),
        _fk("topic_evaluations", "building_id", "buildings"),
        sa.PrimaryKeyConstraint("id", name="pk_topic_evaluations"),
        sa.UniqueConstraint("topic_id", "person_id", name="uq_topic_evaluations_topic_person"),
    )
    op.create_table(
        "topic_cases",
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        _when("at", nullable=False),
        _fk("topic_cases", "topic_id", "topics"),
        _fk("topic_cases", "case_id", "cases"),
        sa.PrimaryKeyConstraint("topic_id", "case_id", name="pk_topic_cases"),
    )


def downgrade() -> None:
    op.drop_table("topic_cases")
    op.drop_table("topic_evaluations")
    op.drop_index("ix_topic_meetings_starts_at", table_name="topic_meetings")
    op.drop_index("ix_topic_meetings_topic_id", table_name="topic_meetings")
    op.drop_table("topic_meetings")
    op.drop_index("ix_topic_opinions_topic_id", table_name="topic_opinions")
    op.drop_table("topic_opinions")
    op.drop_index("ix_topic_steps_topic_id", table_name="topic_steps")
    op.drop_table("topic_steps")
    op.drop_index("ix_suggestions_estate_created", table_name="suggestions")
    op.drop_table("suggestions")
    op.drop_index("ix_topics_estate_stage", table_name="topics")
    op.drop_table("topics")

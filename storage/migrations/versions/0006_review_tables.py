"""待确认 (review_items), the daily digests about them, and corrections (issue 11)

Revision ID: 0006_review
Revises: 0005
Create Date: 2026-11-30 22:30:00
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0006_review"
down_revision = "0006_data_integrity"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = True) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "review_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("message_key", sa.String(length=128), nullable=False),
        sa.Column("estate_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("building_id", sa.Integer(), nullable=True),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _when("received_at", nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("building", sa.String(length=16), nullable=True),
        sa.Column("unit", sa.String(length=16), nullable=True),
        sa.Column("room", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        _when("decided_at"),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["estate_id"], ["estates.id"], name="fk_review_items_estate_id_estates"
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name="fk_review_items_group_id_groups"
        ),
        sa.ForeignKeyConstraint(
            ["building_id"], ["buildings.id"], name="fk_review_items_building_id_buildings"
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"], ["people.id"], name="fk_review_items_sender_id_people"
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_review_items_case_id_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_review_items"),
        sa.UniqueConstraint("account", "message_key", name="uq_review_items_account_message"),
    )
    op.create_index("ix_review_items_estate_status", "review_items", ["estate_id", "status"])
    op.create_table(
        "review_digests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        _when("sent_at", nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name="fk_review_digests_person_id_people"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_review_digests"),
        sa.UniqueConstraint("person_id", "day", name="uq_review_digests_person_day"),
    )
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        _when("at", nullable=False),
        sa.Column("community", sa.String(length=100), nullable=False),
        sa.Column("estate_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("building", sa.String(length=16), nullable=True),
        sa.Column("unit", sa.String(length=16), nullable=True),
        sa.Column("room", sa.String(length=16), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["estate_id"], ["estates.id"], name="fk_corrections_estate_id_estates"
        ),
        sa.ForeignKeyConstraint(
            ["review_id"], ["review_items.id"], name="fk_corrections_review_id_review_items"
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_corrections_case_id_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_corrections"),
    )
    op.create_index("ix_corrections_at", "corrections", ["at"])


def downgrade() -> None:
    op.drop_index("ix_corrections_at", table_name="corrections")
    op.drop_table("corrections")
    op.drop_table("review_digests")
    op.drop_index("ix_review_items_estate_status", table_name="review_items")
    op.drop_table("review_items")

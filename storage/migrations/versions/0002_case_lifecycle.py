"""case lifecycle: the 2341 clock as columns, ratings, escalation and webhook deliveries

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 00:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

STEPS = ("respond", "reply", "coordinate", "solution")


def _timestamps() -> list[str]:
    return [
        "assigned_at",
        "clock_started_at",
        "notified_at",
        *(f"{step}_{part}" for step in STEPS for part in ("due", "met", "fired")),
        "next_due",
        "resolved_at",
        "rated_at",
        "rating_due",
        "dept_reported_at",
    ]


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        for name in _timestamps():
            batch.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("escalation_level", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("breaches", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("rating", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("reopened", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("department", sa.String(length=64), nullable=True))
    op.create_index(
        "ix_cases_next_due",
        "cases",
        ["next_due"],
        postgresql_where=sa.text("next_due IS NOT NULL"),
        sqlite_where=sa.text("next_due IS NOT NULL"),
    )
    op.create_index("ix_cases_opened_at", "cases", ["opened_at"])
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_webhook_deliveries_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
        sa.UniqueConstraint("key", name=op.f("uq_webhook_deliveries_key")),
    )
    op.create_index(
        op.f("ix_webhook_deliveries_case_id"), "webhook_deliveries", ["case_id"], unique=False
    )
    op.create_index(
        "ix_webhook_deliveries_due", "webhook_deliveries", ["status", "next_attempt_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_webhook_deliveries_due", table_name="webhook_deliveries")
    op.drop_index(op.f("ix_webhook_deliveries_case_id"), table_name="webhook_deliveries")
    op.drop_table("webhook_deliveries")
    op.drop_index("ix_cases_opened_at", table_name="cases")
    op.drop_index("ix_cases_next_due", table_name="cases")
    with op.batch_alter_table("cases") as batch:
        for name in (
            *_timestamps(),
            "escalation_level",
            "breaches",
            "rating",
            "reopened",
            "department",
        ):
            batch.drop_column(name)

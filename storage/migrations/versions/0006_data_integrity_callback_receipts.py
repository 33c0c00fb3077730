"""Department callbacks are applied once per Idempotency-Key (issue 12, item 7)

Revision ID: 0006_data_integrity
Revises: 0005
Create Date: 2026-11-30 22:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_data_integrity"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "callback_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_callback_receipts_case_id_cases"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_callback_receipts"),
        sa.UniqueConstraint("department", "key", name="uq_callback_receipts_department_key"),
    )
    op.create_index("ix_callback_receipts_case_id", "callback_receipts", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_callback_receipts_case_id", table_name="callback_receipts")
    op.drop_table("callback_receipts")

"""Finished months' exports, kept (issue 15 §4).

Revision ID: 0010_exports
Revises: 0009_convofix3
Create Date: 2026-12-01 11:10:00

`export_files`: a closed month's 积分台账 workbook, made once (by the nightly job or the first
request) and served again while that month's ledger rows are unchanged. A new, empty table:
creating it takes no lock on any existing one, so it is safe on a live database.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_exports"
down_revision = "0009_convofix3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "export_files",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("scope", sa.String(32), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("fingerprint", sa.String(96), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.UniqueConstraint("kind", "scope", "month", name="uq_export_files_key"),
    )


def downgrade() -> None:
    op.drop_table("export_files")

"""Outbox rows whose send may or may not have gone out wait for the puppet's echo
(`confirm_by`), and a sent row records how its delivery was confirmed (`delivered_via`).

Revision ID: 0007_echo
Revises: 0006_district
Create Date: 2026-12-01 00:40:00

Safe on a live database: two nullable columns without defaults (on PostgreSQL an
ADD COLUMN like that changes only the catalogue, no table rewrite, however many outbox
rows there are); SQLite adds them in place too. No index: the rows in doubt are found
among the account's in-flight rows, which ix_outbox_pending already serves.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_echo"
down_revision = "0007_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("confirm_by", sa.DateTime(timezone=True), nullable=True))
    op.add_column("outbox", sa.Column("delivered_via", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("delivered_via")
        batch_op.drop_column("confirm_by")

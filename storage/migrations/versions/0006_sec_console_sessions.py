"""Console sessions end on the server: a per-account session epoch

A session cookie carries the epoch it was issued under; logging out or a new password
bumps the account's epoch, so every earlier cookie (including a copied one) stops working.

Revision ID: 0006_sec_console
Revises: 0005
Create Date: 2026-11-30 22:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_sec_console"
down_revision = "0006_votes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_epoch", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.drop_column("session_epoch")

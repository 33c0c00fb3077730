"""Each WeChat account's contacts, so a private message can go through an account that has
the person when the one they last spoke to is missing or down (issue 15 §1).

Revision ID: 0008_district3
Revises: 0007_volume
Create Date: 2026-12-01 04:00:00

Safe on a live database: one new table, nothing existing is rewritten or locked.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_district3"
down_revision = "0007_volume"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account_contacts",
        sa.Column("account", sa.String(64), primary_key=True),
        sa.Column("wechat_id", sa.String(128), primary_key=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_account_contacts_wechat_id", "account_contacts", ["wechat_id"])


def downgrade() -> None:
    op.drop_index("ix_account_contacts_wechat_id", table_name="account_contacts")
    op.drop_table("account_contacts")

"""Where each (co-)reporter of a case reported it, so news and the rating question reach
each one where they spoke (issue 11, C30).

Revision ID: 0008_convofix2
Revises: 0007_volume
Create Date: 2026-12-01 04:10:00

`case_reporters.group_id`: the group the report came from; `case_reporters.private`: true
when it came in a private chat. Both NULL on rows written before this migration: those
reporters keep hearing in the case's group, as before.

Safe on a live database: two nullable columns without a default, which PostgreSQL adds
without rewriting the table; SQLite adds them with ALTER TABLE … ADD COLUMN.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_convofix2"
down_revision = "0008_rollup"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_reporters") as batch:
        batch.add_column(
            sa.Column(
                "group_id",
                sa.Integer(),
                sa.ForeignKey("groups.id", name="fk_case_reporters_group_id_groups"),
                nullable=True,
            )
        )
        batch.add_column(sa.Column("private", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_reporters") as batch:
        batch.drop_column("private")
        batch.drop_column("group_id")

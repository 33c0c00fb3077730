"""An index on what the bot posted in each group, by time (convofix3 #5).

Revision ID: 0009_convofix3
Revises: 0008_convofix2
Create Date: 2026-12-01 07:00:00

`ix_outbox_group_created (group_id, created_at)`: the group help looks up whether the same
help was posted in the group in the last minutes, a range of one group's rows rather than a
scan of the whole outbox.

On a live PostgreSQL database CREATE INDEX blocks writes to the outbox while it builds
(seconds for a community's outbox); SQLite builds it in place.
"""

from __future__ import annotations

from alembic import op

revision = "0009_convofix3"
down_revision = "0008_convofix2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_outbox_group_created", "outbox", ["group_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_outbox_group_created", table_name="outbox")

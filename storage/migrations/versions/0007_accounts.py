"""Many WeChat accounts on one database: each account's state, which accounts sit in which
group, the account each person last spoke to, and one group per room whichever accounts see it.

Revision ID: 0007_accounts
Revises: 0006_district
Create Date: 2026-12-01 00:40:00

Safe on a live database: two new small tables, one nullable column (no rewrite), and on
PostgreSQL the two indexes (one unique on groups.room_id, one on the big outbox) are built
CONCURRENTLY, outside a transaction, so writers are not blocked. Before this revision
every process made its own copy of a room it saw; such copies (a room seen by two accounts)
are kept for their history but unbound from the room (the oldest row keeps it), so the
index can be built.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0007_accounts"
down_revision = "0006_district"
branch_labels = None
depends_on = None

INDEXES = (
    ("uq_groups_room", "groups", ["room_id"], True),
    # Each account's heartbeat counts today's sends: a range on this index, not its history.
    ("ix_outbox_account_sent", "outbox", ["account", "sent_at"], False),
)


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("detail", sa.String(500), nullable=False, server_default=""),
        sa.Column("since", sa.DateTime(timezone=True)),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True)),
        sa.Column("queue", sa.Integer, nullable=False, server_default="0"),
        sa.Column("sent_today", sa.Integer, nullable=False, server_default="0"),
        sa.Column("per_minute", sa.Integer, nullable=False, server_default="0"),
        sa.Column("per_day", sa.Integer, nullable=False, server_default="0"),
        sa.Column("logout_noticed_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "group_accounts",
        sa.Column("group_id", sa.Integer, sa.ForeignKey("groups.id"), primary_key=True),
        sa.Column("account", sa.String(64), primary_key=True),
        sa.Column("last_seen", sa.DateTime(timezone=True)),
        sa.Column("left_at", sa.DateTime(timezone=True)),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_account", sa.String(64), nullable=True))
    # Every account that already holds a row for a room sits in it.
    op.execute(
        "INSERT INTO group_accounts (group_id, account, last_seen, left_at) "
        "SELECT keeper.id, g.account, g.last_seen, g.left_at FROM groups g "
        "JOIN (SELECT room_id, MIN(id) AS id FROM groups WHERE room_id IS NOT NULL "
        "GROUP BY room_id) keeper ON keeper.room_id = g.room_id "
        "WHERE NOT EXISTS (SELECT 1 FROM groups o WHERE o.room_id = g.room_id "
        "AND o.account = g.account AND o.id < g.id)"
    )
    groups = sa.table(
        "groups",
        sa.column("id", sa.Integer),
        sa.column("room_id", sa.String),
        sa.column("left_at", sa.DateTime(timezone=True)),
    )
    keepers = (
        sa.select(sa.func.min(groups.c.id))
        .where(groups.c.room_id.is_not(None))
        .group_by(groups.c.room_id)
        .scalar_subquery()
    )
    op.execute(
        groups.update()
        .where(groups.c.room_id.is_not(None), groups.c.id.not_in(keepers))
        .values(room_id=None, left_at=sa.func.coalesce(groups.c.left_at, datetime.now(UTC)))
    )
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            for name, table, columns, unique in INDEXES:
                op.create_index(
                    name,
                    table,
                    columns,
                    unique=unique,
                    postgresql_concurrently=True,
                    if_not_exists=True,
                )
    else:
        for name, table, columns, unique in INDEXES:
            op.create_index(name, table, columns, unique=unique)


def downgrade() -> None:
    for name, table, _columns, _unique in INDEXES:
        op.drop_index(name, table_name=table)
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("last_account")
    op.drop_table("group_accounts")
    op.drop_table("accounts")

"""District volume: indexes for the console's busiest reads after years of data.

Revision ID: 0007_volume
Revises: 0006_district
Create Date: 2026-12-01 00:40:00

bench/volume.py measured each against a district's three years (500,000 cases):
- the case board by 小区 and 楼栋, newest first: a rare pair (a quiet 小区's 楼栋) is a
  backward scan of (estate_id, building, id) instead of walking the primary key through
  years of other cases (by 小区 alone the primary key's backward scan is what PostgreSQL
  picks, so no (estate_id, id) index);
- the open cases (board 未办结, 超时, the dashboard's open and overdue counts): a partial
  index holding only open cases, so a filter matching few cases does not walk three years;
- urgent cases: a partial index of the few urgent ones;
- a 小区's dashboard (a secretary's): (estate_id, opened_at);
- a case page's dispatch list (the 小区's party members by role): (estate_id, role) on people.

Safe on a live database: only new indexes, built CONCURRENTLY on PostgreSQL (outside a
transaction, so arrivals and the outbox keep writing while they build); IF NOT EXISTS lets a
rerun after an interrupted build finish the job. Plain CREATE INDEX on SQLite.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007_volume"
down_revision = "0007_echo"
branch_labels = None
depends_on = None

OPEN = "status IN ('accepted', 'responded', 'in_progress')"

# (name, table, columns, partial condition or None)
INDEXES: tuple[tuple[str, str, list[str], str | None], ...] = (
    ("ix_cases_estate_building_id", "cases", ["estate_id", "building", "id"], None),
    ("ix_cases_estate_opened_at", "cases", ["estate_id", "opened_at"], None),
    ("ix_cases_open_id", "cases", ["id"], OPEN),
    ("ix_cases_urgent_id", "cases", ["id"], "urgent"),
    ("ix_people_estate_role", "people", ["estate_id", "role"], None),
)


def _where(condition: str | None) -> dict[str, Any]:
    if condition is None:
        return {}
    return {"postgresql_where": sa.text(condition), "sqlite_where": sa.text(condition)}


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            for name, table, columns, condition in INDEXES:
                op.create_index(
                    name,
                    table,
                    columns,
                    postgresql_concurrently=True,
                    if_not_exists=True,
                    **_where(condition),
                )
    else:
        for name, table, columns, condition in INDEXES:
            op.create_index(name, table, columns, **_where(condition))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            for name, table, _columns, _condition in INDEXES:
                op.drop_index(name, table_name=table, postgresql_concurrently=True, if_exists=True)
    else:
        for name, table, _columns, _condition in INDEXES:
            op.drop_index(name, table_name=table)

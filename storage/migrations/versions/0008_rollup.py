"""Monthly rollups for the dashboard at district size (issue 15 §4).

Revision ID: 0008_rollup
Revises: 0007_volume
Create Date: 2026-12-01 03:40:00

- case_months: cases opened per local month, 小区, category and 楼栋, with the figures the
  dashboard sums (opened, reporters, resolved, rated, pleased, each "2341" step's deadlines,
  steps met, steps met in time);
- case_month_totals: the same per month and 小区 only (the period's rates, the 12-month chart);
- points_months: points given by positive rules per local month and 小区;
- rollup_state: the zone the months are cut in, the backfill's progress, and whether it is
  complete (until then the dashboard keeps counting the base tables);
- ix_cases_unmet_opened_at: a partial index of the cases with a step that has a deadline and
  is not met, the only part of the figures that moves with the clock.

Safe on a live database: new empty tables (nothing else is locked) and an index built
CONCURRENTLY on PostgreSQL (IF NOT EXISTS lets a rerun finish an interrupted build). The
rollups are filled afterwards by `linli rollup backfill`, one month per transaction;
storage/rollup.py keeps them exact from the first write on.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008_rollup"
down_revision = "0008_district3"
branch_labels = None
depends_on = None

STEPS = ("respond", "reply", "coordinate", "solution")
UNMET = " OR ".join(f"({s}_due IS NOT NULL AND {s}_met IS NULL)" for s in STEPS)
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "case_months",
        sa.Column("month", WHEN, primary_key=True),
        sa.Column("estate_id", sa.Integer, primary_key=True),
        sa.Column("category", sa.String(32), primary_key=True),
        sa.Column("building", sa.String(16), primary_key=True),
        *(
            sa.Column(name, sa.Integer, nullable=False)
            for name in ("opened", "reporters", "resolved", "rated", "pleased")
        ),
        *(
            sa.Column(f"{step}_{part}", sa.Integer, nullable=False)
            for step in STEPS
            for part in ("due", "met", "hit")
        ),
        sa.PrimaryKeyConstraint(
            "month", "estate_id", "category", "building", name="pk_case_months"
        ),
    )
    op.create_table(
        "case_month_totals",
        sa.Column("month", WHEN, primary_key=True),
        sa.Column("estate_id", sa.Integer, primary_key=True),
        *(
            sa.Column(name, sa.Integer, nullable=False)
            for name in ("opened", "reporters", "resolved", "rated", "pleased")
        ),
        *(
            sa.Column(f"{step}_{part}", sa.Integer, nullable=False)
            for step in STEPS
            for part in ("due", "met", "hit")
        ),
        sa.PrimaryKeyConstraint("month", "estate_id", name="pk_case_month_totals"),
    )
    op.create_table(
        "points_months",
        sa.Column("month", WHEN, primary_key=True),
        sa.Column("estate_id", sa.Integer, primary_key=True),
        sa.Column("awarded", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("month", "estate_id", name="pk_points_months"),
    )
    op.create_table(
        "rollup_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("tz", sa.String(64), nullable=False),
        sa.Column("done_through", WHEN),
        sa.Column("complete", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rollup_state"),
    )
    where: dict[str, Any] = {"postgresql_where": sa.text(UNMET), "sqlite_where": sa.text(UNMET)}
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.create_index(
                "ix_cases_unmet_opened_at",
                "cases",
                ["opened_at"],
                postgresql_concurrently=True,
                if_not_exists=True,
                **where,
            )
    else:
        op.create_index("ix_cases_unmet_opened_at", "cases", ["opened_at"], **where)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.drop_index(
                "ix_cases_unmet_opened_at",
                table_name="cases",
                postgresql_concurrently=True,
                if_exists=True,
            )
    else:
        op.drop_index("ix_cases_unmet_opened_at", table_name="cases")
    op.drop_table("rollup_state")
    op.drop_table("points_months")
    op.drop_table("case_month_totals")
    op.drop_table("case_months")

"""帮办代办: requests for services of the 清单 and their timeline (issue 14, part 1)

Revision ID: 0006_helpdesk
Revises: 0006_data_integrity
Create Date: 2026-11-30 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_helpdesk"
# Chained after the 0006 already merged on this branch's base (one head for `upgrade head`).
down_revision = "0006_topics"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _fk(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{table}.id"], name=f"fk_help_requests_{column}_{table}"
    )


def upgrade() -> None:
    op.create_table(
        "help_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("estate_id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("service_key", sa.String(length=64), nullable=False),
        sa.Column("service_name", sa.String(length=40), nullable=False),
        sa.Column("point_key", sa.String(length=64), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=True),
        sa.Column("contact_name", sa.String(length=40), nullable=False),
        sa.Column("contact_phone", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("wanted", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("confirmed_at", TZ, nullable=True),
        sa.Column("claimer_id", sa.Integer(), nullable=True),
        sa.Column("claimed_at", TZ, nullable=True),
        sa.Column("done_at", TZ, nullable=True),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("rating", sa.String(length=32), nullable=True),
        sa.Column("rated_at", TZ, nullable=True),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("next_due", TZ, nullable=True),
        sa.Column("updated_at", TZ, nullable=True),
        _fk("estate_id", "estates"),
        _fk("building_id", "buildings"),
        _fk("group_id", "groups"),
        _fk("requester_id", "people"),
        _fk("claimer_id", "people"),
        sa.PrimaryKeyConstraint("id", name="pk_help_requests"),
    )
    op.create_index("ix_help_requests_estate_status", "help_requests", ["estate_id", "status"])
    op.create_index("ix_help_requests_requester", "help_requests", ["requester_id"])
    op.create_index("ix_help_requests_claimer", "help_requests", ["claimer_id"])
    op.create_index("ix_help_requests_confirmed_at", "help_requests", ["confirmed_at"])
    op.create_index("ix_help_requests_done_at", "help_requests", ["done_at"])
    op.create_index(
        "ix_help_requests_next_due",
        "help_requests",
        ["next_due"],
        postgresql_where=sa.text("next_due IS NOT NULL"),
        sqlite_where=sa.text("next_due IS NOT NULL"),
    )
    op.create_table(
        "help_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"], ["help_requests.id"], name="fk_help_events_request_id_help_requests"
        ),
        sa.ForeignKeyConstraint(["actor_id"], ["people.id"], name="fk_help_events_actor_id_people"),
        sa.PrimaryKeyConstraint("id", name="pk_help_events"),
    )
    op.create_index("ix_help_events_request_id", "help_events", ["request_id"])


def downgrade() -> None:
    op.drop_index("ix_help_events_request_id", table_name="help_events")
    op.drop_table("help_events")
    for name in (
        "ix_help_requests_next_due",
        "ix_help_requests_done_at",
        "ix_help_requests_confirmed_at",
        "ix_help_requests_claimer",
        "ix_help_requests_requester",
        "ix_help_requests_estate_status",
    ):
        op.drop_index(name, table_name="help_requests")
    op.drop_table("help_requests")

"""Schema migrations (Alembic), run from `linli db upgrade` and at `linli run` start."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    # A plain connection, not engine.begin(): Alembic owns the transactions, so a migration
    # may step outside them (CREATE INDEX CONCURRENTLY on a live PostgreSQL database).
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()


def revision(url: str, message: str) -> None:
    """Developers: autogenerate a migration from storage/tables.py."""
    command.revision(alembic_config(url), message=message, autogenerate=True)

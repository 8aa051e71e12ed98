"""Run the Alembic migrations (loaded only when the schema has to change).

This module knows a database only by its URL: :class:`afterview.storage.db.Database` calls
it, never the other way round, so the two do not import each other.
"""

from __future__ import annotations


def config(url: str) -> object:
    """The Alembic configuration for the database at ``url`` (a ``Database.url``)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "afterview.storage:migrations")
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at ``url`` to ``revision`` (it must already exist)."""
    from alembic import command

    command.upgrade(config(url), revision)  # type: ignore[arg-type]

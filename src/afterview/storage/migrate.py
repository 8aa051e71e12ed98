"""Run the Alembic migrations (loaded only when the schema has to change)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from afterview.storage.db import Database


def config(db: Database) -> object:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "afterview.storage:migrations")
    url = db.url.replace("postgresql://", "postgresql+psycopg://", 1)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(db: Database, revision: str = "head") -> None:
    from alembic import command

    if db.path is not None:
        db.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        db._connect().close()  # creates the file with owner-only permissions
    command.upgrade(config(db), revision)  # type: ignore[arg-type]

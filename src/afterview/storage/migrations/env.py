"""Alembic environment: migrate the database named by the configuration's URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from afterview.storage.schema import metadata

url = context.config.get_main_option("sqlalchemy.url")
assert url is not None
engine = create_engine(url)
try:
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
finally:  # a refused migration (a centre's runtime role) must not leave its connection open
    engine.dispose()

"""Where afterview keeps the user's files.

One function finds the data folder, with one override: ``AFTERVIEW_HOME``. Tests point it
at a temporary folder so nothing ever touches a real home directory.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_HOME = "AFTERVIEW_HOME"


def data_dir() -> Path:
    """The user's afterview folder: ``$AFTERVIEW_HOME``, else the platform's data folder."""
    override = os.environ.get(ENV_HOME)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir  # deferred: only needed without the override

    return Path(user_data_dir("afterview", appauthor=False))


def database_url() -> str:
    """``AFTERVIEW_DATABASE_URL``, else ``DATABASE_URL``, else SQLite in the data folder."""
    for name in ("AFTERVIEW_DATABASE_URL", "DATABASE_URL"):
        value = os.environ.get(name)
        if value:
            return value
    return f"sqlite:///{data_dir() / 'afterview.db'}"


POOL_SIZE = 10  # connections the web server keeps on PostgreSQL (docs/CENTRE.md)
POOL_TIMEOUT_S = 10  # how long a request waits for one before a 503


def database_pool() -> tuple[int, float]:
    """The web server's connection pool on PostgreSQL: ``AFTERVIEW_DATABASE_POOL_SIZE``
    connections (10: a few more than two cores keep busy, well under PostgreSQL's 100), and
    ``AFTERVIEW_DATABASE_POOL_TIMEOUT`` seconds a request waits for one (10)."""
    return (
        _whole("AFTERVIEW_DATABASE_POOL_SIZE", POOL_SIZE),
        float(_whole("AFTERVIEW_DATABASE_POOL_TIMEOUT", POOL_TIMEOUT_S)),
    )


def _whole(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        from afterview.domain.errors import InputError

        raise InputError("database_pool_setting_invalid", name=name, value=text)
    return int(text)

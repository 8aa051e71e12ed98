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

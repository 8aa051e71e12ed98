"""Shared fixtures: every test gets its own afterview home, never the real one."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

import afterview.wiring  # noqa: F401  installs the storage behind the services' ports

# Property tests draw the same examples on every run (a failure reproduces; the suite stays
# deterministic) and keep no example database in the working tree.
settings.register_profile("afterview", derandomize=True, database=None)
settings.load_profile("afterview")

if TYPE_CHECKING:
    from tests.support.dovecot import Dovecot

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that would leave new files readable by everyone (0666)."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def afterview_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "afterview-home"
    monkeypatch.setenv("AFTERVIEW_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path / "no-home"))
    for name in ("AFTERVIEW_DATABASE_URL", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def imap(monkeypatch: pytest.MonkeyPatch) -> Iterator[Dovecot]:
    """A real IMAP server (Debian's dovecot) of its own, set up as the user's mail account."""
    from tests.support.dovecot import running_dovecot

    with running_dovecot() as server:
        for name, value in server.env().items():
            monkeypatch.setenv(name, value)
        yield server

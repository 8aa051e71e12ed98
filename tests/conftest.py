"""Shared fixtures: every test gets its own afterview home, never the real one."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def afterview_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "afterview-home"
    monkeypatch.setenv("AFTERVIEW_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path / "no-home"))
    for name in ("AFTERVIEW_DATABASE_URL", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return home

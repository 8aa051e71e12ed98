"""`afterview delete`: asks first, then removes the application and what hangs on it."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest

from tests.conftest import EXAMPLES

PANEL = str(EXAMPLES / "panel-interview.yaml")


def answer(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def ids(cli: Any) -> list[int]:
    return [a["id"] for a in cli("list", "--json").json()["applications"]]


def test_delete_asks_and_keeps_the_application_on_no(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("add", PANEL, "--now", "2026-11-20T16:00").code == 0
    answer(monkeypatch, "n\n")
    kept = cli("delete", "1")
    assert kept.code == 0, kept.err
    assert "Application 1: Northwind Robotics — " in kept.out
    assert re.search(r"with 1 interview(,| and) 13 plan steps", kept.out)
    assert "Kept application 1; nothing was deleted." in kept.out
    assert 1 in ids(cli)


def test_delete_removes_everything_attached_on_yes(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("add", PANEL, "--now", "2026-11-20T16:00").code == 0
    before = ids(cli)
    answer(monkeypatch, "y\n")
    gone = cli("delete", "1")
    assert gone.code == 0, gone.err
    assert "Deleted application 1 (Northwind Robotics — " in gone.out
    assert ids(cli) == [i for i in before if i != 1]
    tables = cli("export").json()["tables"]
    for table in ("interviews", "actions", "history"):
        assert tables[table]["rows"] == [], table
    assert cli("show", "1").code == 2


def test_delete_with_yes_does_not_ask(cli: Any) -> None:
    assert cli("add", PANEL, "--now", "2026-11-20T16:00").code == 0
    gone = cli("delete", "1", "--yes")
    assert gone.code == 0, gone.err
    assert "Delete it" not in gone.out
    assert "Deleted application 1" in gone.out


@pytest.mark.parametrize("app_id", ["7", "99999999999999999999"])
def test_deleting_an_unknown_application_is_one_line_and_exit_2(cli: Any, app_id: str) -> None:
    assert cli("add", PANEL, "--now", "2026-11-20T16:00").code == 0
    result = cli("delete", app_id, "--yes")
    assert result.code == 2
    assert f"No application with id {app_id}" in result.err
    assert result.err.count("\n") == 1

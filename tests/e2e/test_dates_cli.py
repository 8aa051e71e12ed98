"""Dates outside a sensible range: one clear line and exit 2, never a traceback."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES

PANEL = EXAMPLES / "panel-interview.yaml"
AFTER = "2026-11-20T16:00"


def _with_start(tmp_path: Path, start: str) -> Path:
    text = PANEL.read_text(encoding="utf-8")
    assert "2026-11-20T14:00" in text
    path = tmp_path / "interview.yaml"
    path.write_text(text.replace("2026-11-20T14:00", start, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("start", "message"),
    [
        ("0999-11-20T14:00", "interview.start: the year 999 is outside 1900-2100"),
        ("9999-11-20T14:00", "interview.start: the year 9999 is outside 1900-2100"),
        ("2031-11-20T14:00", "interview.start: 2031-11-20 is more than a year after now"),
    ],
)
@pytest.mark.parametrize("command", ["plan", "add"])
def test_an_interview_date_out_of_range_is_one_line_and_exit_2(
    cli: Any, tmp_path: Path, command: str, start: str, message: str
) -> None:
    result = cli(command, str(_with_start(tmp_path, start)), "--now", AFTER)
    assert result.code == 2
    assert message in result.err
    assert result.err.count("\n") == 1
    assert "Traceback" not in result.err


@pytest.mark.parametrize("now", ["9999-12-30T12:00", "0999-12-30T12:00", "1899-12-31T23:00"])
@pytest.mark.parametrize("command", ["plan", "add"])
def test_a_now_out_of_range_is_one_line_and_exit_2(cli: Any, command: str, now: str) -> None:
    result = cli(command, str(PANEL), "--now", now)
    assert result.code == 2
    assert "--now: the year" in result.err
    assert "is outside 1900-2100" in result.err
    assert result.err.count("\n") == 1


def test_a_refused_date_leaves_what_was_stored_intact(cli: Any, tmp_path: Path) -> None:
    assert cli("add", str(PANEL), "--now", AFTER).code == 0
    before = cli("export").json()["tables"]
    assert cli("add", str(_with_start(tmp_path, "9999-11-20T14:00")), "--now", AFTER).code == 2
    assert cli("export").json()["tables"] == before


class Keyboard(io.StringIO):
    """What a person types at a terminal."""

    def isatty(self) -> bool:
        return True


def _with_decision(tmp_path: Path, said: str) -> Path:
    text = PANEL.read_text(encoding="utf-8")
    assert "decision: within two weeks" in text
    path = tmp_path / "interview.yaml"
    path.write_text(text.replace("within two weeks", said, 1), encoding="utf-8")
    return path


def test_at_a_terminal_a_time_without_a_date_is_asked_for(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", Keyboard("after the school holidays\n2027-01-15\n"))
    result = cli(
        "add", str(_with_decision(tmp_path, "once the budget is approved")), "--now", AFTER
    )
    assert result.code == 0
    assert result.out.count("When did they say they would decide?") == 2
    (interview,) = cli("show", "1", "--json").json()["interviews"]
    assert interview["decision"] == "2027-01-15"


def test_without_a_terminal_nothing_is_asked_and_no_follow_up_is_planned(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("2027-01-15\n"))
    result = cli("add", str(_with_decision(tmp_path, "after the school holidays")), "--now", AFTER)
    assert result.code == 0
    assert "When did they say" not in result.out
    assert "no follow-up is planned until you know it" in result.out
    steps = cli("show", "1", "--json").json()["steps"]
    assert [s for s in steps if s["kind"] == "follow_up"] == []


def test_updating_to_a_time_without_a_date_says_no_follow_up_is_planned(cli: Any) -> None:
    assert cli("add", str(PANEL), "--now", AFTER).code == 0
    result = cli("update", "1", "--decision", "after the school holidays", "--now", AFTER)
    assert result.code == 0
    assert "no follow-up is planned until you know it" in result.out
    assert "the default timing applies" not in result.out
    steps = cli("show", "1", "--json").json()["steps"]
    assert [s for s in steps if s["kind"] == "follow_up" and s["status"] == "pending"] == []


@pytest.mark.parametrize(
    ("said", "line"),
    [
        ("after the school holidays", "(no date yet; ask them when)"),
        ("two weeks after Easter", "(no date yet; not before Sun 28 Mar 2027; ask them when)"),
    ],
)
def test_plan_shows_a_time_without_a_date_as_one_to_ask_about(
    cli: Any, tmp_path: Path, said: str, line: str
) -> None:
    result = cli("plan", str(_with_decision(tmp_path, said)), "--now", AFTER)
    assert result.code == 0
    assert f"Decision: they said {said!r} {line}" in result.out
    assert "expect" not in result.out.splitlines()[1]


def test_a_decision_date_past_2100_is_reported_not_planned_around(cli: Any, tmp_path: Path) -> None:
    result = cli("plan", str(_with_decision(tmp_path, "9999-12-31")), "--now", AFTER)
    assert result.code == 0
    assert "reads as 9999-12-31, after 2100; check the year." in result.out

"""The command line words an error for a terminal: it names the command that helps."""

from __future__ import annotations

from typing import Any

from tests.conftest import EXAMPLES

PANEL = str(EXAMPLES / "panel-interview.yaml")


def test_an_unknown_application_names_the_command_that_lists_them(cli: Any) -> None:
    cli("add", PANEL, "--now", "2026-11-20T16:00")
    result = cli("show", "77")
    assert result.code == 2
    assert result.err == (
        "afterview: No application with id 77. `afterview list` shows the ids you have.\n"
    )
    assert "page" not in result.err


def test_a_skip_without_a_reason_names_the_flag(cli: Any) -> None:
    cli("add", PANEL, "--now", "2026-11-20T16:00")
    result = cli("skip", "4", "--why", " ")
    assert result.code == 2
    assert result.err == (
        "afterview: Say why you skip this step, so the plan remembers your reason. "
        "Give it with --why.\n"
    )

"""``afterview settings``: the local account's planning settings, shown and changed."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import EXAMPLES

PANEL = str(EXAMPLES / "panel-interview.yaml")
ADDED = "2026-11-20T16:00"


def follow_up_hours(cli: Any) -> list[str]:
    """The Toronto time of each pending follow-up, from ``afterview show``."""
    shown = cli("show", "1", "--json").json()
    toronto = ZoneInfo("America/Toronto")
    return sorted(
        f"{datetime.fromisoformat(s['send_at']).astimezone(toronto):%H:%M}"
        for s in shown["steps"]
        if s["kind"] == "follow_up"
    )


def test_show_lists_every_setting_and_set_changes_the_plan(cli: Any) -> None:
    assert cli("add", PANEL, "--now", ADDED).code == 0
    shown = cli("settings", "show")
    assert shown.code == 0, shown.err
    assert "send_window_start              8\n" in shown.out
    assert "(default" not in shown.out
    assert follow_up_hours(cli) == ["08:00", "08:00"]

    changed = cli("settings", "set", "send_window_start=9", "pipeline_target=2", "--now", ADDED)
    assert changed.code == 0, changed.err
    assert changed.out.splitlines() == [
        "send_window_start = 9",
        "pipeline_target = 2",
        "Saved; every plan with a step still to do was planned again.",
    ]
    assert "send_window_start              9  (default 8)" in cli("settings", "show").out
    assert follow_up_hours(cli) == ["09:00", "09:00"]
    as_json = {s["name"]: s for s in cli("settings", "show", "--json").json()["settings"]}
    assert (as_json["pipeline_target"]["value"], as_json["pipeline_target"]["default"]) == (2, 3)
    assert as_json["pipeline_target"]["sources"]

    back = cli("settings", "set", "send_window_start=default", "--now", ADDED)
    assert back.out.splitlines()[0] == "send_window_start = 8"
    assert follow_up_hours(cli) == ["08:00", "08:00"]
    same = cli("settings", "set", "pipeline_target=2")
    assert same.out == "Nothing changed: every setting already had the value given.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["max_follow_ups=9"], "afterview: Settings: max_follow_ups must be from 0 to 5, not 9.\n"),
        (["pipeline_target"], "afterview: settings set: write NAME=VALUE (e.g. pipeline_target=4), "
         "not 'pipeline_target'.\n"),
        (["spacing=3"], "afterview: Settings: 'spacing' is not a setting (known: "),
    ],
)  # fmt: skip
def test_a_bad_value_is_one_line_and_exit_code_2(cli: Any, args: list[str], message: str) -> None:
    refused = cli("settings", "set", *args)
    assert refused.code == 2
    assert refused.err.startswith(message)
    assert refused.err.count("\n") == 1
    assert "(default" not in cli("settings", "show").out

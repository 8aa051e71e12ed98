"""``afterview import`` with a tracker's export: the report, the exit codes, the options."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

TRACKERS = Path(__file__).resolve().parent.parent / "data" / "trackers"


@pytest.fixture
def tracker(tmp_path: Path, afterview_home: Path) -> Any:
    def copy(name: str) -> str:
        target = tmp_path / name
        shutil.copy(TRACKERS / name, target)
        return str(target)

    return copy


def test_a_file_with_every_row_readable_exits_0_and_says_what_was_stored(
    cli: Any, tracker: Any
) -> None:
    result = cli("import", tracker("notion.csv"))
    assert result.code == 0, result.err
    assert result.err == ""
    assert result.out.splitlines()[-1] == "Read 5 rows: 5 new, 0 updated, 0 unchanged."


def test_a_row_that_cannot_be_stored_is_named_on_stderr_and_exits_1(cli: Any, tracker: Any) -> None:
    result = cli("import", tracker("us-sheet.csv"))
    assert result.code == 1
    assert result.err.splitlines() == [
        'line 4: Result: "Coffee chat": not a status afterview knows, so stored as applied; '
        'to choose, import again and say which status "Coffee chat" means',
        'line 5: Company Name: "": no company, so the row was not stored; '
        "fill it in and import again",
        "To choose: --dates dmy|mdy|ymd for the order of the file's dates, and "
        '--status "TEXT=STATUS" for what a status word of the file means.',
    ]
    assert "3 new" in result.out
    assert "1 row not stored" in result.out
    assert len(cli("list").out.splitlines()) == 3


def test_a_file_that_cannot_be_read_exits_2_and_stores_nothing(
    cli: Any, tmp_path: Path, afterview_home: Path
) -> None:
    bad = tmp_path / "notes.csv"
    bad.write_text("Job Title,Salary\nAnalyst,1\n", encoding="utf-8")
    result = cli("import", str(bad))
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "No column of the tracker file names the company" in result.err


def test_a_dry_run_shows_the_mapping_and_the_report_and_stores_nothing(
    cli: Any, tracker: Any
) -> None:
    result = cli("import", tracker("uk-sheet.csv"), "--dry-run")
    assert result.code == 0
    assert "  Role name → role\n" in result.out
    assert "  Referral Contact → referrer\n" in result.out
    assert "  Referral → kept as an extra field\n" in result.out
    assert 'Dates read day first (dmy): line 3 writes "14/10/2026"' in result.out
    assert 'line 6: Status: "Maybe?"' in result.err
    assert result.out.rstrip().endswith("Nothing was stored.")
    assert cli("list").out.startswith("No applications yet")


def test_importing_again_updates_instead_of_doubling(cli: Any, tracker: Any) -> None:
    path = tracker("teal.csv")
    cli("import", path)
    again = cli("import", path)
    assert "0 new, 0 updated, 6 unchanged" in again.out
    Path(path).write_bytes((TRACKERS / "teal-updated.csv").read_bytes())
    updated = cli("import", path)
    assert "2 new, 1 updated, 5 unchanged" in updated.out
    assert len(cli("list").out.splitlines()) == 8


def test_a_status_word_and_the_date_order_can_be_given(cli: Any, tracker: Any) -> None:
    result = cli(
        "import", tracker("us-sheet.csv"), "--status", "Coffee chat=interviewing", "--dates", "dmy"
    )
    assert "Coffee chat" not in result.err
    assert "Dates read day first (dmy): as you chose." in result.out
    assert 'line 2: Date: "11/25/2026": not a date, so left empty' in result.err
    assert "interviewing Summit Credit Union" in cli("list").out


def test_a_wrong_status_option_is_one_line_and_exit_2(cli: Any, tracker: Any) -> None:
    result = cli("import", tracker("teal.csv"), "--status", "Maybe=hired")
    assert result.code == 2
    assert "'hired' is not one of applied, interviewing" in result.err
    assert result.err.count("\n") == 1


def test_every_option_the_report_mentions_is_in_the_help(cli: Any, tracker: Any) -> None:
    help_text = cli("import", "--help").out
    said = ""
    for args in (["uk-sheet.csv"], ["us-sheet.csv", "--dates", "dmy"], ["simplify.csv"]):
        result = cli("import", tracker(args[0]), *args[1:], "--dry-run")
        said += result.out + result.err
    mentioned = {w for w in said.split() if w.startswith("--")}
    assert mentioned >= {"--status", "--dates"}
    for option in mentioned:
        assert option.strip('".,;') in help_text


def test_show_prints_what_the_tracker_recorded(cli: Any, tracker: Any) -> None:
    cli("import", tracker("notion.csv"))
    shown = cli("show", "1").out
    assert "  contact: Art Vandelay — art@vandelay.example" in shown
    assert "  Salary Range: $70k-$80k" in shown
    assert "    Asked about logistics." in shown


def test_a_tracker_file_without_a_suffix_is_read_as_a_tracker(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "applications"
    path.write_text("Company\tRole\nAcme\tDeveloper\n", encoding="utf-8")
    result = cli("import", str(path))
    assert result.code == 0, result.err
    assert "1 new" in result.out

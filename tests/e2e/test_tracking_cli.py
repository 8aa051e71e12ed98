"""The tracked search through the command line: a morning with afterview, and bad input."""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from afterview.services import transfer
from tests.conftest import EXAMPLES, ROOT

PANEL = str(EXAMPLES / "panel-interview.yaml")


def test_a_morning_with_afterview(cli: Any, afterview_home: Path) -> None:
    added = cli("add", PANEL, "--now", "2026-11-20T16:00")
    assert added.code == 0, added.err
    assert "New application 1" in added.out
    assert (afterview_home / "afterview.db").exists()

    morning = cli("agenda", "--now", "2026-11-21T08:30", "--json").json()
    due = {(i["kind"], i["to"]): i for i in morning["due"]["items"]}
    thank_tom = due[("thank_you", "Tom Becker")]
    assert morning["waiting"]["items"][0]["decision_date"] == "2026-12-04"

    done = cli(
        "done", str(thank_tom["id"]), "--at", "2026-11-21T08:45", "--now", "2026-11-21T08:45"
    )
    assert done.code == 0, done.err
    after = cli("agenda", "--now", "2026-11-21T09:00", "--json").json()
    assert ("thank_you", "Tom Becker") not in {(i["kind"], i["to"]) for i in after["due"]["items"]}

    rejected = cli(
        "outcome", "1", "rejected", "--at", "2026-11-30T10:00", "--now", "2026-11-30T10:00"
    )
    assert rejected.code == 0, rejected.err
    assert "Next: reply to the rejection (Priya Raman) and keep in touch" in rejected.out
    later = cli("agenda", "--now", "2026-11-30T11:00", "--json").json()
    assert "rejection_reply" in {i["kind"] for i in later["due"]["items"]}
    assert later["waiting"]["items"] == []


def test_list_and_show(cli: Any) -> None:
    cli("add", PANEL, "--now", "2026-11-20T16:00")
    rows = cli("list", "--json").json()["applications"]
    assert [r["company"] for r in rows][:1] == ["Northwind Robotics"]
    assert rows[0]["decision_date"] == "2026-12-04"
    shown = cli("show", "1", "--json").json()
    assert {s["kind"] for s in shown["steps"]} >= {"thank_you", "follow_up", "close_out"}
    text = cli("show", "1").out
    assert "round 2 on Fri 20 Nov 14:00 with Priya Raman, Tom Becker, Ana López" in text


def _exported_search(cli: Any, folder: Path) -> Path:
    """The example panel added, and the search exported to ``folder`` as an archive."""
    cli("add", PANEL, "--now", "2026-11-20T16:00")
    exported = folder / "search.json"
    assert cli("export", "--output", str(exported)).code == 0
    return exported


def test_export_import_and_backup_through_the_cli(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported = _exported_search(cli, tmp_path)
    backup = tmp_path / "copy.db"
    result = cli("backup", str(backup))
    assert result.code == 0
    assert sqlite3.connect(backup).execute("SELECT COUNT(*) FROM applications").fetchone()[0] == 4
    monkeypatch.setenv("AFTERVIEW_HOME", str(tmp_path / "elsewhere"))
    imported = cli("import", str(exported))
    assert imported.code == 0, imported.err
    again = cli("export", "--format", "json").json()
    original = json.loads(exported.read_text(encoding="utf-8"))
    assert again["tables"] == original["tables"]


def test_an_archive_is_imported_with_the_collector_paused_and_it_runs_again_after(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported = _exported_search(cli, tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text(exported.read_text(encoding="utf-8")[:-40], encoding="utf-8")
    seen: list[bool] = []
    real = transfer.import_json

    def watched(*args: Any, **kwargs: Any) -> int:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(transfer, "import_json", watched)
    monkeypatch.setenv("AFTERVIEW_HOME", str(tmp_path / "elsewhere"))
    assert gc.isenabled()
    assert cli("import", str(broken)).code == 2  # refused: the collector is back all the same
    assert gc.isenabled()
    assert cli("import", str(exported)).code == 0
    assert gc.isenabled()
    assert seen == [False, False]
    gc.disable()  # a caller that had it off finds it off
    try:
        assert cli("import", str(exported)).code == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


BAD = [
    (["done", "999"], "No plan step with id 999"),
    (["done", "99999999999999999999"], "No plan step with id 99999999999999999999"),
    (["show", "7"], "No application with id 7"),
    (["update", "1"], "give at least one of --decision"),
    (["reply", "1", "--not-until", "the 15th"], "--not-until: cannot read 'the 15th'"),
    (["agenda", "--days", "-1"], "Invalid value for '--days'"),
    (["outcome", "1", "hired"], "Invalid value for 'KIND'"),
    (["import", "nope.json"], "no such file"),
]


@pytest.mark.parametrize(("args", "message"), BAD, ids=[m for _, m in BAD])
def test_bad_input_is_one_line_and_exit_2(cli: Any, args: list[str], message: str) -> None:
    cli("add", PANEL, "--now", "2026-11-20T16:00")
    result = cli(*args)
    assert result.code == 2
    assert message in result.err
    assert result.err.count("\n") == 1


def test_a_file_that_is_not_yaml_or_a_broken_csv_writes_nothing(cli: Any, tmp_path: Path) -> None:
    cli("add", PANEL, "--now", "2026-11-20T16:00")
    before = cli("export").json()["tables"]
    notes = tmp_path / "notes.yaml"
    notes.write_text("company: [unclosed\n", encoding="utf-8")
    result = cli("add", str(notes))
    assert result.code == 2
    assert "not valid YAML (line 2" in result.err
    broken = tmp_path / "tracker.csv"
    broken.write_text("Company,Status\nAcme,applied\nBeta,hired-ish\n", "utf-8")
    result = cli("import", str(broken))
    assert result.code == 2
    assert "No column of the tracker file names the role" in result.err
    assert cli("export").json()["tables"] == before


def test_new_asks_the_questions_and_stores_the_interview(afterview_home: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run(
        [sys.executable, "-m", "afterview", "add", PANEL, "--now", "2026-11-20T16:00"],
        env=env,
        check=True,
        capture_output=True,
    )
    answers = [
        "y",  # use the stored profile
        "Contoso Labs",
        "Platform Engineer",
        "",
        "n",
        "n",
        "n",  # the job
        "",
        "2026-11-23 10:00",
        "45m",
        "",
        "",  # the interview
        "n",  # nobody to add to the panel
        "by Friday",
        "a take-home exercise",
        "email",  # the three questions
        "n",
        "n",  # no promises, no debrief
    ]
    done = subprocess.run(
        [sys.executable, "-m", "afterview", "new", "--now", "2026-11-23T11:00"],
        input="\n".join(answers) + "\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "New application" in done.stdout
    listed = subprocess.run(
        [sys.executable, "-m", "afterview", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    contoso = [
        a for a in json.loads(listed.stdout)["applications"] if a["company"] == "Contoso Labs"
    ]
    assert contoso
    assert contoso[0]["decision_date"] == "2026-11-27"


def test_serve_on_a_busy_port_is_one_clear_line(cli: Any) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = cli("serve", "--port", str(port))
    assert result.code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.err
    assert result.err.count("\n") == 1

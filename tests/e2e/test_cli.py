"""The CLI contract, end to end: JSON shapes, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from afterview import __version__
from tests.conftest import EXAMPLES, ROOT

PANEL = str(EXAMPLES / "panel-interview.yaml")
AFTER = "2026-11-20T16:00"


def test_plan_json_for_the_friday_panel_interview(cli: Any) -> None:
    result = cli("plan", PANEL, "--now", AFTER, "--json")
    assert result.code == 0
    data = result.json()
    assert data["decision"] == {
        "said": "within two weeks",
        "date": "2026-12-04",
        "parsed": True,
        "expected": "2026-12-04",
    }
    thanks = {a["to"]: a for a in data["actions"] if a["kind"] == "thank_you"}
    assert set(thanks) == {"Priya Raman", "Tom Becker", "Ana López"}
    for action in thanks.values():
        assert action["due"] == "2026-11-21T15:30:00-05:00"
        send_at = datetime.fromisoformat(action["send_at"])
        assert datetime.fromisoformat(AFTER + "-05:00") <= send_at
        assert send_at <= datetime.fromisoformat(action["due"])
    # Toronto still has daylight on Friday; Berlin's first daytime hour is Saturday 08:00.
    assert thanks["Priya Raman"]["send_at"] == "2026-11-20T16:00:00-05:00"
    assert thanks["Tom Becker"]["send_at"] == "2026-11-21T08:00:00+01:00"
    follow_ups = [a for a in data["actions"] if a["kind"] == "follow_up"]
    assert follow_ups[0]["not_before"] == "2026-12-07T08:00:00-05:00"
    kinds = {a["kind"] for a in data["actions"]}
    assert {"promise", "notify_references", "notify_referrer", "celebrate"} <= kinds
    for action in data["actions"]:
        assert action["rule"]
        assert action["why"]
        assert action["sources"]


def test_plan_text_is_a_readable_timeline(cli: Any) -> None:
    result = cli("plan", PANEL, "--now", AFTER)
    assert result.code == 0
    assert "Decision: they said 'within two weeks' → Fri 04 Dec 2026" in result.out
    assert "• Thank-you note → Tom Becker by email" in result.out
    assert "send at Sat 21 Nov 08:00 Europe/Berlin" in result.out


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_plans(cli: Any, path: Path) -> None:
    result = cli("plan", str(path), "--now", "2026-12-01T12:00", "--json")
    assert result.code == 0, result.err
    assert result.json()["actions"]


def test_the_rejection_example_plans_a_reply_and_no_follow_up(cli: Any) -> None:
    data = cli(
        "plan", str(EXAMPLES / "after-rejection.yaml"), "--now", "2026-11-16T18:00", "--json"
    ).json()
    kinds = [a["kind"] for a in data["actions"]]
    assert "rejection_reply" in kinds
    assert "follow_up" not in kinds


def test_check_allows_a_timely_thank_you(cli: Any) -> None:
    result = cli(
        "check", PANEL, "--kind", "thank_you", "--to", "Priya Raman", "--at", AFTER, "--json"
    )
    assert result.code == 0
    assert result.json() == {"allowed": True, "findings": []}


def test_check_blocks_a_follow_up_inside_the_timeframe_with_exit_1(cli: Any) -> None:
    result = cli(
        "check",
        PANEL,
        "--kind",
        "follow_up",
        "--to",
        "Priya Raman",
        "--at",
        "2026-11-27T09:00",
        "--json",
    )
    assert result.code == 1
    data = result.json()
    assert data["allowed"] is False
    (finding,) = data["findings"]
    assert finding["code"] == "within_timeframe"
    assert finding["severity"] == "error"
    assert finding["sources"]


def test_check_blocks_copying_the_panel_on_one_note(cli: Any) -> None:
    result = cli(
        "check",
        PANEL,
        "--kind",
        "thank_you",
        "--to",
        "Priya Raman",
        "--to",
        "Tom Becker",
        "--at",
        AFTER,
    )
    assert result.code == 1
    assert "Blocked." in result.out
    assert "One note to the whole panel (blocks it)" in result.out


def test_check_blocks_a_personal_number(cli: Any) -> None:
    result = cli(
        "check",
        PANEL,
        "--kind",
        "follow_up",
        "--to",
        "Tom Becker",
        "--channel",
        "phone",
        "--number",
        "+49 30 5550 1234",
        "--at",
        "2026-12-07T10:00+01:00",
        "--json",
    )
    assert result.code == 1
    assert "home_phone" in {f["code"] for f in result.json()["findings"]}


def write_note(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_drafted_thank_yous_lint_clean_and_a_pushy_edit_does_not(cli: Any, tmp_path: Path) -> None:
    drafted = cli("draft", PANEL, "--kind", "thank_you", "--all", "--json")
    assert drafted.code == 0, drafted.err
    drafts = drafted.json()["drafts"]
    assert len(drafts) == 3
    notes = []
    for d in drafts:
        assert not [f for f in d["findings"] if f["severity"] == "error"]
        path = write_note(tmp_path, d["to"].split()[0], f"Subject: {d['subject']}\n\n{d['body']}")
        notes += ["--note", f"{d['to']}={path}"]
    clean = cli("lint", PANEL, "--kind", "thank_you", *notes, "--json")
    assert clean.code == 0, clean.out
    bad = write_note(
        tmp_path,
        "bad",
        "Subject: Hi\n\nDear Hiring Manager,\nAny update?? I sent you a gift card.\n",
    )
    result = cli("lint", PANEL, "--kind", "thank_you", "--note", f"Tom Becker={bad}", "--json")
    assert result.code == 1
    codes = {f["code"] for f in result.json()["notes"][0]["findings"]}
    assert {"generic_greeting", "gift", "pushy"} <= codes


def test_draft_for_one_person(cli: Any) -> None:
    result = cli("draft", PANEL, "--kind", "thank_you", "--to", "Tom Becker")
    assert result.code == 0, result.err
    assert "Tom" in result.out
    assert "Subject:" in result.out


def test_a_follow_up_the_plan_has_by_phone_drafts_its_script(cli: Any, tmp_path: Path) -> None:
    text = (EXAMPLES / "panel-interview.yaml").read_text(encoding="utf-8")
    text = text.replace("channel_before: email", "channel_before: phone")
    text = text.replace("contact_preference: email", "contact_preference: unstated")
    by_phone = tmp_path / "by-phone.yaml"
    by_phone.write_text(text, encoding="utf-8")
    planned = cli("plan", str(by_phone), "--now", AFTER, "--json").json()["actions"]
    assert {a["channel"] for a in planned if a["kind"] == "follow_up"} == {"phone"}
    lead = next(a["to"] for a in planned if a["kind"] == "follow_up")
    result = cli("draft", str(by_phone), "--kind", "follow_up", "--to", lead, "--variant", "script")
    assert result.code == 0, result.err
    assert "voicemail" in result.out.casefold()
    plain = cli("draft", str(by_phone), "--kind", "follow_up", "--to", lead, "--json")
    (d,) = plain.json()["drafts"]
    assert (d["channel"], d["variant"]) == ("phone", "script")
    assert "before the interview you were in touch by phone" in d["why_channel"]


def test_rules_markdown_matches_docs_rules_md(cli: Any) -> None:
    result = cli("rules", "--markdown")
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert result.out == committed, "docs/rules.md is stale: run `make docs`"


BAD_INPUT = [
    (["plan", "MISSING.yaml"], "no such file"),
    (["plan", PANEL, "--now", "yesterday-ish"], "--now: cannot read 'yesterday-ish'"),
    (["check", PANEL, "--kind", "thank_you", "--to", "Zed", "--at", AFTER], "Nobody called 'Zed'"),
    (
        ["check", PANEL, "--kind", "hug", "--to", "Tom Becker", "--at", AFTER],
        "--kind: 'hug' is not one of",
    ),
    (
        ["check", PANEL, "--kind", "thank_you", "--to", "Tom Becker", "--at", "2026-02-30T10:00"],
        "--at: cannot read '2026-02-30T10:00'",
    ),
    (["check", PANEL, "--kind", "thank_you", "--to", "Tom Becker"], "Missing option '--at'"),
    (
        ["draft", PANEL, "--kind", "thank_you"],
        "say whom the note is for. Give either --to NAME or --all",
    ),
    (["draft", PANEL, "--kind", "celebrate", "--all"], "celebrate"),
    (["lint", PANEL, "--kind", "thank_you", "--note", "nonsense"], "should look like"),
    (["lint", PANEL, "--kind", "thank_you", "--note", "Tom Becker=/nope.txt"], "no such file"),
    (["frobnicate"], "No such command 'frobnicate'"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUT, ids=[m for _, m in BAD_INPUT])
def test_wrong_input_is_one_line_on_stderr_and_exit_2(
    cli: Any, args: list[str], message: str
) -> None:
    result = cli(*args)
    assert result.code == 2
    assert result.out == ""
    assert message in result.err
    assert result.err.count("\n") == 1
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    "mangle",
    [
        lambda s: s.replace("timezone: Europe/Berlin", "timezone: Europe/Atlantis"),
        lambda s: s.replace("start: 2026-11-20T14:00", "start: 2026-13-45T14:00"),
        lambda s: s.replace("  company: Northwind Robotics\n", ""),
        lambda s: s + "\n  broken: [yaml\n",
    ],
    ids=["unknown time zone", "impossible date", "missing field", "malformed yaml"],
)
def test_a_broken_interview_file_is_one_line_and_exit_2(
    cli: Any, tmp_path: Path, mangle: Any
) -> None:
    path = tmp_path / "broken.yaml"
    original = (EXAMPLES / "panel-interview.yaml").read_text(encoding="utf-8")
    path.write_text(mangle(original), encoding="utf-8")
    result = cli("plan", str(path))
    assert result.code == 2
    assert result.err.startswith(f"afterview: {path}")
    assert result.err.count("\n") == 1
    assert path.read_text(encoding="utf-8") == mangle(original), "the user's file is untouched"


def test_the_console_script_and_python_m_both_work() -> None:
    exe = Path(sys.executable).parent / "afterview"
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"afterview {__version__}"
    out = subprocess.run(
        [sys.executable, "-m", "afterview", "plan", PANEL, "--now", AFTER, "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout)["actions"]


def test_every_command_has_help(cli: Any) -> None:
    from afterview.cli import COMMANDS

    listed = cli("--help").out
    for command in COMMANDS:
        assert f"  {command} " in listed
        result = cli(command, "--help")
        assert result.code == 0
        assert "Usage: afterview " + command in result.out
        assert len(result.out.splitlines()) > 5


def _loaded(*argv: str, modules: tuple[str, ...]) -> dict[str, bool]:
    """Which of ``modules`` a run of the command line imported."""
    probe = (
        "import sys, contextlib, io\n"
        f"sys.argv = ['afterview', *{list(argv)!r}]\n"
        "from afterview.__main__ import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main()\n"
        f"print(*[m in sys.modules for m in {list(modules)!r}])\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return dict(zip(modules, (word == "True" for word in out.stdout.split()), strict=True))


def test_the_collector_runs_for_the_command_with_the_start_up_set_aside() -> None:
    probe = (
        "import gc, sys\n"
        "sys.argv = ['afterview', 'rules']\n"
        "import afterview.cli.core as core\n"
        "seen = []\n"
        "core.rules.callback = lambda **_: seen.append((gc.isenabled(), gc.get_freeze_count()))\n"
        "from afterview.__main__ import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(*seen[0])\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    enabled, frozen = out.stdout.split()
    assert enabled == "True"  # long-running commands (serve, worker, watch) collect as ever
    assert int(frozen) > 10_000  # click's and the command line's objects, set aside


def test_the_version_is_answered_without_loading_the_command_line_library() -> None:
    assert _loaded("--version", modules=("click", "afterview.cli")) == {
        "click": False,
        "afterview.cli": False,
    }


def test_a_plan_loads_neither_rapidfuzz_nor_the_database() -> None:
    loaded = _loaded("plan", PANEL, "--now", AFTER, modules=("rapidfuzz", "sqlalchemy", "jinja2"))
    assert loaded == {"rapidfuzz": False, "sqlalchemy": False, "jinja2": False}


# What a plan of a file needs neither for its text nor for reading the holiday cache: each
# costs start-up time (docs/PERFORMANCE.md, "Start-up"). The JSON contract imports `json`.
NOT_FOR_A_PLAN = (
    "holidays",  # read from the cache in the data folder
    "platformdirs",  # the data folder is named by AFTERVIEW_HOME here
    "json",  # the cache is read with msgspec, which the plan has loaded anyway
    "string",  # only for building an error
    "calendar",  # the leap-year rule is written out
    "tempfile",  # only for writing the cache
    "shutil",
    "importlib.util",  # the holidays package's stamp is found without it
    "dataclasses",  # a plan's records are msgspec Structs and named tuples
)


def test_a_plan_with_the_holidays_cached_loads_none_of_what_it_does_not_use() -> None:
    subprocess.run(  # the first plan fills the holiday cache: it may load `holidays`
        [sys.executable, "-m", "afterview", "plan", PANEL, "--now", AFTER],
        capture_output=True,
        check=True,
    )
    loaded = _loaded("plan", PANEL, "--now", AFTER, modules=NOT_FOR_A_PLAN)
    assert loaded == dict.fromkeys(NOT_FOR_A_PLAN, False)

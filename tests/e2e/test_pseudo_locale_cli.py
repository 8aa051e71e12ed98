"""Every word the command line prints for people went through the catalogue, as on the pages.

Each command of the command table (``afterview.cli.COMMANDS``, and each command of a group)
is run in the pseudo-locale ``en-XA``, in-process with click's ``CliRunner``, on a seeded
database with "now" frozen by its ``--now`` option. What is left outside the markers may
hold no English word, once taken out what a person typed (the database's text, the example
files'), what a person types back (commands in backquotes, options, ``snake_case`` codes,
ids), addresses and time zones.

A command is either run here (:data:`RUNS`), excused because it prints nothing for people
(:data:`EXCUSED`: JSON, a file, a server), or a known gap (:data:`GAPS`: run, and still
English somewhere, with the reason). A new command is on none of the lists and fails
:func:`test_every_command_is_run_excused_or_a_known_gap`; a gap that has been closed fails
too, so that the list says what is left, no more.
"""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from afterview import i18n
from afterview.interview_file import read_data
from afterview.services import inbox, outbox, tracking
from afterview.storage.db import Database, sqlite_url
from tests.acting import local
from tests.conftest import EXAMPLES
from tests.e2e.test_pseudo_locale import leftovers, user_data
from tests.web.conftest import ADDED, MORNING

NOW = "2026-11-21T08:30"
PANEL = str(EXAMPLES / "panel-interview.yaml")
TRACKER = Path(__file__).parents[1] / "data" / "messy-tracker.csv"

# How each command is run: one or more argument lists, after the command's own name.
RUNS: dict[str, list[list[str]]] = {
    "plan": [[PANEL, "--now", "2026-11-20T16:00"]],
    "check": [[PANEL, "--kind", "thank_you", "--to", "Tom Becker", "--at", NOW]],
    "list": [["--now", NOW]],
    "show": [["1"]],
    "agenda": [["--now", NOW], ["--now", NOW, "--limit", "1"]],
    "done": [["1", "--at", NOW, "--now", NOW]],
    "skip": [["2", "--why", "Said already", "--now", NOW]],
    "update": [["1", "--decision", "2026-12-10", "--now", NOW]],
    "reply": [["1", "--at", NOW, "--now", NOW]],
    "outcome": [["1", "rejected", "--at", NOW, "--now", NOW]],
    "outbox": [["--now", NOW]],
    "outbox cancel": [["1", "--now", NOW]],
    "outbox show": [["1"]],
    "inbox": [[]],
    "delete": [["2", "--yes"]],
    "backup": [["{tmp}/copy.db"]],
    "settings show": [[]],
    "settings set": [["pipeline_target=4", "--now", NOW]],
    "questions": [[]],
    "practice": [[]],
    "calendar feed": [["--base-url", "https://example.org"]],
    "add": [[str(EXAMPLES / "referrer-and-references.yaml"), "--now", "2026-11-20T16:00"]],
    "new": [["--now", NOW]],
    "lint": [[PANEL, "--kind", "thank_you", "--note", "Tom Becker={tmp}/note.txt"]],
    "draft": [[PANEL, "--kind", "thank_you", "--all"]],
    "rules": [[]],
    "log": [["1", "--kind", "follow_up", "--to", "Priya Raman", "--at", NOW, "--now", NOW]],
    "import": [[str(TRACKER), "--dry-run"], [str(TRACKER)]],
    "approve": [["1", "--kind", "thank_you", "--to", "Tom Becker", "--now", NOW]],
    "outbox retry": [["1", "--now", NOW]],
    "inbox confirm": [["1", "--now", NOW]],
    "inbox undo": [["1", "--now", NOW]],
    "inbox dismiss": [["1", "--now", NOW]],
    "stats": [["--now", NOW]],
    "demo": [["--months", "1", "--seed", "1", "--now", NOW]],
    "rejection": [["1", "--at", NOW, "--now", NOW]],
    "accept": [["1", "--at", NOW, "--now", NOW]],
    "close": [["5", "--now", "2027-03-01T09:00"]],
    "debrief": [["1", "--now", "2026-11-20T20:00"], ["1", "--file", "{tmp}/debrief.yaml"]],
    "revisit": [["1", "--now", "2026-11-22T20:00"]],
    "digest": [["--now", NOW]],
}

# What a command reads from the terminal, and what runs first (in English) to have it to do.
INPUT: dict[str, list[str]] = {
    "new": [
        *("y", "Contoso Labs", "Platform Engineer", "", "n", "n", "n"),
        *("", "2026-11-23 10:00", "45m", "", "", "n"),
        *("by Friday", "a take-home exercise", "email", "n", "n"),
    ],
    "debrief": [
        "Tell me about a time you failed.",
        "I rewrote the retry logic.",
        "4",
        "Tom Becker",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    "revisit": ["It went well.", "", "", "", "", "", "SQL, Spark", "4", "The team."],
}
SETUP: dict[str, list[list[str]]] = {
    "accept": [["outcome", "1", "offer", "--on-paper", "--at", NOW, "--now", NOW]],
    "inbox undo": [["inbox", "confirm", "1", "--now", NOW]],
    "outbox retry": [["outbox", "cancel", "1", "--now", NOW]],
    "revisit": [["debrief", "1", "--file", "{tmp}/debrief.yaml", "--now", "2026-11-20T20:00"]],
}
# Files the runs above name, written in each test's own folder.
FILES = {
    "note.txt": "Hi Tom,\n\nThank you for the conversation about the pipeline.\n\nJordan\n",
    "debrief.yaml": "questions:\n  - q: Tell me about a time you failed.\n"
    "    answer: I rewrote the retry logic.\n    rating: 4\nstood_out: Blameless postmortems.\n",
}
# Commands that only work on a database with nothing in it yet.
FRESH = frozenset({"demo"})

# Commands whose output is for machines or files, or that serve and never return.
EXCUSED: dict[str, str] = {
    "export": "writes the search as JSON, CSV or YAML, a file for programs",
    "calendar export": "writes an ICS calendar, a file for calendar programs",
    "card": "writes the HTML or PDF card, a file (its page is checked with the pages)",
    "serve": "starts the web server and blocks; its pages are the pages' test",
    "watch": "reads an IMAP mailbox (tests/e2e/test_watch_cli.py drives it against a server)",
    "worker": "sends through an SMTP server and loops; what it records shows in `outbox`",
    "outbox eml": "writes the note as an .eml file, for a mail program",
    "centre init": "PostgreSQL only, run by an administrator (tests/integration/test_centre_db.py)",
    **{
        f"users {name}": "a career centre's accounts: PostgreSQL only, run by an administrator "
        "(tests/integration/test_centre_accounts.py)"
        for name in ("add", "list", "disable", "token", "delete")
    },
    "users tokens": "a career centre's accounts: PostgreSQL only, run by an administrator "
    "(tests/integration/test_centre_tokens.py)",
    "centre purge": "PostgreSQL only, run by an administrator "
    "(tests/integration/test_centre_retention.py)",
}

# Commands that still print English outside the catalogue, and why they are not wrapped yet.
GAPS: dict[str, str] = {}


def _paths() -> Iterator[str]:
    from afterview.cli import COMMANDS, app

    for name in sorted(COMMANDS):
        command = app.get_command(click.Context(app), name)
        if isinstance(command, click.Group):
            yield from (f"{name} {sub}" for sub in sorted(command.commands))
            if command.invoke_without_command:
                yield name
        else:
            yield name


def test_every_command_is_run_excused_or_a_known_gap() -> None:
    listed = set(RUNS) | set(EXCUSED)
    assert set(_paths()) - listed == set(), "run it in RUNS, or say in EXCUSED why not"
    assert listed - set(_paths()) == set(), "a command on the lists that does not exist"
    assert set(RUNS) & set(EXCUSED) == set()
    assert set(GAPS) <= set(RUNS), "a known gap is run all the same"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The panel interview (with its pipeline), a phone screen, and a note in the outbox."""
    path = tmp_path_factory.mktemp("seed") / "afterview.db"
    db = Database(sqlite_url(path))
    tracking.add(local(db), read_data(EXAMPLES / "panel-interview.yaml"), source="p", now=ADDED)
    tracking.add(local(db), read_data(EXAMPLES / "phone-screen.yaml"), source="s", now=ADDED)
    outbox.approve(
        local(db),
        1,
        kind="thank_you",
        to="Priya Raman",
        now=MORNING,
        send_at=MORNING - timedelta(hours=1),
        override_reason="The recruiter asked me to write today.",
    )
    with local(db).write() as tx:  # a reply the watch found, for the inbox's commands
        inbox.record(tx, 1, REPLY, now=MORNING)
    return path


REPLY = {
    "message_id": "<reply@northwind.example>",
    "in_reply_to": None,
    "from_addr": "priya@northwind.example",
    "from_name": "Priya Raman",
    "subject": "Next steps",
    "received_at": MORNING,
    "kind": "rejection",
    "return_on": None,
    "why": None,
}


def _file_data() -> list[str]:
    """The example files' and the tracker's own text: what a person wrote, as the database's
    text is."""
    import yaml

    values: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, str) and len(node) >= 3:
            values.update((node, " ".join(node.split())))  # as read, and as the report shows it
            values.update(line.strip() for line in node.splitlines() if line.strip())
        elif isinstance(node, dict):
            for item in node.values():
                walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for example in EXAMPLES.glob("*.yaml"):
        walk(yaml.safe_load(example.read_text(encoding="utf-8")))
    with TRACKER.open(encoding="utf-8-sig", newline="") as tracker:  # its headers and cells
        walk(list(csv.reader(tracker)))
    return list(values)


def _data(databases: list[Path], here: str) -> list[str]:
    """What a person wrote, longest first: the databases' text (before and after the command:
    ``delete`` names what it deleted), the files', this test's folder."""
    texts = {here, *_file_data()}
    for database in databases:
        if database.exists():
            texts.update(user_data(Database(sqlite_url(database))))
    for text in FILES.values():
        texts.update(line.strip() for line in text.splitlines() if len(line.strip()) >= 3)
    return sorted(texts, key=len, reverse=True)


# What a person types back or a program reads: not words to translate.
TYPED = re.compile(
    r"`[^`\n]*`"  # a command to run
    r"|\bafterview(?: [a-z][\w|-]*| \d+| [A-Z]+)+"  # a command to run, set apart
    r"|\b[\w-]+\.(?:eml|yaml|csv|ics|json|txt|md|db)\b"  # a file's name
    r"|(?:https?://|mailto:)\S+"  # an address
    r"|[\w.+-]+@[\w.-]+"  # an email address
    r"|(?<![\w-])--?[a-z][\w-]*"  # an option
    r"|\b[a-z]+(?:_[a-z]+)+\b"  # a code: a kind, a setting's name
    r"|\b[A-Z][a-z]+/[A-Za-z_/-]+"  # a time zone
    r"|\b[A-Z][A-Z_]{2,}\b"  # a placeholder (FILE, STEP) or a variable's name
    r"|(?:/[\w.-]+)+"  # a path
    r"|\b(?:true|false)\b"  # a setting's value, as `settings set` reads it back
)


# A prompt's choices and its default, as click shows them: "(email, phone) [email]".
CHOICES = re.compile(r"\((?:[a-z_]+, )+[a-z_]+\)|\[[^\]\n⟦]*\]")


def words_of(text: str, data: list[str]) -> list[str]:
    """The English words of a command's output, user data and typed things aside."""
    text = CHOICES.sub(" ", text)  # first: a choice may also be user data ("email")
    for value in data:  # whole words only: "thank_you" is data, "thank_you_hours" a code
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", text)
    return leftovers(TYPED.sub(" ", text))


@pytest.mark.parametrize("path", sorted(RUNS))
def test_every_command_speaks_only_through_the_catalogue(
    path: str, seeded: Path, afterview_home: Path, tmp_path: Path
) -> None:
    from afterview.cli import app, localized

    afterview_home.mkdir(parents=True, exist_ok=True)
    if path not in FRESH:
        shutil.copy(seeded, afterview_home / "afterview.db")
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    here = str(tmp_path)
    for argv in SETUP.get(path, []):
        argv = [a.replace("{tmp}", here) for a in argv]
        assert CliRunner().invoke(app, argv, catch_exceptions=False).exit_code == 0, argv
    i18n.activate(i18n.PSEUDO)
    found: list[str] = []
    printed = []
    try:
        localized(app)
        for args in RUNS[path]:
            argv = [*path.split(), *(a.replace("{tmp}", here) for a in args)]
            typed = "".join(f"{line}\n" for line in INPUT.get(path, []))
            result = CliRunner().invoke(app, argv, input=typed, catch_exceptions=False)
            assert result.exit_code in (0, 1), (argv, result.output)
            assert "Aborted!" not in result.output, (argv, "more answers to type in INPUT")
            printed.append(result.output)
            found += words_of(result.output, _data([seeded, afterview_home / "afterview.db"], here))
    finally:
        i18n.activate(None)
    if path in GAPS:
        assert found, f"{path} speaks only through the catalogue now: take it off GAPS"
    else:
        words = sorted(set(found))
        assert not words, f"{path}: English outside the catalogue: {words}\n" + "\n".join(printed)

"""What people read speaks their language: every page and every text output of the CLI,
over a filled database, names rules and kinds by their titles and counts in words.

Codes (``thank_you``, ``odd_hour``) may live in links, form fields and tooltips (and in the
JSON, a public contract), never in the text on the screen; "1 applications" or "0 never
sent" is never printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from afterview.domain.errors import AfterviewError
from afterview.services import demo, outbox
from afterview.storage.db import Database, sqlite_url
from afterview.web.app import WebSettings
from tests.acting import local
from tests.conftest import EXAMPLES
from tests.support.live import live

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("America/Toronto"))
AT = NOW.strftime("%Y-%m-%dT%H:%M")

# A code is lower-case words joined by underscores; a few are not codes but names people
# type (the CLI's own options are in kebab-case, so none of them is one).
CODE = re.compile(r"(?<![\w./@$-])[a-z]+(?:_[a-z0-9]+)+(?![\w@-])")
# A count that disagrees with its noun: "1 applications", "Only 0 other applications".
ONE_MANY = re.compile(
    r"(?<![\d.,:/-])\b1 (?:other |more |new )?(?!(?:is|was|has|does|goes|this|plus)\b)"
    r"[a-z]+(?<!s)s\b"
)
ZERO = re.compile(r"(?<![\d.,:/%-])\b0 (?!%)[a-z]")
# A word said twice for nothing: "Status: rejected (rejected)".
DOUBLED = re.compile(r"\b(\w+)\W+\(\1\)")


def offences(text: str) -> list[str]:
    """Every line of ``text`` with a code or a badly counted noun in it."""
    return [
        line.strip()
        for line in text.splitlines()
        if any(pattern.search(line) for pattern in (CODE, ONE_MANY, ZERO, DOUBLED))
    ]


class _Visible(HTMLParser):
    """The text a person sees on a page: no tags, attributes, scripts or styles."""

    HIDDEN = frozenset({"script", "style", "template"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        elif tag in ("br", "p", "li", "tr", "div", "section", "h1", "h2", "h3", "option"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "".join(parser.parts)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Database:
    """A demo search of three months, with a note waiting in the outbox and one blocked."""
    db = Database(sqlite_url(tmp_path_factory.mktemp("filled") / "afterview.db"))
    demo.build(local(db), months=3, seed=3, now=NOW)
    with local(db).read() as tx:
        rows = tx.all(
            """SELECT application_id AS app, kind, to_name FROM actions
               WHERE status = 'pending' AND kind IN ('thank_you', 'follow_up')
               ORDER BY id"""
        )
    for row in rows[:2]:
        try:
            outbox.approve(
                local(db),
                row["app"],
                kind=row["kind"],
                to=row["to_name"],
                now=NOW,
                send_at=NOW - timedelta(hours=1),
                override_reason="The recruiter asked me to write today.",
            )
        except AfterviewError:  # a note the demo's data cannot address is simply left out
            continue
    assert outbox.entries(local(db)), "the outbox has a note to show"
    return db


@pytest.fixture
def home(filled: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("AFTERVIEW_DATABASE_URL", filled.url)
    return filled


def _paths(db: Database) -> Iterator[str]:
    yield from ("/", "/applications", "/settings", "/interviews/new", "/inbox", "/insights")
    yield from ("/questions", "/outbox", "/card")
    with local(db).read() as tx:
        apps = [int(r["id"]) for r in tx.all("SELECT id FROM applications ORDER BY id")]
    for app in apps:
        base = f"/applications/{app}"
        yield from (base, f"{base}/drafts", f"{base}/edit", f"{base}/debrief")
        yield from (f"{base}/revisit", f"{base}/after-rejection", f"{base}/withdrawals")
        yield f"{base}/closed"


def test_no_page_shows_a_code_or_a_miscounted_noun(home: Database) -> None:
    found: dict[str, list[str]] = {}
    pages = 0
    settings = WebSettings(home.url, clock=lambda: NOW)
    with live(settings) as running, httpx.Client(base_url=running.url) as http:
        for path in _paths(home):
            response = http.get(path)
            if response.status_code != 200:
                continue  # a page that does not apply to this application
            pages += 1
            bad = offences(visible(response.text))
            if bad:
                found[path] = bad
    assert pages > 20
    assert found == {}


def _commands(db: Database, tmp: Path) -> Iterator[tuple[str, ...]]:
    yield from (("agenda", "--now", AT), ("list", "--now", AT), ("stats", "--now", AT))
    yield from (("inbox",), ("questions",), ("outbox", "--now", AT), ("rules",))
    yield from (("digest", "--now", AT), ("practice",))
    panel = str(EXAMPLES / "panel-interview.yaml")
    note = tmp / "note.txt"
    note.write_text("Hi there, thanks!!! Any update ASAP?\n")
    yield ("plan", panel, "--now", "2026-11-20T19:00")
    yield ("check", panel, "--kind", "follow_up", "--to", "Priya Raman", "--at", "2026-11-22T06:00")
    yield ("lint", panel, "--kind", "thank_you", "--note", f"Priya Raman={note}")
    yield ("draft", panel, "--kind", "thank_you", "--all")
    with local(db).read() as tx:
        apps = [int(r["id"]) for r in tx.all("SELECT id FROM applications ORDER BY id")]
    for app in apps:
        yield ("show", str(app))


def test_no_text_output_of_the_cli_shows_a_code_or_a_miscounted_noun(
    home: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from afterview.cli import run

    found: dict[str, list[str]] = {}
    for args in _commands(home, tmp_path):
        code = run(list(args))
        out = capsys.readouterr().out
        assert code in (0, 1), args  # 1: a check or the lint says no
        bad = offences(out)
        if bad:
            found[" ".join(args)] = bad
    assert found == {}


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("Follow-up to Priya, odd_hour: too early", True),
        ("Only 0 other applications are active", True),
        ("1 applications, 3 interviews", True),
        ("3 late, 0 never sent", True),
        ("Message 1 is back in the outbox; 1 was sent", False),
        ("Status: rejected (rejected)", True),
        ("Thank-you note to Priya Raman (1 application, 1 interview)", False),
        ("Send with AFTERVIEW_SMTP_HOST at 10:00, 0.5 s, 1 class", False),
    ],
)
def test_the_check_itself_tells_codes_and_miscounts_from_words(text: str, bad: bool) -> None:
    assert bool(offences(text)) is bad


SESSION: list[tuple[str, ...]] = [
    ("add", str(EXAMPLES / "panel-interview.yaml"), "--now", "2026-11-20T16:00"),
    ("add", str(EXAMPLES / "phone-screen.yaml"), "--now", "2026-11-20T16:05"),
    ("done", "4", "--now", "2026-11-21T09:00"),
    ("skip", "1", "--why", "No time today", "--now", "2026-11-21T09:05"),
    ("log", "1", "--kind", "thank_you", "--to", "Priya Raman", "--channel", "email",
     "--at", "2026-11-21T09:10", "--now", "2026-11-21T09:10"),
    ("update", "1", "--decision", "by the 15th", "--now", "2026-11-21T09:15"),
    ("approve", "1", "--kind", "thank_you", "--to", "Ana López", "--now", "2026-11-21T09:20"),
    ("outbox", "show", "1"),
    ("outbox", "cancel", "1", "--now", "2026-11-21T09:25"),
    ("outbox", "retry", "1", "--now", "2026-11-21T09:30"),
    ("reply", "1", "--now", "2026-11-24T10:00"),
    ("outcome", "1", "rejected", "--now", "2026-11-27T10:00"),
    ("show", "1"),
    ("agenda", "--now", "2026-11-27T10:05"),
]  # fmt: skip


def test_no_command_that_changes_something_speaks_in_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from afterview.cli import run

    found: dict[str, list[str]] = {}
    for args in SESSION:
        code = run(list(args))
        captured = capsys.readouterr()
        assert code == 0, (args, captured.err)
        bad = offences(captured.out + captured.err)
        if bad:
            found[" ".join(args)] = bad
    assert found == {}

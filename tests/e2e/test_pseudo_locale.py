"""Every word people read went through the catalogue: in the pseudo-locale ``en-XA`` each
message reads "⟦Ţõđàý⟧", so an English word left outside the markers was never marked for
translation, or marked and never extracted (``make messages``).

Every page of the app (the routes the browser test visits, empty and filled, after an offer,
a rejection and silence) is rendered, its text and the attributes people read or hear
(``aria-label``, ``title``, ``placeholder``, ``alt``), and every command's ``--help``
(what the commands print is tests/e2e/test_pseudo_locale_cli.py). What a person typed
(names, companies, topics: the seeded data) is taken out first; what is left of the visible
text may not hold a run of three ASCII letters outside the markers, but for the brand, units
and the few names below. No page and no command is excused.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from afterview import i18n
from afterview.interview_file import read_data
from afterview.services import outcomes, tracking
from afterview.storage.db import Database, sqlite_url
from afterview.web.app import WebSettings
from tests.acting import local
from tests.browser.test_every_page import AFTER_OUTCOME, APP, PAGES
from tests.conftest import EXAMPLES
from tests.e2e.test_visible_text import visible
from tests.support.live import client
from tests.web.conftest import ADDED, MORNING

ENGLISH = re.compile(r"[A-Za-z]{3,}")
# Names that read the same in every language: the brand, products, formats, units.
ALLOWED = frozenset(
    {"afterview", "API", "LinkedIn", "HTMX", "PDF", "ICS", "CSV", "JSON", "YAML", "SMTP"}
    | {"IMAP", "ISO", "UTC", "URL", "eml", "yaml", "csv", "ics", "png"}
)


def leftovers(text: str, user_data: list[str] = ()) -> list[str]:  # type: ignore[assignment]
    """The English words of ``text`` outside the pseudo-locale's markers and user data."""
    for value in user_data:  # longest first, so that a name inside a longer value goes too
        text = text.replace(value, " ")
    previous = None
    while previous != text:  # nested markers: a message inside a message
        previous, text = text, re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
    text = re.sub(r"⟦[^\n]*", " ", text)  # a message cut short ("…"), as click's short help is
    return [word for word in ENGLISH.findall(text) if word not in ALLOWED]


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(sqlite_url(tmp_path / "web.db"))
    tracking.add(
        local(database), read_data(EXAMPLES / "panel-interview.yaml"), source="panel", now=ADDED
    )
    return database


@pytest.fixture
def pseudo() -> Iterator[None]:
    i18n.activate(i18n.PSEUDO)
    try:
        yield
    finally:
        i18n.activate(None)


def user_data(db: Database) -> list[str]:
    """Every text the user (or an imported file) put in the database, longest first.

    Columns the code writes are not user data: the planner's reasons, the sources it cites,
    the mail watch's reading of a reply, a send error. Their words must come through the
    catalogue like any other text, so they stay in the check.
    """
    generated = {
        ("actions", "why"),
        ("actions", "sources"),
        ("mail_events", "why"),
        ("messages", "error"),
    }
    values: set[str] = set()
    with local(db).read() as tx:
        tables = [r["name"] for r in tx.all("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in tx.all(f"SELECT * FROM {table}"):
                for column, value in dict(row).items():
                    if (table, column) in generated:
                        continue
                    for text in _texts(value):
                        if len(text) >= 3:
                            values.add(text)
                            values.update(line.strip() for line in text.splitlines() if line)
    values.discard("")
    return sorted(values, key=len, reverse=True)


def _texts(value: object) -> Iterator[str]:
    """The strings of a cell, and those inside a JSON cell (notes, topics, references)."""
    if isinstance(value, str):
        yield value
        if value[:1] in "[{":
            with contextlib.suppress(ValueError):
                yield from _texts(json.loads(value))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


class _Heard(HTMLParser):
    """The attributes people read or hear: a screen reader's labels, tooltips, hints, alt."""

    READ = frozenset({"aria-label", "aria-description", "title", "placeholder", "alt"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts += [value for name, value in attrs if name in self.READ and value]


def heard(html: str) -> str:
    parser = _Heard()
    parser.feed(html)
    return "\n".join(parser.parts)


def page_words(http: httpx.Client, path: str, data: list[str]) -> list[str]:
    response = http.get(path)
    assert response.status_code == 200, path
    # a rule's ID as a tooltip ("generic_thanks") names it as docs/rules.md does: a code
    labels = re.sub(r"\b[a-z]+(?:_[a-z]+)+\b", " ", heard(response.text))
    return leftovers(visible(response.text) + "\n" + labels, data)


def test_the_check_tells_marked_text_from_english() -> None:
    assert leftovers("⟦Ţõđàý⟧ afterview 0.1.0") == []
    assert leftovers("⟦Ţõđàý ⟦ñéšţéđ⟧⟧ · ⟦Ţĥàñķš…") == []
    assert leftovers("⟦Ţõđàý⟧ Nothing is due") == ["Nothing", "due"]
    assert leftovers("Ana López wrote", ["Ana López"]) == ["wrote"]


def test_the_check_hears_labels_and_hints_too() -> None:
    html = '<nav aria-label="Main"><input placeholder="⟦Ñàmé⟧" title="x"><img alt="Chart">'
    assert heard(html).split() == ["Main", "⟦Ñàmé⟧", "x", "Chart"]


def test_the_pseudo_locale_marks_every_message_and_keeps_placeholders(pseudo: None) -> None:
    assert i18n.pseudo("Hi %(name)s, <a href='/x'>{count} notes</a>") == (
        "⟦Ĥí %(name)s, <a href='/x'>{count} ñõţéš</a>⟧"
    )
    assert i18n.gettext("Today") == i18n.pseudo("Today")
    assert i18n.gettext("never extracted, so English") == "never extracted, so English"


def test_every_page_empty_speaks_only_through_the_catalogue(tmp_path: Path, pseudo: None) -> None:
    db = Database(sqlite_url(tmp_path / "empty.db"))
    found: dict[str, list[str]] = {}
    with client(WebSettings(db.url, clock=lambda: MORNING)) as http:
        for path in PAGES:
            if "{" not in path:
                words = page_words(http, path, [])
                if words:
                    found[path] = words
    assert found == {}


def test_every_page_filled_speaks_only_through_the_catalogue(db: Database, pseudo: None) -> None:
    from afterview.templating import environment

    found: dict[str, list[str]] = {}
    with client(WebSettings(db.url, clock=lambda: MORNING)) as http:
        data = user_data(db)
        for path in PAGES:  # the seeded panel interview, as the browser test visits it
            words = page_words(http, path.replace(APP, "1"), data)
            if words:
                found[path] = sorted(set(words))
        tracking.outcome(local(db), 1, "offer", at=MORNING, now=MORNING, on_paper=True)
        outcomes.accept(local(db), 1, at=MORNING, now=MORNING, env=environment(), on_paper=True)
        outcomes.reject(local(db), 2, at=MORNING, now=MORNING, env=environment())
        case = read_data(EXAMPLES / "phone-screen.yaml")
        assert (
            tracking.add(local(db), case, source="phone", now=ADDED).replanned.application_id == 5
        )
        outcomes.close_silent(local(db), 5, now=MORNING + timedelta(days=45))
        data = user_data(db)
        for path, app in AFTER_OUTCOME.items():
            words = page_words(http, path.replace(APP, str(app)), data)
            if words:
                found[path] = sorted(set(words))
    assert found == {}


def _commands() -> Iterator[tuple[str, ...]]:
    import click

    from afterview.cli import COMMANDS, app

    yield ()
    for name in sorted(COMMANDS):
        yield (name,)
        command = app.get_command(click.Context(app), name)
        if isinstance(command, click.Group):
            yield from ((name, sub) for sub in sorted(command.commands))


def test_every_help_speaks_only_through_the_catalogue(
    pseudo: None, capsys: pytest.CaptureFixture[str]
) -> None:
    import click

    from afterview.cli import COMMANDS, app, run

    names = set(COMMANDS) | {"afterview"}
    for name in COMMANDS:  # the commands of a group (outbox retry) are names too
        command = app.get_command(click.Context(app), name)
        if isinstance(command, click.Group):
            names.update(command.commands)
    found: dict[str, list[str]] = {}
    for args in _commands():
        assert run([*args, "--help"]) == 0, args
        out = capsys.readouterr().out
        out = re.sub(r"(?<![\w-])--?[\w-]+|\b[A-Z][A-Z_]+\b", " ", out)  # options, metavars
        out = re.sub(r"\[[\w|-]+\]|(?<=⟧:)[^\]]*", " ", out)  # choices, default values
        words = [w for w in leftovers(out) if w not in names and w not in args]
        if words:
            found[" ".join(args) or "afterview"] = sorted(set(words))
    assert found == {}


# What a save says on the page it lands on: a form posted, the sentence read there.
SAVES = [
    ("/steps/1/done", {"back": "/"}),
    ("/steps/2/skip", {"why": "Said already", "back": "/"}),
    ("/applications/1/reply", {"not_until": "2026-12-01"}),
    ("/applications/1/log", {"kind": "follow_up", "to": "Priya Raman", "channel": "email"}),
    ("/applications/1/outcome", {"kind": "rejected"}),
    ("/applications/3/delete", {"confirm": "yes"}),
]


def test_every_saved_sentence_speaks_only_through_the_catalogue(db: Database, pseudo: None) -> None:
    from tests.web.conftest import token

    found: dict[str, list[str]] = {}
    with client(WebSettings(db.url, clock=lambda: MORNING)) as http:
        data = user_data(db)
        for path, form in SAVES:
            sent = {**form, "csrf_token": token(http)}
            response = http.post(path, data=sent, follow_redirects=True)
            assert response.status_code == 200, (path, response.text[:500])
            said = re.search(r'role="status"[^>]*>(.*?)</', response.text, re.S)
            assert said, f"{path}: no sentence on the page it lands on"
            words = leftovers(said.group(1), data)
            if words:
                found[path] = sorted(set(words))
    assert found == {}

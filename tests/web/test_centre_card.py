"""The card printed in a career centre says whose it is and when it was printed, on the
page and in the PDF; a personal installation's card says nothing of the kind. The
downloads keep their contracts: the archive is JSON (no room for a comment) and the CSV's
first row stays its header, which ``afterview import`` reads back."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

import httpx
import pytest

from tests.integration.centre_support import ADDED, Centre, centre, cli, roles, sql

__all__ = ["centre", "roles"]  # the fixtures this module's tests use

PASSWORD = "correct horse battery"
LINE = "Personal — a@example.org, printed Fri 20 Nov 2026"


@pytest.fixture
def http(centre: Centre) -> Iterator[httpx.Client]:
    from afterview.web.app import WebSettings
    from tests.support.live import client

    argv = ["users", "add", "a@example.org", "--role", "seeker", "--password-stdin"]
    assert cli(argv, centre.app_url, PASSWORD + "\n")[0] == 0
    with client(WebSettings(centre.app_url, clock=lambda: ADDED)) as web:
        signed = web.post("/api/session", json={"email": "a@example.org", "password": PASSWORD})
        assert signed.status_code == 200, signed.text
        yield web


def pdf_text(data: bytes) -> str:
    """The text an fpdf2 PDF shows, from its (deflated) content streams."""
    shown = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            shown.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            shown.append(stream.decode("latin-1"))
    return "\n".join(shown)


def test_the_card_says_whose_it_is_and_when_it_was_printed(http: httpx.Client) -> None:
    page = http.get("/card").text
    assert f'<p class="personal-line"><strong>{LINE}</strong></p>' in page
    pdf = http.get("/card.pdf")
    assert pdf.status_code == 200
    assert "(Personal - a@example.org, printed Fri 20 Nov 2026)" in pdf_text(pdf.content)


def test_the_downloads_keep_their_formats(http: httpx.Client) -> None:
    import json

    archive = http.get("/api/me/export")
    assert isinstance(json.loads(archive.text), dict)  # JSON: no comment line
    table = http.get("/api/me/export?format=csv").text
    assert not table.startswith("#")  # the header first, as `afterview import` reads it
    assert "company" in table.splitlines()[0].lower()


def test_a_personal_card_has_no_such_line(web: httpx.Client) -> None:
    assert "personal-line" not in web.get("/card").text
    assert "Personal - " not in pdf_text(web.get("/card.pdf").content)


def test_the_day_printed_is_the_seekers_own(centre: Centre) -> None:
    """At 03:00 UTC on Saturday it is still Friday evening in Toronto, the seeker's zone."""
    from datetime import UTC, datetime

    from afterview.interview_file import read_data
    from afterview.services import tracking
    from afterview.web.app import WebSettings
    from tests.acting import account
    from tests.conftest import EXAMPLES
    from tests.support.live import client

    argv = ["users", "add", "a@example.org", "--role", "seeker", "--password-stdin"]
    assert cli(argv, centre.app_url, PASSWORD + "\n")[0] == 0
    with sql(centre.owner_url) as conn:
        a = conn.execute("SELECT id FROM owners WHERE email = 'a@example.org'").fetchone()["id"]
    data = read_data(EXAMPLES / "panel-interview.yaml")  # the candidate in America/Toronto
    tracking.add(account(centre.app_db(), a), data, source="panel", now=ADDED)
    late = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
    with client(WebSettings(centre.app_url, clock=lambda: late)) as web:
        web.post("/api/session", json={"email": "a@example.org", "password": PASSWORD})
        assert LINE in web.get("/card").text

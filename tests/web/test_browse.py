"""The browse pages over real HTTP: the applications list and board, and the settings."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from afterview.interview_file import read_data
from afterview.services import tracking
from afterview.services.overview import Row
from afterview.storage.db import Database, sqlite_url
from afterview.web import browse
from tests.acting import local
from tests.conftest import EXAMPLES
from tests.web.conftest import ADDED

# Both examples together: the panel interview (Northwind and its pipeline) and the phone
# screen (Globex Health and its pipeline).
EVERY = {
    "Northwind Robotics": "interviewing",
    "Contoso Analytics": "interviewing",
    "Fabrikam": "applied",
    "Globex": "rejected",
    "Globex Health": "interviewing",
    "Initech": "applied",
}


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(sqlite_url(tmp_path / "web.db"))
    for name in ("panel-interview", "phone-screen"):
        data = read_data(EXAMPLES / f"{name}.yaml")
        tracking.add(local(database), data, source=name, now=ADDED)
    return database


class Page(HTMLParser):
    """What the tests read from a page: table rows, headings, form controls and labels."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []  # every <tr> in a <tbody>, as cell texts
        self.items: list[list[str]] = []  # the <li> texts inside each of those rows
        self.headings: list[str] = []  # <h2>/<h3> texts
        self.controls: list[dict[str, str | None]] = []  # <input>/<select> attributes
        self.labels: set[str] = set()  # every <label for>
        self._body = self._cell = self._li = self._heading = False
        self._text: list[str] = []
        self._li_text: list[str] = []
        self._heading_text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tbody":
            self._body = True
        elif tag == "tr" and self._body:
            self.rows.append([])
            self.items.append([])
        elif tag in ("td", "th") and self._body:
            self._cell, self._text = True, []
        elif tag == "li" and self._cell:
            self._li, self._li_text = True, []
        elif tag in ("h2", "h3"):
            self._heading, self._heading_text = True, []
        elif tag in ("input", "select"):
            self.controls.append({"tag": tag, **a})
        elif tag == "label" and a.get("for"):
            self.labels.add(a["for"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._body = False
        elif tag in ("td", "th") and self._cell:
            self.rows[-1].append(" ".join("".join(self._text).split()))
            self._cell = False
        elif tag == "li" and self._li:
            self.items[-1].append(" ".join("".join(self._li_text).split()))
            self._li = False
        elif tag in ("h2", "h3") and self._heading:
            self.headings.append(" ".join("".join(self._heading_text).split()))
            self._heading = False

    def handle_data(self, data: str) -> None:
        if self._cell:
            self._text.append(data)
        if self._li:
            self._li_text.append(data)
        if self._heading:
            self._heading_text.append(data)


def listed(html: str) -> dict[str, str]:
    """Company → status, from the applications table."""
    return {row[0]: row[2] for row in Page(html).rows}


def test_the_list_shows_every_application_with_its_status(web: httpx.Client) -> None:
    page = web.get("/applications")
    assert page.status_code == 200
    assert "<caption>" in page.text
    assert listed(page.text) == EVERY
    northwind = next(r for r in Page(page.text).rows if r[0] == "Northwind Robotics")
    assert northwind[1:5] == ["Senior Data Engineer", "interviewing", "1", "Fri 04 Dec 2026"]
    assert northwind[5] == "Write the debrief from Fri 20 Nov 2026 15:30"
    assert '<a href="/applications/1">Northwind Robotics</a>' in page.text


def test_search_matches_company_or_role_in_any_case(web: httpx.Client) -> None:
    assert listed(web.get("/applications", params={"q": "northWIND"}).text) == {
        "Northwind Robotics": "interviewing"
    }
    by_role = listed(web.get("/applications", params={"q": "analyst"}).text)
    assert by_role == {"Globex Health": "interviewing", "Initech": "applied"}


def test_the_status_filter_keeps_only_that_status(web: httpx.Client) -> None:
    page = web.get("/applications", params={"status": "applied"})
    assert listed(page.text) == {"Fabrikam": "applied", "Initech": "applied"}
    assert '<option value="applied" selected>' in page.text
    both = web.get("/applications", params={"q": "globex", "status": "interviewing"})
    assert listed(both.text) == {"Globex Health": "interviewing"}


def test_nothing_matching_says_so(web: httpx.Client) -> None:
    page = web.get("/applications", params={"q": "umbrella corp"})
    assert page.status_code == 200
    assert "No applications match" in page.text
    assert Page(page.text).rows == []


def test_an_unknown_status_is_one_clear_sentence(web: httpx.Client) -> None:
    page = web.get("/applications", params={"status": "ghosted"})
    assert page.status_code == 400
    assert "There is no status &#39;ghosted&#39;; choose one of any, applied" in page.text


def test_the_board_has_a_column_per_status_with_its_count(web: httpx.Client) -> None:
    page = Page(web.get("/applications").text)
    columns = [h for h in page.headings if "(" in h]
    assert columns == [
        "Applied (2)",
        "Interviewing (3)",
        "Offer (0)",
        "Rejected (1)",
        "Withdrawn (0)",
        "Closed (0)",
    ]


def test_htmx_gets_only_the_results(web: httpx.Client) -> None:
    fragment = web.get("/applications", params={"q": "northwind"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert "<form" not in fragment.text
    assert listed(fragment.text) == {"Northwind Robotics": "interviewing"}
    assert "HX-Request" in fragment.headers["vary"]
    # Back after a history cache miss: htmx needs the whole page again.
    restore = web.get(
        "/applications",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.text


def test_the_form_works_without_javascript_and_with_htmx(web: httpx.Client) -> None:
    page = web.get("/applications").text
    assert '<form method="get" action="/applications"' in page
    assert 'hx-target="#results"' in page
    assert 'hx-push-url="true"' in page
    assert 'id="results"' in page


@pytest.mark.parametrize("path", ["/applications", "/applications?status=offer", "/settings"])
def test_every_visible_control_has_a_label(web: httpx.Client, path: str) -> None:
    page = Page(web.get(path).text)
    visible = [c for c in page.controls if c.get("type") != "hidden"]
    if path == "/applications":
        assert {c.get("name") for c in visible} == {"q", "status"}
    for control in visible:
        assert control.get("id") in page.labels, control


def test_company_names_are_escaped(web: httpx.Client, db: Database) -> None:
    with local(db).write() as tx:
        tx.execute("UPDATE applications SET company = '<script>alert(1)</script>' WHERE id = 1")
    for params in ({}, {"q": "<script>"}):
        page = web.get("/applications", params=params)
        assert "<script>alert(1)</script>" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    echoed = web.get("/applications", params={"q": '"><script>x</script>'})
    assert "<script>x</script>" not in echoed.text


def pager_links(html: str) -> dict[str, str]:
    """The pager's links by their ``rel`` (prev, next), as written in the page."""
    found = re.findall(r'<a href="([^"]+)" rel="(prev|next)">', html)
    return {rel: unescape(href) for href, rel in found}


def test_the_list_is_shown_a_page_at_a_time_with_links_either_side(
    web: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browse, "PAGE_SIZE", 4)
    first = web.get("/applications")
    second = web.get("/applications", params={"page": 2})
    assert list(listed(first.text)) == [
        "Northwind Robotics",
        "Contoso Analytics",
        "Fabrikam",
        "Globex",
    ]
    assert {**listed(first.text), **listed(second.text)} == EVERY
    assert "6 applications. Showing 1–4, page 1 of 2." in first.text
    assert "Showing 5–6, page 2 of 2." in second.text
    assert pager_links(first.text) == {"next": "/applications?page=2"}
    assert pager_links(second.text) == {"prev": "/applications"}
    assert 'aria-label="Pages of applications"' in first.text
    past_the_end = web.get("/applications", params={"page": 99})
    assert listed(past_the_end.text) == listed(second.text)


def test_the_pager_keeps_the_search_and_the_filter(
    web: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browse, "PAGE_SIZE", 1)
    page = web.get("/applications", params={"q": "globex", "status": "any"})
    assert "2 of 6 applications match. Showing 1–1, page 1 of 2." in page.text
    assert pager_links(page.text) == {"next": "/applications?q=globex&page=2"}
    second = web.get(pager_links(page.text)["next"])
    assert pager_links(second.text) == {"prev": "/applications?q=globex"}
    assert {**listed(page.text), **listed(second.text)} == {
        "Globex": "rejected",
        "Globex Health": "interviewing",
    }


def test_one_page_of_results_has_no_pager(web: httpx.Client) -> None:
    page = web.get("/applications").text
    assert pager_links(page) == {}
    assert "Showing" not in page


def test_the_board_counts_every_match_and_says_how_many_are_on_other_pages(
    web: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browse, "PAGE_SIZE", 4)
    page = Page(web.get("/applications", params={"page": 2}).text)
    columns = [h for h in page.headings if "(" in h]
    assert columns == [
        "Applied (2)",
        "Interviewing (3)",
        "Offer (0)",
        "Rejected (1)",
        "Withdrawn (0)",
        "Closed (0)",
    ]
    text = web.get("/applications", params={"page": 2}).text
    assert "2 more on other pages" in text  # interviewing: 1 of 3 on page 2
    assert "1 more on other pages" in text  # applied and rejected: all on page 1


def test_a_page_read_again_after_a_change_shows_the_change(web: httpx.Client, db: Database) -> None:
    assert "Northwind Robotics" in listed(web.get("/applications").text)
    with local(db).write() as tx:
        tx.execute("UPDATE applications SET company = 'Northwind Automation' WHERE id = 1")
    after = listed(web.get("/applications").text)
    assert "Northwind Automation" in after
    assert "Northwind Robotics" not in after


def _row(n: int, company: str, role: str, status: str) -> Row:
    return Row(n, company, role, status, 1, None, None, None, None)


@pytest.mark.parametrize(
    ("q", "status"),
    [
        ("", "any"),
        ("", "applied"),
        ("strasse", "any"),
        ("STRASSE", "interviewing"),
        ("engineer", "any"),
        ("ı", "any"),
        ("nobody", "rejected"),
    ],
)
def test_the_kept_search_keeps_the_rows_the_plain_filter_keeps(q: str, status: str) -> None:
    rows = (
        _row(1, "Straße Werke", "Data Engineer", "applied"),
        _row(2, "STRASSE AG", "Analyst", "interviewing"),
        _row(3, "Acme", "Software ENGINEER", "interviewing"),
        _row(4, "Dıgital", "İnspector", "rejected"),
        _row(5, "Globex", "Engineer", "applied"),
    )
    kept = browse.Listing.of(rows)
    assert list(kept.matching(q, status)) == [r for r in rows if browse.matches(r, q, status)]
    assert kept.counts == Counter(r.status for r in rows)

"""The Import page: upload, preview with the mapping, confirm, and what happened."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

from afterview.importers.tracker_csv import ImportOptions
from afterview.services import tracker_import as service
from afterview.storage.db import Database
from tests.acting import local
from tests.web.conftest import token

TRACKERS = Path(__file__).resolve().parent.parent / "data" / "trackers"


def _companies(db: Database) -> list[str]:
    with local(db).read() as tx:
        return [r["company"] for r in tx.all("SELECT company FROM applications ORDER BY id")]


def _preview(web: httpx.Client, name: str, **form: str) -> httpx.Response:
    return web.post(
        "/import/preview",
        data={"csrf_token": token(web), **form},
        files={"file": (name, (TRACKERS / name).read_bytes(), "text/csv")},
    )


def test_the_import_page_is_in_the_navigation() -> None:
    base = Path("src/afterview/web/templates/base.html")
    assert '<a href="/import">{% trans %}Import{% endtrans %}</a>' in base.read_text("utf-8")


def test_a_preview_shows_the_mapping_and_the_report_and_stores_nothing(
    web: httpx.Client, db: Database
) -> None:
    before = _companies(db)
    page = _preview(web, "uk-sheet.csv")
    assert page.status_code == 200
    assert "<td>Role name</td><td>role</td>" in page.text
    assert "<td>Referral</td><td>kept as an extra field</td>" in page.text
    assert "Dates read day first (dmy): line 3 writes" in page.text
    assert "line 6: Status: &#34;Maybe?&#34;: not a status afterview knows" in page.text
    assert "5 new, 0 updated, 0 unchanged" in page.text
    assert _companies(db) == before


def test_the_report_names_no_command_line_option(web: httpx.Client) -> None:
    """The notes say what to choose; the page's own fields choose it, not a flag."""
    for name in ("uk-sheet.csv", "us-sheet.csv", "teal.csv", "simplify.csv"):
        page = _preview(web, name)
        assert "--dates" not in page.text, name
        assert "--status" not in page.text, name


def test_confirming_the_preview_imports_and_says_what_happened(
    web: httpx.Client, db: Database
) -> None:
    page = _preview(web, "teal.csv", statuses="Bookmarked=applied")
    found = re.search(r'name="token" value="([^"]+)"', page.text)
    assert found
    done = web.post("/import/confirm", data={"csrf_token": token(web), "token": found.group(1)})
    assert done.status_code == 200
    assert '<p role="status">Read 7 rows: 7 new, 0 updated, 0 unchanged.</p>' in done.text
    assert "Oscorp" in _companies(db)
    again = web.post("/import/confirm", data={"csrf_token": token(web), "token": found.group(1)})
    assert again.status_code == 400
    assert "That preview is no longer waiting; choose the file again." in again.text
    same = _preview(web, "teal.csv", statuses="Bookmarked=applied")
    assert "0 new, 0 updated, 7 unchanged" in same.text
    assert "Nothing would change: every row matches what you imported before." in same.text
    assert 'action="/import/confirm"' not in same.text


def test_a_file_that_is_not_a_tracker_is_one_sentence_and_nothing_is_stored(
    web: httpx.Client, db: Database
) -> None:
    before = _companies(db)
    page = web.post(
        "/import/preview",
        data={"csrf_token": token(web)},
        files={"file": ("notes.csv", b"Title,Salary\nAnalyst,1\n", "text/csv")},
    )
    assert page.status_code == 400
    assert 'role="alert"' in page.text
    assert "No column of the tracker file names the company" in page.text
    assert _companies(db) == before


def test_a_wrong_status_mapping_names_the_line(web: httpx.Client) -> None:
    page = _preview(web, "teal.csv", statuses="Bookmarked=someday")
    assert page.status_code == 400
    assert "Status word &#39;Bookmarked=someday&#39;: &#39;someday&#39; is not one of" in page.text


def test_imported_people_notes_and_extra_fields_show_on_the_application_page(
    web: httpx.Client, db: Database
) -> None:
    page = _preview(web, "notion.csv")
    found = re.search(r'name="token" value="([^"]+)"', page.text)
    assert found
    web.post("/import/confirm", data={"csrf_token": token(web), "token": found.group(1)})
    app_id = _companies(db).index("Vandelay Industries") + 1
    shown = web.get(f"/applications/{app_id}").text
    assert '<h2 id="tracked">What you tracked</h2>' in shown
    assert '<dd>Art Vandelay · <a href="mailto:art@vandelay.example">' in shown
    assert "<dt>Salary Range</dt><dd>$70k-$80k</dd>" in shown
    assert "Asked about logistics." in shown


def test_a_posting_link_that_is_not_http_is_shown_as_text(web: httpx.Client, db: Database) -> None:
    hostile = b"Company,Role,URL\nEvil,Clicker,javascript:alert(1)\n"
    parsed = service.read_tracker("x.csv", hostile, ImportOptions(ZoneInfo("UTC")))
    service.run_import(local(db), parsed, now=datetime(2026, 11, 21, tzinfo=UTC))
    app_id = _companies(db).index("Evil") + 1
    shown = web.get(f"/applications/{app_id}").text
    assert "<dd>javascript:alert(1)</dd>" in shown
    assert 'href="javascript:' not in shown

"""``/api/me``: a personal installation's copy of everything, and no account to erase."""

from __future__ import annotations

import csv
import io
import json

import httpx

from tests.web.conftest import token


def test_the_export_is_the_whole_archive_as_an_attachment_kept_by_no_cache(
    web: httpx.Client,
) -> None:
    answer = web.get("/api/me/export")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["content-disposition"] == (
        'attachment; filename="afterview-2026-11-21.json"'
    )
    archive = json.loads(answer.text)
    assert archive["format"] == "afterview-archive"
    applications = archive["tables"]["applications"]
    companies = {row[applications["columns"].index("company")] for row in applications["rows"]}
    assert "Northwind Robotics" in companies


def test_the_csv_export_has_a_row_per_application_with_its_cells_neutralised(
    web: httpx.Client,
) -> None:
    answer = web.get("/api/me/export", params={"format": "csv"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-disposition"].endswith('filename="afterview-2026-11-21.csv"')
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert "Northwind Robotics" in {r["company"] for r in rows}
    assert {r["company"] for r in rows} == companies_of(web)


def test_an_unknown_export_format_is_refused_in_the_one_error_shape(web: httpx.Client) -> None:
    answer = web.get("/api/me/export", params={"format": "xlsx"})
    assert answer.status_code == 422
    assert set(answer.json()["error"]) == {"status", "code", "message"}


def test_a_personal_database_has_no_account_to_erase(web: httpx.Client) -> None:
    answer = web.request(
        "DELETE",
        "/api/me",
        json={"confirm": "me@example.org"},
        headers={"X-CSRF-Token": token(web)},
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "bad_request"
    assert "one by one" in answer.json()["error"]["message"]
    assert web.get("/api/applications").json()["applications"]


def test_settings_links_the_downloads_and_shows_no_erase_form_without_a_centre(
    web: httpx.Client,
) -> None:
    page = web.get("/settings").text
    assert 'href="/api/me/export"' in page
    assert 'href="/api/me/export?format=csv"' in page
    assert 'action="/settings/erase"' not in page


def companies_of(web: httpx.Client) -> set[str]:
    return {row["company"] for row in web.get("/api/applications").json()["applications"]}


def test_a_personal_database_has_no_centre_report(web: httpx.Client) -> None:
    for path in ("/api/report", "/api/report?format=csv"):
        answer = web.get(path)
        assert answer.status_code == 400
        assert "career centre" in answer.json()["error"]["message"]

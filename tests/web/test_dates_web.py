"""Dates outside a sensible range, through the JSON API and the Add form: one clear sentence."""

from __future__ import annotations

import httpx
import pytest

from afterview.storage.db import Database
from tests.acting import local
from tests.web.conftest import token
from tests.web.test_forms import applications, panel_form


@pytest.mark.parametrize("at", ["0999-01-01T10:00:00", "9999-12-31T23:00:00"])
def test_a_step_done_at_an_impossible_year_is_refused_and_nothing_changes(
    web: httpx.Client, db: Database, at: str
) -> None:
    refused = web.post("/api/steps/4/done", json={"at": at}, headers={"X-CSRF-Token": token(web)})
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert error["code"] == "bad_request"
    assert "is outside 1900-2100; check the date." in error["message"]
    with local(db).read() as tx:
        assert tx.one("SELECT status FROM actions WHERE id = 4") == {"status": "pending"}
    assert web.get("/api/applications").status_code == 200


@pytest.mark.parametrize(
    ("start", "says"),
    [
        ("9999-11-20T10:00", "the year 9999 is outside 1900-2100; check the date."),
        ("0999-11-20T10:00", "the year 999 is outside 1900-2100; check the date."),
        ("2031-11-20T10:00", "2031-11-20 is more than a year after now"),
    ],
)
def test_the_add_form_refuses_a_start_out_of_range_and_stores_nothing(
    web: httpx.Client, db: Database, start: str, says: str
) -> None:
    before = applications(db)
    form = {**panel_form(), "start": start, "csrf_token": token(web)}
    sent = web.post("/interviews", data=form, follow_redirects=False)
    assert sent.status_code == 400
    assert says in sent.text
    assert applications(db) == before

"""Deleting an application from its page: a confirmation first, then everything goes."""

from __future__ import annotations

import re

import httpx

from afterview.services.deletion import ATTACHED
from afterview.storage.db import Database
from tests.acting import local
from tests.web.conftest import token

FLASH = re.compile(r'<p class="flash" role="status" id="flash">(?P<text>[^<]*)</p>')


def counts(db: Database, app_id: int = 1) -> dict[str, int]:
    """The application's own row and every row attached to it, by table."""
    with local(db).read() as tx:
        found = {
            "applications": len(tx.all("SELECT id FROM applications WHERE id = :a", {"a": app_id}))
        }
        for table, _, _ in ATTACHED:
            rows = tx.all(f"SELECT 1 FROM {table} WHERE application_id = :a", {"a": app_id})
            found[table] = len(rows)
        return found


def applications(db: Database) -> int:
    with local(db).read() as tx:
        return len(tx.all("SELECT id FROM applications"))


def test_the_application_page_leads_to_a_confirmation_that_says_what_goes(
    web: httpx.Client,
) -> None:
    page = web.get("/applications/1")
    assert 'href="/applications/1/delete"' in page.text
    asked = web.get("/applications/1/delete")
    assert asked.status_code == 200
    assert "Delete Northwind Robotics" in asked.text
    assert re.search(r"with 1 interview(,| and) \d+ plan steps", asked.text)
    assert 'name="confirm" value="yes"' in asked.text
    assert 'href="/applications/1">No, keep it' in asked.text


def test_confirming_deletes_the_application_and_everything_attached(
    web: httpx.Client, db: Database
) -> None:
    assert counts(db)["actions"] > 0
    others = applications(db) - 1  # the pipeline's other applications stay
    done = web.post(
        "/applications/1/delete",
        data={"csrf_token": token(web), "confirm": "yes"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/applications"
    assert set(counts(db).values()) == {0}
    assert applications(db) == others
    landed = web.get("/applications")
    said = FLASH.search(landed.text)
    assert said is not None
    assert said["text"].startswith("Deleted Northwind Robotics")
    assert web.get("/applications/1").status_code == 404


def test_without_the_confirmation_or_the_token_nothing_is_deleted(
    web: httpx.Client, db: Database
) -> None:
    before = counts(db)
    unconfirmed = web.post(
        "/applications/1/delete", data={"csrf_token": token(web)}, follow_redirects=False
    )
    assert unconfirmed.status_code == 303
    assert unconfirmed.headers["location"] == "/applications/1/delete"
    forged = web.post("/applications/1/delete", data={"confirm": "yes"}, follow_redirects=False)
    assert forged.status_code == 403
    assert counts(db) == before


def test_deleting_an_application_that_is_not_there_says_so(web: httpx.Client) -> None:
    missing = web.get("/applications/42/delete")
    assert missing.status_code == 404
    assert "No application with id 42" in missing.text

"""Editing a stored interview through the form: prefilled, saved in place, plan kept."""

from __future__ import annotations

import json
import re

import httpx

from afterview.storage.db import Database
from tests.acting import local
from tests.web.conftest import token


def form_values(html: str) -> dict[str, str]:
    fields = dict(re.findall(r'<input id="([^"]+)" name="[^"]+"[^>]*?value="([^"]*)"', html))
    fields |= dict(re.findall(r'<textarea id="([^"]+)"[^>]*>\n?([^<]*)</textarea>', html))
    return fields


def test_the_form_is_filled_from_what_is_stored(web: httpx.Client) -> None:
    page = web.get("/applications/1/edit")
    assert page.status_code == 200
    assert "<h1>Edit the interview</h1>" in page.text
    assert 'action="/applications/1/edit"' in page.text
    values = form_values(page.text)
    assert values["company"] == "Northwind Robotics"
    assert values["start"] == "2026-11-20T14:00"
    assert values["duration"] == "1h30m"
    assert values["panel-1-name"] == "Tom Becker"
    assert "data-quality checks" in values["panel-1-topics"]
    assert values["promise-0-to"] == "Priya Raman"  # to whom each promise was made


def test_saving_an_edit_updates_the_interview_and_keeps_what_was_done(
    web: httpx.Client, db: Database
) -> None:
    with local(db).read() as tx:
        celebrate = tx.one("SELECT id FROM actions WHERE kind = 'celebrate'")
    assert celebrate is not None
    web.post(f"/steps/{celebrate['id']}/done", data={"csrf_token": token(web)})
    page = web.get("/applications/1/edit").text
    fields = dict(re.findall(r'name="([^"]+)"[^>]*?value="([^"]*)"', page))
    fields |= dict(
        re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>\n?([^<]*)</textarea>', page)
    )
    fields.update(
        csrf_token=token(web),
        decision="by the 15th",
        act="save",
        contact_preference="email",
        channel_before="email",
        format="onsite",
    )
    fields["panel-0-role"] = "hiring_manager"
    saved = web.post("/applications/1/edit", data=fields, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:2000]
    with local(db).read() as tx:
        ivs = tx.all("SELECT decision FROM interviews")
        done = tx.one("SELECT status FROM actions WHERE kind = 'celebrate'")
    assert ivs == [{"decision": "by the 15th"}]
    assert done == {"status": "done"}


def test_an_edit_keeps_the_debrief_the_form_does_not_show(web: httpx.Client, db: Database) -> None:
    with local(db).read() as tx:
        before = json.loads(tx.one("SELECT notes FROM interviews")["notes"])
    assert before["questions"], "the example interview has a debrief to keep"
    page = web.get("/applications/1/edit").text
    fields = dict(re.findall(r'name="([^"]+)"[^>]*?value="([^"]*)"', page))
    fields |= dict(
        re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>\n?([^<]*)</textarea>', page)
    )
    fields.update(
        csrf_token=token(web),
        act="save",
        contact_preference="email",
        channel_before="email",
        format="onsite",
        feelings="Tired but glad.",
    )
    saved = web.post("/applications/1/edit", data=fields, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:2000]
    with local(db).read() as tx:
        after = json.loads(tx.one("SELECT notes FROM interviews")["notes"])
    assert after["questions"] == before["questions"]
    assert after["feelings"] == "Tired but glad."


def test_a_bad_edit_keeps_the_input_and_marks_the_field(web: httpx.Client) -> None:
    page = web.get("/applications/1/edit").text
    fields = dict(re.findall(r'name="([^"]+)"[^>]*?value="([^"]*)"', page))
    fields.update(
        csrf_token=token(web),
        act="save",
        candidate_timezone="Mars/Olympus",
        contact_preference="email",
    )
    bad = web.post("/applications/1/edit", data=fields)
    assert bad.status_code == 400
    assert "Mars/Olympus" in bad.text
    assert 'aria-invalid="true"' in bad.text

"""The Settings page over real HTTP: the account's values with their reasons, changed in a
form that says what it saved, and a refused value shown back with its field named."""

from __future__ import annotations

import re
from html import unescape

import httpx

from afterview.domain.settings import Policy, describe
from afterview.services import settings
from afterview.storage.db import Database
from afterview.web.app import WebSettings
from tests.acting import local
from tests.support.live import client
from tests.web.conftest import MORNING, token
from tests.web.test_browse import Page
from tests.web.test_flash import said


def form_of(page: str) -> dict[str, str]:
    """The settings form as the page fills it: each field's name and value."""
    found = dict(re.findall(r'<input id="setting-\w+-value" name="(\w+)" value="([^"]*)"', page))
    for name, value in re.findall(
        r'<select id="setting-\w+-value" name="(\w+)".*?<option value="(\w+)" selected', page, re.S
    ):
        found[name] = value
    return found


def test_settings_list_every_value_with_reason_and_sources(web: httpx.Client) -> None:
    page = web.get("/settings")
    assert page.status_code == 200
    parsed = Page(page.text)
    rows = {row[0]: (row, items) for row, items in zip(parsed.rows, parsed.items, strict=True)}
    shown = form_of(page.text)
    assert "thank you hours" in rows
    for setting in describe(Policy()):
        row, sources = rows[setting["name"].replace("_", " ")]
        value = setting["value"]
        text = ("true" if value else "false") if isinstance(value, bool) else f"{value:g}"
        assert shown[setting["name"]] == text
        assert "the default" in row[1]
        assert row[2] == setting["reason"]
        assert sources == setting["sources"]
        assert f'<label for="setting-{setting["name"]}-value">' in page.text


def test_a_saved_change_is_said_shown_and_planned_with(web: httpx.Client, db: Database) -> None:
    before = web.get("/applications/1").text
    assert "Keep searching" in before  # two other applications active: fewer than three
    form = {**form_of(web.get("/settings").text), "pipeline_target": "2"}
    saved = web.post("/settings", data={**form, "csrf_token": token(web)}, follow_redirects=True)
    assert saved.status_code == 200
    assert str(saved.url).endswith("/settings")
    assert said(saved) == (
        "Saved: pipeline target is now 2 (was 3). Your plans follow the new settings."
    )
    assert form_of(saved.text)["pipeline_target"] == "2"
    assert "changed; the default is 3" in unescape(saved.text)
    assert settings.policy(local(db)).pipeline_target == 2
    assert "Keep searching" not in web.get("/applications/1").text
    again = web.post("/settings", data={**form, "csrf_token": token(web)}, follow_redirects=True)
    assert said(again) == "Nothing changed: every setting already had the value given."


def test_an_emptied_field_goes_back_to_its_default(web: httpx.Client, db: Database) -> None:
    settings.update_policy(local(db), {"follow_up_spacing_days": 7}, now=MORNING)
    form = {**form_of(web.get("/settings").text), "follow_up_spacing_days": ""}
    saved = web.post("/settings", data={**form, "csrf_token": token(web)}, follow_redirects=True)
    assert said(saved).startswith("Saved: follow up spacing days is now 5 (was 7).")
    assert settings.policy(local(db)) == Policy()


def test_a_refused_value_comes_back_with_its_field_named(web: httpx.Client, db: Database) -> None:
    typed = {"send_window_start": "12", "note_max_words": "150"}
    form = {**form_of(web.get("/settings").text), **typed}
    refused = web.post("/settings", data={**form, "csrf_token": token(web)})
    assert refused.status_code == 400
    text = unescape(refused.text)
    assert "<title>Error: " in text
    assert "The settings were not saved" in text
    link = re.search(r'<li><a href="#([\w-]+)">([^<]+)</a></li>', text)
    assert link is not None
    assert link.group(1) == "setting-send_window_start-value"
    assert link.group(2) == (
        "Settings: send_window_start (12) must be less than send_window_end (11) for the "
        "send window."
    )
    assert re.search(r'id="setting-send_window_start-value"[^>]*aria-invalid="true"', text)
    assert form_of(text)["send_window_start"] == "12"  # what was typed stays
    assert form_of(text)["note_max_words"] == "150"
    assert settings.policy(local(db)) == Policy()  # nothing saved, not even the good value


def test_a_change_without_the_pages_token_is_refused(web: httpx.Client, db: Database) -> None:
    refused = web.post("/settings", data={"pipeline_target": "1"})
    assert refused.status_code == 403
    assert settings.policy(local(db)) == Policy()


def test_each_database_shows_the_saved_value_at_once(either_db: Database) -> None:
    with client(WebSettings(either_db.url, clock=lambda: MORNING)) as web:
        assert form_of(web.get("/settings").text)["send_window_start"] == "8"
        before = web.get("/applications/1").text
        assert "08:00" in before
        assert "09:00" not in before
        settings.update_policy(local(either_db), {"send_window_start": "9"}, now=MORNING)
        assert form_of(web.get("/settings").text)["send_window_start"] == "9"
        page = web.get("/applications/1").text
    assert "09:00" in page

"""Adding an interview from the web form: the whole interview file, over real HTTP."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.datastructures import FormData

from afterview.storage.db import Database, sqlite_url
from afterview.web import form_data
from afterview.web.app import WebSettings
from tests.acting import local
from tests.support.live import client
from tests.web.conftest import MORNING, token

BLANK_MEMBER = {"role": "interviewer", "phone_kind": "work"}  # what a browser sends for one


def panel_form() -> dict[str, str]:
    """A Friday panel: two people in two time zones, a referrer, a promise, a time frame."""
    form = {
        "name": "Robin Vale",
        "email": "robin.vale@example.org",
        "candidate_timezone": "America/Toronto",
        "country": "CA",
        "subdivision": "ON",
        "company": "Tailspin Toys",
        "role": "Platform Engineer",
        "channel_before": "email",
        "referrer_name": "Kim Ode",
        "referrer_email": "kim.ode@example.org",
        "references": "Dana Kim <dana.kim@example.org>",
        "links": "Streaming write-up | https://example.org/streaming",
        "start": "2026-11-20T10:00",
        "duration": "1h30m",
        "timezone": "America/Toronto",
        "format": "video",
        "round": "1",
        "decision": "within two weeks",
        "next_step": "a call with the CTO",
        "contact_preference": "email",
        "promise-0-what": "send the streaming write-up",
        "promise-0-by": "tomorrow",
        "promise-0-to": "",
        "promise-1-what": "",
        "promise-1-by": "",
        "promise-1-to": "",
        "stood_out": "They pair on every change.",
        "panel-0-name": "Mira Chen",
        "panel-0-title": "Engineering Manager",
        "panel-0-role": "hiring_manager",
        "panel-0-email": "mira.chen@tailspin.example",
        "panel-0-phone_kind": "work",
        "panel-0-topics": "the on-call rotation\nmoving batch jobs to streaming",
        "panel-1-name": "Lars Jensen",
        "panel-1-role": "interviewer",
        "panel-1-email": "lars.jensen@tailspin.example",
        "panel-1-timezone": "Europe/Copenhagen",
        "panel-1-phone_kind": "work",
        "panel-1-topics": "schema checks in ingestion",
    }
    form.update({f"panel-2-{key}": value for key, value in BLANK_MEMBER.items()})
    return form


def applications(db: Database) -> int:
    with local(db).read() as tx:
        row = tx.one("SELECT COUNT(*) AS n FROM applications")
    assert row is not None
    return int(row["n"])


def test_a_full_panel_interview_becomes_a_planned_application(
    web: httpx.Client, db: Database
) -> None:
    before = applications(db)
    sent = web.post("/interviews", data={**panel_form(), "csrf_token": token(web)})
    assert sent.status_code == 303, sent.text
    assert applications(db) == before + 1
    app_id = int(sent.headers["location"].rsplit("/", 1)[1])

    page = " ".join(web.get(sent.headers["location"]).text.split())
    assert "Tailspin Toys" in page
    assert (
        "with Mira Chen, Lars Jensen; they said “within two weeks” (read as Fri 4 Dec 2026)" in page
    )
    # The first follow-up, to the hiring manager, waits until the Monday after the decision.
    assert re.search(r"<strong>Follow-up</strong> → Mira Chen .*?>from Mon 07 Dec 08:00", page)
    with local(db).read() as tx:
        thanks = tx.all(
            "SELECT to_name FROM actions WHERE application_id = :a AND kind = 'thank_you'",
            {"a": app_id},
        )
        promises = tx.all(
            "SELECT id FROM actions WHERE application_id = :a AND kind = 'promise'",
            {"a": app_id},
        )
    assert sorted(t["to_name"] for t in thanks) == ["Lars Jensen", "Mira Chen"]
    assert len(promises) == 1


def test_blank_panel_fieldsets_are_ignored(web: httpx.Client, db: Database) -> None:
    form = panel_form()
    for key in [k for k in form if k.startswith("panel-1-")]:
        del form[key]
    form.update({f"panel-7-{key}": value for key, value in BLANK_MEMBER.items()})
    form["panel-7-topics"] = "  \n "
    sent = web.post("/interviews", data={**form, "csrf_token": token(web)})
    assert sent.status_code == 303, sent.text
    app_id = int(sent.headers["location"].rsplit("/", 1)[1])
    with local(db).read() as tx:
        row = tx.one("SELECT panel FROM interviews WHERE application_id = :a", {"a": app_id})
    assert row is not None
    assert [p["name"] for p in json.loads(row["panel"])] == ["Mira Chen"]


def test_the_decision_is_read_as_you_type(web: httpx.Client) -> None:
    fields = {
        "start": "2026-11-20T14:00",  # a Friday
        "timezone": "America/Toronto",
        "country": "CA",
        "subdivision": "ON",
    }
    headers = {"X-CSRF-Token": token(web), "HX-Request": "true"}
    read = web.post(
        "/interviews/new/decision", data={**fields, "decision": "within two weeks"}, headers=headers
    )
    assert read.status_code == 200
    assert "read as <strong>Friday 4 December 2026</strong>" in read.text

    vague = web.post(
        "/interviews/new/decision",
        data={**fields, "decision": "after the school holidays"},
        headers=headers,
    )
    assert vague.status_code == 200
    assert "When will they decide?" in vague.text
    assert "depends on their holiday dates; ask them for a date" in vague.text
    assert "Until then no follow-up is planned." in vague.text


@pytest.mark.parametrize(
    ("said", "reads"),
    [
        ("before New Year", "Thursday 31 December 2026"),
        ("after the holidays", "Friday 8 January 2027"),
        ("by end of Q1", "Wednesday 31 March 2027"),
        ("mid-next-month", "Tuesday 15 December 2026"),
    ],
)
def test_a_holiday_or_a_period_is_read_as_you_type(
    web: httpx.Client, said: str, reads: str
) -> None:
    fields = {"start": "2026-11-20T14:00", "timezone": "America/Toronto", "country": "CA"}
    headers = {"X-CSRF-Token": token(web), "HX-Request": "true"}
    read = web.post("/interviews/new/decision", data={**fields, "decision": said}, headers=headers)
    assert f"read as <strong>{reads}</strong>" in read.text


def test_a_period_counted_from_a_holiday_says_the_follow_up_waits_until_after_it(
    web: httpx.Client,
) -> None:
    fields = {"start": "2026-11-20T14:00", "timezone": "America/Toronto", "country": "CA"}
    headers = {"X-CSRF-Token": token(web), "HX-Request": "true"}
    said = {**fields, "decision": "two weeks after Easter"}
    read = web.post("/interviews/new/decision", data=said, headers=headers)
    assert "When will they decide?" in read.text
    assert "the first follow-up waits until after Sunday 28 March 2027" in read.text


@pytest.mark.parametrize(
    ("start", "says"),
    [
        ("9999-11-20T14:00", "the start: the year 9999 is outside 1900-2100"),
        ("0999-11-20T14:00", "the start: the year 999 is outside 1900-2100"),
        ("2031-11-20T14:00", "the start: 2031-11-20 is more than a year after now"),
    ],
)
def test_a_start_out_of_range_is_named_under_the_decision(
    web: httpx.Client, start: str, says: str
) -> None:
    fields = {"start": start, "timezone": "America/Toronto", "country": "CA"}
    headers = {"X-CSRF-Token": token(web), "HX-Request": "true"}
    read = web.post(
        "/interviews/new/decision", data={**fields, "decision": "by Friday"}, headers=headers
    )
    assert read.status_code == 200
    assert "Not read yet: " + says in read.text


def test_the_decision_preview_needs_the_token(web: httpx.Client) -> None:
    refused = web.post("/interviews/new/decision", data={"decision": "by Friday"})
    assert refused.status_code == 403


def test_a_mistake_comes_back_with_everything_kept_and_the_field_marked(
    web: httpx.Client, db: Database
) -> None:
    before = applications(db)
    form = {**panel_form(), "panel-1-timezone": "Europe/Atlantis"}
    sent = web.post("/interviews", data={**form, "csrf_token": token(web)})
    assert sent.status_code == 400
    assert applications(db) == before
    page = sent.text
    summary = r'role="alert".*<a href="#panel-1-timezone">Unknown time zone'
    assert re.search(summary, page, re.DOTALL)
    field = re.search(r'<input id="panel-1-timezone"[^>]*>', page)
    assert field is not None
    assert 'aria-invalid="true"' in field.group()
    assert 'value="Europe/Atlantis"' in field.group()
    assert 'aria-describedby="panel-1-timezone-hint panel-1-timezone-error"' in field.group()
    assert 'id="panel-1-timezone-error"' in page
    assert 'value="Tailspin Toys"' in page
    assert 'value="Lars Jensen"' in page
    assert "the on-call rotation\nmoving batch jobs to streaming</textarea>" in page
    assert 'name="promise-0-what" type="text" value="send the streaming write-up"' in page
    assert 'name="promise-0-by" type="text" value="tomorrow"' in page
    assert re.search(r'id="contact_preference-email"[^>]*value="email" checked', page)
    assert '<option value="hiring_manager" selected>' in page
    assert "read as <strong>Friday 4 December 2026</strong>" in page
    assert page.count('aria-invalid="true"') == 1


def test_a_mistake_in_the_candidate_section_names_its_field(web: httpx.Client) -> None:
    form = {**panel_form(), "country": "XX"}
    sent = web.post("/interviews", data={**form, "csrf_token": token(web)})
    assert sent.status_code == 400
    field = re.search(r'<input id="country"[^>]*>', sent.text)
    assert field is not None
    assert 'aria-invalid="true"' in field.group()


def test_people_are_added_and_removed_in_place(web: httpx.Client) -> None:
    added = web.get("/interviews/new/panel-member", params={"index": 4})
    assert added.status_code == 200
    assert '<fieldset class="card panel-member" id="panel-4">' in added.text
    assert 'name="panel-4-name"' in added.text
    assert 'hx-swap-oob="true"' in added.text
    assert "/interviews/new/panel-member?index=5" in added.text

    form = {**panel_form(), "csrf_token": token(web)}
    removed = web.post("/interviews/new/panel", data={**form, "act": "remove-0"})
    assert removed.status_code == 200
    assert removed.text.count('class="card panel-member"') == 2  # the fieldsets alone
    assert "<form" not in removed.text
    assert '<legend id="panel-0-legend">Person 1</legend>' in removed.text
    assert 'value="Lars Jensen"' in removed.text
    assert 'value="Mira Chen"' not in removed.text
    assert (
        web.post("/interviews/new/panel", data={**panel_form(), "act": "remove-0"}).status_code
        == 403
    )


def test_without_javascript_the_buttons_add_and_remove_a_person(web: httpx.Client) -> None:
    form = {**panel_form(), "csrf_token": token(web)}
    more = web.post("/interviews", data={**form, "act": "add"})
    assert more.status_code == 200
    assert 'id="panel-3-name"' in more.text
    assert 'value="Lars Jensen"' in more.text

    fewer = web.post("/interviews", data={**form, "act": "remove-0"})
    assert fewer.status_code == 200
    assert 'value="Mira Chen"' not in fewer.text
    assert '<input id="panel-0-name" name="panel-0-name" type="text"\n    value="Lars Jensen"' in (
        fewer.text
    )


def legends(html: str, kind: str = "panel") -> list[str]:
    return re.findall(rf'<legend id="{kind}-\d+-legend">([^<]*)</legend>', html)


def test_after_a_removal_the_people_are_numbered_in_page_order(web: httpx.Client) -> None:
    """Removing the second of three, with or without JavaScript: Person 1, Person 2."""
    form = {**panel_form(), "csrf_token": token(web), "act": "remove-1"}
    for path in ("/interviews", "/interviews/new/panel"):
        page = web.post(path, data=form)
        assert page.status_code == 200
        assert legends(page.text) == ["Person 1", "Person 2"], path
        assert 'id="panel-2-name"' not in page.text  # the names follow the page order too
        assert "/interviews/new/panel-member?index=2" in page.text  # the next person is 3rd


def test_the_cursor_goes_to_the_person_who_took_the_removed_ones_place(
    web: httpx.Client,
) -> None:
    form = {**panel_form(), "csrf_token": token(web)}
    for path in ("/interviews", "/interviews/new/panel", "/applications/1/edit"):
        page = web.post(path, data={**form, "act": "remove-0"}).text
        focused = re.findall(r"<(?:input|button)[^>]*\bautofocus\b[^>]*>", page)
        assert len(focused) == 1, path
        assert 'id="panel-0-name"' in focused[0]  # Lars Jensen, the second, now first
        assert 'value="Lars Jensen"' in focused[0]
        # The last one removed: the cursor goes to the button that adds a person.
        last = web.post(path, data={**form, "act": "remove-2"}).text
        focused = re.findall(r"<(?:input|button)[^>]*\bautofocus\b[^>]*>", last)
        assert len(focused) == 1, path
        assert 'id="add-person"' in focused[0]


def test_after_a_removal_in_place_the_add_button_comes_out_of_band(web: httpx.Client) -> None:
    form = {**panel_form(), "csrf_token": token(web), "act": "remove-2"}
    piece = web.post("/interviews/new/panel", data=form).text
    button = re.search(r'<button id="add-person"[^>]*>', piece)
    assert button is not None
    assert 'hx-swap-oob="true"' in button.group()
    assert "index=2" in button.group()
    page = web.post("/interviews", data=form).text  # the whole page: the button in place
    button = re.search(r'<button id="add-person"[^>]*>', page)
    assert button is not None
    assert "hx-swap-oob" not in button.group()


def test_posting_without_the_token_stores_nothing(web: httpx.Client, db: Database) -> None:
    before = applications(db)
    refused = web.post("/interviews", data=panel_form())
    assert refused.status_code == 403
    assert applications(db) == before


def test_the_form_is_prefilled_from_the_profile(web: httpx.Client) -> None:
    page = web.get("/interviews/new").text
    assert '<input id="name" name="name" type="text" value="Jordan Lee"' in page
    assert 'id="timezone" name="timezone" type="text" value="America/Toronto"' in page
    assert page.count('class="card panel-member"') == form_data.BLANK_PANEL
    assert "Three questions to ask before you leave the room" in page


def test_every_visible_field_has_a_label(web: httpx.Client) -> None:
    page = web.get("/interviews/new").text
    fragment = web.get("/interviews/new/panel-member", params={"index": 3}).text
    for html in (page, fragment):
        ids = re.findall(
            r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html
        )
        controls = re.findall(r"<(?:input|select|textarea)(?![^>]*type=\"hidden\")", html)
        labels = set(re.findall(r'<label for="([^"]+)"', html))
        assert ids
        assert len(ids) == len(controls)  # every control has an id to be labelled by
        assert set(ids) <= labels


def test_after_removals_in_place_the_error_still_finds_its_fieldset(web: httpx.Client) -> None:
    """Fieldsets 1–3 were removed with HTMX: the page comes back renumbered, marked right."""
    form = {k: v for k, v in panel_form().items() if not k.startswith("panel-")}
    form.update({f"panel-0-{key}": value for key, value in BLANK_MEMBER.items()})
    form.update({"panel-4-name": "Mira Chen", "panel-9-name": "Lars Jensen"})
    form["panel-9-timezone"] = "Mars/Olympus"
    sent = web.post("/interviews", data={**form, "csrf_token": token(web)})
    assert sent.status_code == 400
    assert '<a href="#panel-2-timezone">Unknown time zone' in sent.text
    field = re.search(r'<input id="panel-2-timezone"[^>]*>', sent.text)
    assert field is not None
    assert 'aria-invalid="true"' in field.group()
    assert 'value="Mars/Olympus"' in field.group()
    assert "autofocus" in field.group()
    assert "/interviews/new/panel-member?index=3" in sent.text  # the next person is 3


def test_the_one_per_line_lists_become_the_file_sections() -> None:
    typed = form_data.read_form(FormData(list(panel_form().items())))
    typed.values.update(
        references='Dana Kim <dana.kim@example.org>\n\n"Lee, Alex" <alex@example.org>\nPat Roe',
        links="https://example.org/portfolio\nTalk | slides | https://example.org/slides",
        phone="",
    )
    typed.promises = [
        {"what": "send my transcript", "by": "by Monday", "to": ""},
        {"what": "", "by": "", "to": ""},
        {"what": "call back", "by": "", "to": ""},
    ]
    data = form_data.interview_file(typed)
    application, interview = data["application"], data["interview"]
    assert application["references"] == [
        {"name": "Dana Kim", "email": "dana.kim@example.org"},
        {"name": "Lee, Alex", "email": "alex@example.org"},
        {"name": "Pat Roe"},
    ]
    assert application["links"] == [
        {"title": "https://example.org/portfolio", "url": "https://example.org/portfolio"},
        {"title": "Talk | slides", "url": "https://example.org/slides"},
    ]
    assert application["referrer"] == {"name": "Kim Ode", "email": "kim.ode@example.org"}
    assert interview["promises"] == [
        {"what": "send my transcript", "by": "by Monday"},
        {"what": "call back"},
    ]
    assert interview["duration"] == "1h30m"
    assert interview["round"] == 1
    assert interview["notes"] == {"stood_out": "They pair on every change."}
    assert "phone" not in data["candidate"]
    assert [m["name"] for m in interview["panel"]] == ["Mira Chen", "Lars Jensen"]
    assert interview["panel"][1] == {
        "name": "Lars Jensen",
        "role": "interviewer",
        "email": "lars.jensen@tailspin.example",
        "timezone": "Europe/Copenhagen",
        "topics": ["schema checks in ingestion"],
    }


def test_a_phone_line_keeps_its_kind_and_invitation() -> None:
    form = {**panel_form(), "panel-0-phone": "+1 416 555 0199", "panel-0-phone_invited": "yes"}
    data = form_data.interview_file(form_data.read_form(FormData(list(form.items()))))
    phone = data["interview"]["panel"][0]["phone"]
    assert phone == {"number": "+1 416 555 0199", "kind": "work", "invited": True}


# -- a short first screen, the rest in sections ---------------------------------------------

SECTIONS = ("you", "job-more", "when-more", "asked", "promised", "debrief")


def open_sections(page: str) -> set[str]:
    """The ids of the <details> sections that come open."""
    return set(re.findall(r'<details class="section" id="([^"]+)" open>', page))


def first_screen(page: str) -> str:
    """The form without its sections: what shows before any is opened."""
    return re.sub(r'<details class="section".*?</details>', "", page, flags=re.DOTALL)


def test_the_first_screen_asks_company_role_when_and_who(web: httpx.Client) -> None:
    page = web.get("/interviews/new").text
    assert set(re.findall(r'<details class="section" id="([^"]+)"', page)) == set(SECTIONS)
    assert open_sections(page) == set()  # the stored profile fills "You"
    shown = first_screen(page)
    for field in ("company", "role", "start", "duration", "panel-0-name", "panel-0-topics"):
        assert f'id="{field}"' in shown
    for field in ("name", "decision", "contact_preference-email", "promise-0-to", "stood_out"):
        assert f'id="{field}"' not in shown
    assert "Jordan Lee · jordan.lee@example.org · America/Toronto · CA" in page


@pytest.fixture
def empty_client(tmp_path: Path) -> Iterator[httpx.Client]:
    """The app on a database with nothing stored yet: no profile to fill "You" with."""
    database = Database(sqlite_url(tmp_path / "empty.db"))
    with client(WebSettings(database.url, clock=lambda: MORNING)) as http:
        yield http


def test_you_is_open_while_the_profile_is_missing(empty_client: httpx.Client) -> None:
    page = empty_client.get("/interviews/new").text
    assert open_sections(page) == {"you"}


def test_a_mistake_opens_the_section_that_holds_its_field(web: httpx.Client) -> None:
    form = {**panel_form(), "contact_preference": "carrier pigeon"}
    sent = web.post("/interviews", data={**form, "csrf_token": token(web)})
    assert sent.status_code == 400
    assert open_sections(sent.text) == {"asked"}


# -- promises, each to someone --------------------------------------------------------------


def stored_promises(db: Database, company: str) -> list[dict[str, str]]:
    with local(db).read() as tx:
        row = tx.one(
            "SELECT i.promises FROM interviews i JOIN applications a ON a.id = i.application_id "
            "WHERE a.company = :c",
            {"c": company},
        )
    assert row is not None
    return list(json.loads(row["promises"]))


def thank_you_bodies(web: httpx.Client, app_id: int) -> dict[str, str]:
    """Each panel member's thank-you draft, by name."""
    page = web.get(f"/applications/{app_id}/drafts", params={"kind": "thank_you"}).text
    names = re.findall(r'<h2 id="note-(\d+)-title">To ([^<]+)<', page)
    bodies = dict(re.findall(r'<textarea id="body-(\d+)"[^>]*>\n?([^<]*)</textarea>', page))
    return {name.strip(): bodies[n] for n, name in names}


def test_a_promise_goes_only_into_the_draft_of_the_person_it_was_made_to(
    web: httpx.Client, db: Database
) -> None:
    form = {**panel_form(), "promise-0-to": "lars"}  # a first name only one person has
    sent = web.post("/interviews", data={**form, "csrf_token": token(web)})
    assert sent.status_code == 303, sent.text
    assert stored_promises(db, "Tailspin Toys") == [
        {"what": "send the streaming write-up", "by": "tomorrow", "to": "Lars Jensen"}
    ]
    bodies = thank_you_bodies(web, int(sent.headers["location"].rsplit("/", 1)[1]))
    assert "streaming write-up" in bodies["Lars Jensen"]
    assert "streaming write-up" not in bodies["Mira Chen"]


def test_a_promise_to_someone_you_did_not_meet_is_refused_at_its_field(
    web: httpx.Client, db: Database
) -> None:
    before = applications(db)
    form = {**panel_form(), "promise-0-to": "Lara Jensen"}
    sent = web.post("/interviews", data={**form, "csrf_token": token(web)})
    assert sent.status_code == 400
    assert applications(db) == before
    assert (
        '<a href="#promise-0-to">&#39;Lara Jensen&#39; is not one of the people you met '
        "(Mira Chen, Lars Jensen)" in sent.text
    )
    field = re.search(r'<input id="promise-0-to"[^>]*>', sent.text)
    assert field is not None
    assert 'aria-invalid="true"' in field.group()
    assert "autofocus" in field.group()
    assert open_sections(sent.text) == {"promised"}


def test_the_to_whom_field_suggests_the_people_typed(web: httpx.Client) -> None:
    sent = web.post(
        "/interviews", data={**panel_form(), "act": "add-promise", "csrf_token": token(web)}
    )
    assert sent.status_code == 200
    names = re.search(r'<datalist id="panel-names">(.*?)</datalist>', sent.text, re.DOTALL)
    assert names is not None
    assert re.findall(r'value="([^"]+)"', names[1]) == ["Mira Chen", "Lars Jensen"]
    to_whom = re.search(r'<input id="promise-0-to"[^>]*>', sent.text)
    assert to_whom is not None
    assert 'list="panel-names"' in to_whom.group()


def test_without_javascript_a_promise_row_is_added_with_the_cursor_in_it(
    web: httpx.Client,
) -> None:
    sent = web.post(
        "/interviews", data={**panel_form(), "act": "add-promise", "csrf_token": token(web)}
    )
    assert sent.status_code == 200
    assert re.findall(r"<legend>Promise (\d+)</legend>", sent.text) == ["1", "2", "3"]
    field = re.search(r'<input id="promise-2-what"[^>]*>', sent.text)
    assert field is not None
    assert "autofocus" in field.group()
    assert open_sections(sent.text) == {"promised"}


def test_a_promise_needs_to_say_what_was_promised(web: httpx.Client) -> None:
    form = {**panel_form(), "promise-1-by": "Friday"}
    sent = web.post("/interviews", data={**form, "csrf_token": token(web)})
    assert sent.status_code == 400
    field = re.search(r'<input id="promise-1-what"[^>]*>', sent.text)
    assert field is not None
    assert 'aria-invalid="true"' in field.group()


# -- the debrief typed into the form --------------------------------------------------------


def step_statuses(db: Database, company: str, kind: str) -> list[str]:
    with local(db).read() as tx:
        rows = tx.all(
            "SELECT s.status FROM actions s JOIN applications a ON a.id = s.application_id "
            "WHERE a.company = :c AND s.kind = :k",
            {"c": company, "k": kind},
        )
    return [r["status"] for r in rows]


def test_a_debrief_typed_into_the_form_is_the_evenings_reflection(
    web: httpx.Client, db: Database
) -> None:
    sent = web.post("/interviews", data={**panel_form(), "csrf_token": token(web)})
    assert sent.status_code == 303, sent.text
    assert step_statuses(db, "Tailspin Toys", "reflection_write") == ["done"]


def test_without_a_debrief_the_reflection_is_still_to_write(
    web: httpx.Client, db: Database
) -> None:
    form = {**panel_form(), "stood_out": "", "feelings": ""}
    sent = web.post("/interviews", data={**form, "csrf_token": token(web)})
    assert sent.status_code == 303, sent.text
    assert step_statuses(db, "Tailspin Toys", "reflection_write") == ["pending"]


# -- the favicon ----------------------------------------------------------------------------


def test_every_page_links_the_favicon_which_is_served_under_the_policy(
    web: httpx.Client,
) -> None:
    page = web.get("/interviews/new")
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page.text
    icon = web.get("/static/favicon.svg")
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert "img-src 'self'" in page.headers["content-security-policy"]
    assert icon.text.lstrip().startswith("<svg")

"""Every page of the app in real Chromium, at a desktop width and a phone's 390 px.

The pages are read from the app's own routes, so a new page is visited as soon as it
exists: a GET route must either be in PAGES or in SKIPPED with the reason, or the first
test fails and says which. Each page is checked empty, filled and with an error: it may
not be wider than the window (a phone would scroll sideways), and axe-core may find no
serious or critical violation of the WCAG 2.2 A and AA rules. One browser, one tab per
width, reused from page to page.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from afterview.interview_file import read_data
from afterview.services import outbox, outcomes, tracking
from afterview.storage.db import Database
from tests.acting import local
from tests.browser.conftest import OVERFLOW, accessibility_problems
from tests.conftest import EXAMPLES
from tests.web.conftest import ADDED, MORNING

APP = "{app_id}"
# Full pages, visited with the ids of the seeded panel interview.
PAGES = (
    "/",
    "/interviews/new",
    "/applications",
    "/applications/{app_id}",
    "/applications/{app_id}/edit",
    "/applications/{app_id}/drafts",
    "/applications/{app_id}/debrief",
    "/applications/{app_id}/revisit",
    "/applications/{app_id}/delete",
    "/outbox",
    "/inbox",
    "/import",
    "/insights",
    "/questions",
    "/card",
    "/settings",
    "/sharing",
)
# Pages for an application with an outcome, and the seeded application that gets it.
AFTER_OUTCOME = {
    "/applications/{app_id}/withdrawals": 1,  # an offer accepted
    "/applications/{app_id}/after-rejection": 2,  # a rejection
    "/applications/{app_id}/closed": 5,  # silence after the last follow-up (a phone screen)
}
SKIPPED = {
    "/caseload": "a counsellor's page, visited in a career centre (test_consent_pages.py)",
    "/caseload/{seeker}": "a counsellor's page, visited in a career centre (test_consent_pages.py)",
    "/api/notice": "JSON",
    "/api/grants": "JSON",
    "/api/access-log": "JSON",
    "/api/caseload": "JSON",
    "/api/notes": "JSON",
    "/api/openapi.json": "the API's schema, JSON",
    "/api/health": "JSON for monitors",
    "/api/agenda": "JSON",
    "/api/applications": "JSON",
    "/api/applications/{application_id}": "JSON",
    "/api/session": "JSON: who is signed in to a career centre",
    "/sign-in": "a career centre's page (elsewhere it leads to Today): test_centre_sign_in.py",
    "/sign-in/oidc": "a career centre's single sign-on, off the app: test_centre_oidc.py",
    "/sign-in/oidc/callback": "the provider's way back to a centre: test_centre_oidc.py",
    "/calendar/{token}.ics": "a calendar feed for calendar programs",
    "/card.pdf": "a PDF download of the card page, which is visited",
    "/api/me/export": "a file download: JSON or CSV",
    "/api/me/mail-account": "JSON, a career centre's seekers only",
    "/settings/mail-account": "a career centre's seeker's page (elsewhere 400): "
    "test_centre_pages.py",
    "/api/report": "JSON or CSV, a career centre's admins only",
    "/report": "a career centre's admin page (elsewhere 400): test_centre_rights.py",
    "/outbox/{message_id}.eml": "a message file to download",
    "/interviews/new/panel-member": "a part of the Add form, swapped in by HTMX; tested there",
    "/applications/{app_id}/debrief/question": "a part of the debrief form, swapped in by HTMX",
}


def get_routes(found: list[Any]) -> Iterator[str]:
    """The path of every GET route, inside included routers too."""
    for route in found:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from get_routes(included.routes)
        elif "GET" in (getattr(route, "methods", None) or ()):
            yield route.path


def base(web: httpx.Client) -> str:
    return str(web.base_url).rstrip("/")


def check(page: Any, url: str, status: int = 200) -> list[str]:
    """Open ``url`` in the tab; what is wrong with the page there, one line per problem."""
    answer = page.goto(url)
    wrong = check_here(page)
    if answer.status != status:
        wrong.append(f"{path_of(page.url)}: answered {answer.status}, not {status}")
    if page.url != url:  # redirected: say from where
        wrong = [f"{path_of(url)} → {line}" for line in wrong]
    return wrong


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[-1].partition("/")[2]


def check_here(page: Any) -> list[str]:
    """What is wrong with the page the tab shows, one line per problem."""
    path = path_of(page.url)
    wrong = [f"{path}: {problem}" for problem in accessibility_problems(page)]
    wider = page.evaluate(OVERFLOW)
    if wider > 0:
        wrong.append(f"{path}: {wider} px wider than the {page.viewport_size['width']} px window")
    return wrong


def test_every_page_of_the_app_is_visited_or_skipped_for_a_reason(db: Database) -> None:
    from afterview.web.app import WebSettings, create_app

    routes = set(get_routes(create_app(WebSettings(db.url)).routes))
    assert len(routes) > 20
    listed = set(PAGES) | set(AFTER_OUTCOME) | set(SKIPPED)
    assert sorted(routes - listed) == [], "add it to PAGES, AFTER_OUTCOME or SKIPPED"
    assert sorted(listed - routes) == [], "no longer a route"
    assert all(reason.strip() for reason in SKIPPED.values())


def test_every_page_filled_fits_the_window_and_passes_axe(
    web: httpx.Client, db: Database, sized: Any, shots: Path
) -> None:
    if sized.viewport_size["width"] < 600:  # the first screen on a phone, for the README
        for path, name in (("/", "today"), ("/applications/1", "application")):
            sized.goto(base(web) + path)
            sized.screenshot(path=str(shots / f"{name}-phone.png"))
    outbox.approve(local(db), 1, kind="thank_you", to="Ana López", now=MORNING, send_at=MORNING)
    with local(db).read() as tx:  # a step done and one skipped: their faded cards must stay legible
        first, second = (r["id"] for r in tx.all("SELECT id FROM actions ORDER BY id LIMIT 2"))
    tracking.done(local(db), first, at=MORNING, now=MORNING)
    tracking.skip(local(db), second, why="already did it", now=MORNING)
    wrong: list[str] = []
    for path in PAGES:
        wrong += check(sized, base(web) + path.replace(APP, "1"))
    assert not wrong, "\n".join(wrong)


def test_the_pages_after_an_offer_a_rejection_or_silence_fit_and_pass_axe(
    web: httpx.Client, db: Database, sized: Any
) -> None:
    from afterview.templating import environment

    tracking.outcome(local(db), 1, "offer", at=MORNING, now=MORNING, on_paper=True)
    outcomes.accept(local(db), 1, at=MORNING, now=MORNING, env=environment(), on_paper=True)
    outcomes.reject(local(db), 2, at=MORNING, now=MORNING, env=environment())
    case = read_data(EXAMPLES / "phone-screen.yaml")
    assert tracking.add(local(db), case, source="phone", now=ADDED).replanned.application_id == 5
    outcomes.close_silent(local(db), 5, now=MORNING + timedelta(days=45))
    wrong: list[str] = []
    for path, app_id in AFTER_OUTCOME.items():
        url = base(web) + path.replace(APP, str(app_id))
        wrong += check(sized, url)
        assert sized.url == url, "redirected: the application has not that outcome"
    assert not wrong, "\n".join(wrong)


def test_every_page_empty_fits_the_window_and_passes_axe(empty_web: Any, sized: Any) -> None:
    client, _ = empty_web
    wrong: list[str] = []
    for path in PAGES:
        if "{" not in path:
            wrong += check(sized, base(client) + path)
    assert not wrong, "\n".join(wrong)


def test_a_page_not_found_fits_the_window_and_passes_axe(web: httpx.Client, sized: Any) -> None:
    wrong = check(sized, base(web) + "/applications/999", status=404)
    assert sized.get_by_role("alert").is_visible()
    assert not wrong, "\n".join(wrong)


def summary_leads_to_its_field(page: Any) -> str:
    """The title says "Error:", the error summary tops the form and has the focus, and its
    link puts the cursor in the field it names. The id of that field."""
    from playwright.sync_api import expect

    assert page.title().startswith("Error: ")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert page.evaluate(SUMMARY_FIRST), "the summary is not above the form"
    link = summary.get_by_role("link").first
    field = link.get_attribute("href").removeprefix("#")
    link.click()
    expect(page.locator(f"#{field}")).to_be_focused()
    return str(field)


# The error summary comes before every form field of the page.
SUMMARY_FIRST = """() => {
  const summary = document.querySelector('[data-error-summary]');
  const first = document.querySelector('main input:not([type=hidden]), main select, main textarea');
  return !!(summary.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING);
}"""


def test_an_add_form_with_a_mistake_leads_to_it_and_passes_axe(
    web: httpx.Client, sized: Any
) -> None:
    sized.goto(base(web) + "/interviews/new")
    for name, value in {"company": "Tailspin Toys", "role": "Platform Engineer"}.items():
        sized.locator(f"#{name}").fill(value)
    sized.locator("#start").fill("2026-11-20T10:00")
    sized.locator("#duration").fill("1h")
    sized.locator("#you-summary").click()
    sized.locator("#candidate_timezone").fill("Europe/Atlantis")
    sized.locator("#you-summary").click()  # closed again
    with sized.expect_navigation():
        sized.get_by_role("button", name="Save and plan the follow-ups").click()
    said = sized.locator("[data-error-summary] a").inner_text()
    assert said.startswith("Unknown time zone 'Europe/Atlantis'")  # a sentence, not a path
    field = summary_leads_to_its_field(sized)
    assert field == "candidate_timezone"
    sized.locator("#you-summary").click()  # its section closed, the link opens it again
    sized.locator("[data-error-summary] a").click()
    assert sized.locator("#you").get_attribute("open") is not None
    assert sized.evaluate("document.activeElement.id") == field
    assert sized.locator(f"#{field}").get_attribute("aria-invalid") == "true"
    wrong = check_here(sized)
    assert not wrong, "\n".join(wrong)


def test_an_import_that_fails_leads_to_the_file_and_passes_axe(
    web: httpx.Client, sized: Any, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text("Title,Salary\nAnalyst,1\n", encoding="utf-8")
    sized.goto(base(web) + "/import")
    sized.locator("#import-file").set_input_files(str(notes))
    with sized.expect_navigation():
        sized.get_by_role("button", name="Preview").click()
    assert summary_leads_to_its_field(sized) == "import-file"
    wrong = check_here(sized)
    assert not wrong, "\n".join(wrong)


def test_a_debrief_with_a_mistake_leads_to_it_and_passes_axe(web: httpx.Client, sized: Any) -> None:
    sized.goto(base(web) + "/applications/1/debrief")
    sized.locator("#question-0-q").fill("")  # an answer to no question
    sized.locator("#question-0-answer").fill("I walked them through the migration.")
    with sized.expect_navigation():
        sized.get_by_role("button", name="Save the debrief").click()
    assert summary_leads_to_its_field(sized) == "question-0-q"
    wrong = check_here(sized)
    assert not wrong, "\n".join(wrong)


def test_a_setting_refused_leads_to_it_and_passes_axe(web: httpx.Client, sized: Any) -> None:
    sized.goto(base(web) + "/settings")
    sized.locator("#setting-send_window_start-value").fill("12")  # after the window's end
    with sized.expect_navigation():
        sized.get_by_role("button", name="Save the settings").click()
    assert summary_leads_to_its_field(sized) == "setting-send_window_start-value"
    wrong = check_here(sized)
    assert not wrong, "\n".join(wrong)


def test_a_sentence_in_a_card_reads_as_one_line_of_text(web: httpx.Client, page: Any) -> None:
    """A card lays out fields on a grid; a paragraph in one must not put its link on a row of
    its own ("Write the / debrief / first")."""
    page.goto(base(web) + "/applications/1/revisit")
    sentence = page.locator("p.card", has_text="first: the revisit rereads it")
    link = sentence.get_by_role("link", name="debrief").bounding_box()
    assert abs(link["y"] - sentence.bounding_box()["y"]) < 20, "the link sits on its own row"

"""The main flow with the keyboard alone, and a label for every form control.

In real Chromium: from the empty app, add a panel interview, reach the plan, open a draft
and mark a step done, with Tab, Shift+Tab, Enter, Space, arrow keys and typing only — no
clicks and no programmatic focus. Every stop on the way must show where the focus is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from afterview.storage.db import Database
from tests.acting import local

# The element that has the focus, as the test needs to recognise it, and whether it shows
# the app's focus ring (a solid outline, not the browser's thin default). A date field's
# picker button, inside the field, draws a ring of its own.
FOCUSED = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  const step = e.closest('li.step');
  return {
    tag: e.tagName.toLowerCase(), id: e.id, type: e.type || '',
    text: (e.innerText || e.value || '').trim().slice(0, 80),
    step: step ? step.innerText.slice(0, 200) : '',
    ring: e.matches(':focus-visible') && style.outlineStyle === 'solid'
      && parseFloat(style.outlineWidth) >= 2,
  };
}"""
Focus = dict[str, Any]


@pytest.fixture
def keyboard_page(browser: Any) -> Iterator[Any]:
    """A tab with a fixed locale, so that the date field's parts come in a known order."""
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="en-US")
    tab = context.new_page()
    yield tab
    context.close()


def tab_to(page: Any, wanted: Callable[[Focus], bool], *, back: bool = False) -> Focus:
    """Press Tab (or Shift+Tab) until the focus is on the wanted element; each stop shows it."""
    passed: list[str] = []
    for _ in range(150):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        focus: Focus = page.evaluate(FOCUSED)
        label = f"{focus['tag']}#{focus['id']} {focus['text'][:30]!r}"
        if focus["tag"] != "body" and focus["type"] != "datetime-local":
            assert focus["ring"], f"the focus on {label} cannot be seen"
        if wanted(focus):
            return focus
        passed.append(label)
    raise AssertionError(f"the keyboard never reached it; it went through {passed}")


def field(name: str) -> Callable[[Focus], bool]:
    return lambda f: bool(f["id"] == name)


def named(tag: str, text: str) -> Callable[[Focus], bool]:
    return lambda f: bool(f["tag"] == tag and f["text"] == text)


def type_into(page: Any, name: str, value: str) -> None:
    tab_to(page, field(name))
    page.keyboard.type(value)


def open_section(page: Any, section: str) -> None:
    """Open a section of the form from its summary, with Enter."""
    tab_to(page, field(f"{section}-summary"))
    page.keyboard.press("Enter")
    assert page.locator(f"#{section}").get_attribute("open") is not None


def test_the_main_flow_works_with_the_keyboard_alone(empty_web: Any, keyboard_page: Any) -> None:
    client, db = empty_web
    assert isinstance(db, Database)
    page = keyboard_page
    page.goto(str(client.base_url).rstrip("/") + "/")
    assert page.get_by_text("Nothing tracked yet").is_visible()

    # The skip link comes first and leads past the navigation.
    first = tab_to(page, lambda f: f["tag"] == "a")
    assert first["text"] == "Skip to content"

    tab_to(page, named("a", "Add an interview"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/interviews/new")

    for name, value in {
        "name": "Jordan Lee",
        "email": "jordan.lee@example.org",
        "candidate_timezone": "America/Toronto",
        "country": "CA",
        "subdivision": "ON",
        "company": "Northwind Robotics",
        "role": "Senior Data Engineer",
    }.items():
        type_into(page, name, value)
    # The date field in parts (month, day, year; hour, minute, AM/PM), as a person types it.
    tab_to(page, field("start"))
    page.keyboard.type("11202026")
    page.keyboard.press("ArrowRight")
    page.keyboard.type("0200P")
    assert page.locator("#start").input_value() == "2026-11-20T14:00"
    type_into(page, "duration", "1h30m")

    type_into(page, "panel-0-name", "Priya Raman")
    tab_to(page, field("panel-0-role"))
    page.keyboard.type("H")  # a closed list picks its option by the first letter
    assert page.locator("#panel-0-role").input_value() == "hiring_manager"
    type_into(page, "panel-0-email", "priya.raman@northwind.example")
    type_into(page, "panel-0-topics", "migrating the nightly batch jobs to streaming")
    type_into(page, "panel-1-name", "Tom Becker")
    type_into(page, "panel-1-email", "tom.becker@northwind.example")
    type_into(page, "panel-1-topics", "data-quality checks in the ingestion pipeline")
    open_section(page, "panel-1-more")  # his time zone is with the rest about him
    type_into(page, "panel-1-timezone", "Europe/Berlin")

    # Adding a person moves the focus into the new fieldset; Shift+Tab goes back to it.
    tab_to(page, named("button", "Add a person"))
    page.keyboard.press("Enter")
    page.locator("#panel-3-name").wait_for()
    expect(page.locator("#panel-3-name")).to_be_focused()  # no script eval: the page's CSP
    page.keyboard.type("Ana López")
    tab_to(page, field("panel-3-name"), back=True)  # nothing lost on the way back
    assert page.locator("#panel-3-name").input_value() == "Ana López"

    open_section(page, "asked")
    type_into(page, "decision", "within two weeks")
    page.locator("#decision-read").get_by_text("4 December").wait_for()
    # One stop for the group, on the answer checked now; arrows move the choice.
    choice = tab_to(page, lambda f: f["id"].startswith("contact_preference-"))
    for _ in range(5):
        if choice["id"] == "contact_preference-email":
            break
        page.keyboard.press("ArrowUp")
        choice = page.evaluate(FOCUSED)
    assert page.locator("#contact_preference-email").is_checked()

    tab_to(page, named("button", "Save and plan the follow-ups"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/applications/" in page.url
    assert page.get_by_role("heading", name="Plan").is_visible()

    # A draft, opened from its step in the plan.
    tab_to(page, lambda f: f["text"] == "Draft the note" and "Tom Becker" in f["step"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/drafts?kind=thank_you" in page.url
    tab_to(page, named("a", "Tom Becker"))  # his tab
    page.keyboard.press("Enter")
    tab_to(page, field("body-2"))
    assert "data-quality checks" in page.locator("#body-2").input_value()

    # Back to Today by the navigation, and a step marked done there.
    tab_to(page, named("a", "Today"), back=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, lambda f: f["text"] == "Done" and "→ Priya Raman" in f["step"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    with local(db).read() as tx:
        done = tx.all("SELECT kind, to_name FROM actions WHERE status = 'done'")
    assert done == [{"kind": "thank_you", "to_name": "Priya Raman"}]


# -- labels -----------------------------------------------------------------------------

MAIN_PAGES = (
    "/",
    "/interviews/new",
    "/applications",
    "/applications?status=interviewing",
    "/applications/1",
    "/applications/1/edit",
    "/applications/1/drafts?kind=thank_you",
    "/settings",
)
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class Controls(HTMLParser):
    """Form controls, the labels that name them, and the buttons' own text."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.ids: list[str] = []
        self.open_labels = 0
        self.buttons: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "label":
            self.open_labels += 1
            if a.get("for"):
                self.label_for.add(str(a["for"]))
        elif tag in ("input", "select", "textarea"):
            if a.get("type", "text") not in UNLABELLED_TYPES:
                self.controls.append(
                    {**a, "tag": tag, "wrapped": "yes" if self.open_labels else ""}
                )
        elif tag == "button":
            self.buttons.append({"attrs": a, "text": ""})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.open_labels = max(0, self.open_labels - 1)

    def handle_data(self, data: str) -> None:
        if self.buttons:
            self.buttons[-1]["text"] += data


def problems(html: str) -> list[str]:
    page = Controls()
    page.feed(html)
    ids = set(page.ids)
    found = []
    for c in page.controls:
        by_label = c.get("id") in page.label_for or c["wrapped"]
        by_aria = c.get("aria-label") or (
            c.get("aria-labelledby") and set(str(c["aria-labelledby"]).split()) <= ids
        )
        if not (by_label or by_aria):
            found.append(f"{c['tag']} {c.get('name') or c.get('id')!r} has no label")
    found += [f"label for {t!r} names no element" for t in sorted(page.label_for - ids)]
    found += [
        f"id {i!r} is used twice" for i in sorted({i for i in page.ids if page.ids.count(i) > 1})
    ]
    for b in page.buttons:
        if not (b["text"].strip() or b["attrs"].get("aria-label")):
            found.append(f"a button without a name: {b['attrs']}")
    return found


def test_every_form_control_on_the_main_pages_has_a_label(web: httpx.Client) -> None:
    for path in MAIN_PAGES:
        page = web.get(path)
        assert page.status_code == 200, path
        assert problems(page.text) == [], path


def test_the_label_check_catches_what_it_should() -> None:
    assert problems('<label for="a">A</label><input id="a">') == []
    assert problems('<label>B <input name="b"></label>') == []
    assert problems('<input name="c" aria-label="C">') == []
    assert problems('<input name="d">') == ["input 'd' has no label"]
    assert problems('<label for="e">E</label>') == ["label for 'e' names no element"]
    assert problems("<button></button>") == ["a button without a name: {}"]

"""The main pages in real Chromium: reading the day, acting on a step, with the keyboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from afterview.storage.db import Database
from tests.acting import local


def base(web: httpx.Client) -> str:
    return str(web.base_url).rstrip("/")


def test_today_then_the_application_page_and_a_step_marked_done(
    web: httpx.Client, db: Database, page: Any, shots: Path
) -> None:
    page.goto(base(web) + "/")
    assert page.title() == "Today · afterview"
    assert page.get_by_role("heading", name="Do now (9)").is_visible()
    page.screenshot(path=str(shots / "today.png"), full_page=True)

    page.get_by_role("link", name="Northwind Robotics").first.click()
    page.wait_for_url("**/applications/1")
    assert page.get_by_role("heading", name="Plan").is_visible()
    page.screenshot(path=str(shots / "application.png"), full_page=True)

    step = page.locator("li.step", has_text="celebrate").first
    with page.expect_navigation():
        step.get_by_role("button", name="Done").click()
    with local(db).read() as tx:
        assert tx.one("SELECT status FROM actions WHERE kind = 'celebrate'") == {"status": "done"}
    assert (shots / "today.png").stat().st_size > 10_000


def test_a_step_can_be_skipped_with_the_keyboard_alone(
    web: httpx.Client, db: Database, page: Any
) -> None:
    page.goto(base(web) + "/applications/1")
    field = page.get_by_label("Reason to skip").first
    field.focus()
    page.keyboard.type("already celebrated")
    page.keyboard.press("Tab")  # to the Skip button
    with page.expect_navigation():
        page.keyboard.press("Enter")
    with local(db).read() as tx:
        row = tx.one("SELECT status, reason FROM actions WHERE reason IS NOT NULL")
    assert row == {"status": "skipped", "reason": "already celebrated"}


def test_the_pages_load_their_own_script_under_the_security_policy(
    web: httpx.Client, page: Any
) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base(web) + "/applications")
    assert page.evaluate("typeof htmx") == "object"
    assert not [e for e in errors if "Content Security Policy" in e]

"""A change made in place that the app refuses says so on the page, in real Chromium."""

from __future__ import annotations

from typing import Any


def _the_add_form(empty_web: Any, page: Any) -> None:
    client, _ = empty_web
    page.goto(str(client.base_url).rstrip("/") + "/interviews/new")
    page.locator("#start").fill("2026-11-20T14:00")
    page.locator("#asked-summary").click()


def test_a_refused_change_in_place_says_why_and_that_nothing_changed(
    empty_web: Any, page: Any
) -> None:
    _the_add_form(empty_web, page)
    alert = page.locator("#request-error")
    assert alert.is_hidden()
    # the page's token no longer matches, as after the key changed: the app answers 403
    page.evaluate("""document.body.setAttribute("hx-headers", '{"X-CSRF-Token": "stale"}')""")
    page.locator("#decision").fill("within two weeks")
    alert.wait_for(state="visible")
    said = alert.locator("[data-message]").inner_text()
    assert said.startswith("This request lacks the page's security token; reload the page")
    assert said.endswith("Nothing was changed.")
    assert "error 403" not in said, "the app's own sentence, not a status code"
    page.get_by_role("button", name="Close").click()
    assert alert.is_hidden()


def test_a_server_that_stopped_answering_is_named(empty_web: Any, page: Any) -> None:
    _the_add_form(empty_web, page)
    page.route("**/interviews/new/decision", lambda route: route.abort())
    page.locator("#decision").fill("within two weeks")
    alert = page.locator("#request-error")
    alert.wait_for(state="visible")
    assert alert.inner_text().startswith("afterview did not answer: is it still running?")

"""The Import page in real Chromium: a 390 px phone, the keyboard alone, from upload to done."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.acting import local
from tests.browser.test_keyboard import field, named, tab_to

TRACKERS = Path(__file__).resolve().parent.parent / "data" / "trackers"
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def axe_violations(page: Any) -> list[str]:
    """What axe-core finds wrong on the page, rule by rule (empty when nothing is)."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in found]


def test_an_import_fits_a_phone_and_works_with_the_keyboard_alone(
    empty_web: Any, browser: Any, shots: Path
) -> None:
    client, db = empty_web
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(str(client.base_url).rstrip("/") + "/")
        tab_to(page, named("a", "Import"))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.endswith("/import")
        assert page.evaluate(OVERFLOW) == 0

        tab_to(page, field("import-file"))
        # The file input is reached by keyboard; the system's file dialog it opens is not the
        # page's, so the file is given to the focused input directly (waiting for Chromium's
        # chooser event proved unreliable on a loaded machine).
        focused = page.locator(":focus")
        assert focused.get_attribute("type") == "file"
        focused.set_input_files(str(TRACKERS / "uk-sheet.csv"))
        tab_to(page, named("button", "Preview"))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.get_by_role("status").inner_text().startswith("Preview of 5 rows: 5 new")
        assert page.get_by_role("cell", name="Referral Contact").is_visible()
        assert page.evaluate(OVERFLOW) == 0, "the preview is wider than the phone"
        assert axe_violations(page) == []
        page.screenshot(path=str(shots / "import-preview-390.png"), full_page=True)

        tab_to(page, named("button", "Import 5 applications"))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.get_by_role("status").inner_text() == (
            "Read 5 rows: 5 new, 0 updated, 0 unchanged."
        )
        assert page.evaluate(OVERFLOW) == 0
        assert axe_violations(page) == []
        with local(db).read() as tx:
            assert tx.one("SELECT COUNT(*) AS n FROM applications")["n"] == 5
    finally:
        context.close()

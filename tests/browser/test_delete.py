"""Deleting an application on a phone, with the keyboard alone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from afterview.storage.db import Database
from tests.acting import local
from tests.browser.conftest import OVERFLOW
from tests.browser.test_keyboard import named, tab_to


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-CA")
    tab = context.new_page()
    yield tab
    context.close()


def test_an_application_is_deleted_by_keyboard_after_its_confirmation(
    web: httpx.Client, db: Database, phone: Any
) -> None:
    phone.goto(str(web.base_url).rstrip("/") + "/applications/1")
    # from the foot of the page, where the link is, backwards
    tab_to(phone, named("a", "Delete this application and everything attached to it…"), back=True)
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/applications/1/delete")
    assert phone.evaluate(OVERFLOW) <= 0
    assert "with 1 interview" in phone.inner_text("main")
    tab_to(phone, named("button", "Delete it for good"))
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/applications")
    assert phone.inner_text("#flash").startswith("Deleted Northwind Robotics")
    with local(db).read() as tx:
        assert tx.all("SELECT id FROM applications WHERE id = 1") == []

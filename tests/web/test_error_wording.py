"""The web words an error for a browser: it points at pages, never at a command or a flag."""

from __future__ import annotations

import re

import httpx

from tests.web.conftest import token

COMMAND_OR_FLAG = re.compile(r"afterview (list|agenda|show|skip)|--[a-z]")


def test_an_unknown_application_says_where_the_applications_are(web: httpx.Client) -> None:
    page = web.get("/applications/77")
    assert page.status_code == 404
    assert "No application with id 77." in page.text
    assert "Your applications are listed on the Applications page." in page.text
    assert not COMMAND_OR_FLAG.search(page.text)
    assert "`afterview" not in page.text


def test_the_api_words_it_the_same_way_in_its_one_error_shape(web: httpx.Client) -> None:
    missing = web.get("/api/applications/77")
    assert missing.status_code == 404
    assert missing.json() == {
        "error": {
            "status": 404,
            "code": "not_found",
            "message": (
                "No application with id 77. Your applications are listed on the Applications page."
            ),
        }
    }


def test_a_skip_without_a_reason_asks_for_the_field_not_a_flag(web: httpx.Client) -> None:
    refused = web.post("/steps/4/skip", data={"csrf_token": token(web), "why": "  "})
    assert refused.status_code == 400
    assert "Say why you skip this step" in refused.text
    assert "Write it in the reason field." in refused.text
    assert "--why" not in refused.text


def test_an_unknown_step_points_at_the_today_page(web: httpx.Client) -> None:
    refused = web.post("/steps/999/done", data={"csrf_token": token(web)})
    assert refused.status_code == 404
    assert "No plan step with id 999. Your steps are listed on the Today page." in refused.text
    assert "afterview agenda" not in refused.text

"""The Insights page on the demo search, in real Chromium; its screenshots go to the docs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.acting import local

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("America/Toronto"))


@pytest.fixture
def demo_web(tmp_path: Path) -> Iterator[str]:
    """The app over a fresh database filled by the demo; yields its base URL."""
    from afterview.services import demo
    from afterview.storage.db import Database, sqlite_url
    from afterview.web.app import WebSettings
    from tests.support.live import live

    database = Database(sqlite_url(tmp_path / "demo.db"))
    demo.build(local(database), months=4, seed=7, now=NOW)
    with live(WebSettings(database.url, clock=lambda: NOW)) as running:
        yield running.url


def test_the_insights_page_draws_every_chart_with_a_text_alternative(
    demo_web: str, page: Any, shots: Path
) -> None:
    page.goto(demo_web + "/")
    page.get_by_role("link", name="Insights").click()
    page.get_by_role("heading", name="Insights", level=1).wait_for()
    charts = page.locator("figure.chart svg[role=img]")
    assert charts.count() == 6
    for i in range(6):
        chart = charts.nth(i)
        assert chart.locator("title").text_content()
        assert chart.locator("desc").text_content()
        assert chart.locator("rect").count() >= 2
        box = chart.bounding_box()
        assert box is not None
        assert box["width"] > 300
    funnel = page.locator("#chart-funnel")
    assert funnel.locator("svg text.label").first.text_content() == "Applications"
    widths = [
        float(w)
        for w in funnel.locator("rect").evaluate_all("rs => rs.map(r => r.getAttribute('width'))")
    ]
    assert widths[0] > widths[1] > widths[2] > 0  # applications > interviews > offers
    page.screenshot(path=str(shots / "insights.png"))
    page.locator("#chart-weak-spots").scroll_into_view_if_needed()
    page.locator("#chart-weak-spots").screenshot(path=str(shots / "insights-weak-spots.png"))
    assert (shots / "insights.png").stat().st_size > 10_000


def test_the_card_prints_on_one_page(demo_web: str, page: Any, shots: Path) -> None:
    import re

    page.goto(demo_web + "/card")
    assert page.get_by_text("When will they decide?").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("header nav").is_visible()  # the print stylesheet hides it
    pdf = page.pdf(format="Letter")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1

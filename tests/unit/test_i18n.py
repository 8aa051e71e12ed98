"""The active locale: English as written by default (no Babel loaded), the pseudo-locale
built from the extracted catalogue, and dates that read as before in English."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from afterview import i18n
from tests.conftest import EXAMPLES


@pytest.fixture
def pseudo() -> Iterator[None]:
    i18n.activate(i18n.PSEUDO)
    try:
        yield
    finally:
        i18n.activate(None)


def test_english_is_the_text_as_written() -> None:
    i18n.activate(None)
    assert i18n.locale() == "en"
    assert i18n.gettext("Today") == "Today"
    assert i18n.ngettext("%(num)d note", "%(num)d notes", 1) == "%(num)d note"
    assert i18n.ngettext("%(num)d note", "%(num)d notes", 2) == "%(num)d notes"


def test_english_dates_read_exactly_as_strftime_printed_them() -> None:
    moment = datetime(2026, 12, 4, 9, 5, tzinfo=ZoneInfo("America/Toronto"))
    assert i18n.when(moment, "day_time") == "Fri 04 Dec 09:05"
    assert i18n.when(date(2026, 12, 4), "day_year") == "Fri 04 Dec 2026"
    assert i18n.when(moment, "day_at_time") == "Fri 04 Dec at 09:05"


def test_an_unpadded_day_reads_as_before_in_english_and_in_the_locale_elsewhere() -> None:
    assert i18n.when(date(2026, 12, 4), "short_day_year") == "Fri 4 Dec 2026"
    assert i18n.when(date(2026, 12, 4), "long_date") == "Friday 4 December 2026"
    try:
        i18n.activate("fr_CA")
        assert i18n.when(date(2026, 12, 4), "long_date") == "vendredi 4 décembre 2026"
        assert i18n.when(date(2026, 12, 4), "day") == "ven. 04 déc."
    finally:
        i18n.activate(None)


def test_pseudo_dates_come_from_babel_between_markers(pseudo: None) -> None:
    moment = datetime(2026, 12, 4, 9, 5, tzinfo=ZoneInfo("America/Toronto"))
    assert i18n.when(moment, "day_time") == "⟦Fri 04 Dec 09:05⟧"


def test_the_pseudo_locale_covers_only_what_the_catalogue_has(pseudo: None) -> None:
    assert i18n.gettext("Skip to content") == "⟦Šķíp ţõ çõñţéñţ⟧"
    assert i18n.gettext("a sentence nobody marked") == "a sentence nobody marked"
    assert i18n.pseudo("%(count)s {name} <b>x</b> &amp;") == "⟦%(count)s {name} <b>x</b> &amp;⟧"


def test_a_locale_without_a_catalogue_falls_back_to_english() -> None:
    try:
        i18n.activate("fr_CA")
        assert i18n.gettext("Today") == "Today"
        assert i18n.locale() == "fr_CA"
    finally:
        i18n.activate(None)


def test_a_plan_in_english_never_loads_babel() -> None:
    script = (
        "import sys; from afterview.cli import run; "
        f"run(['plan', {str(EXAMPLES / 'panel-interview.yaml')!r}, '--now', '2026-11-20T16:00']);"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=None
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"

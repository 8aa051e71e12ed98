"""The quick road's bulk check of an archive's times accepts exactly what the pattern does
(in ASCII: a time with other digits, which the pattern's ``\\d`` lets through, goes the slow
road, where the pattern itself decides)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.services import archive_check
from afterview.services.archive import COLUMNS

PATTERN = re.compile(get_args(archive_check.Time)[1].pattern)

CANDIDATES = [
    "2026-11-20T14:00:00Z",
    "2026-01-31T23:59:59Z",
    "2024-02-29T08:30:00Z",  # a leap year
    "1900-02-29T08:30:00Z",  # the four-year rule, as the pattern has it
    "2000-02-29T00:00:00Z",
    "2023-02-29T08:30:00Z",
    "2026-02-30T10:00:00Z",
    "2026-04-31T10:00:00Z",
    "2026-11-31T10:00:00Z",
    "2026-12-31T10:00:00Z",
    "2026-13-01T10:00:00Z",
    "2026-00-10T10:00:00Z",
    "2026-11-00T10:00:00Z",
    "2026-11-20T24:00:00Z",
    "2026-11-20T25:00:00Z",
    "2026-11-20T29:59:59Z",
    "2026-11-20T30:00:00Z",
    "2026-11-20T20:59:59Z",
    "2026-11-20T23:00:00Z",
    "2026-11-20T09:00:00Z",
    "2026-11-20T19:00:00Z",
    "2026-11-20T23:60:00Z",
    "2026-11-20T23:59:60Z",
    "2026-11-20t14:00:00Z",
    "2026-11-20T14:00:00z",
    "2026-11-20 14:00:00Z",
    "2026-11-20T14:00:00+",
    "2026/11/20T14:00:00Z",
    "２026-11-20T14:00:00Z",  # a digit, but not an ASCII one
    "20261120T140000Z+000",
    "tomorrow at 2 pm!!!!",
]


def _archive_with(times: list[str]) -> dict[str, Any]:
    """An archive whose only rows are history entries at ``times``."""
    tables: dict[str, Any] = {table: [] for table in COLUMNS}
    columns = COLUMNS["history"]
    row = dict.fromkeys(columns, "x") | {"application_id": 1, "to_name": None}
    tables["history"] = [
        tuple({**row, "at": at, "created_at": "2026-11-20T14:00:00Z"}[c] for c in columns)
        for at in times
    ]
    return tables


@pytest.mark.parametrize("value", CANDIDATES)
def test_one_time_is_accepted_exactly_when_the_pattern_accepts_it(value: str) -> None:
    assert len(value) == 20  # what the quick road's reading lets through
    accepted = archive_check._exact_times(_archive_with([value]))
    assert accepted == (bool(PATTERN.search(value)) and value.isascii()), value


def test_one_wrong_time_among_many_good_ones_is_found() -> None:
    good = [c for c in CANDIDATES if PATTERN.search(c) and c.isascii()]
    assert archive_check._exact_times(_archive_with(good * 1000))
    for bad in (c for c in CANDIDATES if c not in good):
        assert not archive_check._exact_times(_archive_with([*good * 100, bad, *good])), bad


def test_empty_times_are_skipped_and_no_rows_are_fine() -> None:
    tables: dict[str, Any] = {table: [] for table in COLUMNS}
    assert archive_check._exact_times(tables)
    columns = COLUMNS["actions"]
    row = dict.fromkeys(columns, "2026-11-20T14:00:00Z") | {"send_at": None, "done_at": None}
    tables["actions"] = [tuple(row[c] for c in columns)]
    assert archive_check._exact_times(tables)


# A near miss at one place of a real time: what that place holds, or something close.
_PLACES = [
    *(["0123456789"] * 4),
    "-/",
    "0123",
    "0123456789",
    "-",
    "0123",
    "0123456789",
    "Tt ",
    "0123",
    "0123456789",
    ":",
    "056",
    "0123456789",
    ":",
    "056",
    "0123456789",
    "Zz",
]


@st.composite
def _times(draw: st.DrawFn) -> str:
    """A real UTC time in the archive's form, mostly with one place changed."""
    moment = draw(st.datetimes(datetime(1900, 1, 1), datetime(2100, 12, 31)))
    text = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    if draw(st.integers(0, 3)):
        place = draw(st.integers(0, len(_PLACES) - 1))
        text = text[:place] + draw(st.sampled_from(_PLACES[place])) + text[place + 1 :]
    return text


@settings(max_examples=400)
@given(st.lists(_times(), min_size=1, max_size=20))
def test_any_times_are_accepted_exactly_when_the_pattern_accepts_each(times: list[str]) -> None:
    expected = all(PATTERN.search(t) for t in times)
    assert archive_check._exact_times(_archive_with(times)) == expected

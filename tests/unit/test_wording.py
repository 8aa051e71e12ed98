"""Titles and plurals: every code people may see has words, every count agrees with its noun."""

from __future__ import annotations

from datetime import date

import pytest

from afterview.domain.kinds import KINDS
from afterview.domain.models import CONTACT_KINDS, NOTE_KINDS, PLAN_KINDS
from afterview.domain.rules import catalogue
from afterview.domain.wording import (
    RULE_TITLES,
    day,
    join,
    kind_label,
    kind_title,
    plural,
    rule_title,
    words,
)


def test_every_rule_in_the_catalogue_has_a_title_of_its_own() -> None:
    ids = {r.id for r in catalogue()}
    assert ids <= set(RULE_TITLES)
    for family in ("guard", "lint", "plan"):
        titles = [RULE_TITLES[r.id] for r in catalogue(family)]
        assert len(titles) == len(set(titles)), family


def test_every_kind_of_step_contact_and_note_has_a_title() -> None:
    assert {*PLAN_KINDS, *CONTACT_KINDS, *NOTE_KINDS} <= set(KINDS)
    assert all(kind_title(k) == KINDS[k].title for k in KINDS)


@pytest.mark.parametrize(
    ("count", "noun", "zero", "said"),
    [
        (1, "application", "", "1 application"),
        (2, "application", "", "2 applications"),
        (0, "application", "", "0 applications"),
        (0, "application", "no", "no applications"),
        (3, "reply", "", "3 replies"),
        (2, "day", "", "2 days"),
        (2, "business", "", "2 businesses"),
    ],
)
def test_a_count_agrees_with_its_noun(count: int, noun: str, zero: str, said: str) -> None:
    assert plural(count, noun, zero=zero) == said


def test_codes_read_as_words_in_titles_and_sentences() -> None:
    assert kind_title("thank_you") == "Thank-you note"
    assert kind_label("thank_you") == "thank-you note"
    assert kind_label("linkedin_request") == "LinkedIn request"
    assert rule_title("odd_hour") == "Odd hour"
    assert rule_title("a_rule_from_tomorrow") == "A rule from tomorrow"
    assert words("hiring_manager") == "hiring manager"
    assert words("linkedin") == "LinkedIn"
    assert join(["a", "b", "c"]) == "a, b and c"


def test_a_noun_set_apart_from_its_count_still_agrees_with_it() -> None:
    from afterview.domain.wording import noun

    assert [noun(n, "offer") for n in (0, 1, 2)] == ["offers", "offer", "offers"]


@pytest.mark.parametrize(
    ("hours", "said"), [(1, "1 hour"), (49, "49 hours"), (71, "71 hours"), (2159, "89 days")]
)
def test_a_long_delay_reads_in_days(hours: int, said: str) -> None:
    from afterview.domain.wording import hours_or_days

    assert hours_or_days(hours) == said


def test_a_day_reads_as_weekday_day_month_and_year_from_a_date_or_an_iso_string() -> None:
    assert day(date(2026, 12, 4)) == "Fri 4 Dec 2026"
    assert day("2027-01-01") == "Fri 1 Jan 2027"
    assert day(None) == ""

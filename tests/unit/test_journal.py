"""The revisit's fields and validation, the practice order, and the follow-up's offer."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import jinja2
import pytest
from msgspec.structs import replace

from afterview.domain.drafting import draft_all
from afterview.domain.errors import InputError
from afterview.domain.journal import (
    Asked,
    QuestionGroup,
    practice_order,
    practice_score,
    read_revisit,
    summarise,
)
from afterview.domain.models import HistoryEntry
from afterview.domain.settings import Policy
from afterview.templating import environment
from tests import factories as F

T0 = datetime(2026, 11, 20, 14, 0, tzinfo=ZoneInfo("America/Toronto"))


def test_a_revisit_is_read_trimmed_with_skills_one_per_line() -> None:
    revisit = read_revisit(
        {
            "went_well": "  The pipeline story. ",
            "went_badly": "",
            "skills_to_build": "- data testing\n\n• dbt\n",
            "still_want": "4",
            "still_want_why": "The team runs blameless postmortems.",
        }
    )
    assert revisit.went_well == "The pipeline story."
    assert revisit.went_badly is None
    assert revisit.skills_to_build == ("data testing", "dbt")
    assert revisit.still_want == 4


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({}, "nothing is written yet"),
        ({"went_well": " ", "skills_to_build": []}, "nothing is written yet"),
        ({"still_want": 6, "still_want_why": "x"}, r"still_want: rate from 1 .* to 5"),
        ({"still_want": "very", "still_want_why": "x"}, r"still_want: rate from 1"),
        ({"still_want": 3}, r"still_want_why: give the reason for your 3 out of 5"),
        ({"went_wel": "typo"}, r"went_wel: unknown field; the revisit has went_well"),
    ],
)
def test_a_wrong_revisit_is_one_sentence_naming_the_field(
    entry: dict[str, object], message: str
) -> None:
    with pytest.raises(InputError, match=message) as caught:
        read_revisit(entry, source="r.yaml")
    text = str(caught.value)
    assert text.startswith("r.yaml: ")
    assert "\n" not in text


def _group(group_id: int, *ratings: int | None) -> QuestionGroup:
    asked = [
        Asked(f"Question {group_id}", T0 + timedelta(days=i), "Acme", "An answer.", r)
        for i, r in enumerate(ratings)
    ]
    return summarise(group_id, asked)


def test_practice_puts_frequent_and_weak_questions_first() -> None:
    often_weak = _group(1, 2, 3)  # asked twice, latest 3 -> 2 × 3 = 6
    once_poor = _group(2, 1)  # once, rated 1 -> 5
    often_strong = _group(3, 2, 5, 5)  # three times, latest 5 -> 3
    unrated = _group(4, None)  # once, unrated counts as 3 -> 3, asked most recently
    order = practice_order([often_strong, once_poor, unrated, often_weak])
    assert [g.group_id for g in order] == [1, 2, 3, 4]
    assert practice_score(often_weak) == 6
    assert [g.group_id for g in practice_order([once_poor, often_weak], 1)] == [1]


def test_the_latest_rating_counts_and_the_best_answer_is_the_highest_rated() -> None:
    asked = [
        Asked("Why us?", T0, "Acme", "Mission.", 2),
        Asked("Why do you want to work here?", T0 + timedelta(days=9), "Globex", "Growth.", 4),
        Asked("why us", T0 + timedelta(days=20), "Initech", "Team.", 3),
    ]
    group = summarise(7, reversed(asked))
    assert group.text == "Why us?"
    assert group.variants == ("Why us?", "Why do you want to work here?")
    assert group.latest_rating == 3
    assert group.best is not None
    assert group.best.company == "Globex"


@pytest.fixture(scope="module")
def env() -> jinja2.Environment:
    return environment()


def test_the_first_follow_up_offers_to_strengthen_the_weakest_answer(
    env: jinja2.Environment,
) -> None:
    case = F.case()
    weakest = case.interview.notes.weakest_question()
    assert weakest is not None
    (note,) = draft_all(case, "follow_up", env=env, policy=Policy())
    assert weakest.q.rstrip("?.") in note.body
    assert [f.code for f in note.findings if f.severity == "error"] == []


def test_a_second_follow_up_does_not_repeat_the_offer(env: jinja2.Environment) -> None:
    case = F.case()
    weakest = case.interview.notes.weakest_question()
    assert weakest is not None
    sent = HistoryEntry("follow_up", "Priya Raman", "email", T0 + timedelta(days=18))
    (note,) = draft_all(replace(case, history=(sent,)), "follow_up", env=env, policy=Policy())
    assert weakest.q.rstrip("?.") not in note.body

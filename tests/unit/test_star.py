"""The STAR check on written answers: what it finds, and how it words what is missing."""

from __future__ import annotations

import pytest

from afterview.domain.star import check, is_behavioural

STORY = "Tell me about a time you solved a hard problem."

COMPLETE = (
    "At my last job our nightly reports kept arriving late. My goal was to have them ready "
    "by 8 am. I profiled the pipeline and rewrote the slowest join, which cut the run time "
    "by 60%."
)
NO_RESULT = (
    "At my last job our nightly reports kept arriving late. My goal was to have them ready "
    "by morning. I profiled the pipeline and rewrote the slowest join."
)
NO_ACTION = (
    "When I joined, our team was drowning in late reports. I needed to make them arrive on "
    "time. In the end the run time was reduced by 60%."
)
NO_SITUATION = (
    "My goal was to make the reports arrive on time. I profiled the pipeline and rewrote the "
    "slowest join, which cut the run time by 60%."
)
NO_TASK = (
    "At my last job our nightly reports kept arriving late. I profiled the pipeline and "
    "rewrote the slowest join; as a result they arrive an hour earlier."
)
ONLY_THE_TEAM = "Our team was behind. We reorganised the sprint and we shipped."


@pytest.mark.parametrize(
    ("answer", "missing"),
    [
        (COMPLETE, ()),
        (NO_RESULT, ("result",)),
        (NO_ACTION, ("action",)),
        (NO_SITUATION, ("situation",)),
        (NO_TASK, ("task",)),
        (ONLY_THE_TEAM, ("task", "action", "result")),
        ("I fixed it.", ("situation", "task", "result")),
    ],
    ids=["complete", "no-result", "no-action", "no-situation", "no-task", "team-only", "terse"],
)
def test_the_check_names_what_a_story_leaves_out(answer: str, missing: tuple[str, ...]) -> None:
    result = check(STORY, answer)
    assert result.applies
    assert result.missing == missing
    assert len(result.suggestions) == len(missing)


def test_a_complete_story_gets_no_suggestion() -> None:
    result = check(STORY, COMPLETE)
    assert result.found == ("situation", "task", "action", "result")
    assert result.suggestions == ()


def test_suggestions_are_worded_as_next_steps_never_as_a_grade() -> None:
    tips = check(STORY, "We did a migration.").suggestions
    assert len(tips) == 4
    for tip in tips:
        assert tip[0].isupper()
        assert tip.endswith((".", ")."))
        for harsh in ("fail", "wrong", "bad", "poor", "score", "grade", "/10", "missing"):
            assert harsh not in tip.casefold(), tip


def test_a_result_can_be_a_number_a_lesson_or_a_phrase() -> None:
    base = "At my last job I rewrote the loader"
    for ending in (", saving $4,000 a month.", ", and I learnt to test first.", " 3x faster."):
        assert "result" in check(STORY, base + ending).found, ending


def test_a_year_alone_is_not_a_result() -> None:
    assert "result" not in check(STORY, "In 2019 at my last job I rewrote the loader.").found


def test_feelings_in_the_first_person_are_not_actions() -> None:
    result = check(STORY, "At my last job I needed to migrate; I wanted to help and I felt lost.")
    assert "action" not in result.found


def test_an_answer_that_is_not_a_story_to_a_question_that_asks_none_is_left_alone() -> None:
    result = check("Why do you want to work here?", "Your mission and the team's culture.")
    assert not result.applies
    assert result.suggestions == ()


def test_a_story_told_unasked_is_still_checked() -> None:
    answer = "At my last job our team was small. I built the whole data platform."
    result = check("What are your strengths?", answer)
    assert result.applies
    assert result.missing == ("task", "result")


def test_an_empty_answer_has_nothing_to_check() -> None:
    assert not check(STORY, "   ").applies
    assert not check(STORY, None).applies


@pytest.mark.parametrize(
    "question",
    [
        "Tell me about a time you failed.",
        "Describe a situation where you disagreed with your manager.",
        "Give an example of a project you led.",
        "Walk me through your biggest migration.",
        "Have you ever missed a deadline?",
    ],
)
def test_story_questions_are_recognised(question: str) -> None:
    assert is_behavioural(question)


@pytest.mark.parametrize(
    "question", ["Why do you want to work here?", "What are your salary expectations?"]
)
def test_other_questions_are_not_taken_for_story_questions(question: str) -> None:
    assert not is_behavioural(question)


@pytest.mark.parametrize(
    "result",
    [
        "Defects dropped by half.",
        "That cut load time from 4 s to 1 s.",
        "Sign-ups went up by a third.",
        "Latency fell from 900 ms to 200 ms.",
        "Support tickets went down sharply.",
        "The build came down from 40 minutes to 6.",
        "Pages loaded three times faster.",
    ],
)
def test_a_result_stated_as_a_change_counts_as_the_result(result: str) -> None:
    answer = f"{NO_RESULT} {result}"
    assert "result" in check(STORY, answer).found
    assert "result" not in check(STORY, answer).missing


@pytest.mark.parametrize(
    "scene", ["The server went down on a Friday.", "A client dropped the contract."]
)
def test_a_change_without_a_degree_or_a_figure_is_not_a_result(scene: str) -> None:
    assert "result" in check(STORY, f"{NO_RESULT} {scene}").missing

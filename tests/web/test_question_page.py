"""The question bank page keeps only what it shows of each question, worked out in one pass,
and what it keeps equals what the plain reading of the whole history gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from afterview.domain.journal import Asked, QuestionGroup, summarise
from afterview.services import question_bank
from afterview.web.journal import SHOWN_COMPANIES, SHOWN_RATINGS, shown_question

START = datetime(2026, 3, 2, 9, tzinfo=UTC)

asks = st.lists(
    st.tuples(
        st.sampled_from(["Why this team?", "why this  team", "What drew you to this team?"]),
        st.integers(0, 400),  # days after START
        st.sampled_from([f"Company {n}" for n in range(15)]),
        st.one_of(st.none(), st.sampled_from(["", "I led the migration.", "Short."])),
        st.one_of(st.none(), st.integers(1, 5)),
    ),
    min_size=1,
    max_size=40,
)


def _group(rows: list[tuple[str, int, str, str | None, int | None]]) -> QuestionGroup:
    return summarise(7, [Asked(t, START + timedelta(days=d), c, a, r) for t, d, c, a, r in rows])


@given(asks)
def test_the_kept_view_of_a_question_equals_its_whole_history_read_plainly(
    rows: list[tuple[str, int, str, str | None, int | None]],
) -> None:
    group = _group(rows)
    shown = shown_question(group, with_hints=True)

    companies = list(dict.fromkeys(a.company for a in group.asked))
    ratings = [rating for _, rating in group.ratings]
    assert (shown.group_id, shown.text, shown.times) == (group.group_id, group.text, group.times)
    assert list(shown.companies) == companies[:SHOWN_COMPANIES]
    assert shown.more_companies == max(len(companies) - SHOWN_COMPANIES, 0)
    assert list(shown.ratings) == ratings[-SHOWN_RATINGS:]
    assert shown.rating_count == len(ratings)
    assert shown.latest_rating == group.latest_rating
    assert list(shown.others) == [v for v in group.variants if v != group.text]
    assert shown.best == group.best
    assert shown.hints == question_bank.hints(group)


def test_a_question_outside_the_practice_picks_keeps_no_hints() -> None:
    group = _group(
        [("Tell me about a time you had a conflict with a colleague.", 0, "Acme", "We talked.", 2)]
    )

    assert question_bank.hints(group)  # the answer is no complete story: there are hints
    assert shown_question(group).hints == ()

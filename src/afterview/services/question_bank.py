"""The question bank: every question ever asked, grouped, with practice picks and cards.

Read from the ``questions`` index (see ``storage.learning_repo``), which is written with
the interviews (add, edit, debrief, import), so reading the bank never writes: one group
per question however it was worded, how often it came up, the self-ratings over time and
the best answer so far. Practice picks the weakest and most frequent first
(:func:`afterview.domain.journal.practice_order`); :func:`cards_markdown` writes them as
Markdown cards to print or keep next to you while rehearsing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from afterview.domain import star
from afterview.domain.journal import Asked, QuestionGroup, practice_order, summarise
from afterview.services.ports import UnitOfWork
from afterview.services.ports import learning_repo as learn


def bank(work: UnitOfWork) -> list[QuestionGroup]:
    """Every group, the most often asked first (then the most recently asked).

    Read-only: every writer of an interview's notes indexes its questions before it commits
    (``learning_repo.index_unindexed``)."""
    with work.read() as tx:
        rows = learn.question_rows(tx)
    members: dict[int, list[Asked]] = defaultdict(list)
    for r in rows:
        members[int(r["group_id"])].append(
            Asked(r["text"], r["asked_at"], r["company"], r["answer"], r["rating"], r["asked_by"])
        )
    groups = [summarise(group_id, asked) for group_id, asked in members.items()]
    return sorted(groups, key=lambda g: (-g.times, -g.asked[-1].at.timestamp()))


def practice(work: UnitOfWork, count: int) -> list[QuestionGroup]:
    return practice_order(bank(work), count)


def hints(group: QuestionGroup) -> tuple[str, ...]:
    """STAR suggestions for the best answer so far (none when it is not a story)."""
    best = group.best
    return star.check(group.text, best.answer if best else None).suggestions


def group_json(group: QuestionGroup) -> dict[str, Any]:
    best = group.best
    return {
        "group_id": group.group_id,
        "question": group.text,
        "variants": list(group.variants),
        "times": group.times,
        "ratings": [{"at": at.isoformat(), "rating": rating} for at, rating in group.ratings],
        "latest_rating": group.latest_rating,
        "best_answer": None
        if best is None
        else {
            "answer": best.answer,
            "rating": best.rating,
            "company": best.company,
            "at": best.at.isoformat(),
        },
        "companies": sorted({a.company for a in group.asked}),
    }


def cards_markdown(groups: Sequence[QuestionGroup]) -> str:
    """One Markdown card per question: the wordings, the best answer so far, STAR hints."""
    out = ["# Questions to practise", ""]
    for number, group in enumerate(groups, 1):
        times = "once" if group.times == 1 else f"{group.times} times"
        rating = group.latest_rating
        out += [f"## {number}. {group.text}", ""]
        out.append(
            f"Asked {times} ({', '.join(sorted({a.company for a in group.asked}))}); "
            + (f"your latest rating: {rating}/5." if rating else "not rated yet.")
        )
        out.append("")
        others = [v for v in group.variants if v != group.text]
        if others:
            out += ["Also asked as:", "", *(f"- {v}" for v in others), ""]
        best = group.best
        if best is not None and best.answer:
            rated = f", rated {best.rating}/5" if best.rating else ""
            out += [f"Best answer so far ({best.company}{rated}):", ""]
            out += [f"> {line}" if line else ">" for line in best.answer.splitlines()]
            out.append("")
        else:
            out += ["No answer written yet: draft one before your next interview.", ""]
        tips = hints(group)
        if tips:
            out += ["To make it a complete story:", "", *(f"- {t}" for t in tips), ""]
    if not groups:
        out += ["No questions yet: write a debrief after your next interview.", ""]
    return "\n".join(out).rstrip() + "\n"


__all__ = ["bank", "cards_markdown", "group_json", "hints", "practice"]

"""The journal: the revisit two days after the debrief, and what to practise next.

The debrief itself is the interview's ``notes`` (``models.Notes``). Two days later the
revisit looks back at it with some distance ("6 Post Interview Tips": put it away for a
couple of days, then reflect; "What to do after an interview", the sixth R, Reflect: what
went well and badly and why, what you would do differently, which skills to build) and
asks whether you still want the job ("6 Post Interview Tips": decide whether you want to
work there). :func:`read_revisit` validates its fields the way the interview file is
validated: unknown fields refused, each problem one sentence naming the field.

The question bank's summary of one group (:class:`QuestionGroup`) and the practice order
(:func:`practice_order`) live here too: both are rules about the user's own answers, with
no storage behind them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from afterview.domain.errors import InputError
from afterview.i18n import N_

Rating = Annotated[int, Meta(ge=1, le=5)]

REVISIT_FIELDS: tuple[tuple[str, str], ...] = (
    ("went_well", N_("What went well?")),
    ("went_well_why", N_("Why did it go well?")),
    ("went_badly", N_("What did not go so well?")),
    ("went_badly_why", N_("Why not, do you think?")),
    ("do_differently", N_("What would you do differently next time?")),
    ("takeaways", N_("What do you take away from this interview?")),
    ("skills_to_build", N_("Which skills would you like to build? (one per line)")),
    ("still_want", N_("Do you still want this job? From 1 (not at all) to 5 (very much)")),
    ("still_want_why", N_("Why? (the company, the team, the role: how well they fit you)")),
)


class Revisit(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    """The second look at an interview, two days after the debrief."""

    went_well: str | None = None
    went_well_why: str | None = None
    went_badly: str | None = None
    went_badly_why: str | None = None
    do_differently: str | None = None
    takeaways: str | None = None
    skills_to_build: tuple[str, ...] = ()
    still_want: Rating | None = None
    still_want_why: str | None = None


def read_revisit(data: Mapping[str, Any], *, source: str = "the revisit") -> Revisit:
    """Validate a revisit given as a mapping (a YAML file, a form, stored JSON).

    Text fields are trimmed and empty ones dropped; ``skills_to_build`` may be a list or
    one skill per line. Something must be written, and a "still want" rating needs its
    reason: the number alone is forgotten by the time the offer comes.
    """
    if not isinstance(data, Mapping):
        raise InputError("revisit_not_mapping", source=source)
    cleaned: dict[str, Any] = {}
    for key, value in data.items():
        if key == "skills_to_build":
            value = _skills(value)
        elif isinstance(value, str):
            value = value.strip() or None
            if key == "still_want" and value is not None:
                value = int(value) if value.isdigit() else value
        if value not in (None, ()):
            cleaned[str(key)] = value
    try:
        revisit = msgspec.convert(cleaned, Revisit, strict=False)
    except msgspec.ValidationError as exc:
        raise InputError("revisit_invalid", source=source, problem=_problem(str(exc))) from None
    if revisit == Revisit():
        raise InputError("revisit_empty", source=source)
    if revisit.still_want is not None and not revisit.still_want_why:
        raise InputError("revisit_needs_why", source=source, rating=revisit.still_want)
    return revisit


def _skills(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value.splitlines() if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        return (str(value),)
    return tuple(s for s in (str(item).strip().lstrip("-• ").strip() for item in items) if s)


def _problem(message: str) -> str:
    what, _, path = message.partition(" - at `$")
    path = path.rstrip("`").lstrip(".")
    if what.startswith("Object contains unknown field"):
        name = what.split("`")[1] if "`" in what else "?"
        allowed = ", ".join(name for name, _ in REVISIT_FIELDS)
        return f"{name}: unknown field; the revisit has {allowed}."
    if path == "still_want":
        return "still_want: rate from 1 (not at all) to 5 (very much)."
    what = what[:1].lower() + what[1:]
    return f"{path}: {what}." if path else f"{what}."


# -- the question bank --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Asked:
    """One time a question was asked, with the answer given then."""

    text: str
    at: datetime
    company: str
    answer: str | None = None
    rating: int | None = None
    asked_by: str | None = None


@dataclass(frozen=True, slots=True)
class QuestionGroup:
    """One question of the bank, however it was worded each time."""

    group_id: int
    asked: tuple[Asked, ...]  # oldest first
    variants: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        """The wording it was first asked in."""
        return self.asked[0].text

    @property
    def times(self) -> int:
        return len(self.asked)

    @property
    def ratings(self) -> list[tuple[datetime, int]]:
        """The self-ratings over time, oldest first."""
        return [(a.at, a.rating) for a in self.asked if a.rating is not None]

    @property
    def latest_rating(self) -> int | None:
        rated = self.ratings
        return rated[-1][1] if rated else None

    @property
    def best(self) -> Asked | None:
        """The best answer so far: the highest self-rating, the most recent on a tie; with
        no rating, the most recent answer written."""
        answered = [a for a in self.asked if a.answer]
        if not answered:
            return None
        return max(answered, key=lambda a: (a.rating or 0, a.at))


def summarise(group_id: int, asked: Iterable[Asked]) -> QuestionGroup:
    ordered = tuple(sorted(asked, key=lambda a: a.at))
    variants: list[str] = []
    seen: set[str] = set()
    for a in ordered:
        key = " ".join(a.text.casefold().split()).rstrip("?. ")
        if key not in seen:
            seen.add(key)
            variants.append(a.text)
    return QuestionGroup(group_id, ordered, tuple(variants))


# A question never rated counts as middling: it may well need practice, but less surely
# than one you rated low yourself.
UNRATED = 3


def practice_score(group: QuestionGroup) -> float:
    """How much practising this question is worth: how often it comes up × how weak the
    latest answer felt (5 - rating + 1, so a 5 still counts once).

    Frequency because a question asked in several interviews will be asked again;
    weakness from the *latest* rating because practice should start from where you stand
    now, not from an early stumble you have since overcome.
    """
    rating = group.latest_rating if group.latest_rating is not None else UNRATED
    return group.times * (6 - rating)


def practice_order(
    groups: Sequence[QuestionGroup], count: int | None = None
) -> list[QuestionGroup]:
    """The questions to practise first: highest score, then the most recently asked."""
    ranked = sorted(groups, key=lambda g: (-practice_score(g), -g.asked[-1].at.timestamp()))
    return ranked if count is None else ranked[:count]


__all__ = [
    "REVISIT_FIELDS",
    "Asked",
    "QuestionGroup",
    "Revisit",
    "practice_order",
    "practice_score",
    "read_revisit",
    "summarise",
]

"""The STAR check: which parts of a told story a written answer seems to leave out.

Career guides ask a candidate to check each debriefed answer for its Situation (where and
when), Task (what you had to achieve), Action (what *you* did) and Result (what came of
it, best in numbers). This module reads an answer for cue words and phrases of each part
and returns, for what seems missing, a suggestion worded as a next step — never a score:
the check reads words, not merit, and a debrief is for learning, not for marking.

The cues are deliberately simple (regular expressions, one set per language in
``domain/words/<language>.toml``; English is the only one so far). They err on the
side of finding a part: a wrong "missing" hint annoys, a missed one costs nothing more
than the debrief would have without the check.

STAR fits questions about something you did ("Tell me about a time…"). An answer to
another kind of question ("Why this company?") is left alone unless it tells a story
itself, so nobody is asked for the "result" of their motivation.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from afterview.domain import words as cue_words
from afterview.i18n import N_, _

Part = Literal["situation", "task", "action", "result"]
PARTS: tuple[Part, ...] = ("situation", "task", "action", "result")


@functools.cache
def _cues(language: str) -> tuple[re.Pattern[str], dict[Part, re.Pattern[str]]]:
    """The story question pattern and each part's cues, from ``words/<language>.toml``."""
    said = cue_words.cues(language)["star"]
    compiled = {part: re.compile(said[part], re.IGNORECASE) for part in PARTS}
    return re.compile(said["behavioural"], re.IGNORECASE), compiled


# Kind wording: what to add and an example opening, never a verdict.
_HINTS: dict[Part, str] = {
    "situation": N_(
        "Set the scene in a sentence: where you were and what was going on "
        "(“At my last job, our team…”)."
    ),
    "task": N_("Say what you had to achieve or were responsible for (“My goal was…”)."),
    "action": N_(
        "Tell what you did yourself, in the first person (“I rewrote…”, “I led…”): they "
        "are hiring you, not the team."
    ),
    "result": N_(
        "Close with what came of it, in numbers if you can (“which cut the wait by 30%”), "
        "or what you learnt."
    ),
}


@dataclass(frozen=True, slots=True)
class StarCheck:
    """What a written answer seems to have, and a suggestion for each part it lacks."""

    applies: bool  # False: not a story question and not told as a story; nothing to add
    found: tuple[Part, ...]
    missing: tuple[Part, ...]
    suggestions: tuple[str, ...]


NOT_A_STORY = StarCheck(False, (), (), ())


def is_behavioural(question: str) -> bool:
    """Whether the question asks for a story from experience."""
    return bool(_cues(cue_words.active())[0].search(question))


def parts_found(answer: str) -> tuple[Part, ...]:
    """The STAR parts whose cues the answer contains, in STAR order."""
    cues = _cues(cue_words.active())[1]
    return tuple(part for part in PARTS if cues[part].search(answer))


def check(question: str, answer: str | None) -> StarCheck:
    """The STAR check of one answer to one question.

    An empty answer has nothing to check. Any other answer is checked when the question
    asks for a story, or when the answer tells one anyway (it has a situation or an
    action): then the missing parts come back as suggestions.
    """
    text = " ".join((answer or "").split())
    if not text:
        return NOT_A_STORY
    found = parts_found(text)
    if not is_behavioural(question) and not {"situation", "action"} & set(found):
        return NOT_A_STORY
    missing = tuple(part for part in PARTS if part not in found)
    return StarCheck(True, found, missing, tuple(_(_HINTS[part]) for part in missing))


__all__ = ["PARTS", "Part", "StarCheck", "check", "is_behavioural", "parts_found"]

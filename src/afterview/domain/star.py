"""The STAR check: which parts of a told story a written answer seems to leave out.

Career guides ask a candidate to check each debriefed answer for its Situation (where and
when), Task (what you had to achieve), Action (what *you* did) and Result (what came of
it, best in numbers). This module reads an answer for cue words and phrases of each part
and returns, for what seems missing, a suggestion worded as a next step — never a score:
the check reads words, not merit, and a debrief is for learning, not for marking.

The cues are deliberately simple (regular expressions, English only). They err on the
side of finding a part: a wrong "missing" hint annoys, a missed one costs nothing more
than the debrief would have without the check.

STAR fits questions about something you did ("Tell me about a time…"). An answer to
another kind of question ("Why this company?") is left alone unless it tells a story
itself, so nobody is asked for the "result" of their motivation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Part = Literal["situation", "task", "action", "result"]
PARTS: tuple[Part, ...] = ("situation", "task", "action", "result")

_I = re.IGNORECASE

# A question that asks for a story from experience (behavioural questions).
_BEHAVIOURAL = re.compile(
    r"\b(?:tell (?:me|us) about a (?:time|situation|project)|a time (?:when|you)|"
    r"describe a (?:time|situation|project|challenge|conflict|mistake)|give (?:me |us )?an "
    r"example|walk (?:me|us) through|how did you|have you ever|what did you do when|"
    r"share an example|talk about a (?:time|project)|your (?:biggest|greatest|proudest))",
    _I,
)

# Verbs that state a result as a change; a degree or a figure must follow ("the server went
# down" sets a scene, "errors went down by half" tells a result).
_CHANGE = (
    r"(?:dropped|fell|rose|climbed|jumped|shrank|grew|doubled|tripled|halved|soared"
    r"|plummeted|decreased|declined|increased|reduced|improved|sped up|went (?:up|down)"
    r"|came down|shot up|was cut|were cut|got cut)"
)
_DEGREE = r"(?:sharply|significantly|dramatically|noticeably|steadily|markedly|substantially)"

_CUES: dict[Part, re.Pattern[str]] = {
    "situation": re.compile(
        r"\b(?:when (?:i|we|our|my|the)|at my (?:last|previous|current|old|first) "
        r"(?:job|role|company|employer|team|position)|in my (?:last|previous|current|old|"
        r"first) (?:job|role|position)|(?:our|my|the) team (?:was|had)|we (?:had|were)|"
        r"there was|last (?:year|month|quarter|summer|spring|autumn|winter)|while (?:i|we) "
        r"(?:was|were|worked)|during (?:my|the|a|our)|back in|a few years ago|once,|"
        r"(?:a|one) (?:client|customer) (?:was|had|asked))",
        _I,
    ),
    "task": re.compile(
        r"\b(?:i (?:needed|had|was asked|was expected) to|we (?:needed|had) to|my (?:goal|"
        r"task|job|role|aim|responsibility|brief) was|the (?:goal|task|aim|challenge|"
        r"problem) was|(?:was|were) responsible for|in charge of|i was tasked|"
        r"it was (?:up to me|my job)|to make sure|so i set out to)",
        _I,
    ),
    # First-person past-tense verbs: "I built", "I then rewrote", "I decided to…".
    "action": re.compile(
        r"\bi (?:then |also |first |quickly |personally |finally )?"
        r"(?!needed\b|wanted\b|was\b|had\b|used\b|liked\b|loved\b|hoped\b|felt\b|"
        r"learned\b|learnt\b|tasked\b|asked\b|expected\b|joined\b|arrived\b)"
        r"(?:[a-z]+ed|built|led|wrote|rewrote|ran|made|set|took|began|chose|drove|found|"
        r"got|gave|brought|taught|sent|spoke|met|sought|won|held|kept|put|did|went|"
        r"sat|broke|split|cut|dug|shipped|fixed|mapped|planned)\b",
        _I,
    ),
    "result": re.compile(
        r"(?:\b\d+(?:[.,]\d+)?\s*(?:%|percent\b|per cent\b|x\b|times\b)|[$€£]\s?\d|"
        r"\bby \d|\bfrom \d+\S* to \d|"
        # A result stated as a change: "from 4 s to 1 s", "by half", "went up sharply".
        rf"\bfrom [$€£]?\d[\d.,]*\s*(?:[^\W\d]+\s+){{0,2}}(?:to|down to|up to) [$€£]?\d|"
        rf"\b(?:by|in) (?:half|a (?:third|quarter|fifth|tenth)|two-?thirds|three-?quarters)\b|"
        rf"\b{_CHANGE} (?:{_DEGREE} )?(?:by|from|to|down to|up to|\d|{_DEGREE}\b)|"
        r"\b(?:twice|three times|\d+ times) (?:as|faster|quicker|fewer|more|less)\b|"
        r"\b(?:as a result|which led to|that led to|led to|resulted in|the result|"
        r"in the end|ended up|outcome|reduc(?:ed|ing)|sav(?:ed|ing)|increas(?:ed|ing)|"
        r"improv(?:ed|ing)|cut (?:the|our|it|down)|grew|halved|doubled|tripled|"
        r"on time|ahead of schedule|under budget|was adopted|got promoted|won the|"
        r"feedback was|now (?:uses|runs|takes)|since then|i learn(?:ed|t)|taught me))",
        _I,
    ),
}

# Kind wording: what to add and an example opening, never a verdict.
_HINTS: dict[Part, str] = {
    "situation": (
        "Set the scene in a sentence: where you were and what was going on "
        "(“At my last job, our team…”)."
    ),
    "task": "Say what you had to achieve or were responsible for (“My goal was…”).",
    "action": (
        "Tell what you did yourself, in the first person (“I rewrote…”, “I led…”): they "
        "are hiring you, not the team."
    ),
    "result": (
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
    return bool(_BEHAVIOURAL.search(question))


def parts_found(answer: str) -> tuple[Part, ...]:
    """The STAR parts whose cues the answer contains, in STAR order."""
    return tuple(part for part in PARTS if _CUES[part].search(answer))


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
    return StarCheck(True, found, missing, tuple(_HINTS[part] for part in missing))


__all__ = ["PARTS", "Part", "StarCheck", "check", "is_behavioural", "parts_found"]

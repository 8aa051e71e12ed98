"""Grouping interview questions that are the same question in other words.

"Tell me about a time you failed" and "Describe a failure and what you learnt from it"
should count as one question in the bank, so that its frequency, the ratings over time and
the best answer so far are gathered in one place. Two steps:

* :func:`normalise` reduces a question to its content words: case-folded, punctuation
  dropped, stop-words removed — among them the framing every interviewer varies ("can you
  tell me about", "describe", "walk me through", "what would you say is") — a few words
  and idioms interviewers swap freely mapped to one ("compensation" → "pay", "decide what
  to work on first" → "prioritise"), and a light stemming ("failures" → "failure",
  "conflicts" → "conflict") so the same word in another form still matches.
* :class:`Grouper` assigns each question to the best *representative* of the groups met so
  far (the group's first question), with RapidFuzz's ``token_set_ratio`` and a cutoff
  (:data:`SAME_QUESTION`), or opens a new group. Each question is compared with one text
  per group, never with every other question (docs/PERFORMANCE.md). A question already
  seen word for word (after normalising) is a dictionary hit.

``token_set_ratio`` compares the shared words with the rest of each text, so word order
and extra framing do not matter ("your greatest weakness" ~ "what would you say is your
biggest weakness"). Its weak spot is a very short text: one content word shared with a
long question scores 100. :data:`MIN_SHARED` asks for the shorter side to keep some
substance, and a second scorer (``token_sort_ratio``) confirms a match whose lengths
differ a lot (:data:`CONFIRM`).

Pure: no database, no clock. The storage keeps ``group_id`` (the id of the group's first
question) and feeds the representatives back into :class:`Grouper` for new questions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process

# A score (0–100) at or above which two normalised questions are the same question. On the
# labelled pairs in tests/unit/test_questions.py, 85 keeps apart questions that differ in
# one content word of two ("experience with Kafka" / "with Spark" scores 80), while true
# paraphrases, once their framing is gone, mostly score 90–100. Two answers to different
# questions mixed in one group mislead practice more than a paraphrase left on its own,
# so the cutoff leans towards keeping apart.
SAME_QUESTION = 85.0

# When one normalised text has at most half the words of the other, token_set_ratio rates
# a subset as identical ("start" ⊂ "start programming"); then token_sort_ratio, which
# weighs every word, must agree at this level too. And two texts must share a word.
CONFIRM = 55.0
MIN_SHARED = 0.5

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP_TEXT = """a an the and or but if of to in on at for with about from by as into than then so
    is are was were be been being am do does did done have has had having i me my mine
    we us our you your yours he she they them their it its this that these those there
    here what which who whom whose when where why how would could should will can may
    might must shall just also very really ever any some one time tell give describe
    example please say explain share walk talk through like s t don't didn't i'm you're
    you've you'd i've i'd it's that's let's us hear love discuss opinion view briefly
    so well okay ok"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
# A few synonyms interviewers swap freely; mapped to one word before comparing.
_SYNONYMS = {
    "biggest": "greatest",
    "largest": "greatest",
    "main": "greatest",
    "weak": "weakness",
    "strong": "strength",
    "disagreement": "conflict",
    "disagreed": "conflict",
    "disagree": "conflict",
    "failed": "failure",
    "fail": "failure",
    "mistake": "failure",
    "boss": "manager",
    "supervisor": "manager",
    "colleague": "coworker",
    "teammate": "coworker",
    # Pay: the figure asked for is the same whichever word names it. "benefits" is not
    # here: "What benefits matter to you?" asks something else.
    "salary": "pay",
    "compensation": "pay",
    "remuneration": "pay",
    # Testing and checking something are one question ("What checks do you run on data
    # quality?" / "How do you test data quality?"). "ensure" stays apart: "How do you
    # ensure data quality?" ≠ "How would you test a data pipeline?" (the code).
    "test": "check",
    "tested": "check",
    "testing": "check",
    "verify": "check",
    "validate": "check",
    # US and UK spelling.
    "prioritize": "prioritise",
    "prioritizing": "prioritise",
    "prioritization": "prioritisation",
    "firm": "company",
    "organisation": "company",
    "organization": "company",
    "background": "yourself",
    "5": "five",
}

# Idioms that say one word in several, rewritten before the words are split. Only phrases
# that mean the one thing wherever they occur: "what to work on first" is prioritising,
# while "first" alone is not ("What was your first job?"). Each idiom comes with a word it
# cannot do without, so that most questions skip its regular expression.
_PHRASES = (
    (
        "first",
        re.compile(
            r"\b(?:(?:decide|choose|know|pick)\s+)?(?:what|which\s+tasks?)\s+to\s+"
            r"(?:work\s+on|do|tackle|start\s+with)\s+first\b"
        ),
        "prioritise",
    ),
    ("sure", re.compile(r"\bmake\s+sure\b"), "ensure"),
    # A background check is not your background (which reads as "tell me about yourself").
    ("background", re.compile(r"\bbackground\s+checks?\b"), "screening"),
)
# Around pay, these words only frame the figure: "salary expectations", "the compensation
# you are looking for", "expected salary" and "salary requirements" ask one thing. They
# become one word (not nothing, so "What is your current salary?" stays apart), and only
# next to a pay word: elsewhere "looking for" and "expect" differ ("Why are you looking for
# a new job?" / "What do you expect from a new job?").
_PAY_FRAMING = frozenset(
    (
        "expect", "expects", "expected", "expecting", "expectation", "expectations",
        "looking", "seeking", "requirement", "requirements", "desired",
    )
)  # fmt: skip


def _stem(word: str) -> str:
    """A light English stemmer: plurals, -ing, -ed and a final e, so that word forms meet
    ("leaving" and "leave", "competing" and "compete"). Both sides are stemmed alike, so a
    stem need not be a word."""
    if len(word) > 5 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("sses", "shes", "ches")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 5 and word.endswith("ed"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def normalise(text: str) -> str:
    """The content words of a question, in order: what the grouping compares."""
    text = text.casefold().replace("’", "'")
    for needed, phrase, word in _PHRASES:
        if needed in text:
            text = phrase.sub(word, text)
    words = []
    for word in _WORD.findall(text):
        if word in STOP_WORDS:
            continue
        words.append(_SYNONYMS.get(word) or _SYNONYMS.get(word.removesuffix("s")) or word)
    if "pay" in words:
        words = ["expect" if word in _PAY_FRAMING else word for word in words]
    return " ".join(_stem(word) for word in words)


def same_question(a: str, b: str) -> bool:
    """Whether two questions read as the same question (both given as typed)."""
    return _match(normalise(a), normalise(b)) is not None


def _match(norm: str, rep: str) -> float | None:
    """The score of ``norm`` against one representative, or None below the cutoffs."""
    if not norm or not rep:
        return 100.0 if norm == rep else None
    score = fuzz.token_set_ratio(norm, rep)
    if score < SAME_QUESTION:
        return None
    return score if _confirmed(norm, rep) else None


def _confirmed(norm: str, rep: str) -> bool:
    words, others = norm.split(), rep.split()
    if not set(words) & set(others):
        return False  # similar letters, no word in common: "motivate" / "demotivate"
    short, long = sorted((len(words), len(others)))
    if short > long * MIN_SHARED:
        return True
    return fuzz.token_sort_ratio(norm, rep) >= CONFIRM


class Grouper:
    """Assigns questions to groups one at a time, comparing each with one text per group.

    ``representatives`` are existing groups as ``(group, text)`` pairs (the text as typed:
    the stored first question of each group); a question that matches none opens a new
    group, numbered by ``new_group`` (by default the next index).
    """

    def __init__(self, representatives: Iterable[tuple[int, str]] = ()) -> None:
        self._groups: list[int] = []
        self._texts: list[str] = []
        self._exact: dict[str, int] = {}  # normalised text -> group
        self._typed: dict[str, int] = {}  # text as typed -> group: a repeat costs nothing
        for group, text in representatives:
            self._remember(group, normalise(text))

    def _remember(self, group: int, norm: str) -> None:
        self._groups.append(group)
        self._texts.append(norm)
        self._exact.setdefault(norm, group)

    def find(self, text: str) -> int | None:
        """The group a question belongs to, or None when it is a new question."""
        return self._find(normalise(text))

    def _find(self, norm: str) -> int | None:
        exact = self._exact.get(norm)
        if exact is not None:
            return exact
        if not norm:
            return None
        # Best candidates by token_set_ratio first (in C); confirm the first that passes.
        for _, score, index in process.extract(
            norm, self._texts, scorer=fuzz.token_set_ratio, score_cutoff=SAME_QUESTION, limit=3
        ):
            if score >= SAME_QUESTION and _confirmed(norm, self._texts[index]):
                self._exact[norm] = self._groups[index]
                return self._groups[index]
        return None

    def add(self, text: str, new_group: int | None = None) -> int:
        """The group of ``text``: an existing one, else a new group it represents."""
        known = self._typed.get(text)
        if known is not None:
            return known
        norm = normalise(text)
        group = self._find(norm)
        if group is None:
            group = len(self._groups) if new_group is None else new_group
            self._remember(group, norm)
        self._typed[text] = group
        return group

    def __len__(self) -> int:
        return len(self._groups)


def group_questions(texts: Sequence[str]) -> list[int]:
    """The group of each text: 0 for the first group met, 1 for the next new one…"""
    grouper = Grouper()
    return [grouper.add(text) for text in texts]


def group_all_pairs(texts: Sequence[str]) -> list[int]:
    """The same grouping by comparing every pair (single link), the reference
    :func:`group_questions` is checked and measured against; small inputs only."""
    norms = [normalise(t) for t in texts]
    parent = list(range(len(norms)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(norms)):
        scores = process.cdist([norms[i]], norms[i + 1 :], scorer=fuzz.token_set_ratio)[0]
        for offset, score in enumerate(scores):
            k = i + 1 + offset
            if score >= SAME_QUESTION and _confirmed(norms[i], norms[k]):
                a, b = root(i), root(k)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    numbering: dict[int, int] = {}
    return [numbering.setdefault(root(i), len(numbering)) for i in range(len(norms))]


__all__ = [
    "SAME_QUESTION",
    "Grouper",
    "group_all_pairs",
    "group_questions",
    "normalise",
    "same_question",
]

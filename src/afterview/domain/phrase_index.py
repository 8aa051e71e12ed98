"""Find which of many fixed phrases a text names, at a cost that follows the text.

The lint looks for the names of every other company in the user's pipeline, which can
hold ten thousand (why not one regular expression per name: docs/PERFORMANCE.md).
:class:`PhraseIndex` files each phrase under its first run of word characters; a text is
split into words once, and only the phrases filed under one of its words are looked for
(``str.find``). The index is built once per pipeline and shared.

A phrase is found where it starts at a word start (not after a letter, digit or ``_``)
and is not followed by one: the same as ``(?<!\\w)phrase(?!\\w)``. Whitespace inside a
phrase matches any run of whitespace in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["PhraseIndex"]

_LEADING_RUN = re.compile(r"\w*")
_WORD_START = re.compile(r"(?<!\w)\w+")


def _spaced(text: str) -> str:
    return " ".join(text.split())


class PhraseIndex:
    """Phrases, each with the ids it stands for; :meth:`find` says which ids a text names."""

    __slots__ = ("_by_run", "_odd")

    def __init__(self, phrases: Iterable[tuple[str, int]]) -> None:
        by_run: dict[str, dict[str, list[int]]] = {}
        for phrase, ident in phrases:
            form = _spaced(phrase)
            if not form:
                continue
            run = _LEADING_RUN.match(form)
            key = run.group() if run else ""
            ids = by_run.setdefault(key, {}).setdefault(form, [])
            if ident not in ids:
                ids.append(ident)
        # Phrases that start with a non-word character are few; they are searched directly.
        self._odd = by_run.pop("", {})
        self._by_run = {key: tuple(forms.items()) for key, forms in by_run.items()}

    def find(self, text: str) -> set[int]:
        """The ids of every phrase ``text`` names as whole words."""
        text = _spaced(text)
        found: set[int] = set()
        # Which of the text's words start a phrase: one pass in C, then a set intersection.
        for run in self._by_run.keys() & set(_WORD_START.findall(text)):
            for form, ids in self._by_run[run]:
                if _occurs(text, form):
                    found.update(ids)
        for form, ids in self._odd.items():
            if _occurs(text, form):
                found.update(ids)
        return found


def _occurs(text: str, form: str) -> bool:
    """Whether ``form`` occurs in ``text`` as whole words."""
    start = text.find(form)
    while start >= 0:
        if _starts_word(text, start) and _ends_word(text, start + len(form)):
            return True
        start = text.find(form, start + 1)
    return False


def _starts_word(text: str, index: int) -> bool:
    return index == 0 or not (text[index - 1].isalnum() or text[index - 1] == "_")


def _ends_word(text: str, index: int) -> bool:
    return index >= len(text) or not (text[index].isalnum() or text[index] == "_")

"""Which promises made at the interview are still open, and to whom they were made.

A ``promise`` entry in the history delivers the promise its ``about`` text describes
(most of their words in common, e.g. "sent the write-up" and "send the architecture
write-up"); an entry without ``about`` delivers the first promise still open. A promise's
``to`` names the person as the user wrote it ("Tom", "Dr. Tom Becker", "Ana Lopez");
:func:`recipient_of` reads it as the case spells that person. The planner, the lint and
the drafting all ask this one module, so they always agree.
"""

from __future__ import annotations

import unicodedata

from afterview.domain.models import Case, Promise, first_name

SAME_PROMISE_SCORE = 80  # token-set similarity (0-100) for an `about` text to match


def delivered_flags(case: Case) -> list[bool]:
    """For each promise in order, whether the history shows it delivered."""
    promises = case.interview.promises
    done = [False] * len(promises)
    for entry in case.this_round():
        if entry.kind != "promise":
            continue
        for i, promise in enumerate(promises):
            if not done[i] and (entry.about is None or _same(entry.about, promise)):
                done[i] = True
                break
    return done


def pending(case: Case) -> list[Promise]:
    """The promises not yet delivered, in the order they were made."""
    flags = delivered_flags(case)
    return [p for p, done in zip(case.interview.promises, flags, strict=True) if not done]


def recipient_of(case: Case, promise: Promise) -> str | None:
    """The person a promise was made to, as the case spells the name; ``None`` when it was
    made to nobody in particular. A name that fits nobody in the case is kept as written."""
    if promise.to is None or not promise.to.strip():
        return None
    return known_as(case, promise.to)


def owed_to(case: Case, name: str) -> list[Promise]:
    """The open promises made to ``name`` in particular, in the order they were made."""
    wanted = _key(name)
    return [p for p in pending(case) if _key(recipient_of(case, p) or "") == wanted]


def unaddressed(case: Case) -> list[Promise]:
    """The open promises made to nobody in particular."""
    return [p for p in pending(case) if recipient_of(case, p) is None]


def known_as(case: Case, name: str) -> str:
    """``name`` as the case spells it: the full name (any case, accents or title), else a
    first or last name only one person in the case has; else ``name`` as written."""
    people = [person for person, _ in case.people()]
    wanted = _key(name)
    for part in (_key, _first_key, _last_key):
        hits = [p for p in people if part(p) == wanted]
        if len(hits) == 1 or (hits and part is _key):
            return hits[0]
    return " ".join(name.split())


_TITLES = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof"})


def _key(name: str) -> str:
    """A name folded for comparison: no case, accents, titles or extra spaces."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join(w for w in plain.split() if w.rstrip(".") not in _TITLES)


def _first_key(name: str) -> str:
    return _key(first_name(name))


def _last_key(name: str) -> str:
    words = _key(name).split()
    return words[-1] if words else ""


def _same(about: str, promise: Promise) -> bool:
    # Imported here: most plans have no promise entry to match (start-up, PERFORMANCE.md).
    from rapidfuzz import fuzz
    from rapidfuzz.utils import default_process

    return fuzz.token_set_ratio(about, promise.what, processor=default_process) >= (
        SAME_PROMISE_SCORE
    )

"""Which promises made at the interview are still open.

A ``promise`` entry in the history delivers the promise its ``about`` text describes
(most of their words in common, e.g. "sent the write-up" and "send the architecture
write-up"); an entry without ``about`` delivers the first promise still open. The
planner, the lint and the drafting all ask this one module, so they always agree.
"""

from __future__ import annotations

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from afterview.domain.models import Case, Promise

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


def _same(about: str, promise: Promise) -> bool:
    return fuzz.token_set_ratio(about, promise.what, processor=default_process) >= (
        SAME_PROMISE_SCORE
    )

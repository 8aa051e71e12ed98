"""Linting 1,000 notes (target: >= 500 notes per second).

Baseline, same run: splitting the same notes into words with one regular expression, the
least any text check must do.
"""

from __future__ import annotations

import re

from tests.factories import case

from afterview.domain.lint import Note, lint_note
from afterview.templating import environment
from benchmarks._timing import median_seconds

N = 1_000


def notes() -> list[Note]:
    from afterview.domain.drafting import draft_all

    c = case()
    drafts = draft_all(c, "thank_you", env=environment())
    out = []
    for i in range(N):
        d = drafts[i % len(drafts)]
        out.append(Note(d.to, d.body + f"\nP.S. note {i}.", d.subject))
    return out


def run() -> dict[str, float]:
    c = case()
    batch = notes()
    words = re.compile(r"\w+")

    def linting() -> None:
        for note in batch:
            lint_note(c, "thank_you", note)

    def baseline() -> None:
        for note in batch:
            words.findall(note.body)

    t_lint = median_seconds(linting, repeat=5)
    t_base = median_seconds(baseline, repeat=5)
    return {
        "lint_1000_s": t_lint,
        "notes_per_s": N / t_lint,
        "baseline_s": t_base,
        "ratio": t_lint / t_base,
    }


if __name__ == "__main__":
    print(run())

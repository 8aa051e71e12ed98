"""Grouping 5,000 to 50,000 interview questions, against comparing all pairs.

The questions are generated paraphrases of a few hundred base questions (question shapes ×
topics), each worded with a random framing ("Can you tell me about…", "Describe…"), an
optional qualifier ("in your last role", "briefly") and its punctuation, from a fixed
seed. :func:`group_questions` compares each question with one representative per group
(``g`` groups: ``n × g`` comparisons, and a dictionary hit for a wording already met);
the baseline of the same run, :func:`group_all_pairs`, compares every pair
(``n²/2``), and is timed on the smaller sizes only.

Run: ``.venv/bin/python -m benchmarks.bench_questions``.
"""

from __future__ import annotations

import random

from afterview.domain.questions import group_all_pairs, group_questions, normalise
from benchmarks._timing import median_seconds

SIZES = (5_000, 10_000, 20_000, 50_000)
ALL_PAIRS_SIZES = (1_000, 2_000, 5_000)

SHAPES = (
    "tell me about a time you {t}",
    "what did you learn when you {t}",
    "how did you handle it when you {t}",
    "what would you do differently if you {t} again",
    "what was hardest when you {t}",
    "who helped you when you {t}",
    "why do you think you {t}",
)
TOPICS = (
    "failed a project", "missed a deadline", "disagreed with your manager",
    "led a migration", "rewrote a legacy service", "handled an angry customer",
    "mentored a junior engineer", "cut cloud costs", "fixed a production outage",
    "changed a team process", "learnt a new language quickly", "pushed back on scope",
    "shipped under pressure", "gave difficult feedback", "received harsh feedback",
    "worked with a remote team", "automated a manual task", "improved test coverage",
    "designed a data model", "debugged a memory leak", "negotiated a deadline",
    "presented to executives", "hired an engineer", "onboarded onto a big codebase",
    "reduced page load time", "owned an on-call rotation", "wrote a design document",
    "deprecated an old api", "resolved a team conflict", "made an unpopular decision",
    "took over a failing project", "balanced two priorities", "ran a retrospective",
    "secured a system", "scaled a database", "introduced code review",
    "estimated a large project", "worked without clear requirements",
    "convinced a sceptical stakeholder", "recovered lost data", "built a prototype",
    "organised a hackathon", "simplified an architecture", "reduced alert noise",
    "migrated to the cloud", "set up monitoring", "wrote documentation nobody read",
)  # fmt: skip
FRAMINGS = (
    "{q}?", "Can you {q}?", "Could you tell us: {q}?", "{Q}.", "I'd like to hear: {q}.",
    "Please {q}.", "{Q}, please.", "So, {q}?",
)  # fmt: skip
QUALIFIERS = ("", "", "", " in your last role", " recently", " in your career", " briefly")


def base_questions() -> list[str]:
    return [shape.format(t=topic) for shape in SHAPES for topic in TOPICS]


def generated(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    bases = base_questions()
    out = []
    for _ in range(n):
        q = rng.choice(bases) + rng.choice(QUALIFIERS)
        out.append(rng.choice(FRAMINGS).format(q=q, Q=q[:1].upper() + q[1:]))
    return out


def run() -> dict[str, float]:
    results: dict[str, float] = {"bases": float(len(base_questions()))}
    for n in SIZES:
        texts = generated(n)
        repeat = 5 if n <= 10_000 else 3
        results[f"grouped_{n}_s"] = median_seconds(lambda t=texts: group_questions(t), repeat)
        results[f"groups_{n}"] = float(len(set(group_questions(texts))))
        results[f"wordings_{n}"] = float(len(set(texts)))
        results[f"normalised_{n}"] = float(len({normalise(t) for t in texts}))
    for n in ALL_PAIRS_SIZES:
        texts = generated(n)
        repeat = 3 if n < 5_000 else 1
        results[f"all_pairs_{n}_s"] = median_seconds(lambda t=texts: group_all_pairs(t), repeat)
        results[f"grouped_small_{n}_s"] = median_seconds(lambda t=texts: group_questions(t), 5)
    return results


def main() -> None:
    r = run()
    print(f"{int(r['bases'])} base questions; medians (machine shared, 2 cores)\n")
    print(
        "| questions | distinct wordings | distinct after normalising | groups | grouping (s) "
        "| growth vs previous size |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    previous: tuple[int, float] | None = None
    for n in SIZES:
        t = r[f"grouped_{n}_s"]
        growth = f"×{t / previous[1]:.1f} for ×{n / previous[0]:.1f}" if previous else "—"
        counts = " | ".join(
            f"{int(r[f'{key}_{n}']):,}" for key in ("wordings", "normalised", "groups")
        )
        print(f"| {n:,} | {counts} | {t:.3f} | {growth} |")
        previous = (n, t)
    print("\n| questions | all pairs (s) | grouping (s) | ratio |")
    print("|---:|---:|---:|---:|")
    for n in ALL_PAIRS_SIZES:
        pairs, grouped = r[f"all_pairs_{n}_s"], r[f"grouped_small_{n}_s"]
        print(f"| {n:,} | {pairs:.3f} | {grouped:.3f} | {pairs / grouped:.0f} |")


if __name__ == "__main__":
    main()

"""Planning 10,000 generated interviews in one process (target: <= 1 s).

Baseline, same run: the bare date arithmetic a plan cannot avoid (localising the
interview end and adding twelve offsets for every interview), so the ratio shows what the
planner's rules cost on top.

Every timed round plans freshly built cases (equal values, new objects), as replanning
cases loaded from the database would: the planner caches some work per datetime object,
and planning the very same objects again would flatter it.
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from msgspec.structs import replace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script, too

from tests.factories import case, interview

from afterview.domain.models import Case
from afterview.domain.planner import plan
from afterview.domain.settings import Policy
from benchmarks._timing import median_seconds

N = 10_000
ROUNDS = 5
ZONES = [
    ZoneInfo(z)
    for z in ("America/Toronto", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/London")
]
PHRASES = [
    None,
    "within two weeks",
    "in 10 business days",
    "by Friday",
    "end of next week",
    "early next month",
    "before the 15th",
    "a few days",
    "by end of month",
    "after the holidays",
    "2026-12-04",
    "we will let you know",
]


def generate(n: int = N, seed: int = 7) -> list[Case]:
    rng = random.Random(seed)
    base = case()
    out = []
    for _ in range(n):
        zone = rng.choice(ZONES)
        start = datetime(2026, 1, 5, 9, 0, tzinfo=zone) + timedelta(
            days=rng.randrange(0, 700), minutes=15 * rng.randrange(0, 36)
        )
        panel = tuple(replace(m, timezone=rng.choice(ZONES)) for m in base.interview.panel)
        iv = interview(
            start=start,
            end=start + timedelta(minutes=rng.choice((30, 45, 60, 90))),
            timezone=zone,
            panel=panel[: rng.randint(1, 3)],
            decision=rng.choice(PHRASES),
        )
        out.append(replace(base, interview=iv))
    return out


def run() -> dict[str, float]:
    batches = []
    for _ in range(ROUNDS + 1):  # one more for the warm-up round
        cases = generate()
        batches.append([(c, c.interview.end + timedelta(minutes=30)) for c in cases])

    def planning() -> None:
        for c, now in batches.pop():
            plan(c, now=now, policy=Policy())

    def baseline() -> None:
        for c in cases:
            end = c.interview.end.astimezone(c.candidate.timezone)
            for hours in range(12):
                _ = end + timedelta(hours=hours)

    t_plan = median_seconds(planning, repeat=ROUNDS)
    t_base = median_seconds(baseline, repeat=ROUNDS)
    return {"plan_10000_s": t_plan, "baseline_s": t_base, "ratio": t_plan / t_base}


if __name__ == "__main__":
    print(run())

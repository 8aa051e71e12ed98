"""Insights over a large search: 10,000 applications and 50,000 questions in ≤ 2 s.

Method. One database is filled directly with ``executemany`` (a few seconds; the services
would take far longer and are not what is measured): 10,000 applications in every status,
an interview for 70% of them, two thank-you steps each (on time, late or missing), one or
two follow-ups for half the interviewed ones, replies and outcomes, and 50,000 questions
in 600 groups — 10% of them left ungrouped, as rows written by another writer would be:
the first call groups them into the index (timed once, on its own). Then
``services.insights.insights`` (every figure of the Insights page and of ``afterview
stats``) is timed in-process, median of 7 runs after a warm-up, next to a baseline from the
same run: one ``SELECT COUNT(*) FROM applications`` through the same ``Database`` (a new
connection and a trivial query, the floor any figure pays).

Run ``.venv/bin/python benchmarks/bench_insights.py`` (``--postgres URL`` to measure an
empty PostgreSQL database instead of SQLite). It prints a Markdown section and writes it
into docs/PERFORMANCE.md, replacing only the section "Insights (10,000 applications)".
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from afterview.services.insights import insights  # noqa: E402
from afterview.storage.db import Database, Tx, sqlite_url  # noqa: E402
from afterview.wiring import local_work  # noqa: E402
from benchmarks._timing import median_seconds  # noqa: E402

SECTION = "## Insights (10,000 applications)"
TARGET_S = 2.0
NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
STATUSES = ("applied", "interviewing", "offer", "rejected", "withdrawn", "closed")
WEIGHTS = (25, 20, 3, 30, 4, 18)


def fill(db: Database, apps: int, questions: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    db.ensure_schema()
    start = NOW - timedelta(days=365)
    with db.transaction() as tx:
        app_rows, iv_rows = _applications(rng, apps, start)
        tx.executemany(
            """INSERT INTO applications (id, owner_id, company, role, status, channel_before,
                 refs, links, contacts, extra, on_paper, outcome_kind, outcome_at, replied_at,
                 created_at, updated_at, company_key, role_key)
               VALUES (:id, 1, :company, 'Engineer', :status, 'email', '[]', '[]', '[]', '{}',
                 FALSE, :kind, :at, :replied, :now, :now, :key, 'engineer')""",
            app_rows,
        )
        tx.executemany(
            """INSERT INTO interviews (id, owner_id, application_id, round, start_at, end_at,
                 timezone, format, contact_preference, panel, promises, notes, created_at)
               VALUES (:id, 1, :app, 1, :start, :end, 'UTC', 'video', 'email', '[]', '[]',
                 '{}', :end)""",
            iv_rows,
        )
        _steps_and_history(tx, rng, iv_rows)
        _questions(tx, rng, iv_rows, questions)


def _applications(
    rng: random.Random, n: int, start: datetime
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    apps, ivs = [], []
    for i in range(1, n + 1):
        status = rng.choices(STATUSES, WEIGHTS)[0]
        company = f"Company {i % 900}"
        end = start + timedelta(days=rng.uniform(0, 330))
        interviewed = status != "applied" and rng.random() < 0.9
        kind = at = replied = None
        if status in ("offer", "rejected") and interviewed:
            kind, at = status, end + timedelta(days=rng.uniform(2, 30))
        elif status == "withdrawn":
            kind, at = "withdrawn", end + timedelta(days=5)
        if status == "interviewing" and rng.random() < 0.3:
            replied = end + timedelta(days=rng.uniform(3, 12))
        apps.append(
            {
                "id": i,
                "company": company,
                "status": status,
                "kind": kind,
                "at": at,
                "replied": replied,
                "now": start,
                "key": company.casefold(),
            }
        )
        if interviewed:
            ivs.append(
                {"id": len(ivs) + 1, "app": i, "start": end - timedelta(hours=1), "end": end}
            )
    return apps, ivs


def _steps_and_history(tx: Tx, rng: random.Random, ivs: list[dict[str, object]]) -> None:
    steps, history = [], []
    for iv in ivs:
        end = iv["end"]
        assert isinstance(end, datetime)
        for who in ("a", "b"):
            roll = rng.random()
            status = "done" if roll < 0.85 else "pending"
            done = end + timedelta(hours=rng.choice((5, 20, 30))) if status == "done" else None
            steps.append(
                {
                    "app": iv["app"],
                    "iv": iv["id"],
                    "key": f"thank_you:{who}",
                    "nb": end,
                    "due": end + timedelta(hours=24),
                    "status": status,
                    "done": done,
                }
            )
        if rng.random() < 0.5:
            for n in range(rng.choice((1, 2))):
                history.append({"app": iv["app"], "at": end + timedelta(days=10 + 7 * n)})
    tx.executemany(
        """INSERT INTO actions (owner_id, application_id, interview_id, key, kind, zone,
             not_before, due, rule, why, sources, status, done_at, edited, created_at,
             updated_at)
           VALUES (1, :app, :iv, :key, 'thank_you', 'UTC', :nb, :due, 'thank_you_within_24h',
             'why', '[]', :status, :done, FALSE, :nb, :nb)""",
        steps,
    )
    tx.executemany(
        """INSERT INTO history (owner_id, application_id, kind, channel, at, created_at)
           VALUES (1, :app, 'follow_up', 'email', :at, :at)""",
        history,
    )


def _questions(tx: Tx, rng: random.Random, ivs: list[dict[str, object]], n: int) -> None:
    groups = 600
    first: dict[int, int] = {}
    rows = []
    for qid in range(1, n + 1):
        iv = ivs[rng.randrange(len(ivs))]
        group = rng.randrange(groups)
        first.setdefault(group, qid)
        ungrouped = rng.random() < 0.1
        rows.append(
            {
                "id": qid,
                "app": iv["app"],
                "iv": iv["id"],
                "p": qid % 6,
                "text": f"Question {group} in words {qid % 3}?",
                "rating": rng.randint(1, 5),
                "group": None if ungrouped else first[group],
                "at": iv["end"],
            }
        )
    tx.executemany(
        """INSERT INTO questions (id, owner_id, application_id, interview_id, position, text,
             rating, asked_at, group_id, created_at)
           VALUES (:id, 1, :app, :iv, :p, :text, :rating, :at, :group, :at)""",
        rows,
    )


def _baseline(db: Database) -> None:
    with db.read() as tx:
        tx.one("SELECT COUNT(*) AS n FROM applications WHERE owner_id = 1")


def measure(url: str, apps: int, questions: int) -> tuple[float, float, float, float]:
    """(seconds to fill, first call, baseline median, insights median) on one database."""
    db = Database(url)
    began = time.perf_counter()
    fill(db, apps, questions)
    filled = time.perf_counter() - began
    began = time.perf_counter()
    result = insights(local_work(db), now=NOW)  # groups the ungrouped rows into the index
    first = time.perf_counter() - began
    assert result.funnel.applications == apps
    assert result.weak_spots, "the data set should show weak spots"
    base = median_seconds(lambda: _baseline(db))
    return filled, first, base, median_seconds(lambda: insights(local_work(db), now=NOW))


def run(postgres: str | None, apps: int, questions: int) -> str:
    with tempfile.TemporaryDirectory() as folder:
        runs = {"SQLite": measure(sqlite_url(Path(folder) / "bench.db"), apps, questions)}
    if postgres:
        runs["PostgreSQL"] = measure(postgres, apps, questions)
    rows = []
    for name, (_, first, base, took) in runs.items():
        rows.append(f"| {name}: baseline, `SELECT COUNT(*)` on a new connection "
                    f"| {base * 1000:.1f} ms | 1.0 |")  # fmt: skip
        rows.append(f"| {name}: every insight (`services.insights.insights`) "
                    f"| {took * 1000:.0f} ms | {took / base:.0f} |")  # fmt: skip
        rows.append(f"| {name}: the first call, grouping {questions // 10:,} new questions "
                    f"| {first * 1000:.0f} ms | {first / base:.0f} |")  # fmt: skip
    slowest = max(max(first, took) for _, first, _, took in runs.values())
    verdict = "met" if slowest <= TARGET_S else "**not met**"
    fills = ", ".join(f"{name} {filled:.1f} s" for name, (filled, *_) in runs.items())
    table = "\n".join(rows)
    return f"""{SECTION}

Measured {date.today():%Y-%m-%d} by `benchmarks/bench_insights.py`: {apps:,} applications,
{questions:,} questions in 600 groups (10% not grouped yet: the first call groups them),
in-process, medians of 7 runs after a warm-up, on a shared 2-core machine (medians, not
best runs). Filling each database with `executemany` took {fills}.

| what | median | ratio to baseline |
|---|---|---|
{table}

Target ≤ {TARGET_S:g} s (the first call included): {verdict}. Once the index is up to
date, most of the time goes to counting the question groups (a distinct count of
interviews per group), the follow-up window query and the decision times.

```sh
.venv/bin/python benchmarks/bench_insights.py   # --postgres URL adds an empty PostgreSQL database
```
"""


def write(section: str) -> None:
    path = ROOT / "docs" / "PERFORMANCE.md"
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(SECTION) + r".*?(?=\n## |\Z)", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section.rstrip("\n") + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=50_000)
    parser.add_argument("--postgres", metavar="URL", help="an empty PostgreSQL database")
    parser.add_argument("--no-write", action="store_true", help="only print the section")
    args = parser.parse_args()
    section = run(args.postgres, args.apps, args.questions)
    print(section)
    if not args.no_write:
        write(section)


if __name__ == "__main__":
    main()

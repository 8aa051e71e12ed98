"""The lint's speed: 1,000 notes, and the draft editor over a search of 10,000 applications.

1. Linting 1,000 notes (target: >= 500 notes per second). Baseline, same run: splitting the
   same notes into words with one regular expression, the least any text check must do.
2. The draft editor with 10,000 applications (target: <= 50 ms median per request). The app
   is served for real (uvicorn on loopback, as the web tests do) from a scratch SQLite
   database: the bundled panel interview plus 10,000 other applications with distinct
   company names. Timed: the live-lint request the editor posts as the user types, warm
   (the lint prepared for this pipeline already) and cold (the prepared lint forgotten
   before each request, as after the pipeline changes), and the editor page itself.
   Baseline, same run: ``GET /api/health`` on the same server.
3. The lint alone over a case with 10,000 pipeline companies, as each request builds it
   afresh: the prepared lint (warm), its preparation (cold), and, as the before figure in
   the same run, what each request used to do: compile one pattern per company and scan
   the note with each.

Run: ``.venv/bin/python benchmarks/bench_lint.py [--apps N]``.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from afterview.wiring import local_work as local

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from msgspec.structs import replace
from tests.factories import case

from afterview.domain import lint as lint_module
from afterview.domain.lint import Note, lint_note, note_text
from afterview.domain.models import Case, PipelineEntry
from afterview.domain.settings import Policy
from afterview.templating import environment
from benchmarks._timing import median_seconds

N = 1_000
APPS = 10_000
EDITOR_REQUESTS = 25
PAGE = "/applications/1/drafts"
MORNING = datetime(2026, 11, 21, 8, 30, tzinfo=ZoneInfo("America/Toronto"))


def notes() -> list[Note]:
    from afterview.domain.drafting import draft_all

    c = case()
    drafts = draft_all(c, "thank_you", env=environment(), policy=Policy())
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
            lint_note(c, "thank_you", note, policy=Policy())

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


def company(i: int) -> str:
    """A distinct, plausible company name for application ``i``."""
    first = ("North", "Blue", "Bright", "Silver", "Green", "Iron", "Clear", "Cedar", "Maple")
    second = ("wind", "stone", "field", "bridge", "light", "river", "forge", "peak", "gate")
    kind = ("Robotics", "Health", "Labs", "Energy", "Bank", "Media", "Foods", "Studios")
    return f"{first[i % 9]}{second[i // 9 % 9]}{i // 81} {kind[i % 8]}"


def search(folder: Path, apps: int) -> str:
    """A scratch database: the panel interview and ``apps`` other applications."""
    from tests.conftest import EXAMPLES

    from afterview.interview_file import read_data
    from afterview.services import tracking
    from afterview.storage.db import Database, sqlite_url

    db = Database(sqlite_url(folder / "bench.db"))
    tracking.add(
        local(db), read_data(EXAMPLES / "panel-interview.yaml"), source="panel", now=MORNING
    )
    with db.transaction() as tx:
        for i in range(apps):
            tx.execute(
                "INSERT INTO applications (owner_id, company, role, status, channel_before,"
                " refs, links, contacts, extra, on_paper, created_at, updated_at)"
                " SELECT owner_id, :company, role, 'applied', channel_before, refs, links,"
                " contacts, extra, on_paper, created_at, updated_at"
                " FROM applications WHERE id = 1",
                {"company": company(i)},
            )
    return db.url


def timed(request: Callable[[], object], before: Callable[[], object] | None = None) -> float:
    """The median wall time of ``request`` over the editor's rounds, after one warm-up."""
    request()
    times = []
    for _ in range(EDITOR_REQUESTS):
        if before is not None:
            before()
        start = time.perf_counter()
        request()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2]


def editor(apps: int = APPS) -> dict[str, float]:
    from tests.support.live import client
    from tests.web.conftest import token

    from afterview.web.app import WebSettings

    with tempfile.TemporaryDirectory() as tmp:
        url = search(Path(tmp), apps)
        with client(WebSettings(url, clock=lambda: MORNING)) as http:
            headers = {"X-CSRF-Token": token(http)}
            page = http.get(PAGE, params={"kind": "thank_you"})
            assert page.status_code == 200, page.text
            body = (
                "Dear Priya,\n\nThank you for the conversation about migrating the nightly "
                "batch jobs to streaming; I am keen to help Northwind get there.\n\nBest,\nSam"
            )
            data = {"kind": "thank_you", "to": "Priya Raman", "subject": "Thanks", "body": body}

            def lint_request() -> None:
                answer = http.post(f"{PAGE}/lint", data=data, headers=headers)
                assert answer.status_code == 200, answer.text

            warm = timed(lint_request)
            cold = timed(lint_request, before=lint_module.forget_prepared)
            page_s = timed(lambda: http.get(PAGE, params={"kind": "thank_you"}))
            health = timed(lambda: http.get("/api/health"))
    return {
        "apps": apps,
        "lint_warm_s": warm,
        "lint_cold_s": cold,
        "page_s": page_s,
        "health_s": health,
        "ratio_warm": warm / health,
    }


def pipeline_case(apps: int = APPS) -> Case:
    entries = tuple(PipelineEntry(company(i), "Engineer", "applied") for i in range(apps))
    return case(pipeline=entries)


def per_company_regexes(c: Case, text: str) -> list[str]:
    """The way the lint searched the pipeline before: one pattern per company, per request."""
    folded = lint_module._fold(text)
    named = []
    for entry in c.pipeline:
        pattern = lint_module._alternation(lint_module._company_forms(entry.company, short=False))
        if lint_module._named(pattern, folded):
            named.append(entry.company)
    return named


def domain(apps: int = APPS) -> dict[str, float]:
    note = notes()[0]
    base = pipeline_case(apps)

    def fresh() -> Case:  # a request builds its case afresh from the database
        return replace(base)

    warm = median_seconds(lambda: lint_note(fresh(), "thank_you", note, policy=Policy()), repeat=15)
    cold = median_seconds(
        lambda: (
            lint_module.forget_prepared(),
            lint_note(fresh(), "thank_you", note, policy=Policy()),
        ),
        repeat=5,
    )
    before = median_seconds(lambda: per_company_regexes(fresh(), note_text(note)), repeat=3)
    return {"apps": apps, "lint_warm_s": warm, "lint_cold_s": cold, "per_company_s": before}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=APPS, help="other applications stored")
    args = parser.parse_args()
    print(run())
    print(domain(args.apps))
    print(editor(args.apps))


if __name__ == "__main__":
    main()

"""The data sets of ``bench_tracking.py``: one afterview search and one Taskwarrior list.

afterview: the four bundled example interviews are stored in a scratch database with the
real code (``services.tracking.add``: validation, planner, plan merge) under a few decision
phrases, with and without an outcome, and exported (``services.transfer.export_data``).
Those exported applications are the templates. Each generated application copies three of
them as its rounds, moved in time (the last round anywhere from a year ago to two weeks
ahead, earlier rounds one to three weeks apart), under its own company and role. Steps
whose due date passed are mostly marked done (with a matching history entry, as
``afterview done`` records one), superseded rounds have their follow-ups cancelled, and
older searches mostly end in an outcome. The result is one JSON export, imported with
``afterview import``, so the database is built by the code under test.

Taskwarrior: as many pending tasks, imported from one JSON file, with due dates, projects,
tags and priorities spread like the afterview steps (a tenth waiting, so hidden from
``task next``).
"""

from __future__ import annotations

import json
import random
import uuid
from copy import deepcopy
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("panel-interview", "phone-screen", "referrer-and-references", "after-rejection")
PHRASES = (None, "within two weeks", "in 10 business days", "by end of month", "a few days")
OUTCOMES = (None, "rejected", "offer")
ROUNDS = 3
_TIMES = {
    "start_at",
    "end_at",
    "created_at",
    "updated_at",
    "not_before",
    "due",
    "send_at",
    "done_at",
    "at",
    "replied_at",
}
_SUPERSEDED = ("follow_up", "close_out", "keep_searching")
_PREFIXES = ("North", "Blue", "Bright", "Silver", "Green", "Iron", "Clear", "Red", "Swift", "Open")
_PREFIXES += ("Cedar", "Harbor", "Summit", "Prairie", "Granite", "Maple", "Coral", "Aurora")
_PREFIXES += ("Pioneer", "Atlas")
_NOUNS = ("wind", "stone", "field", "bridge", "light", "river", "forge", "peak", "gate", "wave")
_NOUNS += ("works", "path", "leaf", "spring", "line", "point", "cloud", "grid", "harbor", "loop")
_SUFFIXES = ("Robotics", "Analytics", "Health", "Labs", "Energy", "Logistics", "Software")
_SUFFIXES += ("Bank", "Media", "Foods", "Games", "Insurance", "Systems", "Retail", "Studios")
_SUFFIXES += ("Capital", "Networks", "Mobility", "Learning", "Security", "Biotech", "Cloud")
_SUFFIXES += ("Travel", "Legal", "Design")
ROLES = (
    "Data Engineer",
    "Senior Data Engineer",
    "Analytics Engineer",
    "Frontend Engineer",
    "Backend Developer",
    "Product Analyst",
    "Programme Manager",
    "Site Reliability Engineer",
    "Machine Learning Engineer",
    "Engineering Manager",
)


# -- templates: planned and exported by afterview itself ---------------------------------


def templates(scratch: Path) -> tuple[dict[str, Any], dict[Any, list[dict[str, Any]]]]:
    """The candidate and, per outcome, the template applications (times as datetimes)."""
    from afterview.interview_file import read_data
    from afterview.services import tracking
    from afterview.services.transfer import export_data
    from afterview.storage.db import Database, sqlite_url

    db = Database(sqlite_url(scratch / "templates.db"))
    outcome_of: dict[str, Any] = {}
    for name in EXAMPLES:
        base = read_data(ROOT / "examples" / f"{name}.yaml")
        for k, phrase in enumerate(PHRASES):
            for outcome in OUTCOMES:
                company = f"Template {name} {k} {outcome}"
                data, now = _variant(base, company, phrase, outcome)
                tracking.add(db, data, source=company, now=now)
                outcome_of[company] = outcome
    candidate = read_data(ROOT / "examples" / "panel-interview.yaml")["candidate"]
    by_outcome: dict[Any, list[dict[str, Any]]] = {o: [] for o in OUTCOMES}
    for app in export_data(db, now=datetime.now(UTC))["applications"]:
        by_outcome[outcome_of[app["company"]]].append(_parsed(app))
    return candidate, by_outcome


def _variant(
    base: dict[str, Any], company: str, phrase: str | None, outcome: str | None
) -> tuple[dict[str, Any], datetime]:
    """One example under its own company, with a decision phrase and maybe an outcome."""
    from afterview.interview_file import from_data

    data = deepcopy(base)
    data["application"]["company"] = company
    data["pipeline"] = []
    data["interview"]["decision"] = phrase
    data.pop("outcome", None)
    data.pop("reply", None)
    end = from_data(data).interview.end
    now = end + timedelta(hours=3)
    if outcome is not None:
        at = end + timedelta(days=12)
        data["outcome"] = {"kind": outcome, "at": at.isoformat(), "on_paper": outcome == "offer"}
        now = at + timedelta(hours=1)
    return data, now


def _parsed(value: Any) -> Any:
    """An exported record with its times as datetimes and its dates as dates."""
    if isinstance(value, list):
        return [_parsed(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key in _TIMES and isinstance(item, str):
            out[key] = datetime.fromisoformat(item)
        elif key in ("decision_date", "applied_on", "not_until") and isinstance(item, str):
            out[key] = date.fromisoformat(item)
        else:
            out[key] = _parsed(item)
    return out

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

from afterview.wiring import local_work as local

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
    "outcome_at",
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
                tracking.add(local(db), data, source=company, now=now)
                outcome_of[company] = outcome
    candidate = read_data(ROOT / "examples" / "panel-interview.yaml")["candidate"]
    by_outcome: dict[Any, list[dict[str, Any]]] = {o: [] for o in OUTCOMES}
    for app in nested(export_data(local(db), now=datetime.now(UTC))):
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
    """An exported record with its times as naive UTC datetimes and its dates as dates."""
    if isinstance(value, list):
        return [_parsed(v) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key in _TIMES and isinstance(item, str):  # naive UTC: much quicker to format
            out[key] = datetime.fromisoformat(item).astimezone(UTC).replace(tzinfo=None)
        elif key in ("decision_date", "applied_on", "not_until") and isinstance(item, str):
            out[key] = date.fromisoformat(item)
        else:
            out[key] = _parsed(item)
    return out


# -- the generated search ----------------------------------------------------------------


def company(i: int) -> str:
    """A distinct company name for each i below 10,000 (then numbered)."""
    name = f"{_PREFIXES[i % 20]}{_NOUNS[(i // 20) % 20]} {_SUFFIXES[(i // 400) % len(_SUFFIXES)]}"
    return name if i < 10_000 else f"{name} {i // 10_000 + 1}"


def search_export(
    candidate: dict[str, Any],
    by_outcome: dict[Any, list[dict[str, Any]]],
    *,
    now: datetime,
    n: int,
    seed: int = 7,
) -> dict[str, Any]:
    """An afterview archive (``afterview export --format json``), times as datetimes."""
    rng = random.Random(seed)
    now = now.astimezone(UTC).replace(tzinfo=None)
    apps = [_application(i, rng, by_outcome, now) for i in range(n)]
    return archive(candidate, apps, exported_at=now)


# -- between the archive's tables and nested applications (the generator's working shape) -


def nested(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The archive's applications, each holding its interviews (with their steps) and
    history, and its outcome as one ``outcome`` record (or None)."""
    tables = doc["tables"]

    def records(name: str) -> list[dict[str, Any]]:
        columns = tables[name]["columns"]
        return [dict(zip(columns, row, strict=True)) for row in tables[name]["rows"]]

    apps = {a["id"]: {**a, "interviews": [], "history": []} for a in records("applications")}
    ivs = {}
    for iv in records("interviews"):
        ivs[iv["id"]] = {**iv, "actions": []}
        apps[iv["application_id"]]["interviews"].append(ivs[iv["id"]])
    for action in records("actions"):
        ivs[action["interview_id"]]["actions"].append(action)
    for entry in records("history"):
        apps[entry["application_id"]]["history"].append(entry)
    for app in apps.values():
        kind = app.pop("outcome_kind")
        outcome = {
            "at": app.pop("outcome_at"),
            "on_paper": app.pop("on_paper"),
            "feedback": app.pop("feedback"),
        }
        app["outcome"] = {"kind": kind, **outcome} if kind else None
    return list(apps.values())


def archive(
    candidate: dict[str, Any], apps: list[dict[str, Any]], *, exported_at: datetime
) -> dict[str, Any]:
    """Nested applications back into the archive's tables, with fresh ids."""
    from afterview.services.archive import COLUMNS, FORMAT, VERSION

    rows: dict[str, list[list[Any]]] = {table: [] for table in COLUMNS}
    for app_id, app in enumerate(apps, start=1):
        outcome = app["outcome"] or {}
        flat = {
            **app,
            "id": app_id,
            "outcome_kind": outcome.get("kind"),
            "outcome_at": outcome.get("at"),
            "on_paper": bool(outcome.get("on_paper")),
            "feedback": outcome.get("feedback"),
        }
        rows["applications"].append([flat[c] for c in COLUMNS["applications"]])
        for iv in app["interviews"]:
            iv_id = len(rows["interviews"]) + 1
            rows["interviews"].append(
                [{**iv, "id": iv_id, "application_id": app_id}[c] for c in COLUMNS["interviews"]]
            )
            for a in iv["actions"]:
                record = {**a, "application_id": app_id, "interview_id": iv_id}
                rows["actions"].append([record[c] for c in COLUMNS["actions"]])
        for h in app["history"]:
            record = {**h, "application_id": app_id}
            rows["history"].append([record[c] for c in COLUMNS["history"]])
    tables = {t: {"columns": list(COLUMNS[t]), "rows": r} for t, r in rows.items()}
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at,
        "candidate": candidate,
        "tables": tables,
    }


def _application(
    i: int, rng: random.Random, by_outcome: dict[Any, list[dict[str, Any]]], now: datetime
) -> dict[str, Any]:
    last_end = now + timedelta(days=rng.uniform(-365, 14))
    outcome = _outcome(rng, (now - last_end).days)
    ends = [last_end]
    for _ in range(ROUNDS - 1):
        ends.insert(0, ends[0] - timedelta(days=rng.uniform(7, 21), hours=rng.randrange(-3, 4)))
    picks = [rng.choice(by_outcome[None]) for _ in range(ROUNDS - 1)]
    picks.append(rng.choice(by_outcome[outcome]))
    interviews, history = [], []
    for k, (template, end) in enumerate(zip(picks, ends, strict=True)):
        delta = end - template["interviews"][0]["end_at"]
        interview = _interview(template["interviews"][0], delta, k + 1)
        history += [_shift(h, delta) for h in template["history"]]
        history += _settle(interview["actions"], now, rng, superseded=k < ROUNDS - 1)
        interviews.append(interview)
    last, delta = picks[-1], ends[-1] - picks[-1]["interviews"][0]["end_at"]
    app = _shift(last, delta)
    first_start = interviews[0]["start_at"]
    app.update(
        company=company(i),
        role=rng.choice(ROLES),
        applied_on=(first_start - timedelta(days=rng.randrange(7, 40))).date(),
        url=f"https://jobs.example.org/{i}",
        source=rng.choice(("LinkedIn", "referral", "company site", "job board", None)),
        created_at=first_start - timedelta(days=rng.randrange(1, 7)),
        interviews=interviews,
        history=sorted(history, key=lambda h: h["at"]),
        outcome=_shift(last["outcome"], delta) if last["outcome"] else None,
    )
    if app["status"] == "interviewing" and _closed(interviews[-1]):
        app["status"] = "closed"
    return app


def _outcome(rng: random.Random, age_days: int) -> str | None:
    """Older searches mostly ended; the last month is still open."""
    if age_days < 30:
        return None
    roll = rng.random()
    if roll < 0.70:
        return "rejected"
    return "offer" if roll < 0.75 else None


def _interview(template: dict[str, Any], delta: timedelta, round_: int) -> dict[str, Any]:
    """A copy moved by ``delta``; panel, promises and notes are shared, not copied."""
    out = _shift(template, delta)
    out["round"] = round_
    out["actions"] = [_shift(a, delta) for a in template["actions"]]
    return out


def _shift(record: dict[str, Any], delta: timedelta) -> dict[str, Any]:
    days = timedelta(days=round(delta / timedelta(days=1)))
    out = {}
    for key, value in record.items():
        if isinstance(value, datetime):
            value = value + delta
        elif isinstance(value, date):
            value = value + days
        out[key] = value
    return out


def _settle(
    actions: list[dict[str, Any]], now: datetime, rng: random.Random, *, superseded: bool
) -> list[dict[str, Any]]:
    """What a user did since: most past steps done, a superseded round's follow-ups
    cancelled. Returns the history entries the done contacts leave."""
    history = []
    for a in actions:
        if a["status"] != "pending":
            continue
        if superseded and a["kind"] in _SUPERSEDED:
            a.update(status="cancelled", updated_at=a["updated_at"] + timedelta(days=14))
        elif a["due"] < now - timedelta(days=2) and rng.random() < 0.97:
            at = a["not_before"] + (a["due"] - a["not_before"]) * rng.random()
            a.update(status="done", done_at=at, updated_at=at)
            if a["to_name"]:
                history.append(
                    {
                        "kind": a["kind"],
                        "to_name": a["to_name"],
                        "channel": a["channel"] or "email",
                        "at": at,
                        "about": None,
                        "note": None,
                        "created_at": at,
                    }
                )
    return history


def _closed(interview: dict[str, Any]) -> bool:
    return any(a["kind"] == "close_out" and a["status"] == "done" for a in interview["actions"])


def write_json(data: Any, path: Path) -> int:
    """Write ``data`` as compact JSON (datetimes and dates in ISO 8601); returns the bytes."""
    text = json.dumps(data, ensure_ascii=False, default=_iso)
    path.write_text(text, encoding="utf-8")
    return len(text.encode())


def _iso(value: Any) -> str:
    if isinstance(value, datetime):  # naive UTC in the generator, written as the archive does
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# -- Taskwarrior ---------------------------------------------------------------------------

TASK_KINDS = ("thank_you", "follow_up", "promise", "notify_referrer", "reflection", "call")


def tasks(now: datetime, n: int, seed: int = 11) -> list[dict[str, Any]]:
    """``n`` pending tasks in ``task import`` JSON, shaped like a job search's steps."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        kind = rng.choice(TASK_KINDS)
        due = now + timedelta(days=rng.uniform(-30, 60), minutes=rng.randrange(0, 600))
        task: dict[str, Any] = {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "status": "pending",
            "description": f"{kind.replace('_', ' ')}: {company(i)} ({rng.choice(ROLES)})",
            "entry": _tw(due - timedelta(days=rng.uniform(1, 60))),
            "due": _tw(due),
            "project": f"jobs.{_SUFFIXES[i % len(_SUFFIXES)].lower()}",
            "tags": [kind, *rng.sample(("email", "phone", "linkedin", "urgent"), 1)],
        }
        if rng.random() < 0.5:
            task["priority"] = rng.choice("HML")
        if rng.random() < 0.1:
            task["wait"] = _tw(now + timedelta(days=rng.uniform(1, 30)))
        out.append(task)
    return out


def _tw(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

"""A demo job search: several believable months, built through the same services as real use.

``build`` fills a fresh database (it refuses one that already holds a search) with a
search that touches every feature: applications still waiting, interviews with panels,
debrief notes with questions and self-ratings — a few questions come back in other words
across interviews, so the question bank has something to group and the insights have
weak spots to find — thank-you notes sent on time or late, follow-ups, replies, a
rejection with feedback, an offer on paper, a withdrawal and processes closed after
silence.

Every event goes through the services at its own moment (``now`` is the event's time),
so the plans, history and derived tables are exactly what real use would have produced.
The same seed gives the same search.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from afterview.domain.errors import InputError
from afterview.services import outcomes, tracking
from afterview.services.ports import UnitOfWork
from afterview.services.ports import repository as repo

ZONE = "America/Toronto"
PER_MONTH = 5  # interviews a month: a steady, realistic search
PIPELINE_PER_MONTH = 3  # applications that never reached an interview

CANDIDATE = {
    "name": "Jordan Lee",
    "email": "jordan.lee@example.org",
    "phone": "+1 416 555 0100",
    "timezone": ZONE,
    "country": "CA",
    "subdivision": "ON",
    "signature": "Jordan Lee\n+1 416 555 0100",
}
# fmt: off
COMPANIES = (
    "Northwind Robotics", "Contoso Analytics", "Fabrikam", "Tailspin Toys", "Wingtip Logistics",
    "Adventure Works", "Litware", "Proseware", "Woodgrove Bank", "Coho Vineyard",
    "Lucerne Publishing", "Fourth Coffee", "Alpine Ski House", "Blue Yonder Airlines",
    "Trey Research", "Wide World Importers", "Southridge Video", "Relecloud", "VanArsdel",
    "Datum Corporation", "Consolidated Messenger", "Humongous Insurance", "Margie's Travel",
    "Bellows College", "Munson's Pickles", "Lamna Healthcare", "Graphic Design Institute",
    "Nod Publishers", "First Up Consultants", "Tailwind Traders",
)
ROLES = (
    "Data Engineer", "Senior Data Engineer", "Analytics Engineer", "Platform Engineer",
    "Machine Learning Engineer", "Data Platform Lead",
)
PEOPLE = (
    ("Priya Raman", "Head of Data Platform", "hiring_manager"),
    ("Tom Becker", "Staff Engineer", "interviewer"),
    ("Ana López", "Technical Recruiter", "recruiter"),
    ("Marcus Chen", "Engineering Manager", "hiring_manager"),
    ("Leila Haddad", "Senior Engineer", "interviewer"),
    ("Grace Okafor", "Talent Partner", "recruiter"),
    ("Daniel Weiss", "Director of Analytics", "hiring_manager"),
    ("Sofia Rossi", "Principal Engineer", "interviewer"),
    ("Kenji Sato", "Data Scientist", "interviewer"),
    ("Hannah Brooks", "People Operations Lead", "recruiter"),
)
TOPICS = (
    "moving nightly batch jobs to streaming", "the on-call rotation",
    "data contracts with product teams", "testing data quality at ingestion",
    "cost control on the warehouse", "mentoring junior engineers",
    "the migration to a lakehouse", "how the team plans its quarter", "relocation support",
    "privacy reviews for new datasets",
)
# Questions that come back in other words; the rating range says how well they tend to go.
# Each set is one question reworded the way interviewers do (framing, synonyms, idioms), so
# the bank groups it: a wording that narrows or shifts the question ("a conflict at work"
# for one with a colleague, "a project that did not go well" for a time you failed) would
# rightly stay apart.
QUESTIONS = (
    (("Tell me about a conflict with a colleague.",
      "Describe a disagreement you had with a teammate.",
      "How did you handle a conflict with a coworker?"), (1, 3),
     "I set up a short call, listened first, and we agreed on a shared test suite."),
    (("How do you test data quality?", "What checks do you run on data quality?",
      "How do you check the quality of your data?"), (1, 3),
     "Row counts mostly; I forgot to mention schema and freshness checks."),
    (("Tell me about a time you failed.",
      "Describe a failure and what you learnt from it."), (2, 3),
     "A migration slipped by a month; I now split work into smaller releases."),
    (("What are your salary expectations?", "What compensation are you looking for?"), (2, 4),
     "I gave a range based on the market survey."),
    (("Walk us through a data pipeline you built.",
      "Tell us about a data pipeline you built."), (3, 5),
     "Batch to Kafka streaming: latency from hours to minutes, with the team's on-call eased."),
    (("Why do you want to work here?", "What makes you want to work here?"), (3, 5),
     "Your work on reliable data for clinicians matches what I care about."),
    (("How do you prioritise competing deadlines?",
      "How do you decide what to work on first when deadlines compete?"), (3, 5),
     "By impact and risk, agreed with my manager each Monday."),
)
DECISIONS = (
    "within two weeks", "by the end of next week", "in 10 business days", "a few days", None,
)
FEEDBACK = (
    "They went with someone with more streaming experience in production.",
    "Strong technically; they wanted more examples of leading people.",
)
# fmt: on
# What happens to each interviewed process, in order: the oldest ones can have run their
# whole course (two follow-ups and the close-out need about seven weeks), the newest are
# still waiting. Every status and every insight is represented.
EARLY_FATES = ("closed", "rejected_feedback", "offer_paper", "closed", "rejected_late", "withdrawn")
MIDDLE_FATES = ("rejected", "replied", "rejected", "offer", "closed", "replied")
RECENT = "interviewing"


@dataclass(frozen=True, slots=True)
class Made:
    applications: int
    interviews: int
    questions: int


def build(work: UnitOfWork, *, months: int, seed: int, now: datetime) -> Made:
    """Fill an empty database with ``months`` of a job search ending at ``now``."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    _refuse_filled(work)
    rng = random.Random(seed)
    zone = ZoneInfo(ZONE)
    start = now - timedelta(days=30 * months)
    count = max(PER_MONTH * months, 3)
    days = _interview_days(start, now - timedelta(days=2), count, zone)
    fates = _fates(count)
    pipeline = _pipeline(rng, PIPELINE_PER_MONTH * months, count)
    asked = 0
    for index, (day, fate) in enumerate(zip(days, fates, strict=True)):
        data = _interview_file(rng, index, day, pipeline if index == 0 else [])
        asked += len(data["interview"]["notes"]["questions"])
        added = tracking.add(work, data, source="demo", now=_after(data))
        _live(work, rng, added.replanned.application_id, fate, data, now)
    with work.read() as tx:
        made = repo.count_applications(tx)
    return Made(made, count, asked)


def _refuse_filled(work: UnitOfWork) -> None:
    with work.read() as tx:
        filled = repo.holds_search(tx)
    if filled:
        raise InputError("demo_needs_empty_database")


def _interview_days(start: datetime, end: datetime, count: int, zone: ZoneInfo) -> list[datetime]:
    """``count`` weekday mornings spread evenly from ``start`` to ``end``."""
    span = (end - start) / max(count - 1, 1)
    days = []
    for i in range(count):
        moment = (start + span * i).astimezone(zone)
        while moment.weekday() >= 5:
            moment -= timedelta(days=1)
        days.append(moment.replace(hour=10 + i % 5, minute=0, second=0, microsecond=0))
    return days


def _fates(count: int) -> list[str]:
    """The oldest third runs its full course, the middle third gets answers, the rest waits."""
    early = max(count // 3, 1)
    middle = max(count // 3, 1)
    fates = [EARLY_FATES[i % len(EARLY_FATES)] for i in range(early)]
    fates += [MIDDLE_FATES[i % len(MIDDLE_FATES)] for i in range(min(middle, count - early))]
    return (fates + [RECENT] * count)[:count]


def _pipeline(rng: random.Random, n: int, used: int) -> list[dict[str, Any]]:
    names = [f"{COMPANIES[(used + i) % len(COMPANIES)]}" for i in range(n)]
    statuses = ("applied", "applied", "applied", "rejected")
    return [
        {"company": name, "role": rng.choice(ROLES) + " II", "status": statuses[i % 4]}
        for i, name in enumerate(names)
    ]


def _interview_file(
    rng: random.Random, index: int, start: datetime, pipeline: list[dict[str, Any]]
) -> dict[str, Any]:
    company = COMPANIES[index % len(COMPANIES)]
    role = ROLES[index % len(ROLES)] if index < len(COMPANIES) else f"{ROLES[0]} ({index})"
    panel = _panel(rng, company)
    picked = rng.sample(range(len(QUESTIONS)), 4)
    questions = []
    for i in picked:
        wordings, (low, high), answer = QUESTIONS[i]
        questions.append(
            {
                "q": rng.choice(wordings),
                "answer": answer,
                "rating": rng.randint(low, high),
                "asked_by": rng.choice(panel)["name"],
            }
        )
    return {
        "candidate": dict(CANDIDATE),
        "application": {"company": company, "role": role, "channel_before": "email"},
        "pipeline": pipeline,
        "interview": {
            "start": start.isoformat(),
            "duration": rng.choice(("45m", "1h", "1h30m")),
            "timezone": ZONE,
            "format": rng.choice(("video", "video", "onsite", "phone")),
            "round": 1 + index % 2,
            "panel": panel,
            "decision": rng.choice(DECISIONS),
            "contact_preference": "email",
            "next_step": rng.choice(("a take-home exercise", "a final round", None)),
            "notes": {
                "questions": questions,
                "stood_out": "The team writes down decisions and revisits them.",
                "feelings": rng.choice(("Calm and curious.", "Nervous at first, then fine.")),
            },
        },
        "history": [],
    }


def _panel(rng: random.Random, company: str) -> list[dict[str, Any]]:
    domain = company.lower().replace("'", "").replace(" ", "") + ".example"
    people = rng.sample(PEOPLE, rng.randint(1, 3))
    if not any(role == "hiring_manager" for _, _, role in people):
        people[0] = PEOPLE[0 if company < "M" else 3]
    panel = []
    for position, (name, title, role) in enumerate(people):
        first, last = name.lower().replace("ó", "o").split()
        panel.append(
            {
                "name": name,
                "title": title,
                "role": role,
                "email": f"{first}.{last}@{domain}",
                "topics": [TOPICS[(rng.randrange(len(TOPICS)) + position) % len(TOPICS)]],
            }
        )
    return panel


def _after(data: dict[str, Any]) -> datetime:
    """When the interview was written down: an hour after it began plus its length."""
    start = datetime.fromisoformat(data["interview"]["start"])
    return start + timedelta(hours=2)


# -- what happens next ---------------------------------------------------------------------


def _live(
    work: UnitOfWork,
    rng: random.Random,
    app_id: int,
    fate: str,
    data: dict[str, Any],
    now: datetime,
) -> None:
    """Play one process forward from its interview, never past ``now``."""
    start = datetime.fromisoformat(data["interview"]["start"])
    _do(work, app_id, "celebrate", start + timedelta(hours=3), now)
    _thank(work, rng, app_id, start, now)
    _do(work, app_id, "reflection_write", start + timedelta(hours=6), now)
    if rng.random() < 0.7:
        _do(work, app_id, "reflection_revisit", start + timedelta(days=2, hours=8), now)
    if fate == RECENT:
        return
    sent = 0 if fate.startswith("offer") else 2 if fate == "rejected_late" else 1
    answer = _follow_ups(work, app_id, sent, now)
    if fate == "closed":
        answer = _follow_ups(work, app_id, 2, now)
        step = _pending(work, app_id, "close_out")
        if step is not None and step[1] <= now:
            outcomes.close_silent(work, app_id, now=step[1] + timedelta(hours=1))
        return
    at = min(answer + timedelta(days=rng.randint(1, 3), hours=3), now - timedelta(hours=1))
    if fate == "replied":
        tracking.reply(work, app_id, at=at, now=at)
    elif fate == "withdrawn":
        tracking.outcome(work, app_id, "withdrawn", at=at, now=at)
    elif fate.startswith("offer"):
        tracking.outcome(work, app_id, "offer", at=at, now=at, on_paper=fate == "offer_paper")
        _do(work, app_id, "offer_ack", at + timedelta(hours=3), now)
    else:
        feedback = rng.choice(FEEDBACK) if fate == "rejected_feedback" else None
        tracking.outcome(work, app_id, "rejected", at=at, now=at, feedback=feedback)
        _do(work, app_id, "rejection_reply", at + timedelta(hours=20), now)


def _thank(
    work: UnitOfWork, rng: random.Random, app_id: int, start: datetime, now: datetime
) -> None:
    """Most notes go the same day; about one in five goes late."""
    for step_id, _ in _all_pending(work, app_id, "thank_you"):
        hours = rng.choice((4, 6, 20)) if rng.random() < 0.8 else rng.choice((30, 44))
        at = start + timedelta(hours=hours)
        if at <= now:
            tracking.done(work, step_id, at=at, now=at)


def _follow_ups(work: UnitOfWork, app_id: int, count: int, now: datetime) -> datetime:
    """Send up to ``count`` follow-ups at their planned time; the moment of the last event."""
    last = _latest(work, app_id)
    for _ in range(count):
        step = _pending(work, app_id, "follow_up")
        if step is None or step[1] > now:
            break
        tracking.done(work, step[0], at=step[1], now=step[1])
        last = step[1]
    return last


def _do(work: UnitOfWork, app_id: int, kind: str, at: datetime, now: datetime) -> None:
    step = _pending(work, app_id, kind)
    if step is not None and at <= now:
        tracking.done(work, step[0], at=max(at, step[1]), now=max(at, step[1]))


def _pending(work: UnitOfWork, app_id: int, kind: str) -> tuple[int, datetime] | None:
    steps = _all_pending(work, app_id, kind)
    return steps[0] if steps else None


def _all_pending(work: UnitOfWork, app_id: int, kind: str) -> list[tuple[int, datetime]]:
    with work.read() as tx:
        return repo.pending_steps_of_kind(tx, app_id, kind)


def _latest(work: UnitOfWork, app_id: int) -> datetime:
    with work.read() as tx:
        moments = [repo.last_history_at(tx, app_id), repo.last_interview_end(tx, app_id)]
    return max(m for m in moments if m is not None)

"""Use cases of the journal: write the debrief, come back for the revisit, read both.

The debrief is the latest interview's ``notes``: saving one validates it with the
interview file's own rules (the whole stored case is rebuilt with the new notes and read
by :func:`afterview.interview_file.from_data`), stores it, rebuilds the interview's rows
in the question index, and records in the history that it was written — which the
planner reads to mark the ``reflection_write`` step done, in the same transaction.

The revisit opens two days after the debrief (the ``revisit_hours`` setting; never before
the planned step's own start). Saving it earlier is refused with the date it opens: the
distance is the point ("6 Post Interview Tips": put it away for a couple of days).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from afterview.domain import star
from afterview.domain.errors import InputError
from afterview.domain.journal import Revisit, read_revisit
from afterview.domain.models import Notes, Question
from afterview.domain.serial import to_builtins
from afterview.domain.settings import Policy
from afterview.i18n import when
from afterview.interview_file import from_data
from afterview.services import tracking
from afterview.services.ports import Tx, UnitOfWork
from afterview.services.ports import learning_repo as learn
from afterview.services.ports import repository as repo
from afterview.services.settings import policy_in
from afterview.stored import to_datetime


@dataclass(frozen=True, slots=True)
class Answer:
    """One debriefed question with its STAR check and its group in the question bank."""

    question: Question
    star: star.StarCheck
    group_id: int | None = None


@dataclass(frozen=True, slots=True)
class Journal:
    """What the journal holds for an application's latest interview."""

    application_id: int
    interview_id: int
    company: str
    role: str
    panel: tuple[str, ...]
    notes: Notes
    answers: tuple[Answer, ...]
    zone: ZoneInfo
    debriefed_at: datetime | None
    revisit_opens: datetime | None  # None until a debrief is written
    revisit: Revisit | None

    def revisit_open(self, now: datetime) -> bool:
        return self.revisit_opens is not None and now >= self.revisit_opens


def star_checks(notes: Notes, groups: list[int] | None = None) -> tuple[Answer, ...]:
    return tuple(
        Answer(q, star.check(q.q, q.answer), groups[i] if groups else None)
        for i, q in enumerate(notes.questions)
    )


# -- the debrief ----------------------------------------------------------------------------


def debrief(
    work: UnitOfWork,
    app_id: int,
    notes: Mapping[str, Any],
    *,
    now: datetime,
    source: str = "the debrief",
) -> Journal:
    """Store the debrief of the application's latest interview and index its questions."""
    if not isinstance(notes, Mapping):
        raise InputError("debrief_not_mapping", source=source)
    with work.write() as tx:
        interview = _latest(tx, app_id)
        ended = to_datetime(interview["end_at"])
        if ended is not None and now < ended:
            raise InputError("interview_not_over")
        policy = policy_in(tx)
        data = repo.case_data(tx, app_id, interview, pipeline_limit=policy.pipeline_target)
        data["interview"]["notes"] = dict(notes)
        case = _validated(data, source)
        repo.set_interview_notes(tx, interview["id"], dict(notes))
        learn.replace_questions(
            tx,
            app_id,
            interview["id"],
            case.interview.notes.questions,
            case.interview.start,
            now,
        )
        if _written_at(tx, app_id, interview, "reflection_write") is None:
            _record(tx, app_id, "reflection_write", now)
        tracking.replan(tx, app_id, now=now, policy=policy)
        return _journal(tx, app_id, interview["id"], policy)


def _validated(data: dict[str, Any], source: str) -> Any:
    """The case with the new notes, checked by the interview file's rules; a problem is
    reported with the path inside the debrief (``questions[0].rating``), not the file's."""
    try:
        return from_data(data, source=source, stored=True)
    except InputError as exc:
        raise InputError(exc.code, **{k: _in_notes(v) for k, v in exc.params.items()}) from None


def _in_notes(value: Any) -> Any:
    """A value of an error's sentence with its place said inside the debrief."""
    if not isinstance(value, str):
        return value
    return value.replace("interview.notes.", "").replace("interview.notes", "notes")


# -- the revisit ----------------------------------------------------------------------------


def revisit(
    work: UnitOfWork,
    app_id: int,
    entry: Mapping[str, Any],
    *,
    now: datetime,
    source: str = "the revisit",
) -> Journal:
    """Store the revisit of the latest interview, once two days have passed since the
    debrief; marks the ``reflection_revisit`` step done."""
    written = read_revisit(entry, source=source)
    with work.write() as tx:
        policy = policy_in(tx)
        interview = _latest(tx, app_id)
        ensure_revisit_open(_journal(tx, app_id, interview["id"], policy), now)
        learn.save_reflection(
            tx, app_id, interview["id"], "revisit", to_builtins(written), now, now
        )
        if _written_at(tx, app_id, interview, "reflection_revisit") is None:
            _record(tx, app_id, "reflection_revisit", now)
        tracking.replan(tx, app_id, now=now, policy=policy)
        return _journal(tx, app_id, interview["id"], policy)


def ensure_revisit_open(entry: Journal, now: datetime) -> None:
    """Refuse, with the reason and the date, a revisit written too early."""
    if entry.revisit_opens is None:
        raise InputError("debrief_first", id=entry.application_id)
    if now < entry.revisit_opens:
        opens = when(entry.revisit_opens.astimezone(entry.zone), "day_time")
        raise InputError("revisit_not_open", date=opens)


# -- reading --------------------------------------------------------------------------------


def journal(work: UnitOfWork, app_id: int) -> Journal:
    """The debrief, its STAR checks and the revisit of the application's latest interview."""
    with work.read() as tx:
        interview = _latest(tx, app_id)
        return _journal(tx, app_id, interview["id"], policy_in(tx))


def _journal(tx: Tx, app_id: int, interview_id: int, policy: Policy) -> Journal:
    interview = next(r for r in repo.interviews(tx, app_id) if r["id"] == interview_id)
    data = repo.case_data(tx, app_id, interview, pipeline_limit=0)
    case = from_data(data, source=f"application {app_id}", stored=True)
    groups = learn.interview_groups(tx, interview_id)
    notes = case.interview.notes
    debriefed = _written_at(tx, app_id, interview, "reflection_write")
    stored = learn.reflection(tx, interview_id, "revisit")
    return Journal(
        application_id=app_id,
        interview_id=interview_id,
        company=case.application.company,
        role=case.application.role,
        panel=tuple(m.name for m in case.interview.panel),
        notes=notes,
        answers=star_checks(notes, groups if len(groups) == len(notes.questions) else None),
        zone=case.candidate.timezone,
        debriefed_at=debriefed,
        revisit_opens=None if debriefed is None else _opens(tx, interview_id, debriefed, policy),
        revisit=None if stored is None else read_revisit(stored["data"]),
    )


def _opens(tx: Tx, interview_id: int, debriefed: datetime, policy: Policy) -> datetime:
    """Two days after the debrief (``revisit_hours``), and never before the planned revisit
    step starts."""
    opens = debriefed + timedelta(hours=policy.revisit_hours)
    planned = repo.revisit_start(tx, interview_id)
    return max(opens, planned) if planned else opens


def _latest(tx: Tx, app_id: int) -> dict[str, Any]:
    repo.application(tx, app_id)  # a clear error for an unknown id
    rounds = repo.interviews(tx, app_id)
    if not rounds:
        raise InputError("no_interview_for_debrief", id=app_id)
    return rounds[-1]


def _written_at(tx: Tx, app_id: int, interview: dict[str, Any], kind: str) -> datetime | None:
    """When this interview's entry of ``kind`` was first written (the history knows)."""
    start = to_datetime(interview["start_at"]) or datetime.min.replace(tzinfo=UTC)
    return repo.first_history_at(tx, app_id, kind, start)


def _record(tx: Tx, app_id: int, kind: str, now: datetime) -> None:
    """A journal entry in the history, as ``afterview done`` records a step: the planner
    reads it to mark the step done."""
    repo.add_history(tx, app_id, {"kind": kind, "to": None, "at": now}, now)


__all__ = [
    "Answer",
    "Journal",
    "debrief",
    "ensure_revisit_open",
    "journal",
    "revisit",
    "star_checks",
]

"""Add an interview from one web form instead of a hand-written interview file.

The form holds every section of the interview file (``docs/interview-file.md``) and works
as plain HTML first, with HTMX as an extra:

* ``GET /interviews/new`` renders it, prefilled with the stored profile (the candidate of
  the last interview added) and three blank panel fieldsets.
* ``POST /interviews`` reads what was typed into a ``Typed``, turns it into the
  interview-file mapping and stores it with :func:`tracking.add`, which validates it and
  plans the follow-ups; then it redirects to the application, saying what was saved and
  what comes next. An :class:`InputError` re-renders the form (400) with everything typed
  kept and the field its path names marked. Reading, the mapping and the field an error
  names are in :mod:`afterview.web.form_data`.
* Without JavaScript, "Add a person" and "Remove" submit the form with an ``act`` and the
  page comes back with one fieldset more or less, numbered in page order, the cursor in
  the new fieldset or, after a removal, in the one that took its place (on "Add a person"
  when it was the last). With HTMX, "Add a person" fetches one fieldset
  (``/interviews/new/panel-member``, which also swaps in the button with the next index,
  out of band) and "Remove" posts the form to ``/interviews/new/panel``, which sends back
  the fieldsets as the plain POST would render them: renumbered, with the same cursor.
* ``POST /interviews/new/decision`` reads the decision phrase as it is typed, with the
  parser the planner uses, so the date shown is the date that will be planned.

The first screen asks for the company, the role, when and who; the rest is in sections that
open as needed (:mod:`afterview.web.sections`). Each promise is a row of its own — what, by
when, and to whom: the name must be someone on the panel (a first name only one of them has
will do) and is stored as the panel spells it, so that only that person's notes carry it;
"Add a promise" adds a row with a plain POST. A debrief typed into the form is recorded as
written when the interview is added, so the evening's ``reflection_write`` step is done.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import lru_cache
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from fastapi import APIRouter, Depends, Form, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from afterview import i18n
from afterview.domain.business_days import calendar_for
from afterview.domain.date_range import check_interview_near
from afterview.domain.errors import InputError
from afterview.domain.settings import Policy
from afterview.domain.timeframes import parse_decision
from afterview.i18n import ngettext
from afterview.services import records, tracking
from afterview.web import acting, flash, sections, security
from afterview.web.form_data import (
    BLANK_PROMISES,
    MEMBER_DEFAULTS,
    PROMISE_FIELDS,
    SOURCE,
    Problem,
    Typed,
    blank_form,
    form_value,
    interview_file,
    is_blank_promise,
    locate,
    read_form,
)
from afterview.web.messages import word
from afterview.wiring import Work

router = APIRouter(include_in_schema=False)
Csrf = Depends(security.check_csrf)
Text = Annotated[str, Form(max_length=2000)]

ADD = "add-person"  # the add button's id: the cursor goes there when the last person goes


@dataclass(frozen=True, slots=True)
class DecisionRead:
    said: str
    day: str | None = None  # "Friday 4 December 2026"
    reason: str | None = None  # the parser's reason when it could not read a date
    problem: str | None = None  # what is missing to read it (start, country)
    default_days: str = "five"
    ask: bool = False  # they named a time without a date: ask them for it
    not_before: str | None = None  # ...which cannot end before this day


# -- routes ---------------------------------------------------------------------------------


@router.get("/interviews/new")
def new_interview(request: Request) -> Response:
    """The empty form, with the stored profile filled in."""
    typed = blank_form(_profile(acting.work(request)))
    return render_form(request, typed)


@router.get("/interviews/new/panel-member")
def panel_member(request: Request, index: Annotated[int, Query(ge=0, lt=1000)] = 0) -> Response:
    """One blank panel fieldset; the add button comes along out of band with index + 1."""
    return _render(
        request,
        "_panel_member.html",
        member=dict(MEMBER_DEFAULTS),
        index=index,
        oob_next=index + 1,
        focus=f"panel-{index}-name",
        problem=None,
    )


@router.post("/interviews/new/panel", dependencies=[Csrf])
async def panel_members(request: Request) -> Response:
    """The panel fieldsets after "Remove" (HTMX), renumbered as a plain POST renders them;
    the add button comes along out of band with the next index."""
    form = await request.form()
    act = form_value(form, "act")
    typed = read_form(form, act)
    return _render(
        request,
        "_panel_members.html",
        panel=typed.panel,
        oob=True,
        focus=focus_after(act, typed),
        problem=None,
    )


@router.post("/interviews/new/decision", dependencies=[Csrf])
def decision_preview(
    request: Request,
    decision: Text = "",
    start: Text = "",
    timezone: Text = "",
    candidate_timezone: Text = "",
    country: Text = "",
    subdivision: Text = "",
) -> Response:
    """How the decision phrase reads, for the live line under the field."""
    values = {
        "decision": decision,
        "start": start,
        "timezone": timezone,
        "candidate_timezone": candidate_timezone,
        "country": country,
        "subdivision": subdivision,
    }
    read = read_decision(values, clock(request), acting.policy(request))
    return _render(request, "_decision.html", read=read)


@router.post("/interviews", dependencies=[Csrf])
async def add_interview(request: Request) -> Response:
    """Store the interview and plan it; or add/remove a fieldset (no JavaScript)."""
    form = await request.form()
    act = form_value(form, "act") or "save"
    typed = read_form(form, act)
    if act != "save":
        return render_form(request, typed, focus=focus_after(act, typed))
    work = acting.work(request)
    try:
        now = clock(request)
        data = interview_file(typed, now=now)
        added = await run_in_threadpool(tracking.add, work, data, source=SOURCE, now=now)
    except InputError as exc:
        problem = locate(exc, typed)
        return render_form(request, typed, problem=problem, status=400, focus=problem.field)
    app_id = added.replanned.application_id
    after = await run_in_threadpool(flash.what_next, work, app_id, now=clock(request))
    response = RedirectResponse(f"/applications/{app_id}", status_code=303)
    return flash.say(response, f"{saved_sentence(typed, added)} {after}")


def saved_sentence(typed: Typed, added: tracking.Added) -> str:
    """What the save did, such as "Saved your interview with Northwind and planned 9 steps."."""
    company = typed.values.get("company", "").strip()
    count = len(added.replanned.plan.actions)
    did = (
        ngettext(
            "Saved your interview with %(company)s and planned %(count)d step.",
            "Saved your interview with %(company)s and planned %(count)d steps.",
            count,
        )
        if added.new_interview
        else ngettext(
            "Updated your interview with %(company)s and planned %(count)d step.",
            "Updated your interview with %(company)s and planned %(count)d steps.",
            count,
        )
    )
    return did % {"company": company, "count": count}


# -- rendering ------------------------------------------------------------------------------


def _render(request: Request, name: str, *, status: int = 200, **context: Any) -> Response:
    templates = request.app.state.templates
    context.update(request=request, csrf_token=security.csrf_token(request))
    response: Response = templates.TemplateResponse(request, name, context, status_code=status)
    return response


def render_form(
    request: Request,
    typed: Typed,
    *,
    problem: Problem | None = None,
    status: int = 200,
    focus: str | None = None,
    action: str = "/interviews",
    heading: str = "Add an interview",
) -> Response:
    return _render(
        request,
        "new_interview.html",
        status=status,
        action=action,
        heading=heading,
        v=typed.values,
        panel=typed.panel,
        promises=promise_rows(typed.promises),
        opened=sections.opened(typed, problem.field if problem else None, focus),
        said=sections.summaries(typed),
        problem=problem,
        focus=focus,
        read=read_decision(typed.values, clock(request), acting.policy(request)),
        zones=zone_names(),
    )


def promise_rows(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The promise rows to show: those typed, then blank ones up to :data:`BLANK_PROMISES`
    and at least one to fill in."""
    shown = list(rows)
    while len(shown) < BLANK_PROMISES or not is_blank_promise(shown[-1]):
        shown.append(dict.fromkeys(PROMISE_FIELDS, ""))
    return shown


def focus_after(act: str, typed: Typed) -> str | None:
    """Where the cursor goes after "Add a person" or "Remove", so that it is never lost:
    the new person's name; after a removal, the name of the person who took the removed
    one's place, or the add button when the last one went."""
    if act == "add":
        return f"panel-{len(typed.panel) - 1}-name"
    if act == "add-promise":
        return f"promise-{len(typed.promises) - 1}-what"
    if typed.removed_at is None:
        return None
    return f"panel-{typed.removed_at}-name" if typed.removed_at < len(typed.panel) else ADD


def clock(request: Request) -> datetime:
    now: datetime = request.app.state.settings.clock()
    return now


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """IANA zone names for the time-zone fields' suggestions (no legacy aliases)."""
    legacy = ("Etc/", "SystemV/", "US/", "posix", "right/")
    names = (z for z in available_timezones() if "/" in z and not z.startswith(legacy))
    return tuple(sorted(names))


# -- the stored profile ---------------------------------------------------------------------


def _profile(work: Work) -> dict[str, str]:
    stored = records.profile(work)
    return {k: str(v) for k, v in stored.items()}


# -- the decision date, read as it is typed -------------------------------------------------

_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight")


def read_decision(values: Mapping[str, str], now: datetime, policy: Policy) -> DecisionRead:
    """How the planner will read the decision phrase, from the interview's local date."""
    said = " ".join(values.get("decision", "").split())
    days = policy.follow_up_default_days
    words = _NUMBER_WORDS[days] if days < len(_NUMBER_WORDS) else str(days)
    if not said:
        return DecisionRead(said, default_days=words)
    try:
        today = _interview_day(values, now)
        country = values.get("country", "").strip()
        if not country:
            raise InputError("country_first")
        calendar = calendar_for(
            country.upper(),
            values.get("subdivision", "").strip() or None,
            optional=policy.optional_holidays,
        )
    except InputError as exc:
        return DecisionRead(said, problem=word(exc), default_days=words)
    frame = parse_decision(said, today=today, calendar=calendar)
    if frame.ambiguous:
        floor = long_date(frame.not_before) if frame.not_before else None
        return DecisionRead(said, reason=frame.reason, ask=True, not_before=floor)
    if frame.date is None:
        return DecisionRead(said, reason=frame.reason, default_days=words)
    return DecisionRead(said, day=long_date(frame.date), default_days=words)


def _interview_day(values: Mapping[str, str], now: datetime) -> date:
    """The interview's date where it took place (today there, before a start is given)."""
    zone = _zone(values.get("timezone", "")) or _zone(values.get("candidate_timezone", ""))
    zone = zone or now.tzinfo
    start = values.get("start", "").strip()
    if not start:
        return now.astimezone(zone).date()
    try:
        moment = datetime.fromisoformat(start)
    except ValueError:
        raise InputError("unreadable_start", value=start) from None
    moment = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
    check_interview_near(moment, now, "the start")
    return moment.date()


def _zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name.strip()) if name.strip() else None
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def long_date(day: date) -> str:
    return i18n.when(day, "long_date")

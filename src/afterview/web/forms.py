"""Add an interview from one web form instead of a hand-written interview file.

The form holds every section of the interview file (``docs/interview-file.md``) and works
as plain HTML first, with HTMX as an extra:

* ``GET /interviews/new`` renders it, prefilled with the stored profile (the candidate of
  the last interview added) and three blank panel fieldsets.
* ``POST /interviews`` reads what was typed into a :class:`Typed` (strings exactly as
  typed, panel fieldsets in page order), turns it into the interview-file mapping
  (:func:`interview_file`: empty optional values left out, blank fieldsets ignored, the
  one-per-line lists parsed) and stores it with :func:`tracking.add`, which validates it
  and plans the follow-ups; then it redirects to the application. An
  :class:`InputError` re-renders the form (400) with everything typed kept: the path the
  message starts with (``interview.panel[1].timezone:``) names the field to mark.
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

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from functools import lru_cache
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from fastapi import APIRouter, Depends, Form, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from afterview.domain.business_days import calendar_for
from afterview.domain.date_range import check_interview_near
from afterview.domain.errors import InputError
from afterview.domain.settings import DEFAULT_POLICY
from afterview.domain.timeframes import parse_decision
from afterview.domain.wording import plural
from afterview.services import tracking
from afterview.storage import repository as repo
from afterview.storage.db import Database
from afterview.web import flash, sections, security

router = APIRouter(include_in_schema=False)
Csrf = Depends(security.check_csrf)
Text = Annotated[str, Form(max_length=2000)]

SOURCE = "the form"  # InputError messages start with "the form: "
BLANK_PANEL = 3  # fieldsets on a fresh form: enough for most panels without JavaScript
ADD = "add-person"  # the add button's id: the cursor goes there when the last person goes

FIELDS = (
    *("name", "email", "phone", "candidate_timezone", "country", "subdivision", "signature"),
    *("company", "role", "channel_before", "url", "source", "referrer_name", "referrer_email"),
    *("references", "links", "start", "duration", "timezone", "format", "round"),
    *("decision", "next_step", "contact_preference", "stood_out", "feelings"),
)
MEMBER_FIELDS = (
    *("name", "title", "role", "email", "timezone", "phone", "phone_kind", "phone_invited"),
    "topics",
)
DEFAULTS = {
    "channel_before": "email",
    "format": "video",
    "round": "1",
    "contact_preference": "unstated",
}
MEMBER_DEFAULTS = {"role": "interviewer", "phone_kind": "work"}
_FILLED = ("name", "title", "email", "timezone", "phone", "topics")  # what makes a person
PROMISE_FIELDS = ("what", "by", "to")  # one promise: `promise-N-what`, `-by`, `-to`
BLANK_PROMISES = 2  # rows on a fresh form; "Add a promise" adds one more


@dataclass
class Typed:
    """The form as typed: flat fields and one dict per panel fieldset, in page order."""

    values: dict[str, str]
    panel: list[dict[str, str]] = field(default_factory=list)
    removed_at: int | None = None  # the page position a "Remove" emptied, for the cursor
    promises: list[dict[str, str]] = field(default_factory=list)  # rows, in page order


@dataclass(frozen=True, slots=True)
class Problem:
    message: str  # the whole sentence, for the alert at the top
    field: str | None  # the form field it names, marked in place
    detail: str  # the sentence without its path, shown next to the field


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
    typed = blank_form(_profile(request.app.state.db))
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
    read = read_decision(values, clock(request))
    return _render(request, "_decision.html", read=read)


@router.post("/interviews", dependencies=[Csrf])
async def add_interview(request: Request) -> Response:
    """Store the interview and plan it; or add/remove a fieldset (no JavaScript)."""
    form = await request.form()
    act = form_value(form, "act") or "save"
    typed = read_form(form, act)
    if act != "save":
        return render_form(request, typed, focus=focus_after(act, typed))
    db: Database = request.app.state.db
    try:
        now = clock(request)
        data = interview_file(typed, now=now)
        added = await run_in_threadpool(tracking.add, db, data, source=SOURCE, now=now)
    except InputError as exc:
        problem = locate(exc, typed)
        return render_form(request, typed, problem=problem, status=400, focus=problem.field)
    app_id = added.replanned.application_id
    after = await run_in_threadpool(flash.what_next, db, app_id, now=clock(request))
    response = RedirectResponse(f"/applications/{app_id}", status_code=303)
    return flash.say(response, f"{saved_sentence(typed, added)} {after}")


def saved_sentence(typed: Typed, added: tracking.Added) -> str:
    """What the save did, such as "Saved your interview with Northwind and planned 9 steps."."""
    company = typed.values.get("company", "").strip()
    did = "Saved your interview" if added.new_interview else "Updated your interview"
    steps = plural(len(added.replanned.plan.actions), "step")
    return f"{did} with {company} and planned {steps}."


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
        read=read_decision(typed.values, clock(request)),
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


# -- reading the form -----------------------------------------------------------------------


def _profile(db: Database) -> dict[str, str]:
    with db.read() as tx:
        stored = repo.get_candidate(tx, tracking.OWNER) or {}
    return {k: str(v) for k, v in stored.items()}


def blank_form(profile: Mapping[str, str]) -> Typed:
    """A fresh form: the profile's fields, defaults, and three blank panel fieldsets."""
    values = dict.fromkeys(FIELDS, "") | DEFAULTS
    for key in ("name", "email", "phone", "country", "subdivision", "signature"):
        values[key] = profile.get(key, "")
    values["candidate_timezone"] = values["timezone"] = profile.get("timezone", "")
    return Typed(values, [dict(MEMBER_DEFAULTS) for _ in range(BLANK_PANEL)], promises=[])


_MEMBER_KEY = re.compile(r"^panel-(\d{1,3})-([a-z_]+)$")


def read_form(form: FormData, act: str = "save") -> Typed:
    """What was typed, as typed. ``act`` "add" appends a fieldset, "remove-N" drops one."""
    values = {key: form_value(form, key) for key in FIELDS}
    values.update({k: values[k] or d for k, d in DEFAULTS.items()})
    found: dict[int, dict[str, str]] = {}
    for key, value in form.multi_items():
        match = _MEMBER_KEY.match(key)
        if match and match[2] in MEMBER_FIELDS and isinstance(value, str):
            found.setdefault(int(match[1]), dict(MEMBER_DEFAULTS))[match[2]] = value
    order = sorted(found)
    removed = act.removeprefix("remove-") if act.startswith("remove-") else None
    removed_at = next((at for at, i in enumerate(order) if str(i) == removed), None)
    panel = [found[i] for i in order if str(i) != removed]
    if act == "add":
        panel.append(dict(MEMBER_DEFAULTS))
    return Typed(values, panel, removed_at, read_promises(form, act))


_PROMISE_KEY = re.compile(r"^promise-(\d{1,3})-(what|by|to)$")


def read_promises(form: FormData, act: str = "save") -> list[dict[str, str]]:
    """The promise rows as typed, in page order; "add-promise" appends a blank one."""
    found: dict[int, dict[str, str]] = {}
    for key, value in form.multi_items():
        match = _PROMISE_KEY.match(key)
        if match and isinstance(value, str):
            found.setdefault(int(match[1]), dict.fromkeys(PROMISE_FIELDS, ""))[match[2]] = value
    rows = [found[i] for i in sorted(found)]
    if act == "add-promise":
        rows = [*rows, dict.fromkeys(PROMISE_FIELDS, "")]
    return rows


def is_blank_promise(row: Mapping[str, str]) -> bool:
    return not any(row.get(key, "").strip() for key in PROMISE_FIELDS)


def form_value(form: FormData, key: str) -> str:
    value = form.get(key)
    return value if isinstance(value, str) else ""


def is_blank(member: Mapping[str, str]) -> bool:
    """A fieldset nobody filled in (its role and phone kind keep their defaults)."""
    return not any(member.get(key, "").strip() for key in _FILLED)


# -- the interview file ---------------------------------------------------------------------


def interview_file(typed: Typed, *, now: datetime | None = None) -> dict[str, Any]:
    """The interview-file mapping of docs/interview-file.md, from the typed form.

    With ``now`` (adding an interview), a debrief typed into the form is this evening's
    reflection: the history records it written, and the planner marks the step done.
    """
    v = {key: typed.values.get(key, "").strip() for key in FIELDS}
    candidate = {
        "name": v["name"],
        "email": v["email"],
        "phone": v["phone"],
        "timezone": v["candidate_timezone"],
        "country": v["country"].upper(),
        "subdivision": v["subdivision"].upper(),
        "signature": v["signature"].replace("\r\n", "\n"),
    }
    panel = [m for m in typed.panel if not is_blank(m)]
    data: dict[str, Any] = {
        "candidate": _present(candidate),
        "application": _application(v),
        "interview": _interview(v, panel) | _present({"promises": promises(typed, panel)}),
    }
    if now is not None and (v["stood_out"] or v["feelings"]):
        data["history"] = [{"kind": "reflection_write", "at": now}]
    return data


def _application(v: Mapping[str, str]) -> dict[str, Any]:
    referrer = _present({"name": v["referrer_name"], "email": v["referrer_email"]})
    return _present(
        {
            "company": v["company"],
            "role": v["role"],
            "channel_before": v["channel_before"],
            "referrer": referrer,
            "references": [_person(line) for line in lines(v["references"])],
            "links": [_link(line) for line in lines(v["links"])],
            "url": v["url"],
            "source": v["source"],
        }
    )


def _interview(v: Mapping[str, str], panel: list[dict[str, str]]) -> dict[str, Any]:
    notes = _present({"stood_out": v["stood_out"], "feelings": v["feelings"]})
    return _present(
        {
            "start": v["start"],
            "duration": int(v["duration"]) if v["duration"].isdigit() else v["duration"],
            "timezone": v["timezone"],
            "format": v["format"],
            "round": int(v["round"]) if v["round"].isdigit() else v["round"],
            "panel": [_member(m) for m in panel],
            "decision": v["decision"],
            "contact_preference": v["contact_preference"],
            "next_step": v["next_step"],
            "notes": notes,
        }
    )


def _member(member: Mapping[str, str]) -> dict[str, Any]:
    m = {key: member.get(key, "").strip() for key in MEMBER_FIELDS}
    phone = None
    if m["phone"]:
        kind, invited = m["phone_kind"] or "work", bool(m["phone_invited"])
        phone = {"number": m["phone"], "kind": kind, "invited": invited}
    return _present(
        {
            "name": m["name"],
            "title": m["title"],
            "role": m["role"],
            "email": m["email"],
            "timezone": m["timezone"],
            "phone": phone,
            "topics": lines(m["topics"]),
        }
    )


_PERSON = re.compile(r"^(?P<name>[^<]*?)\s*<(?P<email>[^<>]*)>$")


def _person(line: str) -> dict[str, str]:
    """``Dana Kim <dana@example.org>``; a line without an address is a name alone."""
    found = _PERSON.match(line)
    if found is None:
        return {"name": line}
    name, email = found["name"].strip().strip('"').strip(), found["email"].strip()
    return _present({"name": name or email, "email": email})


def _link(line: str) -> dict[str, str]:
    """``Title | URL``; a bare address is its own title."""
    title, bar, url = line.rpartition("|")
    if not bar:
        return {"title": line, "url": line}
    return {"title": title.strip() or url.strip(), "url": url.strip()}


def promises(typed: Typed, panel: list[dict[str, str]]) -> list[dict[str, str]]:
    """The promises typed, each to the panel member named (spelt as on the panel) or, when
    none is named, to nobody in particular: the notes to the lead contact carry those.
    Without a "by", the default (a day after the interview) applies."""
    names = [m.get("name", "").strip() for m in panel]
    found = []
    for number, row in enumerate(r for r in typed.promises if not is_blank_promise(r)):
        what, by, to = (row.get(key, "").strip() for key in PROMISE_FIELDS)
        if not what:
            raise InputError(
                f"{SOURCE}: interview.promises[{number}].what: say what you promised, or "
                "clear its other fields."
            )
        found.append(_present({"what": what, "by": by, "to": _on_panel(to, names, number)}))
    return found


def _on_panel(to: str, names: list[str], number: int) -> str:
    """The panel member a promise names: their full name, or a first name only one has."""
    if not to:
        return ""
    wanted = repo.name_key(to)
    exact = [n for n in names if repo.name_key(n) == wanted]
    firsts = [n for n in names if n.split() and repo.name_key(n.split()[0]) == wanted]
    if exact or len(firsts) == 1:
        return (exact or firsts)[0]
    choices = ", ".join(n for n in names if n) or "nobody yet"
    raise InputError(
        f"{SOURCE}: interview.promises[{number}].to: {to!r} is not one of the people you "
        f"met ({choices}); write one of their names, or leave it empty for no one in "
        "particular."
    )


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _present(section: Mapping[str, Any]) -> dict[str, Any]:
    """Leave out what was not given, so the file's defaults apply."""
    return {k: v for k, v in section.items() if v is not None and v not in ("", [], {})}


# -- errors: which field a message names ----------------------------------------------------

_PATH = re.compile(r"^(?P<path>[a-z_]+(?:\[\d+\]|\.[a-z_]+)*):\s*(?P<what>.+)$", re.DOTALL)
_PANEL_PATH = re.compile(r"^interview\.panel\[(\d+)\](?:\.([a-z_]+))?(?:\.([a-z_]+))?")
_PROMISE_PATH = re.compile(r"^interview\.promises\[(\d+)\](?:\.([a-z]+))?")
_TWICE = re.compile(r"lists '(?P<name>.+)' twice")
_PATHS: dict[str, str | None] = {
    "candidate.name": "name",
    "candidate.email": "email",
    "candidate.phone": "phone",
    "candidate.timezone": "candidate_timezone",
    "candidate.country": "country",
    "candidate.subdivision": "subdivision",
    "candidate.signature": "signature",
    "candidate": "name",
    "application.company": "company",
    "application.role": "role",
    "application.channel_before": "channel_before",
    "application.referrer.email": "referrer_email",
    "application.referrer": "referrer_name",
    "application.references": "references",
    "application.links": "links",
    "application.url": "url",
    "application.source": "source",
    "application": "company",
    "interview.start": "start",
    "interview.end": "duration",
    "interview.duration": "duration",
    "interview.timezone": "timezone",
    "interview.format": "format",
    "interview.round": "round",
    "interview.decision": "decision",
    "interview.contact_preference": "contact_preference",
    "interview.next_step": "next_step",
    "interview.notes.stood_out": "stood_out",
    "interview.notes.feelings": "feelings",
    "interview.notes": None,
    "interview.panel": None,
    "interview": "duration",  # "give the interview an `end` time or a `duration`"
}


def locate(exc: InputError, typed: Typed) -> Problem:
    """The message of ``exc`` and the form field its path names, if any."""
    message = str(exc).removeprefix(f"{SOURCE}: ")
    found = _PATH.match(message)
    if found is None:
        return Problem(message, None, message)
    path, what = found["path"], found["what"]
    detail = what[:1].upper() + what[1:]
    return Problem(message, field_for(path, what, typed), detail)


def field_for(path: str, what: str, typed: Typed) -> str | None:
    """``interview.panel[1].timezone`` → ``panel-1-timezone`` (counting filled fieldsets)."""
    panel = _PANEL_PATH.match(path)
    if panel:
        return _member_field(int(panel[1]), panel[2], panel[3], typed)
    promise = _PROMISE_PATH.match(path)
    if promise:
        return _promise_field(int(promise[1]), promise[2], typed)
    twice = _TWICE.search(what)
    if path == "interview.panel" and twice:
        return _duplicate(twice["name"], typed)
    if path == "candidate.country" and "subdivision" in what:
        return "subdivision"  # the holiday calendar check reports both under the country
    key = re.sub(r"\[\d+\]", "", path)
    while key:
        if key in _PATHS:
            return _PATHS[key]
        key = key.rpartition(".")[0]
    return None


def _filled(typed: Typed) -> list[int]:
    """The page positions of the fieldsets that reach the file, in file order."""
    return [i for i, member in enumerate(typed.panel) if not is_blank(member)]


def _member_field(number: int, sub: str | None, subsub: str | None, typed: Typed) -> str | None:
    filled = _filled(typed)
    if number >= len(filled):
        return None
    if sub == "phone":
        name = {"kind": "phone_kind", "invited": "phone_invited"}.get(subsub or "", "phone")
    else:
        name = sub if sub in MEMBER_FIELDS else "name"
    return f"panel-{filled[number]}-{name}"


def _promise_field(number: int, sub: str | None, typed: Typed) -> str | None:
    """``interview.promises[1].by`` → the page row of the second promise typed."""
    filled = [i for i, row in enumerate(typed.promises) if not is_blank_promise(row)]
    if number >= len(filled):
        return None
    return f"promise-{filled[number]}-{sub if sub in PROMISE_FIELDS else 'what'}"


def _duplicate(name: str, typed: Typed) -> str | None:
    """The later of two fieldsets with the same person (names compare case-folded)."""
    same = [i for i in _filled(typed) if repo.name_key(typed.panel[i].get("name")) == name]
    return f"panel-{same[-1]}-name" if same else None


# -- the decision date, read as it is typed -------------------------------------------------

_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight")


def read_decision(values: Mapping[str, str], now: datetime) -> DecisionRead:
    """How the planner will read the decision phrase, from the interview's local date."""
    said = " ".join(values.get("decision", "").split())
    days = DEFAULT_POLICY.follow_up_default_days
    words = _NUMBER_WORDS[days] if days < len(_NUMBER_WORDS) else str(days)
    if not said:
        return DecisionRead(said, default_days=words)
    try:
        today = _interview_day(values, now)
        country = values.get("country", "").strip()
        if not country:
            raise InputError("give your country first: business days skip its public holidays.")
        calendar = calendar_for(country.upper(), values.get("subdivision", "").strip() or None)
    except InputError as exc:
        return DecisionRead(said, problem=str(exc), default_days=words)
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
        raise InputError(
            f"cannot read the start {start!r}; write it like 2026-11-20T14:00."
        ) from None
    moment = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
    check_interview_near(moment, now, "the start")
    return moment.date()


def _zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name.strip()) if name.strip() else None
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"

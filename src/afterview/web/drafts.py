"""The draft editor: one tab per recipient, live lint, mailto: links and .eml downloads.

The page drafts every note of one kind from the core (``drafting.draft_all``) and shows
each in its own tab: a plain form with the subject and body, the lint's findings with
their reasons and sources, a ``mailto:`` link, and a button that downloads the note as an
RFC 5322 message (``.eml``) to open in a mail program. As the user types, HTMX posts the
form to the lint endpoint, which answers with the findings fragment.

The case is always built from the whole stored pipeline (``repo.case_data`` without a
limit), because the lint checks a note for the names of other companies the user applied
to; ``tracking.load_case`` trims the pipeline for the planner and would miss some.

The tabs are links to each panel's ``id`` (CSS ``:target`` shows one at a time), so they
work without JavaScript; ``static/editor.js`` only adds a Copy button and keeps each
``mailto:`` link in step with the edited text.
"""

from __future__ import annotations

import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from afterview import compose
from afterview.config import data_dir
from afterview.domain import drafting
from afterview.domain.channels import step_channel
from afterview.domain.errors import InputError
from afterview.domain.guards import Contact, Verdict, check
from afterview.domain.kinds import KINDS
from afterview.domain.lint import Note, lint_note
from afterview.domain.models import CONTACT_KINDS, NOTE_KINDS, Case, Channel
from afterview.domain.rules import catalogue
from afterview.domain.settings import Policy
from afterview.domain.wording import kind_label, rule_titles
from afterview.i18n import _, when
from afterview.interview_file import from_data
from afterview.services import records
from afterview.templating import TEMPLATES_DIR, environment
from afterview.web import acting, cache, flash, security
from afterview.wiring import Work

if TYPE_CHECKING:
    import jinja2

router = APIRouter(include_in_schema=False)
Csrf = Depends(security.check_csrf)


def _tab(kind: str) -> str:
    """What the kind selector calls a kind of note (``Kind.drafts_tab``, kind catalogue)."""
    entry = KINDS.get(kind)
    tab = entry.drafts_tab if entry is not None else None
    return _(tab) if tab else kind


# Limits on what a form may send: generous for a note, small enough to lint at once.
MAX_BODY = 20_000
MAX_LINE = 500

Kind = Annotated[str, Form(max_length=40)]
To = Annotated[str, Form(max_length=MAX_LINE)]
Subject = Annotated[str, Form(max_length=MAX_LINE)]
Body = Annotated[str, Form(max_length=MAX_BODY)]


@dataclass(frozen=True, slots=True)
class Tab:
    """One recipient's tab: the draft, and what the page needs to show and send it."""

    number: int
    draft: drafting.Draft
    title: str | None
    email: str | None
    mailto: str | None
    verdict: Verdict | None  # the etiquette guards on sending it now (None: not a contact)
    override: dict[str, Any] | None  # the user's reason to send it anyway, when given
    send_at: str | None = None  # the plan's send time, for the "Approve and send at" field


@router.get("/applications/{app_id}/drafts")
def editor(
    request: Request,
    app_id: int,
    kind: Annotated[str, Query(max_length=40)] = "thank_you",
    to: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """Every note of ``kind``, one tab per recipient, linted together; ``to`` opens that
    person's tab (a plan step links here with its recipient)."""
    case = _case(request, app_id)
    if to is not None:
        names = drafting.recipients(case, kind)
        wanted = " ".join(to.casefold().split())
        for number, name in enumerate(names, start=1):
            if " ".join(name.casefold().split()) == wanted:
                url = f"/applications/{app_id}/drafts?{urlencode({'kind': kind})}#note-{number}"
                return RedirectResponse(url, status_code=303)
    policy, now = acting.policy(request), _clock(request)
    kept = _kept_drafts(request, case, app_id, kind, policy)
    case, (drafts, _given, _times) = kept.value  # the case the notes were drafted from
    # Only the guards read the clock: the page is kept per what they say.
    verdicts = tuple(_verdict(case, kind, d, now, policy) for d in drafts)
    templates = request.app.state.templates
    page = kept.made(("page", verdicts), lambda: _editor(templates, app_id, kind, kept, verdicts))
    return HTMLResponse(cache.with_token(page, security.csrf_token(request)))


def _editor(
    templates: Any,
    app_id: int,
    kind: str,
    kept: cache.Derived[tuple[Case, Drafted]],
    verdicts: tuple[Verdict | None, ...],
) -> cache.Page:
    """The editor page from the kept notes and what the guards say, with the token slot."""
    case, (drafts, given, send_times) = kept.value
    tabs = [
        Tab(
            number=number,
            draft=d,
            title=_title(case, d.to),
            email=(email := drafting.address_of(case, d.to)),
            mailto=_mailto(email, d.subject, d.body) if d.channel == "email" else None,
            verdict=verdict,
            override=_override(given, kind, d.to, verdict),
            send_at=send_times.get(d.to),
        )
        for number, (d, verdict) in enumerate(zip(drafts, verdicts, strict=True), start=1)
    ]
    html: str = templates.get_template("drafts.html").render(
        csrf_token=cache.TOKEN_SLOT,
        app_id=app_id,
        application=case.application,
        kind=kind,
        label=_tab(kind),
        kinds=[(k, _tab(k), len(n)) for k in NOTE_KINDS if (n := drafting.recipients(case, k))],
        tabs=tabs,
        why=_rationales(),
    )
    return cache.page_of(html)


@router.post("/applications/{app_id}/drafts/lint", dependencies=[Csrf])
def lint(
    request: Request, app_id: int, kind: Kind, to: To, subject: Subject = "", body: Body = ""
) -> Response:
    """The findings fragment for one edited note (HTMX swaps it into that tab)."""
    case = _case(request, app_id)
    name = drafting.recipient(case, kind, to)
    note = Note(
        to=name, body=_lines(body), subject=_one_line(subject) or None, channel=_channel(kind)
    )
    # The note is linted alone: near_duplicate compares the notes of all tabs, which the
    # page load checks through draft_all; a single edited note cannot be compared here.
    findings = lint_note(case, kind, note, policy=acting.policy(request))
    return _render(request, "_findings.html", findings=findings, why=_rationales())


@router.post("/applications/{app_id}/drafts/eml", dependencies=[Csrf])
def eml(
    request: Request, app_id: int, kind: Kind, to: To, subject: Subject = "", body: Body = ""
) -> Response:
    """The note as an RFC 5322 message to open in a mail program and send from there."""
    case = _case(request, app_id)
    name = drafting.recipient(case, kind, to)
    if _channel(kind) != "email":
        raise InputError("linkedin_not_email", label=kind_label(kind))
    as_email = _as_draft(case, kind, name, "email")  # the download is an email, whatever the plan
    verdict = _verdict(case, kind, as_email, _clock(request), acting.policy(request))
    given = records.overrides(acting.work(request), app_id)
    if verdict is not None and not verdict.allowed and not _override(given, kind, name, verdict):
        rules = rule_titles([f.code for f in verdict.findings if f.severity == "error"])
        raise InputError("sending_blocked_now", name=name, rules=rules)
    email = drafting.address_of(case, name)
    if not email:
        raise InputError("nothing_to_address", name=name)
    text = _lines(body).strip()
    if not text:
        raise InputError("note_empty_to_download")
    now = request.app.state.settings.clock()
    cand = case.candidate
    note = compose.Note(
        from_name=cand.name,
        from_email=cand.email,
        to_name=name,
        to_email=email,
        subject=subject,
        body=text,
        message_id=compose.new_message_id(cand.email),
    )
    # X-Unsent: mail programs open the file as a draft, ready to send.
    message = compose.message(note, date=now.astimezone(cand.timezone), draft=True)
    filename = f"{kind}-{_slug(name)}.eml"
    return Response(
        compose.as_bytes(message),  # CRLF line endings, as RFC 5322 requires
        media_type="message/rfc822",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post("/applications/{app_id}/drafts/approve", dependencies=[Csrf])
def approve(
    request: Request,
    app_id: int,
    kind: Kind,
    to: To,
    subject: Subject = "",
    body: Body = "",
    send_at: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Put the edited note in the outbox; the worker sends it at ``send_at``."""
    from afterview.mail.config import mail_server_set
    from afterview.services import outbox
    from afterview.values import moment

    case = _case(request, app_id)
    field = _("Send at")
    at = moment(send_at, field, case.candidate.timezone) if send_at.strip() else None
    try:
        approved = outbox.approve(
            acting.work(request),
            app_id,
            kind=kind,
            to=to,
            subject=subject,
            body=body,
            send_at=at,
            now=request.app.state.settings.clock(),
        )
    except outbox.Blocked as exc:
        if exc.verdict.findings:
            raise InputError("guard_blocks", why=exc.verdict.findings[0].message) from None
        raise InputError(exc.code, **exc.params) from None
    said = {
        "to": approved.to,
        "at": when(approved.send_at.astimezone(case.candidate.timezone), "day_at_time"),
    }
    state = outbox.delivery(
        acting.work(request),
        now=request.app.state.settings.clock(),
        mail_server=mail_server_set(),
    )
    text = (
        _("Approved your note to %(to)s: it goes out %(at)s.")
        if state.problem is None
        else _(
            "Approved your note to %(to)s for %(at)s, but nothing will send it yet: below is "
            "why, and how to send it yourself."
        )
    )
    return flash.say(RedirectResponse("/outbox", status_code=303), text % said)


# Drafting environments kept: one per data folder and set of the user's own templates.
ENVIRONMENTS_KEPT = 2
_environments: OrderedDict[Hashable, jinja2.Environment] = OrderedDict()
_environments_lock = threading.Lock()


def _environment() -> jinja2.Environment:
    """The drafting environment (``templating.environment``), made once and kept.

    A fresh environment compiles every note template it renders: about 20 ms of CPU, most
    of the editor page. A kept one compiles each template once and checks its file's
    modification time on each use (Jinja's ``auto_reload``), so an edited template is read
    again; a template the user adds or removes under the data folder changes the key and
    gives a fresh environment, since the kept one would go on using the package's."""
    folder = data_dir()
    key = (folder, _own_templates(folder))
    with _environments_lock:
        env = _environments.get(key)
        if env is None:
            env = _environments[key] = environment(folder)
        _environments.move_to_end(key)
        while len(_environments) > ENVIRONMENTS_KEPT:
            _environments.popitem(last=False)
        return env


def _own_templates(folder: Path) -> tuple[tuple[str, int], ...]:
    """The user's template files under ``folder`` with their modification times."""
    root = folder / TEMPLATES_DIR
    if not root.is_dir():
        return ()
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()))


# Drafted notes kept: a few applications' kinds of note.
DRAFTS_KEPT = 8

Drafted = tuple[list[drafting.Draft], list[dict[str, Any]], dict[str, str]]


def _kept_drafts(
    request: Request, case: Case, app_id: int, kind: str, policy: Policy
) -> cache.Derived[tuple[Case, Drafted]]:
    """The kind's notes drafted and linted, the stored overrides and the planned send times,
    with the case they were drafted from, kept per data revision: none of them reads the
    clock (the guards, which do, are checked on every request), and the editor's pages are
    kept with them (:class:`afterview.web.cache.Derived`). Keyed by the drafting environment
    too, which a template the user adds, edits or removes replaces."""
    work = acting.work(request)
    env = _environment()

    def read() -> tuple[Case, Drafted]:
        now_case = _case(request, app_id)  # read at this revision, as the notes are
        drafts = drafting.draft_all(now_case, kind, env=env, policy=policy)
        given = records.overrides(work, app_id)
        names = [d.to for d in drafts]
        return now_case, (drafts, given, _send_times(work, now_case, app_id, kind, names))

    key = (work.actor.owner, app_id, kind, env, policy)
    return cache.derived(request.app.state, "drafted_notes", key, read, DRAFTS_KEPT)


def _send_times(work: Work, case: Case, app_id: int, kind: str, names: list[str]) -> dict[str, str]:
    """Each recipient's planned send time, as a ``datetime-local`` value in the user's zone."""
    zone = case.candidate.timezone
    planned = records.planned_send_times(work, app_id, kind, names)
    return {name: f"{at.astimezone(zone):%Y-%m-%dT%H:%M}" for name, at in planned.items()}


# -- helpers -------------------------------------------------------------------------------


@router.post("/applications/{app_id}/drafts/override", dependencies=[Csrf])
def override(
    request: Request,
    app_id: int,
    kind: Kind,
    to: To,
    reason: Annotated[str, Form(max_length=MAX_LINE)] = "",
) -> Response:
    """Send a blocked note anyway: the reason is stored with the rules it overrides."""
    case = _case(request, app_id)
    name = drafting.recipient(case, kind, to)
    if not reason.strip():
        raise InputError("override_needs_reason")
    now = request.app.state.settings.clock()
    verdict = _verdict(case, kind, _as_draft(case, kind, name), now, acting.policy(request))
    rules = [f.code for f in verdict.findings if f.severity == "error"] if verdict else []
    if not rules:
        raise InputError("nothing_to_override", name=name)
    records.add_override(acting.work(request), app_id, kind, name, rules, reason.strip(), now=now)
    response = RedirectResponse(f"/applications/{app_id}/drafts?kind={kind}", status_code=303)
    said = _(
        "Your reason is kept with the application; you can now approve the note to %(name)s."
    ) % {"name": name}
    return flash.say(response, said)


def _as_draft(case: Case, kind: str, name: str, channel: Channel | None = None) -> drafting.Draft:
    """What the guards need of a note: its kind, recipient and channel (by default the
    one the plan has for it)."""
    if channel is None:
        channel = step_channel(case, kind, name) if kind in CONTACT_KINDS else "email"
    return drafting.Draft(kind, name, channel, None, "", "email")


def _override(
    given: list[dict[str, Any]], kind: str, to: str, verdict: Verdict | None
) -> dict[str, Any] | None:
    """The latest stored reason covering every rule that blocks this note now."""
    if verdict is None or verdict.allowed:
        return None
    blocking = {f.code for f in verdict.findings if f.severity == "error"}
    for entry in reversed(given):
        if entry["kind"] == kind and entry["to_name"] == to and blocking <= set(entry["rules"]):
            found: dict[str, Any] = entry
            return found
    return None


def _verdict(
    case: Case, kind: str, d: drafting.Draft, now: datetime, policy: Policy
) -> Verdict | None:
    """What the guards say about sending this note now (a withdrawal is not judged)."""
    if kind not in CONTACT_KINDS:
        return None
    return check(case, Contact(kind, (d.to,), now, d.channel), policy=policy)


def _clock(request: Request) -> datetime:
    now: datetime = request.app.state.settings.clock()
    return now


def _render(request: Request, name: str, **context: object) -> Response:
    templates = request.app.state.templates
    context.update(request=request, csrf_token=security.csrf_token(request))
    response: Response = templates.TemplateResponse(request, name, context)
    return response


# Cases kept (a few applications' draft editors open at once; each holds the pipeline).
CASES_KEPT = 4


def _case(request: Request, app_id: int) -> Case:
    """The application's latest interview with the whole pipeline (the lint needs it).

    Kept until the data changes (:class:`afterview.web.cache.RevisionCache`): the live lint
    asks for it on every pause in typing, and reading the pipeline of a large search and
    building the case from it was most of such a request. The same case object also lets
    the lint reuse what it prepared from the pipeline (``domain.lint``)."""
    work = acting.work(request)
    kept = cache.app_cache(request.app.state, "draft_cases", CASES_KEPT)
    case: Case = kept.get((work.actor.owner, app_id), lambda: _read_case(work, app_id))
    return case


def _read_case(work: Work, app_id: int) -> Case:
    data = records.case_file(work, app_id)
    return from_data(data, source=f"application {app_id}", stored=True)


def _channel(kind: str) -> Channel:
    return "linkedin" if kind == "keep_in_touch" else "email"


def _title(case: Case, name: str) -> str | None:
    for member in case.interview.panel:
        if member.name == name:
            return member.title
    return None


def _mailto(email: str | None, subject: str | None, body: str) -> str | None:
    """A ``mailto:`` URI (RFC 6068), from the one composer."""
    return compose.mailto(email, subject, body)


def _one_line(text: str) -> str:
    return compose.one_line(text)


def _lines(text: str) -> str:
    return compose.lines(text)


def _slug(name: str) -> str:
    """An ASCII file-name part: 'Ana López' -> 'ana-lopez'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_name.lower()).split()
    return "-".join(words) or "note"


def _rationales() -> dict[str, str]:
    """Why each lint rule exists, shown with its findings."""
    return {rule.id: rule.rationale for rule in catalogue("lint")}

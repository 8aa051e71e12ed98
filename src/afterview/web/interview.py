"""One application: its interviews and the plan as a timeline, with what to record.

Each step shows why it is there and its sources; pending steps can be marked done or
skipped. Forms record a contact made outside afterview, a reply from the employer, or the
outcome. Every form goes through the same services as the CLI and comes back here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import RedirectResponse, Response

from afterview import i18n
from afterview.domain.models import NOTE_KINDS
from afterview.domain.wording import kind_label, words
from afterview.i18n import N_, _
from afterview.services import deletion, records, tracking
from afterview.services.overview import detail
from afterview.values import day as parse_day
from afterview.values import moment as parse_moment
from afterview.web import acting, flash, security

router = APIRouter(include_in_schema=False)
Csrf = Depends(security.check_csrf)
Text = Annotated[str, Form()]


def _back(request: Request, app_id: int, said: str) -> Response:
    """Back to the application, saying what was saved and what comes next."""
    after = flash.what_next(acting.work(request), app_id, now=_clock(request))
    return flash.say(
        RedirectResponse(f"/applications/{app_id}", status_code=303), f"{said} {after}"
    )


def _clock(request: Request) -> datetime:
    now: datetime = request.app.state.settings.clock()
    return now


@router.get("/applications/{app_id}")
def application_page(request: Request, app_id: int) -> Response:
    work, now = acting.work(request), _clock(request)
    info = detail(work, app_id)
    zone = records.zone(work) or now.tzinfo

    def local(iso: str | None) -> str:
        return (
            f"{i18n.when(datetime.fromisoformat(iso).astimezone(zone), 'day_time')}" if iso else ""
        )

    context: dict[str, Any] = {
        "info": info,
        "now": now,
        "local": local,
        "panel": _panel(info),
        "note_kinds": NOTE_KINDS,
    }
    templates = request.app.state.templates
    context.update(request=request, csrf_token=security.csrf_token(request))
    response: Response = templates.TemplateResponse(request, "application.html", context)
    return response


def _panel(info: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for interview in info["interviews"]:
        names += [n for n in interview["panel"] if n and n not in names]
    return names


@router.post("/applications/{app_id}/log", dependencies=[Csrf])
def log_contact(
    request: Request,
    app_id: int,
    kind: Text = "follow_up",
    to: Text = "",
    channel: Text = "email",
    at: Text = "",
    about: Text = "",
) -> Response:
    now = _clock(request)
    zone = now.tzinfo or datetime.now().astimezone().tzinfo
    assert zone is not None
    when = parse_moment(at, "at", zone) if at.strip() else now
    entry = {
        "kind": kind,
        "to": to.strip() or None,
        "channel": channel,
        "at": when,
        "about": about.strip() or None,
    }
    tracking.log(acting.work(request), app_id, entry, now=now)
    said = (
        _("Recorded your %(kind)s to %(to)s; the plan counts it.")
        if entry["to"]
        else _("Recorded your %(kind)s; the plan counts it.")
    )
    return _back(request, app_id, said % {"kind": kind_label(kind), "to": entry["to"]})


@router.post("/applications/{app_id}/reply", dependencies=[Csrf])
def record_reply(request: Request, app_id: int, not_until: Text = "") -> Response:
    now = _clock(request)
    later: date | None = parse_day(not_until, "not until") if not_until.strip() else None
    tracking.reply(acting.work(request), app_id, at=now, now=now, not_until=later)
    said = (
        _(
            "Recorded their reply, and that they asked you to wait until %(day)s; "
            "follow-ups are replanned."
        )
        % {"day": i18n.when(later, "day")}
        if later
        else _("Recorded their reply; follow-ups are replanned.")
    )
    return _back(request, app_id, said)


@router.post("/applications/{app_id}/outcome", dependencies=[Csrf])
def record_outcome(
    request: Request, app_id: int, kind: Text, on_paper: Text = "", feedback: Text = ""
) -> Response:
    now = _clock(request)
    tracking.outcome(
        acting.work(request),
        app_id,
        kind,
        at=now,
        now=now,
        on_paper=bool(on_paper),
        feedback=feedback.strip() or None,
    )
    known = OUTCOME_WORDS.get(kind)
    what = _(known) if known else words(kind)
    said = _("Recorded %(what)s; steps that no longer apply are cancelled.") % {"what": what}
    return _back(request, app_id, said)


OUTCOME_WORDS = {
    "offer": N_("the offer"),
    "rejected": N_("the rejection"),
    "withdrawn": N_("your withdrawal"),
}


@router.get("/applications/{app_id}/delete")
def delete_page(request: Request, app_id: int) -> Response:
    """What deleting the application would remove, and the button that does it."""
    found = deletion.attached(acting.work(request), app_id)
    context = {"found": found, "csrf_token": security.csrf_token(request)}
    templates = request.app.state.templates
    response: Response = templates.TemplateResponse(request, "application_delete.html", context)
    return response


@router.post("/applications/{app_id}/delete", dependencies=[Csrf])
def delete_application(request: Request, app_id: int, confirm: Text = "") -> Response:
    if confirm != "yes":  # a form without the confirmation goes back to the question
        return RedirectResponse(f"/applications/{app_id}/delete", status_code=303)
    gone = deletion.delete_application(acting.work(request), app_id)
    said = _("Deleted %(title)s with %(attached)s.") % {
        "title": gone.title,
        "attached": gone.summary(),
    }
    return flash.say(RedirectResponse("/applications", status_code=303), said)

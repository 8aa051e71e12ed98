"""Editing a stored interview: the add-interview form, filled from the tables.

The stored application is rebuilt as an interview file (``repository.case_data``), turned
into what the form shows (``typed_from``, the inverse of ``form_data.interview_file``), and
saved back through ``tracking.edit``, which updates the latest interview in place so its
plan keeps what was already done.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from afterview.domain.errors import InputError
from afterview.i18n import _
from afterview.services import records, tracking
from afterview.web import acting, flash, form_data, forms, security

router = APIRouter(include_in_schema=False)
Csrf = Depends(security.check_csrf)


@router.get("/applications/{app_id}/edit")
def edit_page(request: Request, app_id: int) -> Response:
    data = records.case_file(acting.work(request), app_id)
    return forms.render_form(
        request,
        typed_from(data),
        action=f"/applications/{app_id}/edit",
        heading=_("Edit the interview"),
    )


@router.post("/applications/{app_id}/edit", dependencies=[Csrf])
async def save_edit(request: Request, app_id: int) -> Response:
    form = await request.form()
    act = form_data.form_value(form, "act") or "save"
    typed = form_data.read_form(form, act)
    action, heading = f"/applications/{app_id}/edit", _("Edit the interview")
    if act != "save":
        return forms.render_form(
            request, typed, focus=forms.focus_after(act, typed), action=action, heading=heading
        )
    try:
        data = form_data.interview_file(typed)
        stored = records.case_file(acting.work(request), app_id)["interview"].get("notes") or {}
        data["interview"]["notes"] = kept_notes(stored, data["interview"].get("notes") or {})
        await run_in_threadpool(
            tracking.edit, acting.work(request), app_id, data, now=forms.clock(request)
        )
    except InputError as exc:
        problem = form_data.locate(exc, typed)
        return forms.render_form(
            request,
            typed,
            problem=problem,
            status=400,
            focus=problem.field,
            action=action,
            heading=heading,
        )
    after = await run_in_threadpool(
        flash.what_next, acting.work(request), app_id, now=forms.clock(request)
    )
    response = RedirectResponse(f"/applications/{app_id}", status_code=303)
    saved = _("Saved your changes to the interview and replanned.")
    return flash.say(response, f"{saved} {after}")


def kept_notes(stored: dict[str, Any], typed: dict[str, Any]) -> dict[str, Any]:
    """The notes to save: the form's two fields as typed, and everything the form does not
    show (the debrief's questions, answers, ratings and impressions) as stored."""
    kept = {key: value for key, value in stored.items() if key not in FORM_NOTES}
    return {**kept, **typed}


FORM_NOTES = ("stood_out", "feelings")  # the notes fields the interview form edits


def typed_from(data: dict[str, Any]) -> form_data.Typed:
    """What the form shows for a stored interview file."""
    cand, app, iv = data["candidate"], data["application"], data["interview"]
    zone = ZoneInfo(iv.get("timezone") or cand["timezone"])
    start = datetime.fromisoformat(iv["start"]).astimezone(zone)
    minutes = int(
        (datetime.fromisoformat(iv["end"]) - datetime.fromisoformat(iv["start"])).total_seconds()
        // 60
    )
    referrer = app.get("referrer") or {}
    notes = iv.get("notes") or {}
    values = (
        dict.fromkeys(form_data.FIELDS, "")
        | form_data.DEFAULTS
        | {
            "name": cand.get("name", ""),
            "email": cand.get("email", ""),
            "phone": str(cand.get("phone") or ""),
            "candidate_timezone": cand.get("timezone", ""),
            "country": cand.get("country", ""),
            "subdivision": cand.get("subdivision") or "",
            "signature": cand.get("signature") or "",
            "company": app["company"],
            "role": app["role"],
            "channel_before": app.get("channel_before", "email"),
            "url": app.get("url") or "",
            "source": app.get("source") or "",
            "referrer_name": referrer.get("name", ""),
            "referrer_email": referrer.get("email") or "",
            "references": "\n".join(_person(p) for p in app.get("references") or []),
            "links": "\n".join(f"{ln['title']} | {ln['url']}" for ln in app.get("links") or []),
            "start": f"{start:%Y-%m-%dT%H:%M}",
            "duration": f"{minutes // 60}h{minutes % 60}m",
            "timezone": zone.key,
            "format": iv.get("format", "video"),
            "round": str(iv.get("round", 1)),
            "decision": str(iv.get("decision") or ""),
            "next_step": iv.get("next_step") or "",
            "contact_preference": iv.get("contact_preference", "unstated"),
            "stood_out": notes.get("stood_out") or "",
            "feelings": notes.get("feelings") or "",
        }
    )
    panel = [_member(m) for m in iv.get("panel") or []]
    return form_data.Typed(values, panel, promises=[_promise(p) for p in iv.get("promises") or []])


def _person(person: dict[str, Any]) -> str:
    return f"{person['name']} <{person['email']}>" if person.get("email") else person["name"]


def _promise(promise: dict[str, Any]) -> dict[str, str]:
    return {key: str(promise.get(key) or "") for key in form_data.PROMISE_FIELDS}


def _member(member: dict[str, Any]) -> dict[str, str]:
    phone = member.get("phone")
    if isinstance(phone, dict):
        number, kind = str(phone.get("number", "")), phone.get("kind", "work")
        invited = "yes" if phone.get("invited") else ""
    else:
        number, kind, invited = str(phone or ""), "work", ""
    return {
        "name": member["name"],
        "title": member.get("title") or "",
        "role": member.get("role", "interviewer"),
        "email": member.get("email") or "",
        "timezone": member.get("timezone") or "",
        "phone": number,
        "phone_kind": kind,
        "phone_invited": invited,
        "topics": "\n".join(str(t) for t in member.get("topics", [])),
    }

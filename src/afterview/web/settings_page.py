"""The Settings page: the account's planning settings, each with its reason and sources,
changed in one form; and the calendar feed (``web/calendar.py`` rotates it).

The form sends every setting; the service checks each value and stores only what differs
from the cited defaults, and an emptied field goes back to its default. A save answers
with Post/Redirect/Get and one sentence naming what changed; a value refused comes back on
the page with the error summary, its field named and the typed values kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from afterview.domain.errors import InputError
from afterview.domain.settings import LIMITS, Policy, describe
from afterview.i18n import gettext as _
from afterview.services import settings
from afterview.web import acting, cache, flash, security

router = APIRouter(include_in_schema=False)
Csrf = Depends(security.check_csrf)
MAX_VALUE = 40  # characters: any setting's value is a short number or yes/no


# Settings pages kept: one per owner and address the app is reached by.
PAGES_KEPT = 16


@router.get("/settings")
def settings_page(request: Request) -> Response:
    """Every setting with the account's value, its default, reason and sources.

    Rendered once per data revision, address and whether the feed was just rotated, and
    served again with each browser's token (:mod:`afterview.web.cache`): nothing on it
    depends on the clock, and a saved setting or a rotated feed is a write."""
    from afterview.web.calendar import base_url

    rotated = request.query_params.get("rotated") == "1"

    def render() -> str:
        context = _context(request, acting.policy(request), token=cache.TOKEN_SLOT)
        html: str = request.app.state.templates.get_template("settings.html").render(context)
        return html

    key = (acting.actor(request).owner, base_url(request), rotated)
    page = cache.timeless_page(request.app.state, "settings_pages", key, render, PAGES_KEPT)
    return HTMLResponse(cache.with_token(page, security.csrf_token(request)))


@router.post("/settings", dependencies=[Csrf])
async def save(request: Request) -> Response:
    policy = await run_in_threadpool(acting.policy, request)
    form = await request.form()
    typed = {
        row["name"]: str(form.get(row["name"], ""))[:MAX_VALUE].strip() for row in describe(policy)
    }
    changes = {name: text or None for name, text in typed.items() if text != _shown(policy, name)}
    try:
        saved = await run_in_threadpool(
            settings.update_policy,
            acting.work(request),
            changes,
            now=request.app.state.settings.clock(),
        )
    except InputError as exc:
        return _page(request, policy, typed=typed, problem=str(exc), status=400)
    response = RedirectResponse("/settings", status_code=303)
    return flash.say(response, _said(saved, policy))


def _said(saved: settings.Saved, before: Policy) -> str:
    """The sentence after a save: each setting that changed, from what to what."""
    if not saved.changed:
        return _("Nothing changed: every setting already had the value given.")
    parts = [
        _("{name} is now {new} (was {old})").format(
            name=name.replace("_", " "),
            new=_shown(saved.policy, name),
            old=_shown(before, name),
        )
        for name in saved.changed
    ]
    return _("Saved: {changes}. Your plans follow the new settings.").format(
        changes="; ".join(parts)
    )


def _shown(policy: Policy, name: str) -> str:
    return _text(getattr(policy, name))


def _text(value: Any) -> str:
    """A value as the form shows it (``true``/``false`` for a yes-or-no setting)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _page(
    request: Request,
    policy: Policy,
    *,
    typed: Mapping[str, str] | None = None,
    problem: str | None = None,
    erase_problem: str | None = None,
    status: int = 200,
) -> Response:
    context = _context(
        request,
        policy,
        typed=typed,
        problem=problem,
        erase_problem=erase_problem,
        token=security.csrf_token(request),
    )
    response: Response = request.app.state.templates.TemplateResponse(
        request, "settings.html", {"request": request, **context}, status_code=status
    )
    return response


def _context(
    request: Request,
    policy: Policy,
    *,
    token: str,
    typed: Mapping[str, str] | None = None,
    problem: str | None = None,
    erase_problem: str | None = None,
) -> dict[str, Any]:
    from afterview.web.calendar import feed_url

    rows = [_row(s, policy, typed) for s in describe(policy)]
    return {
        "csrf_token": token,
        "settings": rows,
        "problem": problem,
        "field": _field_of(problem, rows),
        "calendar_feed": feed_url(request),
        "calendar_rotated": request.query_params.get("rotated") == "1",
        "erase_problem": erase_problem,  # web/me.py: the erase form's address did not match
    }


def erase_refused(request: Request, policy: Policy, problem: str) -> Response:
    """The page again after the erase form was refused (``web/me.py``), the reason shown."""
    return _page(request, policy, erase_problem=problem, status=400)


def _row(s: dict[str, Any], policy: Policy, typed: Mapping[str, str] | None) -> dict[str, Any]:
    """One setting as the form shows it: the value typed (after a refusal) or in force."""
    name = s["name"]
    low, high = LIMITS.get(name, (None, None))
    return {
        **s,
        "label": s["title"],
        "text": (typed or {}).get(name, _shown(policy, name)),
        "boolean": isinstance(s["default"], bool),
        "step": "1" if isinstance(s["default"], int) else "0.01",
        "min": low,
        "max": high,
        "changed": s["value"] != s["default"],
        "default_text": _text(s["default"]),
    }


def _field_of(problem: str | None, rows: list[dict[str, Any]]) -> str | None:
    """The setting a refusal names first (its field gets the cursor and the link)."""
    if problem is None:
        return None
    named = [(problem.find(r["name"]), r["name"]) for r in rows if r["name"] in problem]
    return f"setting-{min(named)[1]}-value" if named else None

"""The sign-in page and the Sign out control of a career centre (``web/sessions.py`` keeps
the sessions). A personal installation has neither: its one person never signs in, and
``/sign-in`` takes them to Today."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import RedirectResponse, Response

from afterview.services.accounts import SignInFailed, SignInLimited
from afterview.web import acting, security, sessions
from afterview.web.messages import word

router = APIRouter(include_in_schema=False)
Csrf = Depends(security.check_csrf)
EMAIL_FIELD = "sign-in-email"
PASSWORD_FIELD = "sign-in-password"


def _page(
    request: Request,
    *,
    email: str = "",
    field: str | None = None,
    problem: str | None = None,
    status: int = 200,
) -> Response:
    context = {
        "request": request,
        "csrf_token": security.csrf_token(request),
        "email": email,
        "field": field,
        "problem": problem,
        "signing_in": True,
        "single_sign_on": _single_sign_on(request),
    }
    response: Response = request.app.state.templates.TemplateResponse(
        request, "sign_in.html", context, status_code=status
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _single_sign_on(request: Request) -> str | None:
    """The identity provider's name for the page's button, if the centre has one."""
    from afterview.web import oidc

    found = oidc.settings_of(request)
    return None if found is None else found.label


@router.get("/sign-in")
def sign_in_page(request: Request) -> Response:
    if not acting.centre(request):
        return RedirectResponse("/", status_code=303)
    return _page(request)


@router.post("/sign-in", dependencies=[Csrf])
async def sign_in(
    request: Request,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    if not acting.centre(request):
        return RedirectResponse("/", status_code=303)
    try:
        session = await sessions.open_session(request, email, password)
    except SignInFailed as exc:
        return _page(request, email=email, field=PASSWORD_FIELD, problem=word(exc), status=401)
    except SignInLimited as exc:
        refused = _page(request, email=email, field=EMAIL_FIELD, problem=word(exc), status=429)
        refused.headers["Retry-After"] = str(exc.params["seconds"])
        return refused
    response = RedirectResponse("/", status_code=303)
    sessions.set_cookie(request, response, session.cookie)
    return response


@router.post("/sign-out", dependencies=[Csrf])
async def sign_out(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool

    from afterview.services import accounts

    cookie = request.cookies.get(sessions.COOKIE)
    if cookie:
        await run_in_threadpool(accounts.sign_out, request.app.state.db, cookie)
    response = RedirectResponse("/sign-in", status_code=303)
    sessions.clear_cookie(request, response)
    return response

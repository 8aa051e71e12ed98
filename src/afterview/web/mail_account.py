"""A career-centre seeker's own mail account: the servers the centre's workers send
through and watch for replies as them (``services/mail_accounts.py`` keeps the passwords
encrypted).

``GET /api/me/mail-account`` answers the servers and whether each has a password ("set" or
"not set"), never the password; ``PUT`` replaces the account (a server without a password
keeps the stored one while its host and user stay the same); ``DELETE`` removes it (204).
The Settings page links to ``/settings/mail-account``, the same as a form: the password
fields are never filled in, and a save or a removal answers with one sentence saying what
happened.

Only in a career centre (a personal installation's mail settings are its environment) and
only the seeker themself: a counsellor, an admin or a worker is refused (403) before
anything is read.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from afterview.domain.errors import InputError
from afterview.domain.mail_servers import SECURITIES, Security
from afterview.i18n import _
from afterview.services import mail_accounts
from afterview.services.mail_accounts import PROTOCOLS, ServerSettings
from afterview.web import acting, bodies, flash, security
from afterview.web.api import ERRORS
from afterview.wiring import Work

api = APIRouter(prefix="/api/me", tags=["api"])
pages = APIRouter(include_in_schema=False)
Csrf = Depends(security.check_csrf)
PAGE = "/settings/mail-account"


class ServerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    host: str = Field(min_length=1, max_length=mail_accounts.MAX_HOST, pattern=bodies.TEXT_PATTERN)
    port: int | None = Field(
        default=None, ge=1, le=65535, description="The usual one for the security when left out."
    )
    security: Security | None = Field(
        default=None, description="SMTP: starttls when left out; IMAP: ssl."
    )
    user: str | None = Field(
        default=None, max_length=mail_accounts.MAX_USER, pattern=bodies.TEXT_PATTERN
    )
    password: str | None = Field(
        default=None,
        max_length=mail_accounts.MAX_PASSWORD,
        pattern=bodies.TEXT_PATTERN,
        description="Written only, never read back. Left out: the stored one is kept while "
        "the host and user stay the same.",
    )


class MailAccountIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    smtp: ServerIn | None = Field(default=None, description="Where to send from.")
    imap: ServerIn | None = Field(default=None, description="Which inbox to watch for replies.")


class ServerOut(BaseModel):
    host: str
    port: int
    security: str
    user: str | None
    password: Literal["set", "not set"]


class MailAccountOut(BaseModel):
    smtp: ServerOut | None
    imap: ServerOut | None


def _work(request: Request) -> Work:
    """The signed-in seeker's unit of work; refused outside a career centre."""
    if not acting.centre(request):
        raise InputError("mail_account_centre_only")
    return acting.work(request)


def _servers(smtp: ServerIn | None, imap: ServerIn | None) -> list[ServerSettings | None]:
    found: list[ServerSettings | None] = []
    for protocol, given in zip(PROTOCOLS, (smtp, imap), strict=True):
        found.append(
            None
            if given is None
            else mail_accounts.server(
                protocol, given.host, given.port, given.security, given.user, given.password
            )
        )
    if found == [None, None]:
        raise InputError("mail_account_empty")
    return found


@api.get("/mail-account", responses=ERRORS, response_model=MailAccountOut)
def get_mail_account(request: Request) -> dict[str, Any]:
    """Your mail account's servers, and whether each has a password (never the password)."""
    return mail_accounts.status(_work(request))


@api.put("/mail-account", responses=ERRORS, response_model=MailAccountOut, dependencies=[Csrf])
def put_mail_account(request: Request, body: MailAccountIn) -> dict[str, Any]:
    """Set or replace your mail account; a server left out is removed from it."""
    work = _work(request)
    smtp, imap = _servers(body.smtp, body.imap)
    mail_accounts.save(work, smtp, imap, now=request.app.state.settings.clock())
    return mail_accounts.status(work)


@api.delete("/mail-account", responses=ERRORS, status_code=204, dependencies=[Csrf])
def delete_mail_account(request: Request) -> Response:
    """Remove your mail account, passwords and all (204 whether or not there was one)."""
    mail_accounts.remove(_work(request))
    return Response(status_code=204)


# -- the page ---------------------------------------------------------------------------------


@pages.get(PAGE)
def mail_account_page(request: Request) -> Response:
    return _page(request, mail_accounts.status(_work(request)))


@pages.post(PAGE, dependencies=[Csrf])
async def save_form(request: Request) -> Response:
    form = await request.form()
    typed = {key: str(value)[: mail_accounts.MAX_PASSWORD] for key, value in form.items()}
    work = await run_in_threadpool(_work, request)
    try:
        smtp, imap = _servers(_typed_server(typed, "smtp"), _typed_server(typed, "imap"))
        now = request.app.state.settings.clock()
        await run_in_threadpool(mail_accounts.save, work, smtp, imap, now=now)
    except InputError as exc:
        shown = await run_in_threadpool(mail_accounts.status, work)
        return _page(request, shown, problem=exc, typed=typed, status=400)
    shown = await run_in_threadpool(mail_accounts.status, work)
    return flash.say(RedirectResponse(PAGE, status_code=303), _said(shown))


@pages.post(PAGE + "/remove", dependencies=[Csrf])
def remove_form(request: Request) -> Response:
    if mail_accounts.remove(_work(request)):
        said = _("Mail account removed: its servers and passwords are gone.")
    else:
        said = _("There was no mail account to remove.")
    return flash.say(RedirectResponse(PAGE, status_code=303), said)


def _typed_server(typed: dict[str, str], protocol: str) -> ServerIn | None:
    """The form's fields for one server; ``None`` when its host is left empty."""
    host = typed.get(f"{protocol}-host", "").strip()
    if not host:
        return None
    port_text = typed.get(f"{protocol}-port", "").strip()
    try:
        port = int(port_text) if port_text else None
    except ValueError:
        raise InputError("mail_account_port", server=protocol.upper(), port=port_text) from None
    chosen = typed.get(f"{protocol}-security", "").strip().lower() or None
    if chosen is not None and chosen not in SECURITIES:
        raise InputError(
            "mail_account_security", server=protocol.upper(), choices=", ".join(SECURITIES)
        )
    return ServerIn.model_construct(
        host=host,
        port=port,
        security=chosen,
        user=typed.get(f"{protocol}-user") or None,
        password=typed.get(f"{protocol}-password") or None,
    )


def _said(shown: dict[str, Any]) -> str:
    """The sentence after a save: what is now set, and a server still without a password."""
    parts = []
    for protocol, what in (("smtp", _("sending through")), ("imap", _("watching"))):
        server = shown[protocol]
        if server is not None:
            parts.append(f"{what} {server['host']}:{server['port']}")
    said = _("Mail account saved: {servers}.").format(servers="; ".join(parts))
    bare = [p.upper() for p in PROTOCOLS if shown[p] and shown[p]["password"] == "not set"]
    if bare:
        said += " " + _("No password is saved for {servers}: type it to use that server.").format(
            servers=", ".join(bare)
        )
    return said


_FIELDS = {  # an error's code -> the field it names (of the server in its params)
    "mail_account_host": "host",
    "mail_account_port": "port",
    "mail_account_security": "security",
    "mail_account_user": "user",
    "mail_account_password": "password",
}


def _page(
    request: Request,
    shown: dict[str, Any],
    *,
    problem: InputError | None = None,
    typed: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    field = None
    if problem is not None:
        part = _FIELDS.get(problem.code)
        server = str(problem.params.get("server", "smtp")).lower()
        field = f"{server}-{part}" if part else "smtp-host"
    values = _values(shown, typed)
    context = {
        "request": request,
        "csrf_token": security.csrf_token(request),
        "shown": shown,
        "values": values,
        "securities": SECURITIES,
        "problem": str(problem) if problem is not None else None,
        "field": field,
    }
    response: Response = request.app.state.templates.TemplateResponse(
        request, "mail_account.html", context, status_code=status
    )
    return response


def _values(shown: dict[str, Any], typed: dict[str, str] | None) -> dict[str, str]:
    """What the form's fields hold: what was typed (after a refusal) or what is saved; a
    password never."""
    if typed is not None:
        return {k: v for k, v in typed.items() if not k.endswith("-password")}
    values: dict[str, str] = {}
    for protocol in PROTOCOLS:
        server = shown[protocol] or {}
        for part in ("host", "port", "security", "user"):
            value = server.get(part)
            values[f"{protocol}-{part}"] = "" if value is None else str(value)
    return values


router = APIRouter()
router.include_router(api)
router.include_router(pages)

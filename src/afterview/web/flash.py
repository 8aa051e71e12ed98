"""One sentence after every save, on the page the browser lands on.

The web app saves with Post/Redirect/Get: a save route answers with a redirect. It says what
happened (and what comes next) with :func:`say`, which puts the sentence in a short-lived
cookie on that redirect. The next full page the browser receives shows it at the top of
``<main>``, in a ``role="status"`` region that screen readers announce, and the same
response clears the cookie. :class:`FlashMiddleware` does this on the finished HTML, so every
page shows it alike, the Today page served from its cache included; a fragment (HTMX), a
file or an error page leaves the sentence waiting for the next full page.

The cookie holds only the sentence (base64url, at most :data:`LIMIT` characters) and a seal
(an HMAC under a secret of this process), is ``HttpOnly`` and ``SameSite=Lax``, and the text
is escaped where it is shown: it is never markup. The seal matters because cookies ignore
ports: a page served from another port of 127.0.0.1 can set this cookie, and without the
seal its sentence ("afterview needs an update: download it at …") would appear as the
app's own. A cookie without a valid seal is dropped.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from markupsafe import escape
from starlette.requests import cookie_parser
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from afterview import i18n
from afterview.domain.wording import kind_label
from afterview.i18n import _
from afterview.services import records
from afterview.services.overview import detail
from afterview.wiring import Work

COOKIE = "afterview_flash"
LIMIT = 600  # characters: a sentence or two, well under a cookie's 4 kB
MAIN = b'<main id="main">'  # where the sentence goes: the start of every page's content
MAX_AGE = 300  # seconds: a message not shown within five minutes is stale
_SEAL_KEY = secrets.token_bytes(32)  # per process: a sentence lives five minutes at most


def say(response: Response, text: str) -> Response:
    """Show ``text`` on the next page; returns ``response`` (a redirect, usually)."""
    value = base64.urlsafe_b64encode(text[:LIMIT].encode()).decode()
    sealed = f"{value}.{_seal(value)}"
    response.set_cookie(COOKIE, sealed, max_age=MAX_AGE, httponly=True, samesite="lax", path="/")
    return response


def read(cookie_header: str) -> str | None:
    """The waiting sentence in a ``Cookie`` header, if any (a damaged value is dropped)."""
    value, _, seal = (cookie_parser(cookie_header).get(COOKIE) or "").rpartition(".")
    if not value or not hmac.compare_digest(seal.encode(), _seal(value).encode()):
        return None  # none, or not written by this app: another port may have planted it
    try:
        return base64.urlsafe_b64decode(value.encode()).decode()[:LIMIT] or None
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def _seal(value: str) -> str:
    return hmac.new(_SEAL_KEY, value.encode(), hashlib.sha256).hexdigest()[:32]


def shown(html: bytes, text: str) -> bytes | None:
    """``html`` with the sentence at the start of ``<main>``; None for a page without one."""
    at = html.find(MAIN)
    if at < 0:
        return None
    block = f'\n<p class="flash" role="status" id="flash">{escape(text)}</p>'.encode()
    end = at + len(MAIN)
    return html[:end] + block + html[end:]


# -- what comes next ------------------------------------------------------------------------


def what_next(work: Work, app_id: int, *, now: datetime, named: bool = False) -> str:
    """The application's first pending step by due time, in the user's time zone, such as
    "Next: thank-you note to Priya Raman, by Sat 21 Nov 16:00."; or that nothing is pending.
    ``named`` says which application ("Next at Northwind: …"), for a page that shows all."""
    info = detail(work, app_id)
    zone = records.zone(work) or now.tzinfo
    pending = [s for s in info["steps"] if s["status"] == "pending" and s["due"]]
    if not pending:
        if named:
            return _("Nothing is pending at %(company)s now.") % {"company": info["company"]}
        return _("Nothing is pending now.")
    step = min(pending, key=lambda s: datetime.fromisoformat(s["due"]))
    due = datetime.fromisoformat(step["due"])
    said = {
        "company": info["company"],
        "kind": kind_label(step["kind"]),
        "to": step["to"],
        "at": i18n.when(due.astimezone(zone), "day_time"),
    }
    return _next(named, bool(step["to"]), due < now) % said


def _next(named: bool, to: bool, overdue: bool) -> str:
    """The sentence for the next step, one whole sentence per case for translators."""
    if overdue:
        if named:
            if to:
                return _("Next at %(company)s: %(kind)s to %(to)s, overdue since %(at)s.")
            return _("Next at %(company)s: %(kind)s, overdue since %(at)s.")
        if to:
            return _("Next: %(kind)s to %(to)s, overdue since %(at)s.")
        return _("Next: %(kind)s, overdue since %(at)s.")
    if named:
        if to:
            return _("Next at %(company)s: %(kind)s to %(to)s, by %(at)s.")
        return _("Next at %(company)s: %(kind)s, by %(at)s.")
    if to:
        return _("Next: %(kind)s to %(to)s, by %(at)s.")
    return _("Next: %(kind)s, by %(at)s.")


def _zone(name: object) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if isinstance(name, str) and name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


# -- the middleware -------------------------------------------------------------------------


class FlashMiddleware:
    """Shows a waiting sentence in the next full HTML page and clears its cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        text = _waiting(scope)
        if text is None:
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, _Page(send, text))


def _waiting(scope: Scope) -> str | None:
    if scope["type"] != "http" or scope["method"] != "GET":
        return None
    headers = dict(scope.get("headers") or [])
    if b"hx-request" in headers:
        return None  # a fragment: the sentence waits for the next full page
    cookie = headers.get(b"cookie")
    return read(cookie.decode("latin-1")) if cookie else None


class _Page:
    """A ``send`` that holds back a full HTML page to put the sentence in it."""

    def __init__(self, send: Send, text: str) -> None:
        self.send, self.text = send, text
        self.start: Message | None = None
        self.chunks: list[bytes] = []
        self.passing = False

    async def __call__(self, message: Message) -> None:
        if self.passing:
            await self.send(message)
        elif message["type"] == "http.response.start":
            self.start = message
            self.passing = not _is_page(message)
            if self.passing:
                await self.send(message)
        elif message["type"] == "http.response.body":
            self.chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                await self._finish()
        else:
            await self.send(message)

    async def _finish(self) -> None:
        assert self.start is not None
        body = b"".join(self.chunks)
        page = shown(body, self.text)
        headers = [(k, v) for k, v in self.start.get("headers", []) if k != b"content-length"]
        if page is not None:
            body = page
            gone = f"{COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=lax"
            headers.append((b"set-cookie", gone.encode()))
        headers.append((b"content-length", str(len(body)).encode()))
        await self.send({**self.start, "headers": headers})
        await self.send({"type": "http.response.body", "body": body, "more_body": False})


def _is_page(start: Message) -> bool:
    """A successful HTML page (not a redirect, an error page, a file or a fragment)."""
    headers = dict(start.get("headers", []))
    kind = headers.get(b"content-type", b"")
    return bool(start["status"] == 200 and kind.startswith(b"text/html"))

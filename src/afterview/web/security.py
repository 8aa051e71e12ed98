"""Safety for a local web app: its own Host only, CSRF tokens, and strict headers.

afterview listens on 127.0.0.1, but a page on any web site can still make the browser
send requests there. Three defences:

* **Host check** — a request whose ``Host`` is not one of the app's own names is refused,
  which defeats DNS rebinding (a hostile name that resolves to 127.0.0.1).
* **CSRF token** — every state-changing request (POST, PUT, PATCH, DELETE) must carry the
  token from the ``afterview_csrf`` cookie, as the form field ``csrf_token`` or the
  ``X-CSRF-Token`` header (HTMX sends the header). Another site can make the browser send
  the cookie, but cannot read it to copy it into the request.
* **Headers** — a Content-Security-Policy that allows only the app's own scripts and
  styles, no framing, and no referrer.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable

from starlette.requests import Request
from starlette.responses import Response

CSRF_COOKIE = "afterview_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class Refused(Exception):
    """A request the safety checks turn away; rendered by the one error path."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def host_allowed(host_header: str | None, allowed: Iterable[str]) -> bool:
    if not host_header:
        return False
    host = host_header.rsplit(":", 1)[0] if not host_header.endswith("]") else host_header
    return host.strip("[]").lower() in {h.lower() for h in allowed}


def csrf_token(request: Request) -> str:
    """The browser's token (a new one when it has none yet; set by :func:`guard`)."""
    token = request.cookies.get(CSRF_COOKIE)
    if not token:
        token = getattr(request.state, "new_csrf", None) or secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return token


async def check_csrf(request: Request) -> None:
    if request.method not in UNSAFE:
        return
    expected = request.cookies.get(CSRF_COOKIE)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise Refused(
            403,
            "csrf",
            "This request lacks the page's security token; reload the page and try again.",
        )


def finish(request: Request, response: Response) -> Response:
    """Add the safety headers, and the CSRF cookie when this browser had none."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    new = getattr(request.state, "new_csrf", None)
    if new and not request.cookies.get(CSRF_COOKIE):
        response.set_cookie(CSRF_COOKIE, new, httponly=False, samesite="strict", path="/")
    return response

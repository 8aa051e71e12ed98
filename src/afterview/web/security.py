"""Safety for a local web app: its own address only, CSRF tokens, and strict headers.

afterview listens on 127.0.0.1, but a page on any web site can still make the browser
send requests there, and a page served from *another port* of 127.0.0.1 is, for cookies,
the same site: it can read a cookie that scripts may read, and even set one. The defences:

* **Host check** — a request whose ``Host`` is not one of the app's own names *and* the
  port it listens on is refused, which defeats DNS rebinding (a hostile name that resolves
  to 127.0.0.1) and a request meant for another server on the same machine.
* **Origin check** — a state-changing request (POST, PUT, PATCH, DELETE) sent by a browser
  must come from the app's own origin, port included: an ``Origin`` header naming anything
  else is refused, and so is a request the browser marks ``Sec-Fetch-Site: cross-site`` or
  ``same-site`` (another port of 127.0.0.1 is "same-site"). A client that is not a browser
  (curl, a script) sends neither header and still needs the token.
* **CSRF token** — every state-changing request carries the page's token, as the form field
  ``csrf_token`` or the ``X-CSRF-Token`` header (HTMX sends the header). The token is an
  HMAC, under the app's secret, of a random browser key kept in an ``HttpOnly`` cookie:
  a script on another port can neither read that key nor, if it plants a key of its own,
  work out the token that goes with it. Only the app's own pages hold the token.
* **Headers** — a Content-Security-Policy that allows only the app's own scripts and
  styles, no framing, and a referrer sent to the app itself only (which keeps a real
  ``Origin`` on its own form posts: under ``no-referrer`` browsers send ``Origin: null``).

Request bodies (size, text fields) are checked in :mod:`afterview.web.bodies`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

CSRF_COOKIE = "afterview_key"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_KEY = re.compile(r"[A-Za-z0-9_-]{43}")  # what secrets.token_urlsafe(32) makes
_BROWSER_SITES = frozenset({"same-origin", "none"})  # "none": the user's own navigation
DEFAULT_PORTS = {"http": 80, "https": 443}

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
CSRF_REFUSED = "This request lacks the page's security token; reload the page and try again."


class Refused(Exception):
    """A request the safety checks turn away; rendered by the one error path."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def split_host(host_header: str, scheme: str) -> tuple[str, int | None]:
    """``Host`` as (name, port); the scheme's port when none is written, None if unreadable."""
    name, sep, port = host_header.rpartition(":")
    if not sep or name.endswith(":") or (name.startswith("[") != name.endswith("]")):
        name, port = host_header, ""  # no port (an IPv6 literal has colons of its own)
    if port and not port.isdigit():
        return name.strip("[]").lower(), None
    return name.strip("[]").lower(), int(port) if port else DEFAULT_PORTS.get(scheme)


def host_allowed(
    host_header: str | None, allowed: Iterable[str], port: int | None, scheme: str = "http"
) -> bool:
    """Whether ``Host`` names the app: one of its names, and the port it listens on."""
    if not host_header:
        return False
    name, sent_port = split_host(host_header, scheme)
    if name not in {h.lower() for h in allowed}:
        return False
    return port is None or sent_port == port  # no port: served on a Unix socket


def cross_origin(request: Request) -> str | None:
    """Why an unsafe request did not come from the app's own pages, or None if it did."""
    own = f"{request.scope['scheme']}://{request.headers.get('host', '')}".lower()
    origin = request.headers.get("origin")
    site = request.headers.get("sec-fetch-site")
    if origin is not None and origin != "null":
        return None if origin.lower() == own else f"it was sent from {origin[:100]}"
    if site is not None:
        return None if site in _BROWSER_SITES else "the browser marks it as sent from elsewhere"
    if origin == "null":
        return "it was sent from a page with no origin"
    return None  # not a browser: the token decides


def browser_key(request: Request) -> str:
    """This browser's key (a new one when it has none or a malformed one; see :func:`finish`)."""
    key = request.cookies.get(CSRF_COOKIE)
    if key is None or not _KEY.fullmatch(key):
        key = getattr(request.state, "new_csrf", None) or secrets.token_urlsafe(32)
        request.state.new_csrf = key
    return key


SECRET_FILE = "web-secret"
SECRET_BYTES = 32


def stored_secret(folder: Path) -> bytes:
    """The secret tokens are signed with, kept in the data folder (0600) so that pages left
    open across a restart of ``afterview serve`` keep working; made on first use."""
    from afterview import private_files

    path = folder / SECRET_FILE
    if path.is_file():
        secret = path.read_bytes()
        if len(secret) == SECRET_BYTES:
            return secret
    secret = secrets.token_bytes(SECRET_BYTES)
    private_files.make_folder(folder)
    private_files.write_atomically(path, secret)
    return secret


def sign(secret: bytes, key: str) -> str:
    digest = hmac.new(secret, key.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def csrf_token(request: Request) -> str:
    """The token for this browser's pages: what its forms and HTMX requests send back."""
    return sign(request.app.state.csrf_secret, browser_key(request))


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer`` header, if the request sends one."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


async def check_csrf(request: Request) -> None:
    if request.method not in UNSAFE:
        return
    if bearer_token(request) is not None and _centre(request):
        # A career centre's API client: a browser never adds an Authorization header to a
        # request another site makes it send (that takes a CORS preflight, which the app
        # never allows), and such a request acts for the token's account alone (acting.py).
        return
    key = request.cookies.get(CSRF_COOKIE)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not key or not sent or not _KEY.fullmatch(key):
        raise Refused(403, "csrf", CSRF_REFUSED)
    expected = sign(request.app.state.csrf_secret, key)
    if not hmac.compare_digest(expected.encode(), sent.encode()):
        raise Refused(403, "csrf", CSRF_REFUSED)


def _in_centre(request: Request) -> bool:
    app = request.scope.get("app")
    return bool(app is not None and getattr(app.state, "db", None) and app.state.db.centre)


def _say_personal(response: Response) -> None:
    """A file a signed-in person downloads says in its name that it is theirs, so that it
    is not left behind in a shared computer's Downloads folder as anyone's."""
    disposition = response.headers.get("content-disposition", "")
    if 'filename="' in disposition and 'filename="personal-' not in disposition:
        named = disposition.replace('filename="', 'filename="personal-', 1)
        response.headers["Content-Disposition"] = named


def _centre(request: Request) -> bool:
    db = request.app.state.db
    db.ensure_schema()  # quick once done: whether this is a centre is read with the schema
    return bool(db.centre)


def finish(request: Request, response: Response) -> Response:
    """Add the safety headers, and the browser key's cookie when this browser had none."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if getattr(request.state, "signed_in", False):
        # A career centre's signed-in answer is one person's: no cache keeps it, so Back
        # after signing out on a shared computer asks the server again, and is refused.
        response.headers["Cache-Control"] = "no-store"
        _say_personal(response)
    elif _in_centre(request) and not request.url.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"  # its pages show who is signed in
    new = getattr(request.state, "new_csrf", None)
    if new and request.cookies.get(CSRF_COOKIE) != new:
        response.set_cookie(CSRF_COOKIE, new, httponly=True, samesite="strict", path="/")
    return response

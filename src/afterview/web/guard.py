"""The safety checks of every request (:mod:`afterview.web.security`), as plain ASGI.

Starlette's ``@app.middleware("http")`` runs the rest of the app in a task of its own and
passes the response through in-memory streams: about 1 ms of CPU per request on the
benchmark machine, more than serving the cached Today page itself. This middleware does
the same work in line: the Host check before the app sees the request, then the safety
headers and the CSRF cookie added to the first message of the response.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from afterview.web import errors, security

FOREIGN_HOST = "This address is not afterview's own; open it at http://127.0.0.1 instead."


class Guard:
    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})  # shared by every Request made from this scope
        request = Request(scope)
        if not security.host_allowed(request.headers.get("host"), self.allowed_hosts):
            refusal = errors.error_response(request, 400, "host", FOREIGN_HOST)
            await security.finish(request, refusal)(scope, receive, send)
            return

        async def send_safely(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                security.finish(request, _Started(headers))  # adds to `headers` in place
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_safely)


class _Started(Response):
    """A response already on its way, seen as a Response so that ``finish`` can add to it."""

    def __init__(self, raw_headers: list[tuple[bytes, bytes]]) -> None:
        self.raw_headers = raw_headers

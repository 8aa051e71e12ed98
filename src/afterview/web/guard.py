"""The safety checks of every request (:mod:`afterview.web.security`), as plain ASGI.

Starlette's ``@app.middleware("http")`` runs the rest of the app in a task of its own and
passes the response through in-memory streams: about 1 ms of CPU per request on the
benchmark machine, more than serving the cached Today page itself. This middleware does
the same work in line, before the app sees the request:

1. the Host check (the app's own names and the port it listens on);
2. for a state-changing request, the Origin check (:func:`security.cross_origin`);
3. for a request with a body, its size and its text fields (:mod:`afterview.web.bodies`);

then adds the safety headers and the browser key's cookie to the first message of the
response. A refusal takes the one error path: JSON under ``/api``, an error page elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from afterview.web import bodies, errors, security

FOREIGN_HOST = "This address is not afterview's own; open it at http://127.0.0.1 instead."
FOREIGN_ORIGIN = (
    "This change was refused because {why}; afterview accepts changes only from its own "
    "pages. Open afterview at {own} and make the change there."
)


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
        refusal, receive = await self._check(request, receive)
        if refusal is not None:
            await security.finish(request, refusal)(scope, receive, send)
            return

        async def send_safely(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                security.finish(request, _Started(headers))  # adds to `headers` in place
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_safely)

    async def _check(self, request: Request, receive: Receive) -> tuple[Response | None, Receive]:
        """The refusal of the first check that fails (or None), and how to read the body."""
        scope = request.scope
        server = scope.get("server")
        port = server[1] if server else None
        host = request.headers.get("host")
        if not security.host_allowed(host, self.allowed_hosts, port, scope["scheme"]):
            return errors.error_response(request, 400, "host", FOREIGN_HOST), receive
        if request.method in security.UNSAFE:
            why = security.cross_origin(request)
            if why is not None:
                own = f"{scope['scheme']}://{host}"
                message = FOREIGN_ORIGIN.format(why=why, own=own)
                return errors.error_response(request, 403, "origin", message), receive
        if not bodies.has_body(scope):
            return None, receive
        return await _check_body(request, receive)


async def _check_body(request: Request, receive: Receive) -> tuple[Response | None, Receive]:
    if bodies.declared_too_large(request.scope):
        await bodies.discard(receive)
        return errors.error_response(request, 413, "too_large", bodies.TOO_LARGE), receive
    try:
        body, messages = await bodies.read_body(receive)
    except bodies.TooLarge:
        return errors.error_response(request, 413, "too_large", bodies.TOO_LARGE), receive
    receive = bodies.replay(messages, receive)
    problem = await bodies.text_problem(request.scope, body) if body is not None else None
    if problem is not None:
        return errors.error_response(request, 422, "invalid", problem), receive
    return None, receive


class _Started(Response):
    """A response already on its way, seen as a Response so that ``finish`` can add to it."""

    def __init__(self, raw_headers: list[tuple[bytes, bytes]]) -> None:
        self.raw_headers = raw_headers

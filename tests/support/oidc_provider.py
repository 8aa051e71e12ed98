"""A small OpenID Connect provider the tests run themselves, on 127.0.0.1.

Just enough of one for the authorization code flow with PKCE: discovery, the published
keys (JWKS, one RSA key made for the run), an authorization endpoint that approves the
configured person at once and sends the browser back with a code, and a token endpoint
that checks the client's secret, the code (once) and the PKCE verifier, and answers with
an ID token signed with Authlib's JOSE implementation (joserfc).

A test makes it misbehave by setting one of its knobs: another audience or issuer in the
token, a signature by a key it does not publish, a nonce other than the one asked for,
an ID token already expired, an ``email_verified`` given as a string. Its endpoint and
keys can change while it runs: another authorization endpoint in its discovery document,
a new key published and signed with.
"""

from __future__ import annotations

import base64
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import uvicorn
from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

KEY_ID = "provider-key"


@dataclass
class Person:
    """Who the provider signs in: its subject, and the address it vouches for."""

    subject: str
    email: str | None
    email_verified: bool | str | int = True  # as sent: some providers send "true"


def _key() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": KEY_ID, "use": "sig", "alg": "RS256"})


@dataclass
class Provider:
    client_id: str
    client_secret: str
    clock: Callable[[], datetime]
    person: Person = field(default_factory=lambda: Person("subject-a", "a@example.org"))
    url: str = ""  # set once it is served: its issuer
    # Knobs: what a misbehaving (or impersonated) provider puts in its ID token.
    audience: str | None = None  # None: the client id
    issuer: str | None = None  # None: its own address
    nonce: str | None = None  # None: the one the sign-in asked for
    foreign_key: bool = False  # sign with a key of the same id that it does not publish
    lifetime: timedelta = timedelta(minutes=5)
    issued_ago: timedelta = timedelta(0)
    # What its discovery document names (both paths are served): a provider's move.
    authorize_path: str = "/authorize"
    # What it saw: discovery documents read.
    discoveries: int = 0
    # What it saw: each sign-in's nonce, in order.
    nonces: list[str] = field(default_factory=list)
    key: RSAKey = field(default_factory=_key)
    other_key: RSAKey = field(default_factory=_key)
    codes: dict[str, dict[str, str]] = field(default_factory=dict)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.discovery),
                Route("/jwks", self.jwks),
                Route("/authorize", self.authorize),
                Route("/v2/authorize", self.authorize),
                Route("/token", self.token, methods=["POST"]),
            ]
        )

    async def discovery(self, request: Request) -> Response:
        self.discoveries += 1
        return JSONResponse(
            {
                "issuer": self.url,
                "authorization_endpoint": f"{self.url}{self.authorize_path}",
                "token_endpoint": f"{self.url}/token",
                "jwks_uri": f"{self.url}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
                "code_challenge_methods_supported": ["S256"],
            }
        )

    async def jwks(self, request: Request) -> Response:
        return JSONResponse({"keys": [self.key.as_dict(private=False)]})

    async def authorize(self, request: Request) -> Response:
        """Approve the configured person at once: back to the client with a code."""
        asked = request.query_params
        if (
            asked.get("client_id") != self.client_id
            or asked.get("response_type") != "code"
            or asked.get("code_challenge_method") != "S256"
            or "openid" not in asked.get("scope", "").split()
            or not asked.get("nonce")
            or not asked.get("code_challenge")
        ):
            return JSONResponse({"error": "invalid_request"}, status_code=400)
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "nonce": asked["nonce"],
            "challenge": asked["code_challenge"],
            "redirect_uri": asked["redirect_uri"],
        }
        self.nonces.append(asked["nonce"])
        back = urlencode({"code": code, "state": asked.get("state", "")})
        return RedirectResponse(f"{asked['redirect_uri']}?{back}", status_code=302)

    async def token(self, request: Request) -> Response:
        """The ID token for a code, once, to the client that proves its secret and the
        PKCE verifier."""
        from authlib.oauth2.rfc7636 import create_s256_code_challenge

        if request.headers.get("authorization") != self._basic():
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        form = await request.form()
        grant = self.codes.pop(str(form.get("code", "")), None)
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("redirect_uri") != grant["redirect_uri"]
            or create_s256_code_challenge(str(form.get("code_verifier", ""))) != grant["challenge"]
        ):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        return JSONResponse(
            {
                "access_token": secrets.token_urlsafe(16),
                "token_type": "Bearer",
                "id_token": self.id_token(grant["nonce"]),
            }
        )

    def _basic(self) -> str:
        pair = f"{self.client_id}:{self.client_secret}".encode()
        return "Basic " + base64.b64encode(pair).decode()

    def id_token(self, nonce: str) -> str:
        issued = self.clock() - self.issued_ago
        claims: dict[str, Any] = {
            "iss": self.issuer or self.url,
            "sub": self.person.subject,
            "aud": self.audience or self.client_id,
            "iat": int(issued.timestamp()),
            "exp": int((issued + self.lifetime).timestamp()),
            "nonce": self.nonce or nonce,
        }
        if self.person.email is not None:
            claims |= {"email": self.person.email, "email_verified": self.person.email_verified}
        key = self.other_key if self.foreign_key else self.key
        return jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims, key)


@contextmanager
def served(provider: Provider) -> Iterator[Provider]:
    """Serve ``provider`` on a free loopback port until the block ends."""
    server = uvicorn.Server(
        uvicorn.Config(provider.app(), host="127.0.0.1", port=0, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    started = threading.Event()
    while not started.wait(0.01):  # the server's own flag, not a fixed time
        if server.started:
            started.set()
        assert thread.is_alive(), "the provider did not start"
    provider.url = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    try:
        yield provider
    finally:
        server.should_exit = True
        thread.join(timeout=10)

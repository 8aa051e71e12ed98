"""Single sign-on with OpenID Connect: the sign-ins under way, and the account an identity
provider's verified identity names (career centre only).

The protocol itself (discovery, the redirect, the code exchange, checking the ID token's
signature and claims) is the web app's, in ``web/oidc.py``; this keeps what must survive
between the redirect and the callback, on the server, and decides who signs in:

- A **flow** is one sign-in sent to the provider: a random ``state`` (kept as its SHA-256,
  like a session), the ``nonce`` the ID token must carry, and the PKCE verifier. Taking it
  at the callback marks it used, so a callback replayed (by the browser's history, or by
  someone who copied its address) finds nothing, and a nonce once used is recognised.
- The **account** is the one linked to the provider's (issuer, subject); the first time,
  the enabled account with the provider's *verified* address, which is then linked.
  Accounts are never created here: an administrator adds them (``afterview users add``).

Each flow is a row kept for ten minutes before anyone is known, so starting one is limited
the way failed password sign-ins are (:class:`StartLimits`): per network address, counted
in the same table by the same rule (``sign_in_failures``, under a key of their own that no
address tried and no network address can be), and in all, by a cap on the flows kept.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from afterview.domain.actor import Actor
from afterview.domain.errors import InputError
from afterview.services.accounts import (
    Session,
    SessionRules,
    SignInLimited,
    open_session,
    refuse_if_limited,
    token_hash,
)
from afterview.services.ports import Directory, accounts_repo

FLOW_LIFETIME = timedelta(minutes=10)  # from the button to the callback: a person's pace
STARTS = "oidc-start"  # the key of a network address's starts: "oidc-start 192.0.2.7"
BUSY_RETRY_S = 60  # when the cap is reached: flows end within FLOW_LIFETIME, some sooner


@dataclass(frozen=True)
class StartLimits:
    """How many sign-ins may be started.

    - ``per_address``: starts from one network address within the session rules' window
      (15 minutes), then "try again in … seconds" (429), as for failed password sign-ins.
      A resource centre's computers may share one address, so it is higher than the five
      failed passwords, and a sign-in finished from the address forgets its starts.
    - ``pending``: flows kept at once, whoever started them (a stranger with many
      addresses): past it, "too many sign-ins under way" (503) until some end. 10,000 in
      ten minutes is a thousand sign-ins a minute, far past any centre's morning.
    """

    per_address: int = 20
    pending: int = 10_000


class SingleSignOnRefused(InputError):
    """The provider's answer signs nobody in; the code says why."""


@dataclass(frozen=True)
class Flow:
    """A sign-in sent to the provider: what the redirect carries (``state``, ``nonce``,
    the PKCE ``verifier``'s challenge), returned once."""

    state: str
    nonce: str
    verifier: str


@dataclass(frozen=True)
class Identity:
    """What a verified ID token says of the person."""

    issuer: str
    subject: str
    email: str | None
    email_verified: bool


def _centre(db: Directory) -> Directory:
    db.ensure_schema()
    if not db.centre:
        raise InputError("accounts_need_centre")
    return db


def start(
    db: Directory,
    now: datetime,
    *,
    address: str,
    rules: SessionRules,
    limits: StartLimits,
) -> Flow:
    """A new sign-in from the network ``address``, kept until :data:`FLOW_LIFETIME` has
    passed or it is taken; refused past the :class:`StartLimits`. A start refused for its
    address is not counted; one refused for the cap is (it was a start all the same)."""
    flow = Flow(secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(48))
    key = f"{STARTS} {address}"
    with _centre(db).transaction() as tx:
        try:
            refuse_if_limited(tx, key, key, now, replace(rules, failures=limits.per_address))
        except SignInLimited as exc:
            raise SingleSignOnRefused("oidc_start_limited", seconds=exc.params["seconds"]) from None
        accounts_repo.sign_in_failed(tx, key, key, now)
        kept = accounts_repo.oidc_flow_start(
            tx,
            token_hash(flow.state),
            flow.nonce,
            flow.verifier,
            now,
            now + FLOW_LIFETIME,
            limits.pending,
        )
        # Counts older than the window go (no row has the bare key: every start's names its
        # address). Last, under the flows' lock: concurrent starts delete them in turn.
        accounts_repo.sign_in_forget(tx, STARTS, now - rules.window)
    if not kept:
        raise SingleSignOnRefused("oidc_busy", seconds=BUSY_RETRY_S)
    return flow


def take(db: Directory, state: str, now: datetime) -> tuple[str, str]:
    """The (nonce, verifier) of the live sign-in ``state`` names, taken once."""
    with _centre(db).transaction() as tx:
        found = accounts_repo.oidc_flow_take(tx, token_hash(state), now)
    if found is None:
        raise SingleSignOnRefused("oidc_state_unknown")
    return found


def nonce_used(db: Directory, nonce: str) -> bool:
    """Whether an ID token's ``nonce`` is that of a sign-in already taken (a replay)."""
    with _centre(db).read() as tx:
        return accounts_repo.oidc_nonce_used(tx, nonce)


def sign_in(
    db: Directory, identity: Identity, *, address: str, now: datetime, rules: SessionRules
) -> Session:
    """Open a session for the account ``identity`` names (see module), linking it the
    first time, and forget the starts from ``address``; :class:`SingleSignOnRefused` when
    it names none."""
    with _centre(db).transaction() as tx:
        found = accounts_repo.oidc_account(tx, identity.issuer, identity.subject)
        linked = found is not None
        email = (identity.email or "").strip().lower()
        if found is None and email and identity.email_verified:
            found = accounts_repo.oidc_email_account(tx, identity.issuer, email)
    if found is None:
        if email and not identity.email_verified:
            raise SingleSignOnRefused("oidc_email_unverified", email=email)
        raise SingleSignOnRefused("oidc_no_account", email=email or "?")
    if not linked:
        with db.transaction(actor=Actor.seeker(found[0])) as tx:
            accounts_repo.oidc_link(tx, identity.issuer, identity.subject, now)
    session = open_session(db, found[0], now=now, rules=rules)
    with db.transaction() as tx:
        accounts_repo.sign_in_forget(tx, f"{STARTS} {address}", now - rules.window)
    return session

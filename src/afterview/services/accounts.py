"""Accounts that sign in to a career centre: adding, listing, disabling, tokens, erasure.

Only a career centre has them (``storage/centre.py``): a personal database serves the one
person at the computer, who never signs in, and these refuse it in one sentence.

- A **password** is kept as its Argon2id hash (``pwdlib``): slow on purpose, so that a
  stolen table does not give the passwords back.
- A **personal API token** is 256 random bits, shown once and kept as its SHA-256: a fast
  hash is the right one for a secret nobody could guess, and it lets the token be looked
  up by its hash on every request.
- **Erasure** deletes the account and every row it holds, and says what went.

The administrator's functions act for nobody (the account is found by its address through
the centre's functions); what belongs to one account (its tokens, its rows) is written in
that account's own unit of work, so row-level security holds it to that account.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, cast

from afterview.domain.actor import Actor, Role
from afterview.domain.errors import InputError, UnknownRecord
from afterview.services.ports import Directory, accounts_repo

if TYPE_CHECKING:
    from pwdlib import PasswordHash


AccountRole = Literal["seeker", "counsellor", "admin"]
ROLES: tuple[AccountRole, ...] = ("seeker", "counsellor", "admin")
MIN_PASSWORD = 8  # characters: NIST SP 800-63B's floor for a password a person chose
MAX_EMAIL = 254  # characters: the longest address SMTP carries (RFC 5321 path limit)
TOKEN_PREFIX = "av_"  # tells a leaked token apart in a log or a secret scanner
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    role: str
    created_at: datetime | None
    disabled_at: datetime | None


@dataclass(frozen=True)
class Token:
    """One of an account's API tokens as an administrator may see it: never the token."""

    id: int
    created_at: datetime | None
    last_used_at: datetime | None


@dataclass(frozen=True)
class Erased:
    """What erasing an account removed: rows by table (only tables it had rows in)."""

    email: str
    rows: dict[str, int]


def email_address(text: str) -> str:
    """``text`` as the stored address: trimmed, lower-cased, and checked."""
    email = text.strip().lower()
    if len(email) > MAX_EMAIL or not _EMAIL.fullmatch(email):
        raise InputError("account_email_invalid", email=text)
    return email


@lru_cache(maxsize=1)
def _hasher() -> PasswordHash:
    from pwdlib import PasswordHash  # deferred: only sign-in and `users add` hash

    return PasswordHash.recommended()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError("account_password_short", least=MIN_PASSWORD)
    return _hasher().hash(password)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _centre(db: Directory) -> Directory:
    db.ensure_schema()
    if not db.centre:
        raise InputError("accounts_need_centre")
    return db


def add(db: Directory, email: str, role: str, password: str, now: datetime) -> int:
    """A new account; its address must be free."""
    email = email_address(email)
    if role not in ROLES:
        raise InputError("not_one_of", option="role", value=role, choices=", ".join(ROLES))
    hashed = hash_password(password)
    with _centre(db).transaction() as tx:
        found = accounts_repo.add(tx, email, role, hashed, now)
    if found is None:
        raise InputError("account_exists", email=email)
    return found


def accounts(db: Directory) -> list[Account]:
    with _centre(db).read() as tx:
        return [Account(**row) for row in accounts_repo.listed(tx)]


def disable(db: Directory, email: str, now: datetime) -> int:
    """Disable an account: its tokens and sessions stop working from the next request."""
    email = email_address(email)
    with _centre(db).transaction() as tx:
        found = accounts_repo.disable(tx, email, now)
    if found is None:
        raise UnknownRecord("unknown_account", email=email)
    return found


def _account(db: Directory, email: str) -> Actor:
    """The account ``email`` names, acting for itself (its own rows: tokens, its search)."""
    with _centre(db).read() as tx:
        found = accounts_repo.account_id(tx, email)
    if found is None:
        raise UnknownRecord("unknown_account", email=email)
    return Actor.seeker(found)


def new_token(db: Directory, email: str, now: datetime) -> str:
    """A new personal API token for the account: returned once, kept only as its hash."""
    account = _account(db, email_address(email))
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with db.transaction(actor=account) as tx:
        accounts_repo.add_token(tx, token_hash(token), now)
    return token


def tokens(db: Directory, email: str) -> list[Token]:
    """The account's API tokens, oldest first, each with when it was made and last used
    (to the minute: a use is noted at most once a minute)."""
    account = _account(db, email_address(email))
    with db.read(actor=account) as tx:
        return [Token(**row) for row in accounts_repo.tokens(tx)]


def erase(db: Directory, email: str) -> Erased:
    """Delete the account and every row it holds, in one transaction."""
    email = email_address(email)
    account = _account(db, email)
    with db.transaction(actor=account) as tx:
        tables = accounts_repo.owned_tables(tx)
        counts = accounts_repo.count_owned(tx, tables)
        accounts_repo.erase(tx, tables)
    return Erased(email, {table: n for table, n in counts.items() if n})


def token_actor(db: Directory, token: str, *, now: datetime) -> Actor | None:
    """Who a personal API token acts for: its enabled account, in the account's role. The
    token's last use is noted (once a minute at most), so an administrator can tell a
    token still in use from a forgotten one (``afterview users tokens``).

    One statement, its own transaction at read-committed: two requests with one token at
    once both go through, the second finding the use already noted; run again on a dead
    connection, it notes nothing twice."""
    if not token or not db.centre:
        return None
    hashed = token_hash(token)
    found = db.alone(lambda tx: accounts_repo.token_account(tx, hashed, now))
    if found is None:
        return None
    account, role = found
    return Actor.signed_in(account, cast(Role, role))


# -- sessions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionRules:
    """How long a session lasts and how many failed sign-ins are let through.

    - ``idle``: 20 minutes without a request ends a session. On a public computer at a
      resource centre the next person sits down within minutes of the last one leaving.
    - ``lifetime``: 12 hours ends it whatever happens: one working day, so that a session
      never outlives the day it began in (a computer left signed in overnight is not), and
      a stolen cookie is worth one day at most, while a seeker working all day is asked
      to sign in once.
    - ``failures`` within ``window`` (5 in 15 minutes), per address tried and per network
      address, before sign-in answers "try later": enough for a person's typing, too few
      for guessing.
    """

    idle: timedelta = timedelta(minutes=20)
    lifetime: timedelta = timedelta(hours=12)
    failures: int = 5
    window: timedelta = timedelta(minutes=15)


class SignInFailed(InputError):
    """Wrong address or password (or a disabled account): one answer for all of them."""


class SignInLimited(InputError):
    """Too many failed sign-ins lately; ``params["seconds"]`` until the next try."""


@dataclass(frozen=True)
class Session:
    """A new session: the cookie's value (given to the browser once) and who it names."""

    cookie: str
    actor: Actor


@lru_cache(maxsize=1)
def _decoy() -> str:
    """A hash no password matches, compared when no account does, so that an unknown
    address takes as long to refuse as a wrong password."""
    return _hasher().hash(secrets.token_urlsafe(16))


def sign_in(
    db: Directory, email: str, password: str, *, address: str, now: datetime, rules: SessionRules
) -> Session:
    """Check the password and open a session; :class:`SignInFailed` or
    :class:`SignInLimited` otherwise (the same answer for an unknown address)."""
    email = email.strip().lower()
    with _centre(db).transaction() as tx:
        refuse_if_limited(tx, email, address, now, rules)
        found = accounts_repo.sign_in_lookup(tx, email)
    stored = found["password_hash"] if found and found["password_hash"] else _decoy()
    matches = _hasher().verify(password, stored)
    if found is None or not matches or found["disabled"] or not found["password_hash"]:
        with db.transaction() as tx:
            accounts_repo.sign_in_failed(tx, email, address, now)
        raise SignInFailed("sign_in_failed")
    with db.transaction() as tx:
        accounts_repo.sign_in_forget(tx, email, now - rules.window)
    return open_session(db, int(found["account"]), now=now, rules=rules)


def open_session(db: Directory, account: int, *, now: datetime, rules: SessionRules) -> Session:
    """A new session for ``account``, whose credentials were just checked (a password, or
    a provider's ID token: ``services/single_sign_on.py``)."""
    cookie = secrets.token_urlsafe(32)
    with db.transaction(actor=Actor.seeker(account)) as tx:
        accounts_repo.add_session(tx, token_hash(cookie), now, now + rules.lifetime)
    with db.transaction() as tx:
        role = accounts_repo.session_account(tx, token_hash(cookie), now, now - rules.idle)
    if role is None:  # disabled between the check and now
        raise SignInFailed("sign_in_failed")
    return Session(cookie, Actor.signed_in(role[0], cast(Role, role[1])))


def refuse_if_limited(
    tx: Any, email: str, address: str, now: datetime, rules: SessionRules
) -> None:
    """:class:`SignInLimited` once ``rules.failures`` are counted within ``rules.window``
    for ``email`` or for ``address`` (single sign-on counts its starts here too)."""
    seen = accounts_repo.sign_in_failures(tx, email, address, now - rules.window)
    firsts = [
        seen[first]
        for count, first in (("by_email", "first_by_email"), ("by_address", "first_by_address"))
        if seen[count] >= rules.failures and seen[first] is not None
    ]
    if firsts:
        wait = max(first + rules.window - now for first in firsts)
        seconds = max(1, math.ceil(wait.total_seconds()))  # then the first one is forgotten
        raise SignInLimited("sign_in_limited", seconds=seconds)


def session_actor(
    db: Directory, cookie: str, *, now: datetime, rules: SessionRules
) -> Actor | None:
    """Who a session cookie acts for, while the session lives; marks it seen."""
    if not cookie or not db.centre:
        return None
    hashed, seen_since = token_hash(cookie), now - rules.idle
    found = db.alone(lambda tx: accounts_repo.session_account(tx, hashed, now, seen_since))
    return None if found is None else Actor.signed_in(found[0], cast(Role, found[1]))


def sign_out(db: Directory, cookie: str) -> None:
    """End the session a cookie names (nothing happens for an unknown one)."""
    if cookie and db.centre:
        with db.transaction() as tx:
            accounts_repo.end_session(tx, token_hash(cookie))

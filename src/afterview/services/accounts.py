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
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, cast

from afterview.domain.actor import Actor, Role
from afterview.domain.errors import InputError, UnknownRecord
from afterview.storage import accounts_repo
from afterview.storage.work import Work

if TYPE_CHECKING:
    from pwdlib import PasswordHash

    from afterview.storage.db import Database

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


def _centre(db: Database) -> Database:
    db.ensure_schema()
    if not db.centre:
        raise InputError("accounts_need_centre")
    return db


def add(db: Database, email: str, role: str, password: str, now: datetime) -> int:
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


def accounts(db: Database) -> list[Account]:
    with _centre(db).read() as tx:
        return [Account(**row) for row in accounts_repo.listed(tx)]


def disable(db: Database, email: str, now: datetime) -> int:
    """Disable an account: its tokens and sessions stop working from the next request."""
    email = email_address(email)
    with _centre(db).transaction() as tx:
        found = accounts_repo.disable(tx, email, now)
    if found is None:
        raise UnknownRecord("unknown_account", email=email)
    return found


def _account_work(db: Database, email: str) -> Work:
    with _centre(db).read() as tx:
        found = accounts_repo.account_id(tx, email)
    if found is None:
        raise UnknownRecord("unknown_account", email=email)
    return Work(db, Actor.seeker(found))


def new_token(db: Database, email: str, now: datetime) -> str:
    """A new personal API token for the account: returned once, kept only as its hash."""
    work = _account_work(db, email_address(email))
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with work.write() as tx:
        accounts_repo.add_token(tx, token_hash(token), now)
    return token


def erase(db: Database, email: str) -> Erased:
    """Delete the account and every row it holds, in one transaction."""
    email = email_address(email)
    work = _account_work(db, email)
    with work.write() as tx:
        tables = accounts_repo.owned_tables(tx)
        counts = accounts_repo.count_owned(tx, tables)
        accounts_repo.erase(tx, tables)
    return Erased(email, {table: n for table, n in counts.items() if n})


def token_actor(db: Database, token: str) -> Actor | None:
    """Who a personal API token acts for: its enabled account, in the account's role."""
    if not token or not db.centre:
        return None
    with db.read() as tx:
        found = accounts_repo.token_account(tx, token_hash(token))
    if found is None:
        return None
    account, role = found
    return Actor.signed_in(account, cast(Role, role))

"""Accounts that sign in, their API tokens, and erasing an account (career centre only).

An account's own rows (its tokens) are written in its own unit of work, like any other
row it owns. What must be found before anyone is known, or across accounts (an account
by its email, a token's account, the list of accounts, a new account), goes through the
centre's ``SECURITY DEFINER`` functions (``storage/centre.py``), in a transaction that acts
for nobody: row-level security shows a unit of work its own account only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from afterview.storage.db import Tx, to_datetime


def add(tx: Tx, email: str, role: str, password_hash: str, now: datetime) -> int | None:
    """A new account; ``None`` when the address already has one."""
    row = tx.one(
        "SELECT app_add_account(:email, :role, :hash, :now) AS id",
        {"email": email, "role": role, "hash": password_hash, "now": now},
    )
    return None if row is None or row["id"] is None else int(row["id"])


def listed(tx: Tx) -> list[dict[str, Any]]:
    """Every account that signs in, by address: id, email, role, created_at, disabled_at."""
    rows = tx.all("SELECT * FROM app_accounts()")
    for row in rows:
        row["created_at"] = to_datetime(row["created_at"])
        row["disabled_at"] = to_datetime(row["disabled_at"])
    return rows


def account_id(tx: Tx, email: str) -> int | None:
    row = tx.one("SELECT app_account_id(:email) AS id", {"email": email})
    return None if row is None or row["id"] is None else int(row["id"])


def disable(tx: Tx, email: str, now: datetime) -> int | None:
    """Mark the account disabled (kept as it was if it already is); ``None`` if unknown."""
    row = tx.one("SELECT app_disable_account(:email, :now) AS id", {"email": email, "now": now})
    return None if row is None or row["id"] is None else int(row["id"])


def sign_in_lookup(tx: Tx, email: str) -> dict[str, Any] | None:
    """(account, password_hash, disabled) of the account signing in as ``email``."""
    return tx.one("SELECT * FROM app_sign_in_lookup(:email)", {"email": email})


def token_account(tx: Tx, token_hash: str, now: datetime) -> tuple[int, str] | None:
    """The enabled account a token's hash names, and its role; the token is noted as used
    ``now`` unless it already was within the last minute."""
    row = tx.one("SELECT * FROM app_token_account(:hash, :now)", {"hash": token_hash, "now": now})
    return None if row is None else (int(row["account"]), str(row["role"]))


def add_token(tx: Tx, token_hash: str, now: datetime) -> None:
    """Keep a new token's hash for the unit of work's account."""
    tx.execute(
        "INSERT INTO api_tokens (owner_id, token_hash, created_at) VALUES (:o, :hash, :now)",
        {"o": tx.owner, "hash": token_hash, "now": now},
    )


def tokens(tx: Tx) -> list[dict[str, Any]]:
    """The unit of work's account's tokens, oldest first: id, created_at, last_used_at
    (never the hash)."""
    rows = tx.all(
        "SELECT id, created_at, last_used_at FROM api_tokens WHERE owner_id = :o ORDER BY id",
        {"o": tx.owner},
    )
    for row in rows:
        row["created_at"] = to_datetime(row["created_at"])
        row["last_used_at"] = to_datetime(row["last_used_at"])
    return rows


# The account's own rows go first (they point at the account without a cascade); deleting
# its applications first takes what hangs on them along. The account's row then takes with
# it what points at it with ON DELETE CASCADE (tokens, sessions, grants, notes).
_OWNED = """SELECT c.relname AS name FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
              AND a.attname = 'owner_id' AND NOT a.attisdropped
            ORDER BY c.relname <> 'applications', c.relname"""


def owned_tables(tx: Tx) -> list[str]:
    """Every table with an ``owner_id``, read from the catalogue (a new one is included),
    applications first."""
    return [str(row["name"]) for row in tx.all(_OWNED)]


def count_owned(tx: Tx, tables: list[str]) -> dict[str, int]:
    """How many rows of each table the unit of work's account holds."""
    counts: dict[str, int] = {}
    for table in tables:
        row = tx.one(f"SELECT COUNT(*) AS n FROM {table} WHERE owner_id = :o", {"o": tx.owner})
        counts[table] = 0 if row is None else int(row["n"])
    return counts


def erase(tx: Tx, tables: list[str]) -> None:
    """Delete every row of the unit of work's account, then the account itself."""
    for table in tables:
        tx.execute(f"DELETE FROM {table} WHERE owner_id = :o", {"o": tx.owner})
    tx.execute("DELETE FROM owners WHERE id = :o", {"o": tx.owner})


# -- sessions and failed sign-ins (acting for nobody, but add_session) -------------------------


def add_session(tx: Tx, session_hash: str, now: datetime, expires_at: datetime) -> None:
    """A new session for the unit of work's account; its ended ones go (expired by now)."""
    tx.execute(
        "DELETE FROM web_sessions WHERE owner_id = :o AND expires_at <= :now",
        {"o": tx.owner, "now": now},
    )
    tx.execute(
        """INSERT INTO web_sessions (owner_id, session_hash, created_at, last_seen_at, expires_at)
           VALUES (:o, :hash, :now, :now, :expires)""",
        {"o": tx.owner, "hash": session_hash, "now": now, "expires": expires_at},
    )


def session_account(
    tx: Tx, session_hash: str, now: datetime, seen_since: datetime
) -> tuple[int, str] | None:
    """The enabled account a live session names (seen after ``seen_since``, not past its
    end), and its role; the session is marked seen ``now``."""
    row = tx.one(
        "SELECT * FROM app_session_account(:hash, :now, :since)",
        {"hash": session_hash, "now": now, "since": seen_since},
    )
    return None if row is None else (int(row["account"]), str(row["role"]))


def end_session(tx: Tx, session_hash: str) -> None:
    tx.execute("SELECT app_end_session(:hash)", {"hash": session_hash})


def sign_in_failures(tx: Tx, email: str, address: str, since: datetime) -> dict[str, Any]:
    """Failures since ``since`` for the address tried and for the network address, each
    with the first of them: by_email, first_by_email, by_address, first_by_address."""
    row = tx.one(
        "SELECT * FROM app_sign_in_failures(:email, :address, :since)",
        {"email": email, "address": address, "since": since},
    )
    assert row is not None  # an aggregate: always one row
    for key in ("first_by_email", "first_by_address"):
        row[key] = to_datetime(row[key])
    return row


def sign_in_failed(tx: Tx, email: str, address: str, now: datetime) -> None:
    tx.execute(
        "SELECT app_sign_in_failed(:email, :address, :now)",
        {"email": email, "address": address, "now": now},
    )


def sign_in_forget(tx: Tx, email: str, before: datetime) -> None:
    tx.execute("SELECT app_sign_in_forget(:email, :before)", {"email": email, "before": before})


# -- single sign-on (OpenID Connect): sign-ins under way and identity links --------------------


def oidc_flow_start(
    tx: Tx,
    state_hash: str,
    nonce: str,
    verifier: str,
    now: datetime,
    expires_at: datetime,
    cap: int,
) -> bool:
    """Keep a sign-in sent to the provider until ``expires_at``, ended ones gone, unless
    ``cap`` are kept already: whether it was kept."""
    tx.execute("SELECT app_oidc_flows_forget(:now)", {"now": now})
    row = tx.one(
        "SELECT app_oidc_flow_start(:state_hash, :nonce, :verifier, :now, :expires, :cap) AS id",
        {
            "state_hash": state_hash,
            "nonce": nonce,
            "verifier": verifier,
            "now": now,
            "expires": expires_at,
            "cap": cap,
        },
    )
    return row is not None and row["id"] is not None


def oidc_flow_take(tx: Tx, state_hash: str, now: datetime) -> tuple[str, str] | None:
    """The (nonce, verifier) of a live sign-in not taken before, marking it taken."""
    row = tx.one(
        "SELECT * FROM app_oidc_flow_take(:state_hash, :now)",
        {"state_hash": state_hash, "now": now},
    )
    return None if row is None else (str(row["nonce"]), str(row["verifier"]))


def oidc_nonce_used(tx: Tx, nonce: str) -> bool:
    """Whether ``nonce`` is a taken sign-in's (an ID token carrying it is a replay)."""
    row = tx.one("SELECT app_oidc_nonce_used(:nonce) AS used", {"nonce": nonce})
    return bool(row and row["used"])


def oidc_account(tx: Tx, issuer: str, subject: str) -> tuple[int, str] | None:
    """The enabled account linked to the provider's identity, and its role."""
    row = tx.one(
        "SELECT * FROM app_oidc_account(:issuer, :subject)",
        {"issuer": issuer, "subject": subject},
    )
    return None if row is None else (int(row["account"]), str(row["role"]))


def oidc_email_account(tx: Tx, issuer: str, email: str) -> tuple[int, str] | None:
    """The enabled account with ``email`` and no link yet at ``issuer``, and its role."""
    row = tx.one(
        "SELECT * FROM app_oidc_email_account(:issuer, :email)",
        {"issuer": issuer, "email": email},
    )
    return None if row is None else (int(row["account"]), str(row["role"]))


def oidc_link(tx: Tx, issuer: str, subject: str, now: datetime) -> None:
    """Link the unit of work's account to the provider's identity."""
    tx.execute(
        """INSERT INTO oidc_identities (owner_id, issuer, subject, linked_at)
           VALUES (:o, :issuer, :subject, :now)""",
        {"o": tx.owner, "issuer": issuer, "subject": subject, "now": now},
    )

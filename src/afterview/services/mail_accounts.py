"""Each seeker's own mail account in a career centre: where to send from and which inbox
to watch, with the passwords encrypted.

The passwords are kept as Fernet tokens (``cryptography``: AES-128-CBC with an HMAC) made
with the centre's key, which lives outside the database: a file named by
``AFTERVIEW_SECRET_KEY_FILE`` (one key a line) or ``AFTERVIEW_SECRET_KEY`` (keys separated
by commas). With several keys the first encrypts and every one decrypts (Fernet's
``MultiFernet``): to rotate, put the new key first, keep the old ones after it until every
account was saved again, then drop them. A stolen database without the key gives no
password back.

A password is decrypted only for the worker that sends or watches with it
(:func:`servers`); what a page or the API may show is :func:`status`: which servers, which
user, and whether a password is set — never the password, encrypted or not.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from afterview.domain.errors import InputError
from afterview.services.ports import UnitOfWork, mail_accounts_repo

if TYPE_CHECKING:
    from cryptography.fernet import MultiFernet

KEY_FILE_ENV = "AFTERVIEW_SECRET_KEY_FILE"
KEY_ENV = "AFTERVIEW_SECRET_KEY"
PROTOCOLS: tuple[Literal["smtp"], Literal["imap"]] = ("smtp", "imap")


@dataclass(frozen=True)
class ServerSettings:
    """One server of a seeker's account as they gave it; the password in clear, only on
    its way in (:func:`save`) or out to a worker (:func:`servers`)."""

    host: str
    port: int
    security: str
    user: str | None
    password: str | None = None

    def __repr__(self) -> str:  # never the password, even in a traceback
        return f"ServerSettings({self.host!r}, {self.port}, {self.security!r}, {self.user!r})"


def keys(env: Mapping[str, str] | None = None) -> MultiFernet:
    """The centre's keys, the first one encrypting; a clear error when none is set."""
    from cryptography.fernet import Fernet, MultiFernet

    env = os.environ if env is None else env
    path = env.get(KEY_FILE_ENV, "").strip()
    if path:
        try:
            text = Path(path).read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError("secret_key_unreadable", path=path, error=exc) from None
        found = text.split()
    else:
        found = [k.strip() for k in env.get(KEY_ENV, "").split(",") if k.strip()]
    if not found:
        raise InputError("secret_key_missing")
    try:
        return MultiFernet([Fernet(k.encode("ascii")) for k in found])
    except (ValueError, UnicodeEncodeError):
        raise InputError("secret_key_invalid") from None


def save(
    work: UnitOfWork,
    smtp: ServerSettings | None,
    imap: ServerSettings | None,
    *,
    now: datetime,
    env: Mapping[str, str] | None = None,
) -> None:
    """Keep the seeker's servers, each password encrypted with the first key."""
    fernet = keys(env)
    values: dict[str, Any] = {}
    for protocol, server in zip(PROTOCOLS, (smtp, imap), strict=True):
        if server is None:
            continue
        secret = None
        if server.password:
            secret = fernet.encrypt(server.password.encode()).decode("ascii")
        values.update(
            {
                f"{protocol}_host": server.host,
                f"{protocol}_port": server.port,
                f"{protocol}_security": server.security,
                f"{protocol}_user": server.user,
                f"{protocol}_secret": secret,
            }
        )
    with work.write() as tx:
        mail_accounts_repo.save(tx, values, now)


def status(work: UnitOfWork) -> dict[str, Any]:
    """What a page or the API may show of the account: per server its host, port, security,
    user and ``"set"`` or ``"not set"`` for the password; ``None`` for a server not given."""
    with work.read() as tx:
        row = mail_accounts_repo.get(tx)
    shown: dict[str, Any] = {}
    for protocol in PROTOCOLS:
        if row is None or not row[f"{protocol}_host"]:
            shown[protocol] = None
            continue
        shown[protocol] = {
            "host": row[f"{protocol}_host"],
            "port": row[f"{protocol}_port"],
            "security": row[f"{protocol}_security"],
            "user": row[f"{protocol}_user"],
            "password": "set" if row[f"{protocol}_secret"] else "not set",
        }
    return shown


def servers(
    work: UnitOfWork, env: Mapping[str, str] | None = None
) -> dict[str, ServerSettings | None]:
    """The seeker's servers with the passwords decrypted, for the worker acting for them
    alone; a key that cannot decrypt is a clear error, never a password sent wrong."""
    from cryptography.fernet import InvalidToken

    with work.read() as tx:
        row = mail_accounts_repo.get(tx)
    found: dict[str, ServerSettings | None] = dict.fromkeys(PROTOCOLS)
    if row is None:
        return found
    fernet = None
    for protocol in PROTOCOLS:
        if not row[f"{protocol}_host"]:
            continue
        password = None
        if row[f"{protocol}_secret"]:
            fernet = fernet or keys(env)
            try:
                password = fernet.decrypt(row[f"{protocol}_secret"].encode("ascii")).decode()
            except InvalidToken:
                raise InputError("secret_key_wrong") from None
        found[protocol] = ServerSettings(
            row[f"{protocol}_host"],
            int(row[f"{protocol}_port"]),
            row[f"{protocol}_security"],
            row[f"{protocol}_user"],
            password,
        )
    return found

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

Only the seeker sets, reads or removes their account (the Settings page's "Mail account"
and ``/api/me/mail-account``): a counsellor helping them, or any other role, is refused
before anything is read. Saving again without a password keeps the one stored only while
the server and user stay the same: a password typed for one server is never sent to
another one named later.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from afterview.domain.errors import Forbidden, InputError
from afterview.domain.mail_servers import DEFAULT_PORTS, DEFAULT_SECURITY, SECURITIES
from afterview.services.ports import UnitOfWork, mail_accounts_repo

if TYPE_CHECKING:
    from cryptography.fernet import MultiFernet

KEY_FILE_ENV = "AFTERVIEW_SECRET_KEY_FILE"
KEY_ENV = "AFTERVIEW_SECRET_KEY"
PROTOCOLS: tuple[Literal["smtp"], Literal["imap"]] = ("smtp", "imap")
MAX_HOST = 253  # characters: the longest DNS name
MAX_USER = 320  # characters: an address as a user name
MAX_PASSWORD = 1024


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


def server(
    protocol: str,
    host: str,
    port: int | None,
    security: str | None,
    user: str | None,
    password: str | None,
) -> ServerSettings:
    """One server as a person gave it, checked: a host name, a known security, a port
    (the usual one for that security when left out); an empty user or password is none."""
    name = protocol.upper()
    host = host.strip()
    if not host or len(host) > MAX_HOST or any(c.isspace() or c in "/@" for c in host):
        raise InputError("mail_account_host", server=name)
    chosen = (security or DEFAULT_SECURITY[protocol]).strip().lower()
    if chosen not in SECURITIES:
        raise InputError("mail_account_security", server=name, choices=", ".join(SECURITIES))
    port = DEFAULT_PORTS[(protocol, chosen)] if port is None else port
    if not 1 <= port <= 65535:
        raise InputError("mail_account_port", server=name, port=port)
    user = (user or "").strip() or None
    if user is not None and len(user) > MAX_USER:
        raise InputError("mail_account_user", server=name, most=MAX_USER)
    if password is not None and len(password) > MAX_PASSWORD:
        raise InputError("mail_account_password", server=name, most=MAX_PASSWORD)
    return ServerSettings(host, port, chosen, user, password or None)


def _own(work: UnitOfWork) -> None:
    """A seeker's own account only: never a counsellor's, an admin's or a worker's."""
    if work.actor.role != "seeker" or work.actor.for_another:
        raise Forbidden("mail_account_seekers_only")


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
    """Keep the seeker's servers (replacing what was saved; ``None`` for a server removes
    it), each password encrypted with the first key. A server given without a password
    keeps the stored one if its host and user are unchanged, and has none otherwise."""
    _own(work)
    fernet = keys(env)
    with work.write() as tx:
        old = mail_accounts_repo.get(tx) or {}
        values: dict[str, Any] = {}
        for protocol, given in zip(PROTOCOLS, (smtp, imap), strict=True):
            if given is None:
                continue
            secret = None
            if given.password:
                secret = fernet.encrypt(given.password.encode()).decode("ascii")
            elif (old.get(f"{protocol}_host"), old.get(f"{protocol}_user")) == (
                given.host,
                given.user,
            ):
                secret = old.get(f"{protocol}_secret")
            values.update(
                {
                    f"{protocol}_host": given.host,
                    f"{protocol}_port": given.port,
                    f"{protocol}_security": given.security,
                    f"{protocol}_user": given.user,
                    f"{protocol}_secret": secret,
                }
            )
        mail_accounts_repo.save(tx, values, now)


def remove(work: UnitOfWork) -> bool:
    """Forget the seeker's mail account, passwords and all; ``False`` when none was saved."""
    _own(work)
    with work.write() as tx:
        return mail_accounts_repo.remove(tx)


def status(work: UnitOfWork) -> dict[str, Any]:
    """What a page or the API may show of the account: per server its host, port, security,
    user and ``"set"`` or ``"not set"`` for the password; ``None`` for a server not given."""
    _own(work)
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

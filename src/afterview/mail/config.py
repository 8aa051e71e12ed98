"""How afterview reaches the user's own mail account: SMTP to send, IMAP to watch replies.

Everything comes from the environment (``AFTERVIEW_SMTP_*``, ``AFTERVIEW_IMAP_*``) so no
setting, and above all no password, is ever stored in the database. A password is read
from ``AFTERVIEW_SMTP_PASSWORD`` / ``AFTERVIEW_IMAP_PASSWORD``, else from the system keyring
(service ``afterview-smtp`` / ``afterview-imap``, the account's user name), and is never
printed: :class:`Server` hides it from ``repr``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from afterview.domain.errors import InputError
from afterview.domain.mail_servers import DEFAULT_PORTS, DEFAULT_SECURITY, SECURITIES, Security


class MailConfigError(InputError):
    """The mail settings are missing or wrong; the message says which variable to set."""


@dataclass(frozen=True)
class Server:
    """One mail server of the user's account."""

    protocol: Literal["smtp", "imap"]
    host: str
    port: int
    security: Security
    user: str | None
    password: str | None = field(default=None, repr=False)
    mailbox: str = "INBOX"  # IMAP only: the folder replies arrive in
    sent_mailbox: str | None = None  # IMAP only: where the provider keeps sent mail
    timeout_s: float = 30.0

    def describe(self) -> str:
        """Where this server is, for messages to the user (never the password)."""
        who = f"{self.user}@" if self.user else ""
        return f"{self.protocol.upper()} {who}{self.host}:{self.port} ({self.security})"


def smtp_server(env: Mapping[str, str] | None = None) -> Server | None:
    """The SMTP settings, or ``None`` when ``AFTERVIEW_SMTP_HOST`` is not set."""
    return _server("smtp", os.environ if env is None else env)


def mail_server_set() -> bool:
    """Whether an SMTP server is configured (a wrong setting counts: the worker reports it).

    The outbox's pages and commands ask this and pass the answer to the outbox service,
    which sends nothing itself and so never reads mail settings.
    """
    try:
        return smtp_server() is not None
    except MailConfigError:
        return True


def imap_server(env: Mapping[str, str] | None = None) -> Server | None:
    """The IMAP settings, or ``None`` when ``AFTERVIEW_IMAP_HOST`` is not set."""
    return _server("imap", os.environ if env is None else env)


def _server(protocol: Literal["smtp", "imap"], env: Mapping[str, str]) -> Server | None:
    prefix = f"AFTERVIEW_{protocol.upper()}_"
    host = env.get(prefix + "HOST", "").strip()
    if not host:
        return None
    security_text = env.get(prefix + "SECURITY", DEFAULT_SECURITY[protocol]).strip().lower()
    if security_text not in SECURITIES:
        raise MailConfigError(
            "mail_security_unknown",
            prefix=prefix,
            value=security_text,
            choices=", ".join(SECURITIES),
        )
    security: Security = security_text
    port_text = env.get(prefix + "PORT", "").strip()
    if port_text:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise MailConfigError("mail_port_unreadable", prefix=prefix, value=port_text)
        port = int(port_text)
    else:
        port = DEFAULT_PORTS[(protocol, security)]
    user = env.get(prefix + "USER", "").strip() or None
    password = env.get(prefix + "PASSWORD") or None
    if password is None and user is not None:
        password = _keyring_password(f"afterview-{protocol}", user)
    return Server(
        protocol=protocol,
        host=host,
        port=port,
        security=security,
        user=user,
        password=password,
        mailbox=env.get(prefix + "MAILBOX", "").strip() or "INBOX",
        sent_mailbox=env.get(prefix + "SENT_MAILBOX", "").strip() or None,
    )


def _keyring_password(service: str, user: str) -> str | None:
    """The password kept in the system keyring, if there is a keyring and it has one."""
    try:
        import keyring  # deferred: loads the platform's keyring back-end
        from keyring.errors import KeyringError
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    try:
        return keyring.get_password(service, user)
    except (KeyringError, RuntimeError):  # no back-end on a headless machine
        return None

"""A logged-in IMAP session on the user's own account, with one clear sentence per failure.

TLS is checked as a mail program checks it: against the system's trusted certificates
(``ssl`` from the first byte, or ``starttls`` before the login); ``plain`` is for a server
on this machine. A failure — the server down, a certificate nobody vouches for, a refused
login, a connection dropped while reading — becomes :class:`MailServerError`, whose
message names the server (:meth:`Server.describe`) and never the password.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from afterview.domain.errors import AfterviewError
from afterview.mail.config import MailConfigError, Server


class MailServerError(AfterviewError):
    """The mail server cannot be reached, refuses the login, or lacks the mailbox."""


@contextmanager
def session(server: Server) -> Iterator[Any]:
    """A logged-in IMAP session; every failure becomes one clear sentence (never the
    password, which :class:`Server` keeps out of its ``repr`` and ``describe``)."""
    import ssl

    from imapclient import IMAPClient  # type: ignore[import-untyped]
    from imapclient.exceptions import (  # type: ignore[import-untyped]
        IMAPClientError,
        LoginError,
    )

    if not server.user or not server.password:
        raise MailConfigError("imap_no_login")
    where = server.describe()
    try:
        # The system's trusted certificates, checked as a mail program would; plain
        # connections (a server on this machine) do without.
        context = ssl.create_default_context() if server.security != "plain" else None
        client = IMAPClient(
            server.host,
            port=server.port,
            ssl=server.security == "ssl",
            ssl_context=context if server.security == "ssl" else None,
            timeout=server.timeout_s,
        )
    except ssl.SSLCertVerificationError as exc:
        raise _untrusted(where, exc) from None
    except (OSError, IMAPClientError) as exc:
        raise MailServerError("imap_unreachable", where=where, problem=first_line(exc)) from None
    try:
        try:
            if server.security == "starttls":
                client.starttls(context)
            client.login(server.user, server.password)
        except LoginError:
            raise MailServerError("imap_login_refused", where=where) from None
        except ssl.SSLCertVerificationError as exc:
            raise _untrusted(where, exc) from None
        except (OSError, IMAPClientError) as exc:
            raise MailServerError("imap_failed", where=where, problem=first_line(exc)) from None
        try:
            yield client
        except (OSError, IMAPClientError) as exc:
            raise MailServerError(
                "imap_read_failed", where=where, problem=first_line(exc)
            ) from None
    finally:
        _close(client)


def _untrusted(where: str, exc: Exception) -> MailServerError:
    reason = getattr(exc, "verify_message", None) or first_line(exc)
    return MailServerError("imap_untrusted_certificate", where=where, reason=reason)


def _close(client: Any) -> None:
    try:
        client.logout()
    except Exception:  # the connection is gone already: just drop the socket
        with suppress(Exception):
            client.shutdown()


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    if text.startswith(("b'", 'b"')):
        text = text[2:-1]
    return text.splitlines()[0] if text else type(exc).__name__

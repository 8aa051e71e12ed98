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
        raise MailConfigError(
            "The IMAP account has no user name or password: set AFTERVIEW_IMAP_USER and "
            "AFTERVIEW_IMAP_PASSWORD (or keep the password in the system keyring under "
            "afterview-imap)."
        )
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
        raise MailServerError(
            f"Cannot reach {where} ({first_line(exc)}); check AFTERVIEW_IMAP_HOST, "
            "AFTERVIEW_IMAP_PORT and AFTERVIEW_IMAP_SECURITY, and that the server is up."
        ) from None
    try:
        try:
            if server.security == "starttls":
                client.starttls(context)
            client.login(server.user, server.password)
        except LoginError:
            raise MailServerError(
                f"{where} refused the login; check AFTERVIEW_IMAP_USER and the password "
                "(AFTERVIEW_IMAP_PASSWORD or the keyring)."
            ) from None
        except ssl.SSLCertVerificationError as exc:
            raise _untrusted(where, exc) from None
        except (OSError, IMAPClientError) as exc:
            raise MailServerError(f"{where} failed: {first_line(exc)}.") from None
        try:
            yield client
        except (OSError, IMAPClientError) as exc:
            raise MailServerError(
                f"The connection to {where} failed while reading: {first_line(exc)}; "
                "what was read so far is kept, the next check goes on from there."
            ) from None
    finally:
        _close(client)


def _untrusted(where: str, exc: Exception) -> MailServerError:
    reason = getattr(exc, "verify_message", None) or first_line(exc)
    return MailServerError(
        f"{where} presented a certificate this machine does not trust ({reason}); check "
        "that AFTERVIEW_IMAP_HOST is the server name your provider gives."
    )


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

"""Handing messages to the user's own SMTP server, and what each failure means.

Every failure is sorted into one of three answers, because the outbox acts on each
differently:

* ``transient`` — the server did not take the message and said so, or could not be
  reached: a 4xx reply, a refused, timed-out or dropped connection *before* the message's
  end was sent. Sending again later is safe.
* ``permanent`` — a 5xx reply (unknown mailbox, rejected content): sending again would
  fail the same way; the user has to read the server's answer.
* ``unknown`` — the whole message was sent but the server's answer never came (the
  connection dropped after the final ``.``). The server may have accepted it. Sending
  again could deliver it twice, so the outbox never does that on its own.

To tell the last two windows apart, the DATA step is run here in its two halves (the
``DATA`` command, then the content) instead of through ``smtplib.SMTP.sendmail``.
"""

from __future__ import annotations

import contextlib
import re
import smtplib
import ssl
from dataclasses import dataclass
from typing import Literal

from afterview.i18n import N_, _
from afterview.mail.config import MailConfigError, Server

# What the server refused, as the outbox says it.
_REFUSED = {
    "the sender": N_("%(server)s refused the sender"),
    "the recipient": N_("%(server)s refused the recipient"),
    "the message": N_("%(server)s refused the message"),
}

Kind = Literal["accepted", "transient", "permanent", "unknown"]
_LEADING_DOT = re.compile(rb"(?m)^\.")


@dataclass(frozen=True, slots=True)
class Result:
    """What became of one message: ``detail`` is the server's answer, for the user."""

    kind: Kind
    detail: str

    @property
    def accepted(self) -> bool:
        return self.kind == "accepted"


class Unreachable(Exception):
    """The connection or the login failed; no message of this round was handed over."""

    def __init__(self, result: Result) -> None:
        super().__init__(result.detail)
        self.result = result


def _unreachable(kind: Kind, said: str, **values: object) -> Unreachable:
    """No message of this round reached the server, and why, in the user's words."""
    return Unreachable(Result(kind, said % values))


class Session:
    """One SMTP connection, opened on first use and reused for the messages of a round."""

    def __init__(self, server: Server, *, helo: str | None = None) -> None:
        if server.user and not server.password:
            raise MailConfigError("smtp_no_password", server=server.describe(), user=server.user)
        self.server = server
        self.helo = helo
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open(self) -> smtplib.SMTP:
        """The connection, logged in; raises :class:`Unreachable` with a transient or
        permanent result when that fails."""
        if self._smtp is not None:
            return self._smtp
        s = self.server
        where = s.describe()
        try:
            smtp: smtplib.SMTP
            if s.security == "ssl":
                context = ssl.create_default_context()
                smtp = smtplib.SMTP_SSL(
                    s.host, s.port, local_hostname=self.helo, timeout=s.timeout_s, context=context
                )
            else:
                smtp = smtplib.SMTP(s.host, s.port, local_hostname=self.helo, timeout=s.timeout_s)
            try:
                smtp.ehlo()
                if s.security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
                    smtp.ehlo()
                if s.user and s.password:
                    smtp.login(s.user, s.password)
            except BaseException:
                _quietly_close(smtp)
                raise
        except smtplib.SMTPAuthenticationError as exc:
            said = _("%(server)s refused the login: %(answer)s")
            raise _unreachable("permanent", said, server=where, answer=_answer(exc)) from None
        except smtplib.SMTPNotSupportedError as exc:
            said = _(
                "%(server)s does not offer what the settings ask for (%(error)s); check "
                "AFTERVIEW_SMTP_SECURITY."
            )
            raise _unreachable("permanent", said, server=where, error=exc) from None
        except smtplib.SMTPResponseException as exc:  # e.g. a 421 greeting
            said = _("%(server)s answered %(answer)s")
            kind = _by_code(exc.smtp_code)
            raise _unreachable(kind, said, server=where, answer=_answer(exc)) from None
        except (OSError, smtplib.SMTPException) as exc:  # refused, timed out, TLS failure
            said = _("Cannot reach %(server)s: %(reason)s.")
            raise _unreachable("transient", said, server=where, reason=_reason(exc)) from None
        self._smtp = smtp
        return smtp

    def send(self, data: bytes, sender: str, recipient: str) -> Result:
        """Hand one message to the server for exactly one recipient."""
        smtp = self.open()
        where = self.server.describe()
        try:
            smtp.ehlo_or_helo_if_needed()
            code, answer = smtp.mail(sender)
            if code != 250:
                return self._refused(code, answer, "the sender")
            code, answer = smtp.rcpt(recipient)
            if code not in (250, 251):
                return self._refused(code, answer, "the recipient")
            smtp.putcmd("data")
            code, answer = smtp.getreply()
            if code != 354:
                return self._refused(code, answer, "the message")
        except (OSError, smtplib.SMTPException) as exc:
            self._drop()
            dropped = _("%(server)s dropped the connection: %(reason)s.")
            return Result("transient", dropped % {"server": where, "reason": _reason(exc)})
        content = _LEADING_DOT.sub(b"..", data)
        if not content.endswith(b"\r\n"):
            content += b"\r\n"
        try:
            smtp.send(content + b".\r\n")
            code, answer = smtp.getreply()
        except (OSError, smtplib.SMTPException) as exc:
            self._drop()
            return Result(
                "unknown",
                _(
                    "%(server)s dropped the connection after the whole message was sent "
                    "(%(reason)s); it may have been delivered."
                )
                % {"server": where, "reason": _reason(exc)},
            )
        if code == 250:
            return Result("accepted", f"{code} {_text(answer)}")
        return self._refused(code, answer, "the message")

    def _refused(self, code: int, answer: bytes, what: str) -> Result:
        # Any refusal leaves the session in a state not worth reasoning about: start afresh.
        self._drop()
        refused = _(_REFUSED[what]) % {"server": self.server.describe()}
        return Result(_by_code(code), f"{refused}: {code} {_text(answer)}")

    def _drop(self) -> None:
        if self._smtp is not None:
            _quietly_close(self._smtp)
            self._smtp = None

    def close(self) -> None:
        if self._smtp is None:
            return
        with contextlib.suppress(OSError, smtplib.SMTPException):
            self._smtp.quit()
        self._drop()


def _by_code(code: int) -> Kind:
    return "permanent" if 500 <= code < 600 else "transient"


def _answer(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_text(exc.smtp_error)}"


def _text(answer: bytes | str) -> str:
    text = answer.decode("utf-8", "replace") if isinstance(answer, bytes) else answer
    return " ".join(text.split())


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _quietly_close(smtp: smtplib.SMTP) -> None:
    with contextlib.suppress(OSError):
        smtp.close()

"""One composer for every note that leaves afterview: RFC 5322 messages, ``.eml``, ``mailto:``.

A note goes out as the plainest message a mail server accepts without suspicion: ``From``
is the user, exactly one recipient (one personal note per person, never a CC), a unique
``Message-ID`` in the domain of the user's own address (some providers reject mail without
one), ``Date`` set when the message is handed to the server, a UTF-8 ``text/plain`` body,
and nothing else: no HTML, no tracking pixel, no read receipt, no link rewriting.

The Message-ID is chosen when the user approves a note, not when it is sent, so the outbox
can recognise the message after a crash (see :mod:`afterview.services.outbox`). A
follow-up threads under the thank-you note to the same person through ``In-Reply-To`` and
``References``, as a mail program's "reply" would.

Headers are built from single lines only: a line break in a subject or a name would
otherwise let text choose its own headers (``Bcc:``…).

It sits beside the packages rather than in ``afterview.mail``: the outbox service composes
a note when it is approved, and services must not import the mail package that calls them
(see docs/ARCHITECTURE.md). It is not in the domain either, because a Message-ID is drawn
from the clock and a random number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from urllib.parse import quote, urlencode

from afterview.domain.errors import InputError


@dataclass(frozen=True, slots=True)
class Note:
    """An approved note, everything but the moment it is handed over."""

    from_name: str
    from_email: str
    to_name: str | None
    to_email: str
    subject: str
    body: str
    message_id: str
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()


def new_message_id(from_email: str) -> str:
    """A fresh, globally unique Message-ID in the domain of the user's own address."""
    domain = from_email.rpartition("@")[2].strip() or "afterview.invalid"
    return make_msgid(domain=domain)


def message(note: Note, *, date: datetime, draft: bool = False) -> EmailMessage:
    """The note as an RFC 5322 message dated ``date`` (the moment of hand-off).

    ``draft`` marks a file the user downloads to send by hand: mail programs that know
    ``X-Unsent`` open it as a message ready to send.
    """
    if date.tzinfo is None:
        raise ValueError("date must be timezone-aware")
    text = lines(note.body).strip()
    if not text:
        raise InputError("note_empty_to_send")
    out = EmailMessage()
    out["From"] = address(note.from_name, note.from_email)
    out["To"] = address(note.to_name or "", note.to_email)
    out["Subject"] = one_line(note.subject)
    out["Date"] = format_datetime(date)
    out["Message-ID"] = note.message_id
    if note.in_reply_to:
        out["In-Reply-To"] = note.in_reply_to
        out["References"] = " ".join(note.references or (note.in_reply_to,))
    if draft:
        out["X-Unsent"] = "1"
    out.set_content(text + "\n")  # text/plain; charset utf-8, encoded for 7-bit servers
    return out


def as_bytes(msg: EmailMessage) -> bytes:
    """The message as sent or saved: CRLF line endings, as RFC 5322 requires."""
    return msg.as_bytes(policy=SMTP)


def thread(parent_id: str, parent_refs: str | None) -> tuple[str, tuple[str, ...]]:
    """``In-Reply-To`` and ``References`` for a reply to the message ``parent_id``."""
    refs = tuple((parent_refs or "").split())
    if parent_id not in refs:
        refs = (*refs, parent_id)
    return parent_id, refs


def mailto(email: str | None, subject: str | None, body: str) -> str | None:
    """A ``mailto:`` URI (RFC 6068): every reserved character escaped, CRLF line breaks."""
    if not email:
        return None
    query = urlencode(
        {"subject": one_line(subject or ""), "body": lines(body).replace("\n", "\r\n")},
        quote_via=quote,
    )
    return f"mailto:{quote(email.strip(), safe='@')}?{query}"


def address(name: str, email: str) -> Address:
    """A header address; an address that cannot be one is the user's to fix."""
    try:
        return Address(display_name=one_line(name), addr_spec=email.strip())
    except (ValueError, IndexError, MessageError) as exc:
        if name:
            raise InputError("invalid_email_of", email=email, name=name) from exc
        raise InputError("invalid_email", email=email) from exc


def one_line(text: str) -> str:
    """A header value: no line breaks (they would inject headers), single spaces."""
    return " ".join(text.split())


def lines(text: str) -> str:
    """Text with CRLF or CR line breaks (from a browser, say) turned into newlines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")

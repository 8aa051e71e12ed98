"""The one composer: RFC 5322 messages, threading, .eml drafts and mailto: links."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from afterview import compose
from afterview.domain.errors import InputError

AT = datetime(2026, 11, 21, 8, 30, tzinfo=ZoneInfo("America/Toronto"))


def _note(**changes: object) -> compose.Note:
    values: dict[str, object] = {
        "from_name": "Jordan Lee",
        "from_email": "jordan.lee@example.org",
        "to_name": "Ana López",
        "to_email": "ana.lopez@northwind.example",
        "subject": "Thank you, Ana",
        "body": "Dear Ana,\r\n\r\nThank you. Größe: ✓\r\n\r\nJordan Lee",
        "message_id": "<1@example.org>",
    }
    values.update(changes)
    return compose.Note(**values)  # type: ignore[arg-type]


def _parse(data: bytes) -> email.message.EmailMessage:
    parsed = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(parsed, email.message.EmailMessage)
    return parsed


def _sent(note: compose.Note) -> email.message.EmailMessage:
    return _parse(compose.as_bytes(compose.message(note, date=AT)))


def test_a_message_has_one_recipient_plain_utf8_text_and_the_hand_off_date() -> None:
    data = compose.as_bytes(compose.message(_note(), date=AT))
    assert b"\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")
    msg = _parse(data)
    assert msg["From"] == "Jordan Lee <jordan.lee@example.org>"
    assert msg["To"] == "Ana López <ana.lopez@northwind.example>"
    assert msg["Date"].datetime == AT
    assert msg["Message-ID"] == "<1@example.org>"
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    text = msg.get_content().replace("\r\n", "\n")  # on the wire every line ends in CRLF
    assert text == "Dear Ana,\n\nThank you. Größe: ✓\n\nJordan Lee\n"
    assert {k.lower() for k in msg} == {
        "from", "to", "subject", "date", "message-id", "content-type",
        "content-transfer-encoding", "mime-version",
    }  # fmt: skip


def test_a_reply_threads_under_its_parent() -> None:
    first = compose.thread("<1@example.org>", None)
    assert first == ("<1@example.org>", ("<1@example.org>",))
    second = compose.thread("<2@example.org>", "<1@example.org>")
    assert second == ("<2@example.org>", ("<1@example.org>", "<2@example.org>"))
    in_reply_to, refs = second
    msg = _parse(
        compose.as_bytes(compose.message(_note(in_reply_to=in_reply_to, references=refs), date=AT))
    )
    assert msg["In-Reply-To"] == "<2@example.org>"
    assert msg["References"] == "<1@example.org> <2@example.org>"


def test_message_ids_are_unique_and_in_the_users_domain() -> None:
    ids = {compose.new_message_id("jordan.lee@example.org") for _ in range(200)}
    assert len(ids) == 200
    assert all(i.startswith("<") and i.endswith("@example.org>") for i in ids)


def test_headers_cannot_be_injected_and_bad_input_is_refused() -> None:
    msg = _parse(
        compose.as_bytes(compose.message(_note(subject="Hi\r\nBcc: x@evil.example"), date=AT))
    )
    assert msg["Bcc"] is None
    assert msg["Subject"] == "Hi Bcc: x@evil.example"
    with pytest.raises(InputError, match="empty"):
        compose.message(_note(body=" \n "), date=AT)
    with pytest.raises(ValueError, match="timezone-aware"):
        compose.message(_note(), date=datetime(2026, 11, 21, 8, 30))


def test_a_draft_file_is_marked_unsent() -> None:
    msg = _parse(compose.as_bytes(compose.message(_note(), date=AT, draft=True)))
    assert msg["X-Unsent"] == "1"


def test_mailto_escapes_everything_and_uses_crlf() -> None:
    link = compose.mailto("ana.lopez@northwind.example", "Thanks & more", "Line 1\nLine 2 ?&=")
    assert link is not None
    parts = urlsplit(link)
    assert parts.scheme == "mailto"
    assert parts.path == "ana.lopez@northwind.example"
    query = parse_qs(parts.query)
    assert query == {"subject": ["Thanks & more"], "body": ["Line 1\r\nLine 2 ?&="]}
    assert compose.mailto(None, "x", "y") is None

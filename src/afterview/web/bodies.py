"""What a request may carry: at most 1 MB, and text fields people could have typed.

Every request body is read here, before the app sees it, whether it declares its length
or arrives in chunks without one: a body over :data:`MAX_BODY` is answered 413 without
being kept. The body that passes is handed on unchanged, so the app reads it as usual.

Its text fields — form fields and every string of a JSON body, names included — are then
checked once for the whole app: none longer than :data:`MAX_FIELD` characters, and none
holding a control character (NUL and the other C0/C1 codes; tab, line feed and carriage
return are text) or half of a UTF-16 surrogate pair, which no note, name or answer needs
and which break what reads the data later (SQLite text, CSV, mail headers). One is
answered 422, naming the field. A body that is not valid JSON or form data is left to the
app, whose own parser says what is wrong.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from starlette.requests import Request
from starlette.types import Message, Receive, Scope

MAX_BODY = 1_000_000  # bytes: a long debrief is ~50 kB; a larger body is a mistake or an attack
MAX_FIELD = 50_000  # characters: about 8,000 words, far beyond any note or answer
_DRAIN = 16 * MAX_BODY  # read (and drop) this much of a refused body so the client hears why
# C0 and C1 control characters and DEL; tab, line feed and carriage return are text.
CONTROLS = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
TEXT_PATTERN = f"^[^{CONTROLS}]*$"  # the same rule, for the API's schema (JSON Schema regex)
_CONTROL = re.compile(f"[{CONTROLS}\\ud800-\\udfff]")  # and halves of surrogate pairs
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")

TOO_LARGE = (
    "The request is larger than 1 MB, the most afterview accepts at once; "
    "send less text or a smaller file."
)


def has_body(scope: Scope) -> bool:
    """Whether the request declares a body (a length above zero, or chunks)."""
    headers = dict(scope["headers"])
    length = headers.get(b"content-length", b"0").strip()
    return b"transfer-encoding" in headers or length not in (b"", b"0")


def declared_too_large(scope: Scope) -> bool:
    length = dict(scope["headers"]).get(b"content-length", b"").strip()
    return length.isdigit() and int(length) > MAX_BODY


class TooLarge(Exception):
    """A body past :data:`MAX_BODY`: read (up to a bound) and dropped."""


async def read_body(receive: Receive) -> tuple[bytes | None, list[Message]]:
    """The whole body and the messages read, or :class:`TooLarge`.

    A client that leaves half-way ends the read with no body (None); its messages are
    replayed to the app, which sees the disconnect as it would have.
    """
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return None, messages
        size += len(message.get("body", b""))
        if size > MAX_BODY:
            await discard(receive, size, message)
            raise TooLarge
        if not message.get("more_body", False):
            return b"".join(m.get("body", b"") for m in messages), messages


async def discard(receive: Receive, size: int = 0, message: Message | None = None) -> None:
    """Read what the client is still sending, keeping none of it, up to a bound.

    A client that is still sending does not read the answer: the refusal is sent once
    the body is in (or past the bound, when the connection is closed after it).
    """
    message = message or {"more_body": True}
    while message.get("more_body", False) and size <= _DRAIN:
        message = await receive()
        if message["type"] != "http.request":
            return
        size += len(message.get("body", b""))


def replay(messages: list[Message], receive: Receive) -> Receive:
    """A ``receive`` that gives the messages already read, then the client's own."""
    pending = list(messages)

    async def again() -> Message:
        return pending.pop(0) if pending else await receive()

    return again


async def text_problem(scope: Scope, body: bytes) -> str | None:
    """What is wrong with a text field of the body, in one sentence; None if nothing."""
    media = _media_type(scope)
    subtype = media.partition("/")[2]
    if subtype == "json" or subtype.endswith("+json"):  # as FastAPI decides to read JSON
        fields: Iterator[tuple[str, str]] | None = _json_fields(body)
    elif media in _FORMS:
        fields = await _form_fields(scope, body)
    else:
        return None
    return _first_problem(fields) if fields is not None else None


def _media_type(scope: Scope) -> str:
    """``multipart/form-data`` of ``Multipart/Form-Data; boundary=…``."""
    header: bytes = dict(scope["headers"]).get(b"content-type", b"")
    return header.decode("latin-1").partition(";")[0].strip().lower()


def _first_problem(fields: Iterator[tuple[str, str]]) -> str | None:
    for name, text in fields:
        shown = _CONTROL.sub(lambda c: f"\\u{ord(c.group()):04x}", name[:60])
        if len(text) > MAX_FIELD:
            return (
                f"The field “{shown}” is {len(text):,} characters long; the most one field "
                f"may hold is {MAX_FIELD:,}. Shorten it and send it again."
            )
        found = _CONTROL.search(text)
        if found:
            code = f"U+{ord(found.group()):04X}"
            return (
                f"The field “{shown}” holds a control character ({code}), which no text "
                "here may contain; remove it (it often comes with pasted text) and send it again."
            )
    return None


def _json_fields(body: bytes) -> Iterator[tuple[str, str]] | None:
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        return None  # the app's parser says what is wrong
    return _strings(value)


def _strings(value: Any) -> Iterator[tuple[str, str]]:
    """Every string in a JSON value with the name of the field that holds it (keys too)."""
    stack: list[tuple[str, Any]] = [("body", value)]
    while stack:
        name, item = stack.pop()
        if isinstance(item, str):
            yield name, item
        elif isinstance(item, dict):
            for key, inner in item.items():
                yield key, key
                stack.append((key, inner))
        elif isinstance(item, list):
            stack.extend((name, inner) for inner in item)


async def _form_fields(scope: Scope, body: bytes) -> Iterator[tuple[str, str]] | None:
    """The text fields of a form (files are not text), parsed as the app will parse them."""
    request = Request(scope, receive=replay([_whole(body)], _no_more))
    try:
        form = await request.form()
    except Exception:  # malformed: the app's own parsing answers it
        return None
    pairs = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    await form.close()
    return iter([pair for key, value in pairs for pair in ((key, key), (key, value))])


def _whole(body: bytes) -> Message:
    return {"type": "http.request", "body": body, "more_body": False}


async def _no_more() -> Message:
    return {"type": "http.disconnect"}

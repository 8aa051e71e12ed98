"""A real SMTP server for tests: aiosmtpd on a free loopback port, with scripted faults.

The server keeps every message it accepts (:attr:`SmtpServer.received`, parsed) and
answers each transaction as its script says, one entry per message, then normally:

* ``"421"`` — refuses the message after its content with ``421`` (try again later);
* ``"550"`` — refuses it with ``550`` (no such mailbox);
* ``"drop-at-rcpt"`` — closes the connection when the recipient is given (nothing sent);
* ``"drop-after-data"`` — takes the whole message, keeps it, and closes the connection
  without answering: the client cannot know the message arrived.

:func:`dead_port` gives a port nothing listens on ("the server is down").
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import socket
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from afterview.mail.config import Server, smtp_server
from tests.acting import local


@dataclass(frozen=True)
class Received:
    sender: str
    recipients: tuple[str, ...]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.data, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)
    script: deque[str] = field(default_factory=deque)
    lock: threading.Condition = field(default_factory=threading.Condition)

    def _next(self, *kinds: str) -> str | None:
        with self.lock:
            if self.script and self.script[0] in kinds:
                return self.script.popleft()
        return None

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if self._next("drop-at-rcpt"):
            server.transport.close()
            return "421 4.4.2 Closing"  # never reaches the client: the connection is gone
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        action = self._next("421", "550", "drop-after-data")
        if action == "421":
            return "421 4.3.2 Service not available, try again later"
        if action == "550":
            return "550 5.1.1 No such mailbox here"
        data = envelope.original_content or envelope.content
        with self.lock:
            self.received.append(
                Received(envelope.mail_from, tuple(envelope.rcpt_tos), bytes(data))
            )
            self.lock.notify_all()
        if action == "drop-after-data":
            server.transport.close()
        return "250 2.0.0 Queued"


@dataclass
class SmtpServer:
    host: str
    port: int
    handler: Handler

    @property
    def received(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.received)

    def wait_for(self, count: int, timeout_s: float = 30.0) -> list[Received]:
        """Block until the server holds ``count`` messages (for a worker in another thread)."""
        with self.handler.lock:
            arrived = self.handler.lock.wait_for(
                lambda: len(self.handler.received) >= count, timeout=timeout_s
            )
            assert arrived, f"{len(self.handler.received)} of {count} messages arrived"
            return list(self.handler.received)

    def fail_next(self, *actions: str) -> None:
        """Answer the next messages as scripted (see the module docstring)."""
        with self.handler.lock:
            self.handler.script.extend(actions)

    def env(self) -> dict[str, str]:
        """The ``AFTERVIEW_SMTP_*`` settings that reach this server."""
        return {
            "AFTERVIEW_SMTP_HOST": self.host,
            "AFTERVIEW_SMTP_PORT": str(self.port),
            "AFTERVIEW_SMTP_SECURITY": "plain",
        }

    def server(self) -> Server:
        found = smtp_server(self.env())
        assert found is not None
        return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def dead_port() -> int:
    """A loopback port with nothing listening (bound and released: refused on connect)."""
    return free_port()


@contextlib.contextmanager
def running_smtp() -> Iterator[SmtpServer]:
    """An SMTP server on 127.0.0.1 that accepts everything unless scripted otherwise."""
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", controller.port, handler)
    finally:
        controller.stop()


PANEL = ("Priya Raman", "Tom Becker", "Ana López")


def queue_notes(db: Any, count: int, *, now: Any, app_id: int = 1) -> list[str]:
    """Put ``count`` approved thank-you notes for the panel interview straight into the
    outbox (approval refuses a second note to one person, and a load test needs many);
    returns their Message-IDs."""
    from afterview import compose
    from afterview.storage import outbox_repo

    ids = []
    with local(db).write() as tx:
        for n in range(count):
            message_id = compose.new_message_id("jordan.lee@example.org")
            name = PANEL[n % len(PANEL)]
            outbox_repo.insert(
                tx,
                {
                    "owner": 1,
                    "app": app_id,
                    "action": None,
                    "kind": "thank_you",
                    "to_name": name,
                    "to_email": f"note-{n}@northwind.example",
                    "from_email": "jordan.lee@example.org",
                    "subject": f"Thank you ({n})",
                    "body": f"Dear {name},\n\nThank you for the conversation.\n\nJordan Lee\n",
                    "message_id": message_id,
                    "in_reply_to": None,
                    "refs": None,
                    "send_at": now,
                    "now": now,
                },
            )
            ids.append(message_id)
    return ids

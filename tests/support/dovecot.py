"""A real IMAP server for tests: Debian's dovecot, run privately on a free loopback port.

:func:`running_dovecot` writes a dovecot configuration into a fresh temporary folder
(listening on 127.0.0.1 only, one user in a passwd file, plaintext login allowed because
the connection never leaves the machine, maildir storage in the same folder), starts
``dovecot -c CONF -F`` in the background, waits until the port answers with an IMAP
greeting (polling a connect, never sleeping a fixed time), and stops it afterwards. Nothing
outside that folder changes.

dovecot refuses to run its login processes or to open a mailbox as root. Under root (as in
CI) the login processes run as Debian's ``dovenull`` user, the rest as ``dovecot``, and the
mailbox belongs to ``dovecot``; the folder is made readable so those users can reach it.
As an ordinary user every process runs as that user.

The :class:`Dovecot` handle puts messages into a mailbox with IMAP APPEND (any folder,
"Sent" included), reads back what a mailbox holds (for "nothing was changed" checks) and
gives the afterview settings that point at it.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest

START_TIMEOUT_S = 15.0
USER = "jordan.lee@example.org"
PASSWORD = "correct horse battery staple"


def dovecot_binary() -> str:
    """The dovecot executable (``/usr/sbin`` is not on every user's PATH)."""
    found = shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/sbin")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("dovecot is not installed: CI must install dovecot-imapd.")
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass(frozen=True)
class Mailbox:
    """What a folder holds: message count and each message's flags, by UID."""

    uidvalidity: int
    flags: Mapping[int, frozenset[str]]

    @property
    def count(self) -> int:
        return len(self.flags)


@dataclass(frozen=True)
class Dovecot:
    host: str
    port: int
    user: str
    password: str
    folder: Path  # the temporary folder with the configuration, the log and the mail
    ssl_port: int | None = None  # with ``tls=True``: the implicit-TLS (IMAPS) port
    certificate: Path | None = None  # with ``tls=True``: the self-signed certificate

    @property
    def trusted(self) -> dict[str, str]:
        """The environment under which this server's certificate is trusted (OpenSSL reads
        ``SSL_CERT_FILE`` for its default certificates)."""
        assert self.certificate is not None, "start it with running_dovecot(tls=True)"
        return {"SSL_CERT_FILE": str(self.certificate)}

    def client(self) -> Any:
        """A logged-in IMAPClient (the caller logs out; best used with ``with``)."""
        from imapclient import IMAPClient

        client = IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
        client.login(self.user, self.password)
        return client

    def append(
        self,
        message: EmailMessage | bytes | str,
        folder: str = "INBOX",
        *,
        flags: Sequence[str] = (),
        when: datetime | None = None,
    ) -> int:
        """Put a message into ``folder`` (created when missing); its new UID. The arrival
        time (INTERNALDATE) is ``when``, else the message's Date."""
        raw = message.as_bytes() if isinstance(message, EmailMessage) else message
        if isinstance(raw, str):
            raw = raw.encode()
        if when is None and isinstance(message, EmailMessage) and message["Date"]:
            # The server's arrival time follows the message, not the machine's clock.
            when = parsedate_to_datetime(str(message["Date"]))
        with self.client() as client:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            answer = client.append(folder, raw, flags=tuple(flags), msg_time=when)
        # b"[APPENDUID <uidvalidity> <uid>] Append completed."
        text = answer.decode() if isinstance(answer, bytes) else str(answer)
        return int(text.split("]")[0].split()[-1])

    def mailbox(self, folder: str = "INBOX") -> Mailbox:
        """What ``folder`` holds now, read without changing anything (EXAMINE)."""
        with self.client() as client:
            info = client.select_folder(folder, readonly=True)
            uids = client.search("ALL")
            found = client.fetch(uids, ["FLAGS"]) if uids else {}
        return Mailbox(
            int(info[b"UIDVALIDITY"]),
            {uid: _flags(d[b"FLAGS"]) for uid, d in found.items()},
        )

    def env(self, **overrides: str) -> dict[str, str]:
        """The ``AFTERVIEW_IMAP_*`` settings that reach this server."""
        values = {
            "AFTERVIEW_IMAP_HOST": self.host,
            "AFTERVIEW_IMAP_PORT": str(self.port),
            "AFTERVIEW_IMAP_SECURITY": "plain",
            "AFTERVIEW_IMAP_USER": self.user,
            "AFTERVIEW_IMAP_PASSWORD": self.password,
        }
        values.update(overrides)
        return values

    def server(self, **overrides: str) -> Any:
        """The afterview ``Server`` settings for this dovecot."""
        from afterview.mail.config import imap_server

        return imap_server(self.env(**overrides))

    def log(self) -> str:
        path = self.folder / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _flags(raw: Sequence[bytes | str]) -> frozenset[str]:
    """A message's flags, without ``\\Recent`` (which only says which session saw it first)."""
    named = (f.decode() if isinstance(f, bytes) else str(f) for f in raw)
    return frozenset(f for f in named if f != "\\Recent")


def _identities() -> tuple[str, str, str, int, int]:
    """(login user, internal user, internal group, mail uid, mail gid) for this process."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid()).pw_name
        group = grp.getgrgid(os.getegid()).gr_name
        return me, me, group, os.geteuid(), os.getegid()
    try:
        internal = pwd.getpwnam("dovecot")
        pwd.getpwnam("dovenull")
    except KeyError:
        pytest.fail("dovecot's system users (dovecot, dovenull) are missing; reinstall it.")
    group = grp.getgrgid(internal.pw_gid).gr_name
    return "dovenull", "dovecot", group, internal.pw_uid, internal.pw_gid


CONFIG = """\
# A private dovecot for one test; nothing here touches the system's own configuration.
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
instance_name = afterview-test-{port}
log_path = {root}/dovecot.log
{tls}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
first_valid_uid = 1
mail_location = maildir:{root}/mail/%n
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/passwd
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {ssl_port}
    ssl = yes
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


@contextlib.contextmanager
def running_dovecot(
    user: str = USER, password: str = PASSWORD, *, tls: bool = False
) -> Iterator[Dovecot]:
    """A dovecot serving one empty mailbox on 127.0.0.1; stopped and removed afterwards.

    With ``tls`` it also offers STARTTLS on its port and implicit TLS on ``ssl_port``, with
    a fresh self-signed certificate for 127.0.0.1 (trust it with :attr:`Dovecot.trusted`).
    """
    binary = dovecot_binary()
    login_user, internal_user, internal_group, uid, gid = _identities()
    root = Path(tempfile.mkdtemp(prefix="afterview-dovecot-"))
    process: subprocess.Popen[bytes] | None = None
    try:
        root.chmod(0o755)  # dovecot's own users must reach the passwd file and the mail
        (root / "mail").mkdir()
        os.chown(root / "mail", uid, gid)
        (root / "passwd").write_text(f"{user}:{{PLAIN}}{password}:{uid}:{gid}::{root}/mail::\n")
        port = free_port()
        ssl_port = free_port() if tls else 0
        certificate = _certificate(root) if tls else None
        settings = (
            f"ssl = yes\nssl_cert = <{root}/cert.pem\nssl_key = <{root}/key.pem"
            if tls
            else "ssl = no"
        )
        conf = root / "dovecot.conf"
        conf.write_text(
            CONFIG.format(
                root=root,
                port=port,
                ssl_port=ssl_port,
                tls=settings,
                login_user=login_user,
                internal_user=internal_user,
                internal_group=internal_group,
            )
        )
        with open(root / "stderr.log", "wb") as errors:  # dovecot keeps its own copy
            process = subprocess.Popen(
                [binary, "-c", str(conf), "-F"], stdout=subprocess.DEVNULL, stderr=errors
            )
        server = Dovecot("127.0.0.1", port, user, password, root, ssl_port or None, certificate)
        _wait_for_greeting(server, process)
        yield server
    finally:
        if process is not None:
            _stop(process)
        shutil.rmtree(root, ignore_errors=True)


def _certificate(root: Path) -> Path:
    """A self-signed certificate (and key) for 127.0.0.1 in ``root``, made by openssl."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed (needed for a TLS test server)")
    subprocess.run(
        [
            *(openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt"),
            *("ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"),
            *("-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"),
            *("-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem")),
        ],
        check=True,
        capture_output=True,
    )
    (root / "key.pem").chmod(0o644)  # a throwaway key: dovecot's own users read it
    return root / "cert.pem"


def _wait_for_greeting(server: Dovecot, process: subprocess.Popen[bytes]) -> None:
    """Poll the port until dovecot greets; fail with its log if it exits or never does."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            errors = (server.folder / "stderr.log").read_text(errors="replace")
            pytest.fail(f"dovecot exited ({process.returncode}):\n{errors}\n{server.log()}")
        try:
            with socket.create_connection((server.host, server.port), timeout=1) as s:
                if s.recv(64).startswith(b"* OK"):
                    return
        except OSError:
            pass
        time.sleep(0.02)  # between polls only: the loop ends as soon as the port answers
    pytest.fail(f"dovecot did not answer on port {server.port}:\n{server.log()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def message(
    *,
    sender: str,
    subject: str,
    body: str,
    to: str = USER,
    message_id: str,
    date: datetime,
    in_reply_to: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> EmailMessage:
    """A plain-text email as a mail program would write it."""
    from email.utils import format_datetime

    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    return msg


def thanks_and_a_rejection(server: Dovecot, at: datetime) -> None:
    """The usual inbox of the Northwind panel interview: a panel member's thanks at ``at``
    and, an hour later, a rejection from the company's own address."""
    server.append(
        message(
            sender="Tom Becker <tom.becker@northwind.example>",
            subject="Re: Thank you",
            body="Thanks Jordan, a pleasure.",
            message_id="<thanks@northwind.example>",
            date=at,
        )
    )
    server.append(
        message(
            sender="Northwind Talent <talent@northwind.example>",
            subject="Your application",
            body="We regret to inform you that we are not moving forward with your application.",
            message_id="<no@northwind.example>",
            date=at + timedelta(hours=1),
        )
    )

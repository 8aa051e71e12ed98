"""The reply watch: read the user's inbox over IMAP, read-only, and act on employers' replies.

One poll (:func:`check_inbox`) connects with the account's settings
(:func:`afterview.mail.config.imap_server`), opens the mailbox with EXAMINE
(``select_folder(readonly=True)``) and fetches only what arrived since the last poll
(``mail_state``: the UIDVALIDITY and the highest UID read; a new UIDVALIDITY starts over,
which is harmless because a reply is stored once per Message-ID). Headers are fetched with
``BODY.PEEK`` so nothing is marked ``\\Seen``; the body is fetched (also with PEEK) only for
a message that matched an application. The watch never stores, moves, flags or deletes
anything on the server.

A message belongs to an application when, in this order:

1. it answers one of our notes (its ``In-Reply-To``/``References`` name a Message-ID from
   the outbox);
2. it comes from a panel member's (recruiters included), the referrer's or a tracked
   contact's address;
3. it comes from the company's mail domain, read from the panel's addresses (free-mail
   domains such as gmail.com say nothing about an employer, and neither does the user's own
   domain).

When several applications fit (two roles at one company), the one without an outcome and
with the latest interview wins. What the reply means is decided by
:mod:`afterview.mail.classify`; what is done about it by :mod:`afterview.services.inbox`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage, Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from typing import Any, ClassVar

from afterview.domain.serial import computed, meta
from afterview.mail.classify import Mail, Reading, classify
from afterview.mail.config import MailConfigError, Server
from afterview.mail.imap import MailServerError, first_line, session
from afterview.storage import mail_repo
from afterview.storage.work import Work

BATCH = 200  # UIDs fetched per round trip
BODY_BYTES = 256 * 1024  # enough for any reply's text; an attached offer letter is not read
# Free-mail providers: an address there says nothing about the employer.
FREE_MAIL = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com",
    "live.co.uk", "msn.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "ymail.com",
    "rocketmail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
    "protonmail.com", "protonmail.ch", "pm.me", "gmx.com", "gmx.de", "gmx.net", "web.de",
    "mail.com", "zoho.com", "zohomail.com", "yandex.com", "yandex.ru", "fastmail.com",
    "fastmail.fm", "hey.com", "tutanota.com", "tuta.io", "qq.com", "163.com", "126.com",
    "t-online.de", "orange.fr", "free.fr", "laposte.net", "btinternet.com", "comcast.net",
    "verizon.net", "att.net", "sbcglobal.net", "shaw.ca", "rogers.com", "sympatico.ca",
    "bell.net",
})  # fmt: skip


@dataclass(frozen=True, slots=True)
class Seen:
    """A reply the poll matched and stored."""

    event_id: int = field(metadata=meta(name="id"))
    application_id: int
    company: str
    role: str
    kind: str
    status: str
    from_addr: str = field(metadata=meta(name="from"))
    subject: str
    return_on: date | None


@dataclass(frozen=True, slots=True)
class WatchReport:
    """What one poll did."""

    mailbox: str
    scanned: int  # new messages whose headers were read
    matched: tuple[Seen, ...] = ()
    reset: bool = False  # the mailbox's UIDVALIDITY changed: it was read from the start

    json_order: ClassVar[tuple[str, ...]] = ("mailbox", "scanned", "reset", "counts", "matched")

    def count(self, kind: str) -> int:
        return sum(1 for s in self.matched if s.kind == kind)

    @computed
    def counts(self) -> dict[str, int]:
        return {k: self.count(k) for k in ("human", "auto", "rejection", "offer")}


# -- matching -------------------------------------------------------------------------------


@dataclass
class Directory:
    """Who may answer for which application."""

    people: dict[str, list[mail_repo.Correspondent]] = field(default_factory=dict)
    domains: dict[str, list[mail_repo.Correspondent]] = field(default_factory=dict)
    by_id: dict[int, mail_repo.Correspondent] = field(default_factory=dict)
    own: str | None = None  # the candidate's address: their own mail is never a reply
    dayfirst: bool = True  # how the candidate's region writes 01/12 (as the planner reads it)
    earliest: date | None = None  # the first interview: no reply to it can be older

    @classmethod
    def build(cls, apps: Iterable[mail_repo.Correspondent], own: mail_repo.Own) -> Directory:
        own_domain = _domain(own.email) if own.email else None
        d = cls(own=own.email, dayfirst=own.country != "US")
        for app in apps:
            if app.latest_interview is not None:
                day = app.latest_interview.date()
                d.earliest = day if d.earliest is None else min(d.earliest, day)
            d.by_id[app.application_id] = app
            for address in app.addresses:
                if address != own.email:
                    d.people.setdefault(address, []).append(app)
            for domain in {_domain(a) for a in app.panel_addresses}:
                if domain and domain not in FREE_MAIL and domain != own_domain:
                    d.domains.setdefault(domain, []).append(app)
        return d

    def __bool__(self) -> bool:
        return bool(self.people or self.domains)

    def match(self, sender: str, answered: int | None) -> mail_repo.Correspondent | None:
        """The application a message from ``sender`` belongs to (``answered``: the one
        whose note it replies to, when known)."""
        if sender == self.own:  # a copy of the user's own mail, even within the thread
            return None
        if answered is not None and answered in self.by_id:
            return self.by_id[answered]
        fits = self.people.get(sender)
        if not fits:
            domain = _domain(sender)
            fits = next(
                (
                    apps
                    for d, apps in self.domains.items()
                    if domain == d or domain.endswith("." + d)
                ),
                None,
            )
        if not fits:
            return None
        return max(fits, key=_preference)


def _preference(app: mail_repo.Correspondent) -> tuple[bool, datetime, int]:
    latest = app.latest_interview or datetime.min.replace(tzinfo=UTC)
    return (not app.has_outcome, latest, app.application_id)


def _within(domain: str, company: str) -> bool:
    """``mail.northwind.example`` is within ``northwind.example``."""
    return domain == company or domain.endswith("." + company)


def _domain(address: str) -> str:
    return address.rpartition("@")[2].strip().lower()


_MESSAGE_ID = re.compile(r"<[^<>\s]+>")


def message_ids(*values: str | None) -> list[str]:
    """The Message-IDs named in In-Reply-To and References headers, in order."""
    found: list[str] = []
    for value in values:
        for mid in _MESSAGE_ID.findall(value or ""):
            if mid not in found:
                found.append(mid)
    return found


# -- reading the mailbox ---------------------------------------------------------------------


def check_inbox(work: Work, server: Server, *, now: datetime) -> WatchReport:
    """Poll ``server``'s mailbox once; store and act on the replies from employers."""
    if server.protocol != "imap":
        raise MailConfigError("watch_needs_imap")
    with work.read() as tx:
        directory = Directory.build(mail_repo.correspondents(tx), mail_repo.own(tx))
        state = mail_repo.state(tx, server.mailbox)
    with session(server) as client:
        try:
            info = client.select_folder(server.mailbox, readonly=True)
        except client.Error as exc:
            raise MailServerError(
                "imap_mailbox_unopenable",
                mailbox=server.mailbox,
                server=server.describe(),
                problem=first_line(exc),
            ) from None
        uidvalidity = int(info[b"UIDVALIDITY"])
        reset = state is not None and state.uidvalidity != uidvalidity
        since = state.last_uid + 1 if state is not None and not reset else 1
        uids = (  # with nobody to hear from yet, only the place is remembered
            _new_uids(client, since, int(info.get(b"UIDNEXT", 0)), directory.earliest)
            if directory
            else []
        )
        matched: list[Seen] = []
        for batch in _batches(uids, BATCH):
            matched += _read_batch(client, work, directory, batch, now=now)
            with work.write() as tx:
                mail_repo.save_state(tx, server.mailbox, uidvalidity, batch[-1], now)
        if not uids:
            last = max(int(info.get(b"UIDNEXT", 1)) - 1, since - 1, 0)
            with work.write() as tx:
                mail_repo.save_state(tx, server.mailbox, uidvalidity, last, now)
    return WatchReport(server.mailbox, len(uids), tuple(matched), reset)


def _new_uids(client: Any, since: int, uidnext: int, earliest: date | None) -> list[int]:
    if uidnext and since >= uidnext:
        return []  # nothing arrived: no search needed
    criteria: list[Any] = ["UID", f"{since}:*"]
    if since == 1 and earliest is not None:
        # The first read of a mailbox skips what arrived before the first interview: on
        # a mailbox of years, that is almost everything.
        criteria += ["SINCE", earliest - timedelta(days=1)]
    # "N:*" always includes the highest UID, even below N: keep only the new ones.
    return sorted(uid for uid in client.search(criteria) if uid >= since)


def _batches(items: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _read_batch(
    client: Any, work: Work, directory: Directory, uids: list[int], *, now: datetime
) -> list[Seen]:
    from email.parser import BytesHeaderParser, BytesParser
    from email.policy import default

    heads = client.fetch(uids, ["BODY.PEEK[HEADER]", "INTERNALDATE"])
    wanted: dict[int, tuple[Message, mail_repo.Correspondent]] = {}
    with work.read() as tx:
        for uid in uids:
            data = heads.get(uid)
            if data is None:  # expunged meanwhile
                continue
            header = BytesHeaderParser(policy=default).parsebytes(data[b"BODY[HEADER]"])
            replies_to = message_ids(
                str(header["In-Reply-To"] or ""), str(header["References"] or "")
            )
            ours = mail_repo.sent_by_us(tx, replies_to)
            answered = next((ours[m] for m in replies_to if m in ours), None)
            app = directory.match(_sender(header)[0], answered)
            if app is not None and not mail_repo.known(tx, _message_id(header)):
                wanted[uid] = (header, app)
    if not wanted:
        return []
    bodies = client.fetch(list(wanted), [f"BODY.PEEK[]<0.{BODY_BYTES}>"])
    seen = []
    for uid, (head, app) in wanted.items():
        raw = _body_bytes(bodies.get(uid, {}))
        message = BytesParser(policy=default).parsebytes(raw) if raw else head
        internal = heads[uid].get(b"INTERNALDATE")
        found = _store(work, directory, app, head, message, internal, now=now)
        if found is not None:
            seen.append(found)
    return seen


def _body_bytes(data: dict[bytes, Any]) -> bytes:
    for key, value in data.items():  # the key is b"BODY[]<0>" for a partial fetch
        if key.startswith(b"BODY[]") and isinstance(value, bytes):
            return value
    return b""


def _store(
    work: Work,
    directory: Directory,
    app: mail_repo.Correspondent,
    header: Message,
    message: Message,
    internal: datetime | None,
    *,
    now: datetime,
) -> Seen | None:
    from afterview.services import inbox

    address, name = _sender(header)
    received = _received(header, internal, now)
    subject = str(header["Subject"] or "")
    reading = _read(header, message, subject, received, dayfirst=directory.dayfirst)
    event = {
        "message_id": _message_id(header),
        "in_reply_to": str(header["In-Reply-To"] or "").strip() or None,
        "from_addr": address,
        "from_name": name or None,
        "subject": subject,
        "received_at": received,
        "kind": reading.kind,
        "return_on": reading.return_on,
        "why": reading.why,
    }
    with work.write() as tx:
        event_id = inbox.record(tx, app.application_id, event, now=now)
        if event_id is None:
            return None
        status = mail_repo.event(tx, event_id)["status"]
    return Seen(
        event_id,
        app.application_id,
        app.company,
        app.role,
        reading.kind,
        status,
        address,
        subject,
        reading.return_on,
    )


def _read(
    header: Message, message: Message, subject: str, received: datetime, *, dayfirst: bool
) -> Reading:
    headers = {k.lower(): str(v) for k, v in header.items()}
    mail = Mail(subject, _text(message), received.date(), headers)
    return classify(mail, dayfirst=dayfirst)


def _text(message: Message) -> str:
    """The message's text: the plain part, else the HTML part reduced to text."""
    if not isinstance(message, EmailMessage):
        return ""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):  # an unknown charset or a broken encoding
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        content = _html_text(content)
    return content


def _html_text(html: str) -> str:
    import html as entities

    html = re.sub(r"(?is)<(script|style).*?</\1>", " ", html)
    html = re.sub(r"(?i)<\s*(br|/p|/div|/li|/tr|/h\d)\b[^>]*>", "\n", html)
    html = re.sub(r"(?i)<blockquote\b.*?</blockquote>", "\n", html, flags=re.S)
    return entities.unescape(re.sub(r"<[^>]+>", " ", html))


def _sender(header: Message) -> tuple[str, str]:
    """(address in lower case, display name) of From (Reply-To is not who wrote it)."""
    pairs = getaddresses([str(header["From"] or "")])
    name, address = pairs[0] if pairs else parseaddr("")
    return address.strip().lower(), name.strip()


def _message_id(header: Message) -> str:
    """The message's Message-ID, or a stable stand-in made from what identifies it."""
    found = message_ids(str(header["Message-ID"] or ""))
    if found:
        return found[0]
    basis = "\n".join(str(header[h] or "") for h in ("From", "Date", "Subject", "To"))
    return f"<{hashlib.sha256(basis.encode()).hexdigest()[:32]}@no-message-id.invalid>"


def _received(header: Message, internal: datetime | None, now: datetime) -> datetime:
    """When it was written (Date), else when the server got it; never later than now."""
    moment: datetime | None = None
    try:
        moment = parsedate_to_datetime(str(header["Date"])) if header["Date"] else None
    except (TypeError, ValueError):
        moment = None
    if moment is None or moment.tzinfo is None:
        moment = internal if internal is not None and internal.tzinfo else None
    if moment is None:
        return now
    return min(moment, now)

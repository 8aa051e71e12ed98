"""The reply watch against a real dovecot, on SQLite and PostgreSQL.

Four applications wait on employers; the inbox holds a human reply, an out-of-office reply
with a return date, a rejection, an offer-like mail and mail that has nothing to do with
them. One poll must act on each as promised, leave the mailbox exactly as it was, and a
second poll must change nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from afterview.domain.errors import InputError
from afterview.interview_file import read_data
from afterview.mail.watch import MailServerError, check_inbox
from afterview.services import inbox, tracking
from afterview.storage.db import Database
from tests.acting import local
from tests.conftest import EXAMPLES
from tests.support.dovecot import Dovecot, message, running_dovecot

TORONTO = ZoneInfo("America/Toronto")
ADDED = datetime(2026, 11, 20, 16, 0, tzinfo=TORONTO)
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=TORONTO)  # when the replies arrive
TUESDAY = datetime(2026, 11, 24, 9, 0, tzinfo=TORONTO)  # when the watch runs
THANKS_TO_PRIYA = "<thank-you.1.priya@example.org>"


@pytest.fixture
def imap() -> Iterator[Dovecot]:
    with running_dovecot() as server:
        yield server


def interview(company: str, role: str, domain: str) -> dict[str, Any]:
    """The example panel interview, at another company whose people write from ``domain``."""
    data = copy.deepcopy(read_data(EXAMPLES / "panel-interview.yaml"))
    data["application"]["company"] = company
    data["application"]["role"] = role
    data["pipeline"] = []
    for member in data["interview"]["panel"]:
        member["email"] = member["email"].replace("northwind.example", domain)
    return data


def track(db: Database) -> dict[str, int]:
    """Four applications, each with its plan; a thank-you note to Priya went out."""
    ids = {}
    for key, company, domain in (
        ("northwind", "Northwind Robotics", "northwind.example"),
        ("contoso", "Contoso Analytics", "contoso.example"),
        ("fabrikam", "Fabrikam", "fabrikam.example"),
        ("initech", "Initech", "initech.example"),
    ):
        added = tracking.add(
            local(db), interview(company, "Data Engineer", domain), source=key, now=ADDED
        )
        ids[key] = added.replanned.application_id
    with local(db).write() as tx:
        tx.execute(
            """INSERT INTO messages (owner_id, application_id, kind, to_name, to_email,
                 from_email, subject, body, status, message_id, send_at, approved_at,
                 sent_at, created_at, updated_at)
               VALUES (1, :app, 'thank_you', 'Priya Raman', 'priya.raman@northwind.example',
                 'jordan.lee@example.org', 'Thank you', '…', 'sent', :mid, :at, :at, :at,
                 :at, :at)""",
            {"app": ids["northwind"], "mid": THANKS_TO_PRIYA, "at": ADDED},
        )
    return ids


def fill(imap: Dovecot) -> None:
    """The inbox: four replies from employers and two unrelated mails (one already read)."""
    mails = [
        message(  # answers our note, from Priya's private address: only the thread says so
            sender="Priya Raman <priya.r@gmail.com>",
            subject="Re: Thank you",
            body="Thanks Jordan, it was great to meet you. We'll be in touch soon.\n\n"
            "On Sat, 21 Nov 2026 Jordan Lee wrote:\n> Thank you for your time",
            message_id="<reply.priya@gmail.com>",
            in_reply_to=THANKS_TO_PRIYA,
            date=MONDAY,
        ),
        message(
            sender="Tom Becker <tom.becker@contoso.example>",
            subject="Automatic reply: Thank you",
            body="I am out of the office and will return on 2026-12-14.",
            message_id="<ooo.tom@contoso.example>",
            date=MONDAY,
            headers={"Auto-Submitted": "auto-replied"},
        ),
        message(  # nobody on the panel: the company's domain says who it is
            sender="Fabrikam Talent <talent@fabrikam.example>",
            subject="Your application",
            body="Dear Jordan,\n\nUnfortunately, we have decided not to proceed with your "
            "application.\n\nKind regards",
            message_id="<no.thanks@fabrikam.example>",
            date=MONDAY,
        ),
        message(
            sender="Ana López <ana.lopez@initech.example>",
            subject="Good news",
            body="Jordan, we are pleased to offer you the role! The offer letter follows.",
            message_id="<offer@initech.example>",
            date=MONDAY,
        ),
        message(
            sender="A friend <friend@gmail.com>",
            subject="Lunch on Friday?",
            body="Unfortunately I cannot make it, other plans.",
            message_id="<lunch@gmail.com>",
            date=MONDAY,
        ),
    ]
    for mail in mails:
        imap.append(mail)
    newsletter = message(
        sender="Shop <news@shop.example>",
        subject="Our offer of the week",
        body="An offer letter you cannot refuse.",
        message_id="<news@shop.example>",
        date=MONDAY,
    )
    imap.append(newsletter, flags=[r"\Seen"])


def application(db: Database, app_id: int) -> dict[str, Any]:
    with local(db).read() as tx:
        row = tx.one("SELECT * FROM applications WHERE id = :id", {"id": app_id})
    assert row is not None
    return row


def pending_follow_ups(db: Database, app_id: int) -> list[dict[str, Any]]:
    with local(db).read() as tx:
        return tx.all(
            """SELECT * FROM actions WHERE application_id = :a AND kind = 'follow_up'
               AND status = 'pending' ORDER BY not_before""",
            {"a": app_id},
        )


def snapshot(db: Database) -> list[Any]:
    with local(db).read() as tx:
        return [
            tx.all(f"SELECT * FROM {table} ORDER BY 1")
            for table in ("applications", "actions", "mail_events", "history")
        ]


def test_one_poll_acts_on_each_reply_and_leaves_the_mailbox_untouched(
    db: Database, imap: Dovecot
) -> None:
    ids = track(db)
    assert pending_follow_ups(db, ids["contoso"])  # the plan has follow-ups to stop or pause
    fill(imap)
    before = imap.mailbox()

    report = check_inbox(local(db), imap.server(), now=TUESDAY)

    assert report.scanned == 6
    assert report.counts == {"human": 1, "auto": 1, "rejection": 1, "offer": 1}
    by_app = {s.application_id: s for s in report.matched}
    assert set(by_app) == set(ids.values())
    assert imap.mailbox() == before  # same messages, same flags: nothing marked \Seen

    # A person answered Northwind: the follow-ups stop.
    northwind = application(db, ids["northwind"])
    assert northwind["replied_at"] is not None
    assert northwind["not_until"] is None
    assert pending_follow_ups(db, ids["northwind"]) == []

    # Contoso's interviewer is away until 14 December: follow-ups wait until after that.
    contoso = application(db, ids["contoso"])
    assert str(contoso["not_until"])[:10] == "2026-12-14"
    first = pending_follow_ups(db, ids["contoso"])[0]
    first_at = datetime.fromisoformat(str(first["not_before"]).replace("Z", "+00:00"))
    assert first_at.astimezone(TORONTO).date() == date(2026, 12, 15)
    assert by_app[ids["contoso"]].return_on == date(2026, 12, 14)

    # Fabrikam's rejection and Initech's offer wait for the user; no outcome is recorded.
    for key, kind in (("fabrikam", "rejection"), ("initech", "offer")):
        seen = by_app[ids[key]]
        assert (seen.kind, seen.status) == (kind, "new")
        row = application(db, ids[key])
        assert row["outcome_kind"] is None
        assert row["status"] == "interviewing"
        assert pending_follow_ups(db, ids[key]) == []  # still, someone answered


def test_a_second_poll_changes_nothing(db: Database, imap: Dovecot) -> None:
    track(db)
    fill(imap)
    check_inbox(local(db), imap.server(), now=TUESDAY)
    after_first = snapshot(db)

    again = check_inbox(local(db), imap.server(), now=TUESDAY)

    assert (again.scanned, again.matched) == (0, ())
    assert snapshot(db) == after_first


def test_a_renumbered_mailbox_is_read_again_without_counting_anything_twice(
    db: Database, imap: Dovecot
) -> None:
    track(db)
    fill(imap)
    check_inbox(local(db), imap.server(), now=TUESDAY)
    after_first = snapshot(db)
    with local(db).write() as tx:  # as if the server had given the mailbox a new UIDVALIDITY
        tx.execute("UPDATE mail_state SET uidvalidity = uidvalidity + 1")

    again = check_inbox(local(db), imap.server(), now=TUESDAY)

    assert again.reset
    assert again.scanned == 6
    assert again.matched == ()
    assert snapshot(db) == after_first


def test_only_new_mail_is_read_on_the_next_poll(db: Database, imap: Dovecot) -> None:
    ids = track(db)
    check_inbox(local(db), imap.server(), now=TUESDAY)  # empty inbox: remembers the place
    imap.append(
        message(
            sender="Priya Raman <priya.raman@northwind.example>",
            subject="Next steps",
            body="Could you do a final call on Thursday?",
            message_id="<next@northwind.example>",
            date=MONDAY,
        )
    )
    report = check_inbox(local(db), imap.server(), now=TUESDAY)
    assert report.scanned == 1
    assert [(s.application_id, s.kind) for s in report.matched] == [(ids["northwind"], "human")]


def test_suggestions_are_confirmed_or_dismissed_by_the_user(db: Database, imap: Dovecot) -> None:
    ids = track(db)
    fill(imap)
    check_inbox(local(db), imap.server(), now=TUESDAY)
    listed = inbox.entries(local(db))
    assert [e.kind for e in listed[:2]] == ["rejection", "offer"] or [
        e.kind for e in listed[:2]
    ] == ["offer", "rejection"]
    assert all(e.waiting for e in listed[:2])
    assert not any(e.waiting for e in listed[2:])
    rejection = next(e for e in listed if e.kind == "rejection")
    offer = next(e for e in listed if e.kind == "offer")

    entry, result = inbox.confirm(local(db), rejection.id, now=TUESDAY)
    fabrikam = application(db, ids["fabrikam"])
    assert (fabrikam["outcome_kind"], fabrikam["status"]) == ("rejected", "rejected")
    assert result is not None
    assert "rejection_reply" in {a.kind for a in result.plan.actions}
    assert entry.application_id == ids["fabrikam"]

    inbox.dismiss(local(db), offer.id, now=TUESDAY)
    assert application(db, ids["initech"])["outcome_kind"] is None

    statuses = {e.id: e.status for e in inbox.entries(local(db))}
    assert (statuses[rejection.id], statuses[offer.id]) == ("confirmed", "dismissed")
    with pytest.raises(InputError, match="not waiting"):
        inbox.confirm(local(db), offer.id, now=TUESDAY)
    with pytest.raises(InputError, match="No reply with id 9999"):
        inbox.dismiss(local(db), 9999, now=TUESDAY)


def test_the_users_own_mail_in_the_thread_is_not_a_reply(db: Database, imap: Dovecot) -> None:
    ids = track(db)
    imap.append(
        message(
            sender="Jordan Lee <Jordan.Lee@example.org>",
            subject="Re: Thank you",
            body="(a copy of my own note)",
            message_id="<copy@example.org>",
            in_reply_to=THANKS_TO_PRIYA,
            date=MONDAY,
        )
    )
    report = check_inbox(local(db), imap.server(), now=TUESDAY)
    assert (report.scanned, report.matched) == (1, ())
    assert application(db, ids["northwind"])["replied_at"] is None


def test_an_automatic_reply_never_undoes_a_persons_answer(db: Database, imap: Dovecot) -> None:
    ids = track(db)
    tracking.reply(local(db), ids["contoso"], at=MONDAY, now=MONDAY)
    imap.append(
        message(
            sender="Tom Becker <tom.becker@contoso.example>",
            subject="Out of office",
            body="Back on 2026-12-14.",
            message_id="<ooo2@contoso.example>",
            date=MONDAY,
            headers={"X-Autoreply": "yes"},
        )
    )
    report = check_inbox(local(db), imap.server(), now=TUESDAY)
    assert report.counts["auto"] == 1
    assert application(db, ids["contoso"])["not_until"] is None
    assert pending_follow_ups(db, ids["contoso"]) == []


def test_a_wrong_password_or_mailbox_is_one_clear_error(db: Database, imap: Dovecot) -> None:
    track(db)
    wrong = imap.server(AFTERVIEW_IMAP_PASSWORD="not the password")
    with pytest.raises(MailServerError, match="refused the login") as caught:
        check_inbox(local(db), wrong, now=TUESDAY)
    assert "not the password" not in str(caught.value)
    missing = imap.server(AFTERVIEW_IMAP_MAILBOX="Replies")
    with pytest.raises(MailServerError, match="mailbox 'Replies' cannot be opened"):
        check_inbox(local(db), missing, now=TUESDAY)


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_the_watch_speaks_tls_and_checks_the_certificate(
    db: Database, security: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = track(db)
    with running_dovecot(tls=True) as server:
        server.append(
            message(
                sender="Priya Raman <priya.raman@northwind.example>",
                subject="Re: Thank you",
                body="Thanks, talk soon.",
                message_id="<tls@northwind.example>",
                date=MONDAY,
            )
        )
        port = str(server.ssl_port if security == "ssl" else server.port)
        settings = server.server(AFTERVIEW_IMAP_SECURITY=security, AFTERVIEW_IMAP_PORT=port)
        with pytest.raises(MailServerError, match="certificate this machine does not trust"):
            check_inbox(local(db), settings, now=TUESDAY)  # a certificate nobody vouches for
        for name, value in server.trusted.items():
            monkeypatch.setenv(name, value)
        report = check_inbox(local(db), settings, now=TUESDAY)
    assert [(s.application_id, s.kind) for s in report.matched] == [(ids["northwind"], "human")]

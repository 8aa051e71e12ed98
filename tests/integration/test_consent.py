"""Consent through the services, on SQLite and PostgreSQL (no row-level security here: the
services and the repository's own queries must keep a counsellor to the seekers who grant
access; test_consent_db.py shows the database doing it again in a centre).

A and B are seekers, C a counsellor. A grants C access, C reads and writes notes, A
withdraws access; the access log keeps every step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from afterview.domain import consent as words
from afterview.domain.errors import Forbidden, InputError, UnknownRecord
from afterview.interview_file import read_data
from afterview.services import caseload, consent, overview, tracking
from afterview.storage.db import Database
from afterview.wiring import Actor, Work
from tests.conftest import EXAMPLES

ADDED = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
NOW = ADDED + timedelta(days=3)


@dataclass(frozen=True)
class People:
    db: Database
    a: int
    b: int
    c: int

    def seeker(self, account: int) -> Work:
        return Work(self.db, Actor.seeker(account))

    def counsellor(self, seeker: int | None = None, at: datetime = NOW) -> Work:
        return Work(self.db, Actor.counsellor(self.c, seeker), subject="test", clock=lambda: at)


def add_people(db: Database) -> tuple[int, int, int]:
    """Three accounts that sign in, written as the database's owner would (no account
    named), as ``users add`` does."""
    ids = []
    with db.transaction() as tx:
        for name, role in (("a", "seeker"), ("b", "seeker"), ("c", "counsellor")):
            ids.append(
                tx.insert(
                    """INSERT INTO owners (name, created_at, email, role)
                       VALUES (:n, :at, :e, :r) RETURNING id""",
                    {"n": f"{name}-account", "at": ADDED, "e": f"{name}@example.org", "r": role},
                )
            )
    return ids[0], ids[1], ids[2]


def interview(company: str, *, notes: bool = True) -> dict[str, Any]:
    data = read_data(EXAMPLES / "panel-interview.yaml")
    data["application"]["company"] = company
    if not notes:
        data["interview"].pop("notes", None)
    return data


@pytest.fixture
def trio(db: Database) -> People:
    """A, B and C, no search yet (test_consent_db.py makes them in a career centre)."""
    return People(db, *add_people(db))


@pytest.fixture
def people(trio: People) -> People:
    found, a, b = trio, trio.a, trio.b
    tracking.add(found.seeker(a), interview("Zorblatt Analytics"), source="a", now=ADDED)
    tracking.add(found.seeker(b), interview("Quillfeather Labs"), source="b", now=ADDED)
    return found


def _companies(rows: list[Any]) -> set[str]:
    return {r.company for r in rows}


def test_a_counsellor_reads_a_seekers_search_only_while_a_grant_stands(people: People) -> None:
    with pytest.raises(UnknownRecord):
        overview.applications(people.counsellor(people.a), now=NOW)
    assert caseload.applications(people.counsellor(), now=NOW) == []
    grant = consent.grant(people.seeker(people.a), "C@Example.org ", now=NOW)
    seen = overview.applications(people.counsellor(people.a), now=NOW)
    assert _companies(seen) == _companies(overview.applications(people.seeker(people.a), now=NOW))
    assert "Zorblatt Analytics" in _companies(seen)
    assert "Quillfeather Labs" not in _companies(seen)
    listed = caseload.applications(people.counsellor(), now=NOW)
    assert _companies(listed) == _companies(seen)
    assert {r.seeker for r in listed} == {"a@example.org"}
    with pytest.raises(UnknownRecord):  # B grants nothing
        overview.applications(people.counsellor(people.b), now=NOW)
    consent.revoke(people.seeker(people.a), grant, now=NOW + timedelta(minutes=5))
    with pytest.raises(UnknownRecord):
        overview.applications(people.counsellor(people.a), now=NOW)
    assert caseload.applications(people.counsellor(), now=NOW) == []


def test_a_counsellor_never_writes_a_seekers_search(people: People) -> None:
    consent.grant(people.seeker(people.a), "c@example.org", now=NOW)
    app_id = overview.applications(people.seeker(people.a), now=NOW)[0].id
    helping = people.counsellor(people.a)
    with pytest.raises(Forbidden) as refused:
        tracking.outcome(helping, app_id, "rejected", at=NOW, now=NOW)
    assert refused.value.code == "counsellor_reads_only"
    with pytest.raises(Forbidden):
        tracking.add(helping, interview("Mallowmere"), source="c", now=NOW)
    assert overview.detail(people.seeker(people.a), app_id)["status"] == "interviewing"


def test_the_access_log_names_each_read_and_each_change(people: People) -> None:
    a = people.seeker(people.a)
    grant = consent.grant(a, "c@example.org", now=NOW)
    overview.applications(people.counsellor(people.a, NOW + timedelta(hours=1)), now=NOW)
    caseload.caseload(people.counsellor(), now=NOW + timedelta(hours=2))
    consent.revoke(a, grant, now=NOW + timedelta(hours=3))
    log = consent.access_log(a)
    assert [(e.actor, e.action, e.subject) for e in log] == [
        ("a@example.org", "revoked", "c@example.org"),
        ("c@example.org", "read", "caseload"),
        ("c@example.org", "read", "test"),
        ("a@example.org", "granted", "c@example.org"),
    ]
    assert log[0].at == NOW + timedelta(hours=3)
    assert log[2].words == "looked at your search"
    assert consent.access_log(people.seeker(people.b)) == []


def test_granting_names_a_counsellor_and_records_the_notice(people: People) -> None:
    a = people.seeker(people.a)
    for wrong, code in (
        ("b@example.org", "unknown_counsellor"),  # a seeker, not a counsellor
        ("nobody@example.org", "unknown_counsellor"),
    ):
        with pytest.raises(InputError) as refused:
            consent.grant(a, wrong, now=NOW)
        assert refused.value.code == code
    with pytest.raises(InputError) as outdated:
        consent.grant(a, "c@example.org", now=NOW, notice_version="1999-01-1")
    assert outdated.value.code == "notice_outdated"
    first = consent.grant(a, "c@example.org", now=NOW)
    assert consent.grant(a, "c@example.org", now=NOW) == first  # granting twice is harmless
    (given,) = consent.grants(a)
    assert (given.id, given.seeker, given.counsellor) == (first, "a@example.org", "c@example.org")
    assert (given.notice_version, given.granted_at, given.standing) == (
        words.NOTICE_VERSION,
        NOW,
        True,
    )
    (received,) = consent.grants(people.counsellor())
    assert received.seeker == "a@example.org"
    assert consent.grants(people.seeker(people.b)) == []
    with pytest.raises(Forbidden):
        consent.grant(people.counsellor(), "c@example.org", now=NOW)


def test_only_the_seeker_revokes_their_own_grant_and_only_once(people: People) -> None:
    grant = consent.grant(people.seeker(people.a), "c@example.org", now=NOW)
    with pytest.raises(UnknownRecord):
        consent.revoke(people.seeker(people.b), grant, now=NOW)
    with pytest.raises(Forbidden):
        consent.revoke(people.counsellor(), grant, now=NOW)
    consent.revoke(people.seeker(people.a), grant, now=NOW)
    with pytest.raises(UnknownRecord):
        consent.revoke(people.seeker(people.a), grant, now=NOW)
    (kept,) = consent.grants(people.seeker(people.a))
    assert kept.revoked_at == NOW
    assert consent.grants(people.counsellor()) == []


def test_notes_private_and_shared(people: People) -> None:
    c = people.counsellor()
    with pytest.raises(UnknownRecord):  # no grant yet
        consent.add_note(c, people.a, "Call her on Monday.", shared=False, now=NOW)
    consent.grant(people.seeker(people.a), "c@example.org", now=NOW)
    consent.add_note(c, people.a, "Call her on Monday.", shared=False, now=NOW)
    later = NOW + timedelta(minutes=1)
    app_id = overview.applications(people.seeker(people.a), now=NOW)[0].id
    consent.add_note(c, people.a, "Good debrief.", shared=True, now=later, application=app_id)
    b_app = overview.applications(people.seeker(people.b), now=NOW)[0].id
    with pytest.raises(UnknownRecord):  # B's application is not A's
        consent.add_note(c, people.a, "x", shared=True, now=NOW, application=b_app)
    with pytest.raises(InputError):
        consent.add_note(c, people.a, "   ", shared=True, now=NOW)
    assert [n.body for n in consent.notes(c, people.a)] == ["Good debrief.", "Call her on Monday."]
    (shared,) = consent.notes(people.seeker(people.a))
    assert (shared.body, shared.author, shared.application_id) == (
        "Good debrief.",
        "c@example.org",
        app_id,
    )
    assert consent.notes(people.seeker(people.b)) == []
    with pytest.raises(Forbidden):
        consent.add_note(people.seeker(people.a), people.a, "mine", shared=True, now=NOW)


def test_the_caseload_lists_each_granting_seeker_by_need(trio: People) -> None:
    """A: an interview without notes, thank-yous overdue. B: the same thank-yous and an
    offer not on paper. Both quiet three weeks later, A's decision date passed by then."""
    people, a, b = trio, trio.a, trio.b
    tracking.add(people.seeker(a), interview("Zorblatt", notes=False), source="a", now=ADDED)
    added = tracking.add(people.seeker(b), interview("Quillfeather"), source="b", now=ADDED)
    tracking.outcome(people.seeker(b), added.replanned.application_id, "offer", at=ADDED, now=ADDED)
    for seeker in (a, b):
        consent.grant(people.seeker(seeker), "c@example.org", now=ADDED)
    soon = caseload.caseload(people.counsellor(), now=NOW)
    assert [(s.email, {x.signal: x.count for x in s.attention}) for s in soon] == [
        ("b@example.org", {"offer_not_on_paper": 1, "thank_you_overdue": 3}),
        ("a@example.org", {"thank_you_overdue": 3, "no_debrief": 1}),
    ]
    assert soon[1].attention[0].words == "3 thank-yous overdue"
    weeks = caseload.caseload(people.counsellor(), now=ADDED + timedelta(days=20))
    assert [(s.email, [x.signal for x in s.attention]) for s in weeks] == [
        ("b@example.org", ["offer_not_on_paper", "thank_you_overdue", "quiet"]),
        ("a@example.org", ["thank_you_overdue", "decision_passed", "no_debrief", "quiet"]),
    ]
    weights = words.WEIGHTS
    assert soon[0].need == weights["offer_not_on_paper"] + 3 * weights["thank_you_overdue"]


def test_a_seeker_has_no_caseload(people: People) -> None:
    with pytest.raises(Forbidden):
        caseload.caseload(people.seeker(people.a), now=NOW)
    with pytest.raises(Forbidden):
        caseload.applications(people.counsellor(people.a), now=NOW)


def test_the_caseload_read_either_way_answers_as_each_signal_alone(trio: People) -> None:
    """Seeker by seeker (a small caseload) and across the tables (a large one), the caseload
    gives what each signal's own query gives, at moments when different signals are due."""
    from afterview.storage import caseload_repo

    people, a, b = trio, trio.a, trio.b
    tracking.add(people.seeker(a), interview("Zorblatt", notes=False), source="a", now=ADDED)
    other = tracking.add(people.seeker(a), interview("Umbrella"), source="a2", now=ADDED)
    added = tracking.add(people.seeker(b), interview("Quillfeather"), source="b", now=ADDED)
    app = added.replanned.application_id
    tracking.outcome(people.seeker(b), app, "offer", at=ADDED, now=ADDED)
    later, app = ADDED + timedelta(days=15), other.replanned.application_id
    tracking.log(people.seeker(a), app, {"kind": "follow_up", "at": later.isoformat()}, now=later)
    for seeker in (a, b):
        consent.grant(people.seeker(seeker), "c@example.org", now=ADDED)
    seen: set[str] = set()
    for at in (NOW, ADDED + timedelta(days=20), ADDED + timedelta(days=60)):
        since = at - timedelta(days=words.QUIET_DAYS)
        params = {"me": people.c, "now": at, "today": at.date(), "since": since}
        with people.counsellor(at=at).read() as tx:
            alone: dict[int, dict[str, int]] = {a: {}, b: {}}
            for name in caseload_repo.SIGNALS:
                for seeker, n in caseload_repo.signal(
                    tx, name, now=at, today=at.date(), since=since
                ).items():
                    alone[seeker][name] = n
            assert caseload_repo.each_seeker(tx, params) == alone
            assert caseload_repo.across_tables(tx, params) == alone
            assert caseload_repo.caseload(tx, now=at, today=at.date(), since=since) == alone
        seen |= {name for found in alone.values() for name in found}
    assert seen == set(caseload_repo.SIGNALS)


def _varied(people: People) -> None:
    """A's interview without notes and another followed up late, B's offer: every signal
    falls due at some moment of the weeks after ``ADDED``."""
    a, b = people.a, people.b
    tracking.add(people.seeker(a), interview("Zorblatt", notes=False), source="a", now=ADDED)
    other = tracking.add(people.seeker(a), interview("Umbrella"), source="a2", now=ADDED)
    added = tracking.add(people.seeker(b), interview("Quillfeather"), source="b", now=ADDED)
    tracking.outcome(people.seeker(b), added.replanned.application_id, "offer", at=ADDED, now=ADDED)
    later, app = ADDED + timedelta(days=15), other.replanned.application_id
    tracking.log(people.seeker(a), app, {"kind": "follow_up", "at": later.isoformat()}, now=later)
    for seeker in (a, b):
        consent.grant(people.seeker(seeker), "c@example.org", now=ADDED)


def _around(moments: caseload.Moments) -> list[datetime]:
    """Every moment and day the caseload's moments name, and a little either side."""
    marks = [*moments.moments, *(m + timedelta(days=words.QUIET_DAYS) for m in moments.latest)]
    marks += [
        datetime(d.year, d.month, d.day, tzinfo=UTC) + timedelta(days=1) for d in moments.days
    ]
    steps = [timedelta(0), timedelta(microseconds=1), timedelta(seconds=1), timedelta(hours=5)]
    return sorted({m + s for m in marks for s in steps} | {m - s for m in marks for s in steps})


def test_two_moments_with_the_same_key_have_the_same_caseload(trio: People) -> None:
    """What lets the web app show a caseload again: at every moment around each one the
    caseload's moments name, the caseload read afresh is the same for equal keys, and the
    signals do change along the way (else the test would prove nothing)."""
    _varied(trio)
    moments = caseload.moments(trio.counsellor())
    assert moments.moments
    assert moments.days
    assert moments.latest
    by_key: dict[tuple[int, ...], list[caseload.Case]] = {}
    answers = set()
    for at in _around(moments):
        found = caseload.caseload(trio.counsellor(at=at), now=at)
        assert by_key.setdefault(moments.key(at), found) == found, at
        answers.add(repr(found))
    assert len(answers) >= 5  # thank-yous overdue, decision passed, debrief, quiet: each seen


def test_a_kept_caseload_is_shown_again_only_to_the_same_seekers_and_logged(trio: People) -> None:
    _varied(trio)
    first = caseload.caseload(trio.counsellor(), now=NOW)
    marker = [caseload.Case(trio.a, "kept@example.org", 0, ())]  # what only the kept copy says
    shown = caseload.caseload(trio.counsellor(), now=NOW, kept=marker + first[1:])
    assert [c.email for c in shown] == ["kept@example.org", *(c.email for c in first[1:])]
    (granted,) = [g for g in consent.grants(trio.seeker(trio.b)) if g.standing]
    consent.revoke(trio.seeker(trio.b), granted.id, now=NOW)
    afresh = caseload.caseload(trio.counsellor(), now=NOW, kept=shown)
    assert [c.email for c in afresh] == ["a@example.org"]
    log = consent.access_log(trio.seeker(trio.a))
    assert len([e for e in log if e.action == "read" and e.subject == "caseload"]) == 3

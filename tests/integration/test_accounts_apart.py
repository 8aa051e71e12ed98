"""Two accounts in one database: every service, called as one, never reads or changes the
other's search.

Account B (the one under attack) holds a full search written with marker names; account A
(the caller) holds a small search of its own. Every public service taking a unit of work is
called as A — with B's ids wherever it takes an id — and then:

* nothing it returned, wrote to a file or raised mentions any of B's marker words;
* every row of B, in every table holding user data, is byte for byte what it was.

The services are enumerated from the code, so a new one fails this test until it is driven
here (or exempted, with the reason, in ``EXEMPT``).
"""

from __future__ import annotations

import ast
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from afterview.domain.errors import AfterviewError
from afterview.domain.serial import to_builtins
from afterview.importers.tracker_csv import ImportOptions, parse_tracker_csv
from afterview.interview_file import read_data
from afterview.services import (
    agenda,
    archive,
    calendar_feed,
    caseload,
    consent,
    deletion,
    demo,
    inbox,
    insights,
    journal,
    mail_accounts,
    outbox,
    outcomes,
    overview,
    periodic,
    question_bank,
    records,
    rights,
    send_tasks,
    settings,
    tracker_import,
    tracking,
    transfer,
)
from afterview.services.mail_accounts import ServerSettings
from afterview.storage.db import Database
from afterview.storage.work import create_account
from afterview.templating import environment
from afterview.wiring import Actor, Work, feed_actor
from tests.acting import account, local
from tests.conftest import EXAMPLES

SRC = Path(__file__).resolve().parents[2] / "src" / "afterview"
ADDED = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
NOW = ADDED + timedelta(days=3)
LATER = ADDED + timedelta(days=12)

# B's search is the panel example with every name replaced by a word found nowhere else.
MARKERS = {
    "Jordan Lee": "Vesper Quillon",
    "jordan.lee@example.org": "vesper@quillon-victim.example",
    "Northwind Robotics": "Zyxquor Labs",
    "northwind.example": "zyxquor.example",
    "Priya Raman": "Ottoline Vexby",
    "priya.raman": "ottoline.vexby",
    "Tom Becker": "Caspian Wrenlow",
    "tom.becker": "caspian.wrenlow",
    "Ana López": "Ysolde Marrack",
    "ana.lopez": "ysolde.marrack",
    "Contoso Analytics": "Quibblestone",
}
WORDS = ("quillon", "zyxquor", "vexby", "wrenlow", "marrack", "quibblestone")

OWNED_TABLES = (
    "candidates",
    "applications",
    "interviews",
    "history",
    "actions",
    "overrides",
    "messages",
    "mail_events",
    "mail_state",
    "questions",
    "reflections",
    "calendar_feeds",
    "import_origins",
    "account_settings",
    "mail_accounts",
)

# The key the seekers' mail passwords are encrypted with in this test (a fixed Fernet key).
KEYS = {"AFTERVIEW_SECRET_KEY": "q1Vg4mHUb0rR0cnG3u8bE0Tqk2FYyQm2sTtz3Lr6yVw="}
VICTIM_SMTP = "zyxquor-smtp-password"


@dataclass(frozen=True)
class Victim:
    """B's account and the ids of its rows that A's calls aim at."""

    work: Work
    app_id: int
    step_id: int
    message_id: int
    event_id: int
    token: str
    interviewer: str = "Ottoline Vexby"


def _victim_file() -> dict[str, Any]:
    text = (EXAMPLES / "panel-interview.yaml").read_text(encoding="utf-8")
    for plain, marked in MARKERS.items():
        text = text.replace(plain, marked)
    path = Path(__file__).parent / ".victim.yaml"
    try:
        path.write_text(text, encoding="utf-8")
        return read_data(path)
    finally:
        path.unlink(missing_ok=True)


def _build_victim(db: Database) -> Victim:
    with db.transaction() as tx:
        b = account(db, create_account(tx, "victim", ADDED))
    added = tracking.add(b, _victim_file(), source="victim", now=ADDED)
    app_id = added.replanned.application_id
    approved = outbox.approve(b, app_id, kind="thank_you", to="Ottoline Vexby", now=ADDED)
    journal.debrief(b, app_id, {"questions": [{"q": "Zyxquor pipelines?", "rating": 2}]}, now=ADDED)
    event = {
        "message_id": "<reply@zyxquor.example>",
        "in_reply_to": None,
        "from_addr": "ottoline.vexby@zyxquor.example",
        "from_name": "Ottoline Vexby",
        "subject": "Zyxquor next steps",
        "received_at": ADDED + timedelta(days=1),
        "kind": "rejection",
        "return_on": None,
        "why": "Zyxquor said no",
    }
    with b.write() as tx:
        event_id = inbox.record(tx, app_id, event, now=ADDED + timedelta(days=1))
    assert event_id is not None
    token = calendar_feed.feed_token(b, now=ADDED)
    settings.update_policy(b, {"pipeline_target": 7}, now=ADDED)
    assert settings.policy(b).pipeline_target == 7
    smtp = ServerSettings("smtp.zyxquor.example", 587, "starttls", "vexby", VICTIM_SMTP)
    mail_accounts.save(b, smtp, None, now=ADDED, env=KEYS)
    step = next(s for s in overview.detail(b, app_id)["steps"] if s["status"] == "pending")
    return Victim(b, app_id, int(step["id"]), approved.id, event_id, token)


def _build_caller(db: Database) -> Work:
    a = local(db)
    data = read_data(EXAMPLES / "phone-screen.yaml")
    tracking.add(a, data, source="caller", now=ADDED)
    return a


def _rows_of(db: Database, owner: int) -> dict[str, list[str]]:
    """Every row of ``owner`` in every table holding user data, as comparable text."""
    out: dict[str, list[str]] = {}
    with db.read() as tx:
        for table in OWNED_TABLES:
            rows = tx.all(f"SELECT * FROM {table} WHERE owner_id = :o", {"o": owner})
            out[table] = sorted(json.dumps(r, default=str, sort_keys=True) for r in rows)
        owner_row = tx.one("SELECT * FROM owners WHERE id = :o", {"o": owner})
    out["owners"] = [json.dumps(owner_row, default=str, sort_keys=True)]
    return out


# -- every service, as A, aimed at B ---------------------------------------------------------

Call = Callable[[Work, Victim, Path], object]


def _csv_import(a: Work, b: Victim, tmp: Path) -> object:
    """A's tracker names B's company and role: a new application of A's, never B's row."""
    text = "Company,Position,Status\nZyxquor Labs,Senior Data Engineer,Applied\n"
    parsed = parse_tracker_csv(text, ImportOptions(timezone=UTC))
    result = tracker_import.run_import(a, parsed, now=NOW)
    assert (result.new, result.updated) == (1, 0)
    return result.summary()


def _written(write: Callable[[io.StringIO], object]) -> str:
    out = io.StringIO()
    write(out)
    return out.getvalue()


DRIVERS: dict[str, Call] = {
    "agenda.agenda": lambda a, b, _: agenda.agenda(a, now=NOW),
    "agenda.heard_back": lambda a, b, _: agenda.heard_back(a, now=NOW, days=30),
    "agenda.pending_starts": lambda a, b, _: agenda.pending_starts(a),
    "archive.export_data": lambda a, b, _: archive.export_data(a, now=NOW),
    "archive.write_archive": lambda a, b, _: _written(
        lambda out: archive.write_archive(a, out, now=NOW)
    ),
    "archive.import_archive": lambda a, b, _: archive.import_archive(
        a, archive.export_data(a, now=NOW), now=NOW
    ),
    "archive.import_text": lambda a, b, _: archive.import_text(
        a, json.dumps(archive.export_data(a, now=NOW)), now=NOW
    ),
    "calendar_feed.calendar_for": lambda a, b, _: calendar_feed.calendar_for(a, now=NOW),
    "calendar_feed.feed_token": lambda a, b, _: calendar_feed.feed_token(a, now=NOW),
    "calendar_feed.rotate": lambda a, b, _: calendar_feed.rotate(a, now=NOW),
    "deletion.attached": lambda a, b, _: deletion.attached(a, b.app_id),
    "deletion.delete_application": lambda a, b, _: deletion.delete_application(a, b.app_id),
    "demo.build": lambda a, b, _: demo.build(a, months=1, seed=1, now=NOW),
    "inbox.entries": lambda a, b, _: inbox.entries(a),
    "inbox.confirm": lambda a, b, _: inbox.confirm(a, b.event_id, now=NOW),
    "inbox.undo": lambda a, b, _: inbox.undo(a, b.event_id, now=NOW),
    "inbox.dismiss": lambda a, b, _: inbox.dismiss(a, b.event_id, now=NOW),
    "insights.insights": lambda a, b, _: insights.insights(a, now=NOW),
    "insights.aggregates": lambda a, b, _: insights.aggregates(a),
    "journal.debrief": lambda a, b, _: journal.debrief(
        a, b.app_id, {"questions": [{"q": "Why?"}]}, now=NOW
    ),
    "journal.revisit": lambda a, b, _: journal.revisit(a, b.app_id, {}, now=LATER),
    "journal.journal": lambda a, b, _: journal.journal(a, b.app_id),
    "outbox.approve": lambda a, b, _: outbox.approve(
        a, b.app_id, kind="thank_you", to=b.interviewer, now=NOW
    ),
    "outbox.cancel": lambda a, b, _: outbox.cancel(a, b.message_id, now=NOW),
    "outbox.retry": lambda a, b, _: outbox.retry(a, b.message_id, now=NOW),
    "outbox.entries": lambda a, b, _: outbox.entries(a),
    "outbox.listing": lambda a, b, _: outbox.listing(a, now=NOW, mail_server=True),
    "outbox.delivery": lambda a, b, _: outbox.delivery(a, now=NOW, mail_server=True),
    "outbox.note_file": lambda a, b, _: outbox.note_file(a, b.message_id, now=NOW),
    "outbox.note_mailto": lambda a, b, _: outbox.note_mailto(a, b.message_id),
    "outbox.prepare": lambda a, b, _: outbox.prepare(a, b.message_id, "w", now=NOW),
    "outbox.record": lambda a, b, _: outbox.record(a, b.message_id, "permanent", "x", now=NOW),
    "outbox.release": lambda a, b, _: outbox.release(a, [b.message_id], "x", now=NOW),
    "outbox.header_id": lambda a, b, _: outbox.header_id(a, b.message_id),
    "outbox.confirm_sent": lambda a, b, _: outbox.confirm_sent(
        a, b.message_id, now=NOW, where="Sent"
    ),
    "outbox.give_up_unknown": lambda a, b, _: outbox.give_up_unknown(a, b.message_id, "x", now=NOW),
    "outbox.replan_sent": lambda a, b, _: outbox.replan_sent(a, b.app_id, now=NOW),
    "outcomes.reject": lambda a, b, _: outcomes.reject(
        a, b.app_id, at=NOW, now=NOW, env=environment()
    ),
    "outcomes.after_rejection": lambda a, b, _: outcomes.after_rejection(
        a, b.app_id, env=environment()
    ),
    "outcomes.write_expressive": lambda a, b, _: outcomes.write_expressive(
        a, b.app_id, "text", now=NOW
    ),
    "outcomes.accept": lambda a, b, _: outcomes.accept(
        a, b.app_id, at=NOW, now=NOW, env=environment(), on_paper=True
    ),
    "outcomes.withdrawals": lambda a, b, _: outcomes.withdrawals(
        a, b.app_id, now=NOW, env=environment()
    ),
    "outcomes.close_silent": lambda a, b, _: outcomes.close_silent(a, b.app_id, now=NOW),
    "overview.applications": lambda a, b, _: overview.applications(a, now=NOW),
    "overview.detail": lambda a, b, _: overview.detail(a, b.app_id),
    "overview.health": lambda a, b, _: overview.health(a, now=NOW, target=5),
    "question_bank.bank": lambda a, b, _: question_bank.bank(a),
    "question_bank.practice": lambda a, b, _: question_bank.practice(a, 5),
    "records.profile": lambda a, b, _: records.profile(a),
    "records.zone": lambda a, b, _: records.zone(a),
    "records.application": lambda a, b, _: records.application(a, b.app_id),
    "records.step": lambda a, b, _: records.step(a, b.step_id),
    "records.case_file": lambda a, b, _: records.case_file(a, b.app_id),
    "records.overrides": lambda a, b, _: records.overrides(a, b.app_id),
    "records.add_override": lambda a, b, _: records.add_override(
        a, b.app_id, "thank_you", b.interviewer, ["too_soon"], "why", now=NOW
    ),
    "records.planned_send_times": lambda a, b, _: records.planned_send_times(
        a, b.app_id, "thank_you", [b.interviewer]
    ),
    "tracker_import.options_for": lambda a, b, _: tracker_import.options_for(a),
    "tracker_import.run_import": _csv_import,
    "tracking.add": lambda a, b, _: tracking.add(
        a, read_data(EXAMPLES / "after-rejection.yaml"), source="a", now=NOW
    ),
    "tracking.edit": lambda a, b, _: tracking.edit(a, b.app_id, _victim_file(), now=NOW),
    "tracking.done": lambda a, b, _: tracking.done(a, b.step_id, at=NOW, now=NOW),
    "tracking.skip": lambda a, b, _: tracking.skip(a, b.step_id, why="x", now=NOW),
    "tracking.log": lambda a, b, _: tracking.log(
        a, b.app_id, {"kind": "follow_up", "at": NOW.isoformat()}, now=NOW
    ),
    "tracking.update": lambda a, b, _: tracking.update(a, b.app_id, now=NOW, decision="soon"),
    "tracking.reply": lambda a, b, _: tracking.reply(a, b.app_id, at=NOW, now=NOW),
    "tracking.outcome": lambda a, b, _: tracking.outcome(a, b.app_id, "rejected", at=NOW, now=NOW),
    "transfer.export_data": lambda a, b, _: transfer.export_data(a, now=NOW),
    "transfer.write_export": lambda a, b, _: "".join(
        _written(lambda out, f=fmt: transfer.write_export(a, out, f, now=NOW))  # type: ignore[misc]
        for fmt in ("json", "csv", "yaml")
    ),
    "rights.own_address": lambda a, b, _: rights.own_address(a),
    "rights.export": lambda a, b, _: "".join(
        _written(lambda out, f=fmt: rights.export(a, out, f, now=NOW))  # type: ignore[misc]
        for fmt in ("json", "csv")
    ),
    "transfer.import_json": lambda a, b, _: transfer.import_json(
        a, json.dumps(transfer.export_data(a, now=NOW)), now=NOW
    ),
    "transfer.backup": lambda a, b, tmp: transfer.backup(
        a, tmp / "backup.db", now=NOW
    ).read_bytes(),
    "outbox_digest.compose_digest": lambda a, b, _: _digest(a),
    "settings.policy": lambda a, b, _: settings.policy(a),
    "settings.update_policy": lambda a, b, _: settings.update_policy(
        a, {"pipeline_target": 2}, now=NOW
    ),
    # consent: the caller, as a seeker or as a counsellor, holds no grant from the victim
    "consent.grant": lambda a, b, _: consent.grant(a, "victim", now=NOW),
    "consent.revoke": lambda a, b, _: consent.revoke(a, 1, now=NOW),
    "consent.grants": lambda a, b, _: consent.grants(a),
    "consent.access_log": lambda a, b, _: consent.access_log(a),
    "consent.add_note": lambda a, b, _: consent.add_note(
        _counsellor(a), b.work.actor.owner, "x", shared=True, now=NOW, application=b.app_id
    ),
    "consent.notes": lambda a, b, _: consent.notes(_counsellor(a), b.work.actor.owner),
    "caseload.caseload": lambda a, b, _: caseload.caseload(_counsellor(a), now=NOW),
    "caseload.applications": lambda a, b, _: caseload.applications(_counsellor(a), now=NOW),
    "caseload.moments": lambda a, b, _: caseload.moments(_counsellor(a)),
    # mail accounts: the caller saves and reads its own; the victim's password never shows
    "mail_accounts.save": lambda a, b, _: mail_accounts.save(
        a, ServerSettings("smtp.example.org", 587, "starttls", "me", "pw"), None, now=NOW, env=KEYS
    ),
    "mail_accounts.status": lambda a, b, _: mail_accounts.status(a),
    "mail_accounts.remove": lambda a, b, _: mail_accounts.remove(a),
    "mail_accounts.servers": lambda a, b, _: repr(mail_accounts.servers(a, env=KEYS)),
    "periodic.replan_search": lambda a, b, _: periodic.replan_search(a, now=NOW),
    "periodic.retention_notice": lambda a, b, _: periodic.retention_notice(
        a, warned_at=NOW, months=24
    ),
    "send_tasks.take_over": lambda a, b, _: send_tasks.take_over(
        a, b.message_id, "worker-a", now=NOW
    ),
}


def _counsellor(a: Work) -> Work:
    """The caller's account as a counsellor (on its own caseload)."""
    return Work(a.db, Actor.counsellor(a.actor.account))


# Functions of the surface not driven here, each with why.
EXEMPT = {
    "watch.check_inbox": "reads an IMAP server; its every read and write goes through "
    "mail_repo with the transaction's owner (test_storage_owner_scope)",
    "outbox_worker.send_one": "talks to an SMTP server; it takes a message over through "
    "send_tasks.take_over (driven above) and writes through outbox_repo with the "
    "transaction's owner (tests/integration/test_centre_workers.py)",
}


def _digest(a: Work) -> object:
    from afterview.mail import outbox_digest

    return outbox_digest.compose_digest(a, now=NOW)


# How a unit of work is spelled: services take the port (services/ports.py), mail/ the
# storage class it satisfies.
UNIT_OF_WORK = {"UnitOfWork", "ports.UnitOfWork", "Work"}


def _public_functions() -> list[tuple[str, ast.FunctionDef]]:
    """Every public function of services/ and mail/, with its module's name."""
    found = []
    for folder in ("services", "mail"):
        for path in sorted((SRC / folder).glob("*.py")):
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                    found.append((path.stem, node))
    return found


def _first_annotation(node: ast.FunctionDef) -> str | None:
    first = node.args.args[0] if node.args.args else None
    return None if first is None else ast.unparse(first.annotation or ast.Name(""))


def _surface() -> set[str]:
    """Every public function of services/ and mail/ whose first parameter is a unit of work."""
    return {
        f"{module}.{node.name}"
        for module, node in _public_functions()
        if _first_annotation(node) in UNIT_OF_WORK
    }


def test_every_service_taking_a_unit_of_work_is_driven_here() -> None:
    assert _surface() == set(DRIVERS) | set(EXEMPT)


def test_a_unit_of_work_is_never_spelled_so_that_the_surface_misses_it() -> None:
    """A first parameter named ``work`` is a unit of work: an annotation the enumeration
    does not know (a new alias, a qualified name) would hide the function from it."""
    unknown = {
        f"{module}.{node.name}: {_first_annotation(node)}"
        for module, node in _public_functions()
        if node.args.args
        and node.args.args[0].arg == "work"
        and _first_annotation(node) not in UNIT_OF_WORK
    }
    assert not unknown


def _text_of(result: object) -> str:
    if isinstance(result, bytes):
        return result.decode("utf-8", errors="replace")
    try:
        return json.dumps(to_builtins(result), default=repr)
    except TypeError:
        return repr(result)


@pytest.mark.parametrize("name", sorted(DRIVERS))
def test_a_service_called_by_one_account_never_reaches_the_other(
    db: Database, tmp_path: Path, name: str
) -> None:
    victim = _build_victim(db)
    caller = _build_caller(db)
    before = _rows_of(db, victim.work.actor.owner)
    try:
        said = _text_of(DRIVERS[name](caller, victim, tmp_path))
    except AfterviewError as exc:  # B's id is unknown to A: refused, in words
        said = str(exc)
    assert not [w for w in WORDS if w in said.casefold()], said[:500]
    assert _rows_of(db, victim.work.actor.owner) == before
    assert feed_actor(db, victim.token) == Actor.seeker(victim.work.actor.owner)


def test_the_victims_search_is_visible_to_its_own_account(db: Database) -> None:
    """The markers are really there: the same reads as B do find them (so the absence of
    the words above means something)."""
    victim = _build_victim(db)
    _build_caller(db)
    seen = _text_of(overview.detail(victim.work, victim.app_id))
    seen += _text_of(agenda.agenda(victim.work, now=NOW))
    seen += _text_of(transfer.export_data(victim.work, now=NOW))
    assert all(word in seen.casefold() for word in WORDS[:5])

"""Deleting an application and everything attached to it.

Every table that belongs to an application points at it with ``ON DELETE CASCADE``
(``storage/schema.py``), so one ``DELETE`` removes its interviews, plan steps, history,
overrides, outbox messages (a note waiting to be sent is never sent), the replies the
watch saw, journal entries and indexed questions, in one transaction. :func:`attached`
counts them first, so the person can see what will go before saying yes.
"""

from __future__ import annotations

from dataclasses import dataclass

from afterview.domain.wording import join, plural
from afterview.i18n import N_, gettext
from afterview.services.ports import Tx, UnitOfWork
from afterview.services.ports import repository as repo

# What is attached to an application, with its name in a sentence (singular, plural).
ATTACHED: tuple[tuple[str, str, str], ...] = (
    ("interviews", N_("interview"), "interviews"),
    ("actions", N_("plan step"), "plan steps"),
    ("history", N_("recorded contact"), "recorded contacts"),
    ("overrides", N_("overridden check"), "overridden checks"),
    ("messages", N_("outbox message"), "outbox messages"),
    ("mail_events", N_("reply seen in the inbox"), "replies seen in the inbox"),
    ("reflections", N_("journal entry"), "journal entries"),
    ("questions", N_("interview question"), "interview questions"),
)


@dataclass(frozen=True)
class Attached:
    """An application and how many rows of each kind hang on it."""

    id: int
    company: str
    role: str
    counts: dict[str, int]

    @property
    def title(self) -> str:
        return f"{self.company} — {self.role}" if self.role else self.company

    def summary(self) -> str:
        """What goes with it, in words: "2 interviews, 24 plan steps and 1 journal entry"."""
        parts = [
            plural(self.counts[table], one, many)
            for table, one, many in ATTACHED
            if self.counts.get(table)
        ]
        return join(parts) if parts else gettext("nothing else")


def attached(work: UnitOfWork, app_id: int) -> Attached:
    """What deleting ``app_id`` would remove (:class:`UnknownRecord` if there is none)."""
    with work.read() as tx:
        return _attached(tx, app_id)


def delete_application(work: UnitOfWork, app_id: int) -> Attached:
    """Delete the application and everything attached to it; returns what was removed."""
    with work.write() as tx:
        gone = _attached(tx, app_id)
        repo.delete_application(tx, app_id)
    return gone


def _attached(tx: Tx, app_id: int) -> Attached:
    row = repo.application(tx, app_id)  # no such application: UnknownRecord
    counts = repo.count_attached(tx, app_id, (table for table, _, _ in ATTACHED))
    return Attached(app_id, row["company"], row["role"] or "", counts)


__all__ = ["ATTACHED", "Attached", "attached", "delete_application"]

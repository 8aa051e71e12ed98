"""The read-only views of a tracked search: the application list, one application's plan
steps, the search's health, and the CSV summary of the export. Every query is scoped to
``tx.owner``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from afterview.storage.db import Tx


def application_list(tx: Tx) -> list[dict[str, Any]]:
    """Every application with its latest decision date and number of interviews, read
    from the interviews' (application_id, decision_date) index alone."""
    return tx.all(
        """SELECT a.id, a.company, a.role, a.status,
                 (SELECT MAX(i.decision_date) FROM interviews i
                  WHERE i.application_id = a.id) AS decision_date,
                 (SELECT COUNT(*) FROM interviews i WHERE i.application_id = a.id) AS rounds
               FROM applications a WHERE a.owner_id = :o ORDER BY a.id""",
        {"o": tx.owner},
    )


def pending_steps_latest_first(tx: Tx) -> list[dict[str, Any]]:
    """Every pending step (application, kind, recipient, start), latest start first, so
    that a dict keyed by application keeps each one's earliest."""
    return tx.all(
        """SELECT application_id, kind, to_name, not_before FROM actions
               WHERE owner_id = :o AND status = 'pending' ORDER BY not_before DESC""",
        {"o": tx.owner},
    )


def application_steps(tx: Tx, app_id: int) -> list[dict[str, Any]]:
    """Every plan step of one application, in the order they start."""
    return tx.all(
        """SELECT id, interview_id, kind, to_name, channel, zone, not_before, due, send_at,
                 status, why, note, reason, done_at, rule, sources FROM actions
               WHERE application_id = :a AND owner_id = :o ORDER BY not_before, id""",
        {"a": app_id, "o": tx.owner},
    )


def count_active(tx: Tx) -> int:
    """Applications still open: applied, interviewing or with an offer."""
    row = tx.one(
        """SELECT COUNT(*) AS n FROM applications WHERE owner_id = :o
               AND status IN ('applied', 'interviewing', 'offer')""",
        {"o": tx.owner},
    )
    return int(row["n"]) if row else 0


def companies_interviewed_between(tx: Tx, since: datetime, now: datetime) -> list[str]:
    """Companies of open processes with an interview that ended in ``(since, now]``."""
    rows = tx.all(
        """SELECT DISTINCT a.company FROM interviews i
               JOIN applications a ON a.id = i.application_id
               WHERE i.owner_id = :o AND i.end_at > :since AND i.end_at <= :now
                 AND a.status IN ('applied', 'interviewing', 'offer')
               ORDER BY a.company""",
        {"o": tx.owner, "since": since, "now": now},
    )
    return [str(r["company"]) for r in rows]


# -- the CSV export's summary --------------------------------------------------------------


def interview_summaries(tx: Tx) -> list[dict[str, Any]]:
    """Per application with interviews: how many (``n``), when the last began (``last``)
    and the latest one's ``decision``."""
    return tx.all(
        """SELECT i.application_id, COUNT(*) AS n, MAX(i.start_at) AS last,
             (SELECT j.decision FROM interviews j WHERE j.application_id = i.application_id
              ORDER BY j.start_at DESC, j.id DESC LIMIT 1) AS decision
           FROM interviews i WHERE i.owner_id = :o GROUP BY i.application_id""",
        {"o": tx.owner},
    )


def pending_step_kinds_latest_first(tx: Tx) -> list[dict[str, Any]]:
    """Every pending step's application, kind and start, latest start first."""
    return tx.all(
        """SELECT application_id, kind, not_before FROM actions
           WHERE owner_id = :o AND status = 'pending' ORDER BY not_before DESC""",
        {"o": tx.owner},
    )


def all_applications(tx: Tx) -> list[dict[str, Any]]:
    """Every application, every column, in id order."""
    return tx.all("SELECT * FROM applications WHERE owner_id = :o ORDER BY id", {"o": tx.owner})

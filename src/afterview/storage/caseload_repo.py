"""A counsellor's caseload: what needs attention across every seeker who grants access.

One statement over all the granting seekers at once (never a loop of per-seeker reads):
each signal's query answers (seeker, how many), and the caseload asks them all, with the
granting seekers themselves, as one ``UNION ALL``. The seekers are those of a standing grant to the
acting account (``consent_repo.GRANTING``), said in every query; in a career centre the
database's policies hold the counsellor to them too.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from afterview.storage.consent_repo import GRANTING, me
from afterview.storage.db import Tx

_OPEN = "('applied', 'interviewing')"  # waiting on the employer
_ACTIVE = "('applied', 'interviewing', 'offer')"

SIGNALS: dict[str, str] = {
    "offer_not_on_paper": f"""SELECT ap.owner_id AS seeker, COUNT(*) AS n FROM applications ap
        WHERE ap.owner_id IN ({GRANTING}) AND ap.status = 'offer' AND NOT ap.on_paper
        GROUP BY ap.owner_id""",
    "thank_you_overdue": f"""SELECT a.owner_id AS seeker, COUNT(*) AS n FROM actions a
        WHERE a.owner_id IN ({GRANTING}) AND a.kind = 'thank_you' AND a.status = 'pending'
          AND a.due < :now
        GROUP BY a.owner_id""",
    # The latest decision date they gave is past and no follow-up was recorded since.
    "decision_passed": f"""SELECT d.seeker, COUNT(*) AS n FROM (
          SELECT ap.owner_id AS seeker, ap.id AS app, MAX(i.decision_date) AS decided
          FROM applications ap JOIN interviews i ON i.application_id = ap.id
          WHERE ap.owner_id IN ({GRANTING}) AND ap.status IN {_OPEN}
          GROUP BY ap.owner_id, ap.id) d
        WHERE d.decided < :today AND NOT EXISTS (
          SELECT 1 FROM history h WHERE h.application_id = d.app AND h.kind = 'follow_up'
            AND h.at >= d.decided)
        GROUP BY d.seeker""",
    # An interview over, with no notes and no debrief recorded since it began.
    "no_debrief": f"""SELECT i.owner_id AS seeker, COUNT(*) AS n FROM interviews i
        JOIN applications ap ON ap.id = i.application_id
        WHERE i.owner_id IN ({GRANTING}) AND ap.status IN {_ACTIVE} AND i.end_at < :now
          AND i.notes = '{{}}' AND NOT EXISTS (
            SELECT 1 FROM history h WHERE h.application_id = i.application_id
              AND h.kind = 'reflection_write' AND h.at >= i.start_at)
        GROUP BY i.owner_id""",
    # Nothing recorded, changed or added in the last two weeks.
    "quiet": f"""SELECT s.seeker_id AS seeker, 1 AS n FROM ({GRANTING}) s
        WHERE NOT EXISTS (SELECT 1 FROM history h WHERE h.owner_id = s.seeker_id
                            AND h.at >= :since)
          AND NOT EXISTS (SELECT 1 FROM applications ap WHERE ap.owner_id = s.seeker_id
                            AND ap.updated_at >= :since)""",
}


def signal(tx: Tx, name: str, *, now: datetime, today: date, since: datetime) -> dict[int, int]:
    """Seeker -> how many, for one signal over every granting seeker (those with none left
    out)."""
    rows = tx.all(
        SIGNALS[name],
        {"me": me(tx), "now": now, "today": today, "since": since},
    )
    return {int(r["seeker"]): int(r["n"]) for r in rows}


# Every granting seeker (signal '') and each signal's (seeker, how many), in one statement:
# one round trip and one plan instead of six. Each signal is read across the whole tables
# at once, which pays for a large caseload and not for a small one.
ACROSS = " UNION ALL ".join(
    [f"SELECT '' AS signal, s.seeker_id AS seeker, 0 AS n FROM ({GRANTING}) s GROUP BY s.seeker_id"]
    + [f"SELECT '{name}', q.seeker, q.n FROM ({sql}) q" for name, sql in SIGNALS.items()]
)

# The same answers, one row per granting seeker, each signal counted for that seeker alone
# through the seeker's own index entries (``quiet`` through those of migration 0018): what a
# small caseload in a large centre wants.
EACH = f"""SELECT s.seeker_id AS seeker,
      (SELECT COUNT(*) FROM applications ap WHERE ap.owner_id = s.seeker_id
         AND ap.status = 'offer' AND NOT ap.on_paper) AS offer_not_on_paper,
      (SELECT COUNT(*) FROM actions a WHERE a.owner_id = s.seeker_id AND a.status = 'pending'
         AND a.kind = 'thank_you' AND a.due < :now) AS thank_you_overdue,
      (SELECT COUNT(*) FROM (
          SELECT ap.id AS app, MAX(i.decision_date) AS decided
          FROM applications ap JOIN interviews i ON i.application_id = ap.id
          WHERE ap.owner_id = s.seeker_id AND ap.status IN {_OPEN}
          GROUP BY ap.id) d
        WHERE d.decided < :today AND NOT EXISTS (
          SELECT 1 FROM history h WHERE h.application_id = d.app AND h.kind = 'follow_up'
            AND h.at >= d.decided)) AS decision_passed,
      (SELECT COUNT(*) FROM applications ap JOIN interviews i ON i.application_id = ap.id
        WHERE ap.owner_id = s.seeker_id AND i.owner_id = s.seeker_id
          AND ap.status IN {_ACTIVE} AND i.end_at < :now AND i.notes = '{{}}' AND NOT EXISTS (
            SELECT 1 FROM history h WHERE h.application_id = i.application_id
              AND h.kind = 'reflection_write' AND h.at >= i.start_at)) AS no_debrief,
      CASE WHEN EXISTS (SELECT 1 FROM history h WHERE h.owner_id = s.seeker_id
                          AND h.at >= :since)
             OR EXISTS (SELECT 1 FROM applications ap WHERE ap.owner_id = s.seeker_id
                          AND ap.updated_at >= :since)
           THEN 0 ELSE 1 END AS quiet
    FROM ({GRANTING} GROUP BY g.seeker_id) s"""

# Up to this many granting seekers the caseload is read seeker by seeker (``EACH``), beyond
# it across the tables (``ACROSS``): on the benchmark's centre (``bench_caseload.py``) the
# first cost the server about 0.07-0.17 ms a seeker, the second 10-40 ms, at least 10 ms
# however small the caseload (docs/PERFORMANCE.md).
EACH_UP_TO = 100


def caseload(tx: Tx, *, now: datetime, today: date, since: datetime) -> dict[int, dict[str, int]]:
    """Every seeker who grants me access now -> signal -> how many (only the signals
    present): the same answers as ``signal`` for each signal, in two statements."""
    params = {"me": me(tx), "now": now, "today": today, "since": since}
    many = tx.one(f"SELECT COUNT(DISTINCT g.seeker_id) AS n FROM ({GRANTING}) g", params)
    across = many is not None and int(many["n"]) > EACH_UP_TO
    return across_tables(tx, params) if across else each_seeker(tx, params)


def across_tables(tx: Tx, params: dict[str, Any]) -> dict[int, dict[str, int]]:
    """The caseload read across the tables (``ACROSS``)."""
    found: dict[int, dict[str, int]] = {}
    for r in tx.all(ACROSS, params):
        signals = found.setdefault(int(r["seeker"]), {})
        if r["signal"]:
            signals[str(r["signal"])] = int(r["n"])
    return found


def each_seeker(tx: Tx, params: dict[str, Any]) -> dict[int, dict[str, int]]:
    """The caseload read seeker by seeker (``EACH``)."""
    return {
        int(r["seeker"]): {name: int(r[name]) for name in SIGNALS if r[name]}
        for r in tx.all(EACH, params)
    }


def applications(tx: Tx) -> list[dict[str, Any]]:
    """Every application of every seeker who grants me access now, by seeker then id."""
    return tx.all(
        f"""SELECT ap.id, ap.owner_id AS seeker, ap.company, ap.role, ap.status
            FROM applications ap WHERE ap.owner_id IN ({GRANTING})
            ORDER BY ap.owner_id, ap.id""",
        {"me": me(tx)},
    )


# When the clock alone can change a signal: every moment, day or latest activity that a
# signal compares with the time (``SIGNALS``), over every granting seeker, whatever else the
# signal asks (a superset is safe: it only makes a kept caseload read again sooner).
MOMENTS: dict[str, str] = {
    # ``thank_you_overdue``: a.due < :now
    "due": f"""SELECT a.due AS at FROM actions a WHERE a.owner_id IN ({GRANTING})
        AND a.kind = 'thank_you' AND a.status = 'pending'""",
    # ``no_debrief``: i.end_at < :now
    "ended": f"""SELECT i.end_at AS at FROM interviews i
        JOIN applications ap ON ap.id = i.application_id
        WHERE i.owner_id IN ({GRANTING}) AND ap.status IN {_ACTIVE} AND i.notes = '{{}}'""",
    # ``decision_passed``: the latest decision date < :today
    "decided": f"""SELECT MAX(i.decision_date) AS at FROM applications ap
        JOIN interviews i ON i.application_id = ap.id
        WHERE ap.owner_id IN ({GRANTING}) AND ap.status IN {_OPEN} GROUP BY ap.id""",
    # ``quiet``: no history entry and no application changed at or after :since
    "active": f"""SELECT MAX(h.at) AS at FROM history h WHERE h.owner_id IN ({GRANTING})
        GROUP BY h.owner_id
        UNION ALL SELECT MAX(ap.updated_at) FROM applications ap
        WHERE ap.owner_id IN ({GRANTING}) GROUP BY ap.owner_id""",
}


def moments(tx: Tx) -> dict[str, list[Any]]:
    """Each of :data:`MOMENTS` -> its values as stored (``None`` left out)."""
    params = {"me": me(tx)}
    return {
        name: [r["at"] for r in tx.all(sql, params) if r["at"] is not None]
        for name, sql in MOMENTS.items()
    }

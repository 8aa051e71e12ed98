"""Grants, the access log and counsellors' notes.

"Me" here is the account acting (``tx.actor.account``): for a seeker that is also the
owner of the search; for a counsellor it is the counsellor, whatever search they read. A
counsellor reaches a seeker's rows only through a standing grant, said in each query here
(SQLite has no row-level security) and again by the database's policies in a career centre
(``storage/centre.py``).

The accounts table shows an account its own row only, so the addresses of the other party
of a grant, and a counsellor's account by address, come in a centre through two narrow
``SECURITY DEFINER`` functions whose bodies are this module's statements.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from afterview.domain.errors import UnknownRecord
from afterview.storage.db import Tx, to_datetime

# Standing grants to me: the seekers whose searches I may read now.
GRANTING = "SELECT g.seeker_id FROM grants g WHERE g.counsellor_id = :me AND g.revoked_at IS NULL"

# The other party of each of my grants, with the address they sign in with: the
# counsellors I ever invited (my own history), the seekers who grant me access now.
PARTIES = f"""SELECT o.id AS party, COALESCE(o.email, o.name) AS address FROM owners o
   WHERE o.id IN (SELECT g.counsellor_id FROM grants g WHERE g.seeker_id = :me
                  UNION {GRANTING})"""

COUNSELLOR = """SELECT o.id AS party FROM owners o WHERE o.email = lower(:email)
   AND o.role = 'counsellor' AND o.disabled_at IS NULL"""


def me(tx: Tx) -> int:
    """The account acting in ``tx``."""
    if tx.actor is None:
        raise RuntimeError("this transaction acts for nobody: open it for an Actor")
    return tx.actor.account


def parties(tx: Tx) -> dict[int, str]:
    """Account id -> address, for the other party of each of my grants."""
    if tx.centre:
        rows = tx.all("SELECT party, address FROM app_grant_parties()")
    else:
        rows = tx.all(PARTIES, {"me": me(tx)})
    return {int(r["party"]): str(r["address"]) for r in rows}


def counsellor_by_email(tx: Tx, email: str) -> int | None:
    """The enabled counsellor's account that signs in as ``email``, if any."""
    if tx.centre:
        row = tx.one("SELECT app_counsellor_id(:email) AS party", {"email": email})
    else:
        row = tx.one(COUNSELLOR, {"email": email})
    return None if row is None or row["party"] is None else int(row["party"])


def my_address(tx: Tx) -> str:
    """The acting account's address (its name, for an account that never signs in)."""
    row = tx.one(
        "SELECT COALESCE(email, name) AS address FROM owners WHERE id = :me", {"me": me(tx)}
    )
    assert row is not None  # every account sees its own row
    return str(row["address"])


# -- grants ------------------------------------------------------------------------------------


def standing_grant(tx: Tx, seeker: int, counsellor: int) -> int | None:
    row = tx.one(
        """SELECT id FROM grants WHERE seeker_id = :s AND counsellor_id = :c
             AND revoked_at IS NULL ORDER BY id LIMIT 1""",
        {"s": seeker, "c": counsellor},
    )
    return None if row is None else int(row["id"])


def add_grant(tx: Tx, counsellor: int, version: str, now: datetime) -> int:
    """My search opened to ``counsellor`` under notice ``version``."""
    return tx.insert(
        """INSERT INTO grants (seeker_id, counsellor_id, notice_version, granted_at)
           VALUES (:me, :c, :v, :now) RETURNING id""",
        {"me": me(tx), "c": counsellor, "v": version, "now": now},
    )


def revoke(tx: Tx, grant_id: int, now: datetime) -> int | None:
    """End my standing grant ``grant_id``; the counsellor it named, or ``None`` if no such
    grant of mine stands."""
    row = tx.one(
        """SELECT counsellor_id FROM grants
           WHERE id = :id AND seeker_id = :me AND revoked_at IS NULL""",
        {"id": grant_id, "me": me(tx)},
    )
    if row is None:
        return None
    tx.execute(
        "UPDATE grants SET revoked_at = :now WHERE id = :id AND seeker_id = :me",
        {"id": grant_id, "me": me(tx), "now": now},
    )
    return int(row["counsellor_id"])


def grants(tx: Tx) -> list[dict[str, Any]]:
    """My grants, given (as a seeker, revoked ones too) and standing ones received (as a
    counsellor), oldest first."""
    rows = tx.all(
        """SELECT id, seeker_id, counsellor_id, notice_version, granted_at, revoked_at
           FROM grants WHERE seeker_id = :me OR (counsellor_id = :me AND revoked_at IS NULL)
           ORDER BY granted_at, id""",
        {"me": me(tx)},
    )
    for row in rows:
        row["granted_at"] = to_datetime(row["granted_at"])
        row["revoked_at"] = to_datetime(row["revoked_at"])
    return rows


# -- the access log ----------------------------------------------------------------------------


def log(tx: Tx, seeker: int, action: str, subject: str | None, at: datetime) -> None:
    """Append one entry to ``seeker``'s access log, as me, with my address as it is now."""
    tx.execute(
        """INSERT INTO access_log (seeker_id, actor_id, actor_email, action, subject, at)
           SELECT :seeker, o.id, COALESCE(o.email, o.name), :action, :subject, :at
           FROM owners o WHERE o.id = :me""",
        {"seeker": seeker, "me": me(tx), "action": action, "subject": subject, "at": at},
    )


_LOG_READS = """INSERT INTO access_log (seeker_id, actor_id, actor_email, action, subject, at)
    SELECT DISTINCT s.seeker_id, o.id, COALESCE(o.email, o.name), 'read', :subject, :at
    FROM ({granting}) s, owners o WHERE o.id = :me"""


def log_reads(tx: Tx, subject: str, at: datetime) -> list[int]:
    """One ``read`` entry in the log of each seeker who grants me access now (a caseload
    read many at once); those seekers.

    On PostgreSQL one statement does both (``INSERT … RETURNING`` would need a policy that
    lets a counsellor read the log back, which none does); SQLite, which cannot write in a
    ``WITH``, takes two.
    """
    params = {"me": me(tx), "subject": subject, "at": at}
    if tx.dialect == "postgresql":
        rows = tx.all(
            f"""WITH s AS ({GRANTING}), logged AS ({_LOG_READS.format(granting="SELECT * FROM s")})
                SELECT DISTINCT seeker_id FROM s""",
            params,
        )
    else:
        tx.execute(_LOG_READS.format(granting=GRANTING), params)
        rows = tx.all(GRANTING, params)
    return [int(r["seeker_id"]) for r in rows]


def access_log(tx: Tx) -> list[dict[str, Any]]:
    """My search's access log, newest first."""
    rows = tx.all(
        """SELECT id, actor_email, action, subject, at FROM access_log
           WHERE seeker_id = :me ORDER BY at DESC, id DESC""",
        {"me": me(tx)},
    )
    for row in rows:
        row["at"] = to_datetime(row["at"])
    return rows


def reach(tx: Tx, subject: str, at: datetime) -> None:
    """A counsellor's read of the search ``tx`` acts on: refused unless the seeker grants
    them access now, and written to the seeker's access log in the same transaction."""
    if standing_grant(tx, tx.owner, me(tx)) is None:
        raise UnknownRecord("no_grant", id=tx.owner)
    log(tx, tx.owner, "read", subject, at)


# -- counsellors' notes ------------------------------------------------------------------------


def add_note(
    tx: Tx, seeker: int, body: str, shared: bool, application: int | None, now: datetime
) -> int:
    return tx.insert(
        """INSERT INTO counsellor_notes
             (seeker_id, author_id, application_id, shared, body, created_at)
           VALUES (:seeker, :me, :app, :shared, :body, :now) RETURNING id""",
        {
            "seeker": seeker,
            "me": me(tx),
            "app": application,
            "shared": shared,
            "body": body,
            "now": now,
        },
    )


def application_of(tx: Tx, seeker: int, application: int) -> bool:
    """Whether ``application`` is one of ``seeker``'s, read through my standing grant."""
    row = tx.one(
        f"SELECT 1 AS found FROM applications WHERE id = :app AND owner_id = :seeker"
        f" AND owner_id IN ({GRANTING})",
        {"app": application, "seeker": seeker, "me": me(tx)},
    )
    return row is not None


def notes(tx: Tx, seeker: int | None = None) -> list[dict[str, Any]]:
    """The notes I may read, newest first: as a counsellor, mine on ``seeker``; as a seeker
    (``seeker`` left out), the notes shared with me."""
    if seeker is None:
        where, params = "n.seeker_id = :me AND n.shared", {"me": me(tx)}
    else:
        where, params = (
            "n.author_id = :me AND n.seeker_id = :seeker",
            {"me": me(tx), "seeker": seeker},
        )
    rows = tx.all(
        f"""SELECT n.id, n.seeker_id, n.author_id, n.application_id, n.shared, n.body,
                   n.created_at FROM counsellor_notes n WHERE {where}
            ORDER BY n.created_at DESC, n.id DESC""",
        params,
    )
    for row in rows:
        row["shared"] = bool(row["shared"])
        row["created_at"] = to_datetime(row["created_at"])
    return rows

"""The centre report: what a career centre's seekers did, month by month, with no names.

For the centre's administrators (the admin role only): interviews recorded, thank-you
notes sent within 24 hours of an interview's end, follow-ups sent after the decision date
the employer gave, and how processes ended (offer, rejection, silence = closed without a
reply, still waiting). The counts come from one aggregate function of the database that
returns counts only (``storage/centre.py``); a count under :data:`MINIMUM` is hidden, so
that a small month cannot point at one person.
"""

from __future__ import annotations

from dataclasses import dataclass

from afterview.domain.actor import Actor
from afterview.domain.errors import InputError
from afterview.i18n import N_
from afterview.services.ports import Directory, report_repo

MINIMUM = 5  # a count under this is hidden: small-cell suppression, as statistics agencies do
MEASURES: tuple[tuple[str, str], ...] = (
    ("interviews", N_("Interviews recorded")),
    ("thank_yous_within_24h", N_("Thank-yous sent within 24 h")),
    ("follow_ups_after_decision", N_("Follow-ups after the decision date")),
    ("offer", N_("Offers")),
    ("rejection", N_("Rejections")),
    ("silence", N_("Silence (closed without a reply)")),
    ("waiting", N_("Still waiting")),
)


class NotAdmin(InputError):
    """The report is for the centre's administrators; the request's account is not one."""


@dataclass(frozen=True)
class Cell:
    count: int | None  # None when hidden
    hidden: bool


@dataclass(frozen=True)
class Month:
    month: str  # YYYY-MM (UTC)
    cells: dict[str, Cell]


def report(db: Directory, actor: Actor) -> list[Month]:
    """Every month with any count, oldest first; each measure's count, small ones hidden."""
    db.ensure_schema()
    if not db.centre:
        raise InputError("report_needs_centre")
    if actor.role != "admin":
        raise NotAdmin("report_admin_only")
    with db.read() as tx:
        rows = report_repo.monthly_counts(tx, actor.account)
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(str(row["month"]), {})[str(row["measure"])] = int(row["n"])
    return [
        Month(month, {name: _cell(found.get(name, 0)) for name, _ in MEASURES})
        for month, found in sorted(counts.items())
    ]


def _cell(count: int) -> Cell:
    return Cell(None, True) if count < MINIMUM else Cell(count, False)

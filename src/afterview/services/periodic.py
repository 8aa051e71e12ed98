"""A career centre's periodic work for each seeker: who to act for, and the nightly replan.

The lists are the only work that spans accounts, and they give account ids and nothing
else; everything done for a seeker is then done in a unit of work acting as that seeker
(``mail/tasks.py`` runs one job per seeker), so row-level security holds each job to one
search.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from afterview.i18n import gettext, ngettext
from afterview.services.ports import Dispatch, UnitOfWork, periodic_repo, rights_repo
from afterview.services.settings import policy_in


def mail_watchers(dispatch: Dispatch) -> list[int]:
    """The accounts whose inbox the reply watch reads: each gave an IMAP server."""
    with dispatch.read() as tx:
        return periodic_repo.mail_watchers(tx)


def seekers_to_replan(dispatch: Dispatch) -> list[int]:
    """The enabled seekers with an application, for the nightly replan."""
    with dispatch.read() as tx:
        return periodic_repo.seekers_to_replan(tx)


def replan_search(work: UnitOfWork, *, now: datetime) -> int:
    """Replan the seeker's whole search as of ``now`` (the personal mode's replan of the
    pipeline: every application with an interview that is active or still has a
    keep-searching step waiting): the plan's dates move with the calendar even when
    nothing was recorded. Returns how many applications were replanned."""
    from afterview.services import tracking

    with work.write() as tx:
        return tracking.replan_pipeline(tx, now=now, policy=policy_in(tx))


@dataclass(frozen=True)
class RetentionNotice:
    """The retention warning for one seeker, in words, ready to be mailed."""

    to: str
    subject: str
    body: str


def retention_notice(
    work: UnitOfWork, *, warned_at: datetime, months: int
) -> RetentionNotice | None:
    """The warning that the seeker's closed, idle search will be purged (see
    :func:`afterview.services.rights.purge`), or ``None`` for an account without an
    address to write to. It names the day the purge may come, and how to prevent it."""
    from afterview.services.rights import WARNING_DAYS

    with work.read() as tx:
        address = rights_repo.own_email(tx)
    if not address:
        return None
    after = (warned_at + timedelta(days=WARNING_DAYS)).date().isoformat()
    values = {"date": after, "months": months}
    subject = gettext("Your job search in afterview will be deleted after %(date)s") % values
    idle = ngettext(
        "Your job search in afterview has had no activity for %(months)s month, and every "
        "application in it is closed.",
        "Your job search in afterview has had no activity for %(months)s months, and every "
        "application in it is closed.",
        months,
    )
    rest = gettext(
        "The career centre keeps personal information only as long as it is needed, so this "
        "search will be deleted after %(date)s.\n\n"
        "To keep it, sign in before then: any activity keeps it. To keep a copy, download it "
        "from your account first.\n\n"
        "Your account stays either way: you can sign in and start a new search at any time."
    )
    body = gettext("Hello,") + "\n\n" + f"{idle % values} {rest % values}\n"
    return RetentionNotice(address, subject, body)

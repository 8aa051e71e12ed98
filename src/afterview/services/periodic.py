"""A career centre's periodic work for each seeker: who to act for, and the nightly replan.

The lists are the only work that spans accounts, and they give account ids and nothing
else; everything done for a seeker is then done in a unit of work acting as that seeker
(``mail/tasks.py`` runs one job per seeker), so row-level security holds each job to one
search.
"""

from __future__ import annotations

from datetime import datetime

from afterview.services.ports import Dispatch, UnitOfWork, periodic_repo
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

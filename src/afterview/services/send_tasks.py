"""The hand-over between a career centre's queue and the task that sends one message.

The periodic task claims due mail through the centre's claim function in the queue's name
(:data:`QUEUE`), then defers one send task per message. A send task takes the message over
in its own name before handing it to a server (:func:`take_over`): only from the queue, or
from an earlier run of the same task, and only while no server has been handed it. A task
run twice therefore sends at most once, and a message handed off by a run that died stays
in the outbox's unknown window, settled as the outbox always settles it (the Sent folder,
or failed with a request to look), never sent again on a guess.
"""

from __future__ import annotations

from datetime import datetime

from afterview.services.ports import UnitOfWork, mail_accounts_repo

QUEUE = "queue"  # the name the periodic task claims due mail in


def take_over(
    work: UnitOfWork, message_id: int, me: str, holders: list[str], *, now: datetime
) -> bool:
    """Whether message ``message_id`` is now ``me``'s to send (see the module's docstring)."""
    with work.write() as tx:
        return mail_accounts_repo.take_over(tx, message_id, me, holders, now)

"""The hand-over between a career centre's queue and the task that sends one message.

The periodic task claims due mail through the centre's claim function in a name of the
queue's (:func:`queue_name`: one per run, so that a run that dies before it has deferred
everything can be told apart and its claims given back, :func:`release`), then defers one
send task per message. A send task takes the message over in its own name before handing
it to a server (:func:`take_over`): only from one of the queue's names, or from an earlier
run of the same task, and only while no server has been handed it. The hand-off itself is
conditional too (:func:`afterview.services.outbox.prepare`), so two runs of one task at
once (retried because its worker looked gone while it was only slow) send once. A task
run twice therefore sends at most once, and a message handed off by a run that died stays
in the outbox's unknown window, settled as the outbox always settles it (the Sent folder,
or failed with a request to look), never sent again on a guess.
"""

from __future__ import annotations

from datetime import datetime

from afterview.services.ports import Dispatch, UnitOfWork, mail_accounts_repo, outbox_repo

QUEUE = "queue"  # the prefix of the names the periodic task claims due mail in


def queue_name(run: object) -> str:
    """The name one run of the periodic task claims in (``run``: its job's id)."""
    return f"{QUEUE}:{run}"


def take_over(work: UnitOfWork, message_id: int, me: str, *, now: datetime) -> bool:
    """Whether message ``message_id`` is now ``me``'s to send (see the module's docstring)."""
    with work.write() as tx:
        return mail_accounts_repo.take_over(tx, message_id, me, QUEUE, now)


def release(dispatch: Dispatch, run: object, *, now: datetime) -> int:
    """Give back the messages a dead run of the periodic task claimed and no send task took
    over: they are due again, for the next run to claim and defer. Returns how many."""
    with dispatch.write() as tx:
        return outbox_repo.release_queued(tx, queue_name(run), now)

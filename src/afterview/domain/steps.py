"""The step record: one pending or done step of a plan, whoever reads it.

The planner makes steps, storage keeps them, and the agenda, the calendar, the web pages
and the JSON outputs read them; all use this one record instead of a shape each. A step
the planner has just made has no stored fields yet (``id`` 0, no company); a step read
back from the database has them, and may lack what the reader did not ask for (the
agenda reads no ``rule`` or ``sources``).

The JSON of a step is a public contract with three views: :data:`PLAN_FIELDS` (``afterview
plan --json``), :data:`AGENDA_FIELDS` (``afterview agenda --json``, ``/api/agenda``) and
:data:`DETAIL_FIELDS` (one application's steps: ``afterview show --json``, its page, the
API); :func:`step_json` writes any of them, times as ISO 8601 with their offset.

Why a step is planned is a coded reason (``because``, :mod:`afterview.domain.reasons`),
stored as its code and values and worded in the reader's locale by ``why``; every JSON view
prints the words, not the code.

A frozen ``msgspec.Struct`` built in C: a bulk replan makes hundreds of thousands of steps
(about twelve per interview), and a ``NamedTuple`` (about four times slower to build, its
``__new__`` being Python) made planning 10,000 interviews about 9% slower; a frozen
dataclass is slower still (each field set through ``object.__setattr__``). ``gc=False``: a
step holds only strings, numbers, datetimes and a tuple of strings, so it can never be part
of a reference cycle, and the garbage collector need not track the steps a replan makes.
The price is msgspec's import (about 8 ms) in ``afterview agenda``, which reads stored steps
and plans nothing (docs/PERFORMANCE.md). Copy a step with ``msgspec.structs.replace``.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, Literal

import msgspec

from afterview.domain.reasons import Because, word

if TYPE_CHECKING:
    from afterview.domain.kinds import PlanKind
    from afterview.domain.models import Channel

# The planner makes pending and done steps; the user may later skip one, and a new fact
# (an outcome, a reply) cancels the ones that no longer apply.
Status = Literal["pending", "done", "skipped", "cancelled"]


class Step(msgspec.Struct, frozen=True, gc=False):
    """One step: what to do, for whom, by which channel, when, and why."""

    kind: PlanKind
    to: str | None
    channel: Channel | None
    not_before: datetime
    due: datetime
    send_at: datetime | None
    rule: str = ""
    because: Because = ""  # why it is planned: a coded reason, worded when read (``why``)
    sources: tuple[str, ...] = ()
    status: Status = "pending"
    ref: str = ""  # tells apart steps of one kind to one person (e.g. two promises)
    # Once stored: the step's id, its application and interview, where its times live,
    # and what the user did with it.
    id: int = 0
    application_id: int = 0
    interview_id: int = 0
    company: str = ""
    role: str = ""
    zone: str = ""  # the recipient's time zone (IANA key)
    done_at: datetime | None = None
    note: str | None = None  # what the user noted when marking it done
    reason: str | None = None  # why the user skipped it
    updated_at: datetime | None = None

    @property
    def why(self) -> str:
        """Why it is planned, in the active locale (a stored text never coded: as it is)."""
        return word(self.because)

    @property
    def key(self) -> str:
        """A name for this step that stays the same when the plan is recomputed."""
        return f"{self.kind}:{self.rule}:{self.to or ''}:{self.ref}"

    @property
    def start(self) -> datetime:
        """When it is shown in a calendar: the suggested send time, else the due time."""
        return self.send_at or self.due


# The JSON views, field names in their order of output.
PLAN_FIELDS: Final = (
    "kind",
    "to",
    "channel",
    "not_before",
    "due",
    "send_at",
    "rule",
    "why",
    "sources",
    "status",
)
AGENDA_FIELDS: Final = (
    "id",
    "application_id",
    "company",
    "role",
    "kind",
    "to",
    "channel",
    "zone",
    "not_before",
    "due",
    "send_at",
    "why",
)

DETAIL_FIELDS: Final = (
    "id",
    "interview_id",
    "kind",
    "channel",
    "zone",
    "status",
    "why",
    "note",
    "reason",
    "rule",
    "sources",
    "to",
    "not_before",
    "due",
    "send_at",
    "done_at",
)


def step_json(step: Step, fields: tuple[str, ...] = PLAN_FIELDS) -> dict[str, Any]:
    """The step as JSON-ready values, in one of the views above."""
    return {name: _plain(getattr(step, name)) for name in fields}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


__all__ = ["AGENDA_FIELDS", "DETAIL_FIELDS", "PLAN_FIELDS", "Status", "Step", "step_json"]

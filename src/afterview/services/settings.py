"""Each account's planning settings: its policy, read and changed.

An account's :class:`~afterview.domain.settings.Policy` is the cited defaults with the
values it changed laid over them. A unit of work reads it once (:func:`policy_in`) and
hands it to everything that plans, guards or lints in that unit, so one request never mixes
two versions of the settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from afterview.domain import settings as policies
from afterview.domain.settings import Policy
from afterview.services.ports import Tx, UnitOfWork, settings_repo
from afterview.services.ports import repository as repo

STORED = "The stored settings"  # how an error about a stored value starts
GIVEN = "Settings"  # how an error about a value just given starts

Value = str | int | float | bool | None  # text is read as typed; None goes back to the default


@dataclass(frozen=True, slots=True)
class Saved:
    """What a change did: the policy now in force and the names whose value changed."""

    policy: Policy
    changed: tuple[str, ...]


def policy_in(tx: Tx) -> Policy:
    """The acting account's policy, inside a unit of work already open."""
    return policies.account_policy(settings_repo.policy_overrides(tx), where=STORED)


def policy(work: UnitOfWork) -> Policy:
    """The acting account's policy."""
    with work.read() as tx:
        return policy_in(tx)


def update_policy(work: UnitOfWork, changes: Mapping[str, Value], *, now: datetime) -> Saved:
    """Change some settings: each value is checked, ``None`` restores the default.

    Only values that differ from the defaults are stored, so a setting set back to its
    default follows the default again, even if a later version corrects it. Every
    application with a pending step is replanned in the same transaction, so the agenda,
    the calendar and the pages show the new timing at once.
    """
    from afterview.services import tracking  # it reads the policy through this module

    with work.write() as tx:
        before = policy_in(tx)
        merged = policies.overrides_of(before)
        for name, value in changes.items():
            if value is None:
                policies.checked_value(name, getattr(before, name, None), where=GIVEN)
                merged.pop(name, None)
            elif isinstance(value, str):
                merged[name] = policies.read_value(name, value, where=GIVEN)
            else:
                merged[name] = policies.checked_value(name, value, where=GIVEN)
        after = policies.account_policy(merged, where=GIVEN)
        settings_repo.save_policy(tx, policies.overrides_of(after), now)
        if after != before:
            for app_id in repo.planned_applications(tx):
                tracking.replan(tx, app_id, now=now, policy=after)
    changed = tuple(name for name in changes if getattr(before, name) != getattr(after, name))
    return Saved(after, changed)

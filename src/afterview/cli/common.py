"""What the tracked-search commands share: the database, the user's clock and zone, JSON.

Every command acts as the database's local account, in transactions on the database named
by ``AFTERVIEW_DATABASE_URL`` or ``DATABASE_URL`` (default: SQLite in the data folder).
Times given without an offset are read in the candidate's time zone; ``--now`` replaces the
clock, so a script or a test can say exactly when "now" is.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import click

from afterview.i18n import _

if TYPE_CHECKING:
    from afterview.wiring import Work

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
at_option = click.option("--at", metavar="T", help="When it happened (ISO 8601; default: now).")
now_option = click.option("--now", metavar="T", help="Replan as of this time (default: now).")


def open_work() -> Work:
    """The unit of work of the person at this computer: the database's local account."""
    from afterview.wiring import local_work

    return local_work()


def user_zone(work: Work) -> Any:
    """The candidate's zone (UTC until a profile is stored)."""
    from afterview.services import records

    return records.zone(work) or UTC


def time_of(value: str | None, option: str, work: Work) -> datetime:
    """The moment an option names, in the user's zone; the clock when it is not given."""
    from afterview.values import moment

    zone = user_zone(work)
    return datetime.now(zone) if value is None else moment(value, option, zone)


def day_of(value: str | None, option: str) -> date | None:
    from afterview.values import day

    return None if value is None else day(value, option)


def ask_decision_date(data: dict[str, Any], source: str, work: Work) -> None:
    """When they named a time with no date ("after the school holidays") and someone is at
    the keyboard, ask for the date now rather than guess; without a terminal the plan holds
    the follow-ups and its notice says why."""
    if not sys.stdin.isatty():
        return
    from afterview.domain.planner import follow_up_schedule
    from afterview.interview_file import from_data
    from afterview.services import settings

    interview = data.get("interview")
    if not isinstance(interview, dict):
        return  # from_data reports what is wrong with the file
    policy = settings.policy(work)
    decision = follow_up_schedule(from_data(data, source=source), policy).decision
    while decision.ambiguous:
        click.echo(decision.reason)
        answer = click.prompt(
            _("When did they say they would decide? (a date or a phrase; Enter keeps their words)"),
            default="",
            show_default=False,
        ).strip()
        if not answer:
            return
        interview["decision"] = answer
        decision = follow_up_schedule(from_data(data, source=source), policy).decision


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block, and back on after it as it was.

    For a command that makes millions of objects it keeps (an archive read into rows:
    tuples of text and numbers, with no cycles to collect): the collector would walk them
    again and again as they are made and free nothing. A command is alone in its process,
    so nothing else waits for a collection meanwhile (docs/PERFORMANCE.md, archive import).
    """
    import gc

    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def emit(data: Any) -> None:
    """Print JSON for other programs: indented, UTF-8 as is; records as the one serialisation
    (``domain/serial.py``) prints them."""
    from afterview.domain.serial import to_builtins

    json.dump(to_builtins(data), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")

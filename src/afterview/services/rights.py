"""A seeker's data rights: a copy of everything of theirs, and erasure of their account.

- **Export** is the lossless archive ``afterview export`` writes (``services/archive.py``),
  or the applications CSV (its cells neutralised, ``afterview/csv_cells.py``): one copy of
  the data, made by the code that makes it for the command line, so the two never differ.
- **Erasure** belongs to a career centre, where a person has an account to erase. It asks
  for the account's address back (a mistaken click erases nothing) and goes through
  :func:`afterview.services.accounts.erase`, the same erasure as ``users delete``. A
  personal database has no account to erase: the person deletes applications one by one
  (``afterview delete``), or the database file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TextIO

from afterview.domain.actor import Actor
from afterview.domain.errors import InputError
from afterview.services import accounts, transfer
from afterview.services.ports import Directory, UnitOfWork, rights_repo

FORMATS = ("json", "csv")


def export(work: UnitOfWork, out: TextIO, fmt: str, *, now: datetime) -> None:
    """Write the actor's archive (``json``) or applications CSV (``csv``) to ``out``."""
    if fmt not in FORMATS:
        raise InputError("unknown_export_format", value=fmt)
    transfer.write_export(work, out, fmt, now=now)


def own_address(work: UnitOfWork) -> str | None:
    """The acting account's own address, as what it prints says whose it is (the card on a
    shared computer); ``None`` for an account that never signs in (a personal one)."""
    with work.read() as tx:
        return rights_repo.own_email(tx)


def erase_me(db: Directory, actor: Actor, confirm: str) -> accounts.Erased:
    """Erase the signed-in account, if ``confirm`` is its address (any case or spacing)."""
    db.ensure_schema()
    if not db.centre:
        raise InputError("erase_needs_centre")
    with db.read(actor) as tx:
        email = rights_repo.own_email(tx)
    if email is None or confirm.strip().lower() != email:
        raise InputError("erase_confirm_mismatch")
    return accounts.erase(db, email)


# -- retention --------------------------------------------------------------------------------

RETENTION_MONTHS = 24  # the default: two years without activity (docs/CENTRE.md says why)
WARNING_DAYS = 30  # between the warning and the purge: time to sign in, or download a copy


@dataclass(frozen=True)
class Retained:
    """What a purge run did (or, dry, would do) to one account."""

    owner: int
    action: str  # warned | purged | waiting (warned less than WARNING_DAYS ago)
    rows: dict[str, int]


def idle_since(now: datetime, months: int) -> datetime:
    """``now`` less ``months`` calendar months (the day clamped to the month's end)."""
    import calendar

    month = now.month - 1 - months
    year, month = now.year + month // 12, month % 12 + 1
    day = min(now.day, calendar.monthrange(year, month)[1])
    return now.replace(year=year, month=month, day=day)


def purge(db: Directory, *, now: datetime, months: int, dry_run: bool) -> list[Retained]:
    """Warn each account whose closed search has been idle for ``months``, and purge the
    search of one warned at least :data:`WARNING_DAYS` ago and idle since. Activity after
    a warning means the next idle period starts over and ends in a new warning. The
    account itself stays: its person can sign in and start again."""
    if months < 1:
        raise InputError("retention_months_invalid", value=months)
    with _centre(db).read() as tx:
        found = rights_repo.retention_candidates(tx, idle_since(now, months))
    done = []
    for row in found:
        account = Actor.seeker(int(row["owner"]))
        warned = row["warned_at"]
        if warned is None or warned < row["last_active"]:
            done.append(_warn(db, account, now, dry_run))
        elif warned <= now - timedelta(days=WARNING_DAYS):
            done.append(_purge(db, account, dry_run))
        else:
            done.append(Retained(account.owner, "waiting", {}))
    return done


def _centre(db: Directory) -> Directory:
    db.ensure_schema()
    if not db.centre:
        raise InputError("accounts_need_centre")
    return db


def _warn(db: Directory, account: Actor, now: datetime, dry_run: bool) -> Retained:
    if not dry_run:
        with db.transaction(actor=account) as tx:
            rights_repo.mark_warned(tx, now)
    return Retained(account.owner, "warned", {})


def _purge(db: Directory, account: Actor, dry_run: bool) -> Retained:
    with db.transaction(actor=account, write=not dry_run) as tx:
        rows = rights_repo.purge_search(tx, dry_run=dry_run)
        if not dry_run:
            rights_repo.mark_warned(tx, None)
    return Retained(account.owner, "purged", rows)

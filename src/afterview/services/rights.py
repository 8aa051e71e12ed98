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

from datetime import datetime
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

"""``afterview import``: an afterview archive (JSON), or a job tracker's CSV or .xlsx export.

A tracker import stores every row it can and names on standard error each row it could
not store and each cell it left empty, as ``line N: <column>: <value>: <what to do>``.
Exit codes: 0 when every row was stored (or skipped by design), 1 when some rows were not
stored, 2 when the file itself cannot be read. ``--dry-run`` shows the same report and the
column mapping and stores nothing. Importing a file again updates what it imported.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from afterview.cli.common import collector_paused, open_work
from afterview.cli.messages import word
from afterview.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from afterview.importers.dates import Order
    from afterview.importers.vocabulary import Status
    from afterview.services.tracker_import import ImportResult

    Statuses = tuple[tuple[str, Status], ...]

_TRACKER_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls")


def _status_option(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> object:
    from afterview.domain.errors import InputError
    from afterview.importers.vocabulary import parse_override

    try:
        return tuple(parse_override(value) for value in values)
    except InputError as exc:
        raise click.BadParameter(word(exc), ctx, param) from None


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE")
@click.option(
    "--dry-run", is_flag=True, help="Show the report and the column mapping; store nothing."
)
@click.option(
    "--dates",
    type=click.Choice(["dmy", "mdy", "ymd"]),
    help="How the file orders numeric dates: day first (dmy, 25/11/2026), month first "
    "(mdy, 11/25/2026) or year first (ymd). Default: decided from the file, then from "
    "your profile's country.",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    metavar='"WORD=STATUS"',
    callback=_status_option,
    help="Read a tracker's status word as one of applied, interviewing, offer, rejected, "
    "withdrawn, closed, or skip (never applied to). Repeatable.",
)
def import_(
    file: Path, dry_run: bool, dates: str | None, statuses: tuple[tuple[str, str], ...]
) -> int:
    """Import a job tracker's CSV or .xlsx export, or an afterview JSON export.

    Every row with a company and a role is stored; rows and cells that cannot be read are
    named on standard error. Importing the same or an updated file again updates the
    applications it imported instead of adding copies. Exit 0 when every row was stored
    (or skipped by design), 1 when some rows were not stored, 2 when the file cannot be read.
    """
    from afterview.domain.errors import InputError

    try:
        if _is_tracker(file):
            return _tracker(file, dry_run, dates, statuses)
        if dry_run or dates or statuses:
            raise InputError("options_for_trackers_only", options="--dry-run, --dates and --status")
        return _archive(file)
    except InputError as exc:
        raise InputError("located", where=str(file), problem=word(exc)) from None


def _is_tracker(file: Path) -> bool:
    """A tracker export by its name; a file without a known suffix by its first character
    (an afterview archive is a JSON object)."""
    suffix = file.suffix.lower()
    if suffix in _TRACKER_SUFFIXES:
        return True
    if suffix in (".json", ".yaml", ".yml") or not file.is_file():
        return False
    with file.open("rb") as head:
        return not head.read(64).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def _archive(file: Path) -> int:
    from afterview.services import transfer
    from afterview.values import file_bytes

    data = file_bytes(file, "import")
    work = open_work()
    with collector_paused():  # a whole search is millions of rows, held until they are in
        count = transfer.import_json(
            work, data, now=datetime.now(UTC), progress=transfer.print_progress
        )
    imported = ngettext(
        "Imported %(count)d application from %(file)s.",
        "Imported %(count)d applications from %(file)s.",
        count,
    )
    click.echo(imported % {"count": count, "file": file})
    return 0


def _tracker(
    file: Path, dry_run: bool, dates: str | None, statuses: tuple[tuple[str, str], ...]
) -> int:
    from afterview.domain.errors import InputError
    from afterview.services import tracker_import as service

    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise InputError("file_not_found_here", path=str(file)) from None
    except OSError as exc:
        raise InputError("file_unreadable_here", problem=exc.strerror) from None
    work = open_work()
    order = cast("Order | None", dates)  # click.Choice allows only the three orders
    options = service.options_for(work, dates=order, statuses=cast("Statuses", statuses))
    parsed = service.read_tracker(file.name, data, options)
    # Progress only for a person watching: standard error is the report, for scripts too.
    progress = _progress if sys.stderr.isatty() else None
    result = service.run_import(
        work, parsed, now=datetime.now(UTC), dry_run=dry_run, progress=progress
    )
    _report(result)
    return result.exit_code


def _progress(done: int, total: int) -> None:
    click.echo(_("imported %(done)s/%(total)s…") % {"done": done, "total": total}, err=True)


def _report(result: ImportResult) -> None:
    parsed = result.parsed
    if result.dry_run:
        click.echo(_("Columns:"))
        for header, label in parsed.mapping:
            click.echo(f"  {header} → {label}")
        for header in parsed.unknown_columns:
            click.echo(f"  {header} → " + _("kept as an extra field"))
    for finding in parsed.report:
        click.echo(str(finding), err=True)
    order = str(parsed.date_order)
    click.echo(order[0].upper() + order[1:] + ".")
    click.echo(result.summary())
    if parsed.report or parsed.date_order.unsettled:
        click.echo(_(_CHOOSING), err=True)


# The report's notes name what to choose; the options that choose it are the command's own.
_CHOOSING = N_(
    "To choose: --dates dmy|mdy|ymd for the order of the file's dates, and "
    '--status "TEXT=STATUS" for what a status word of the file means.'
)

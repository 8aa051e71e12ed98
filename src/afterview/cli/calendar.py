"""``afterview calendar``: every pending step in the user's calendar program.

``export`` writes an ICS file to import once (importing a newer one updates the events:
their UIDs are stable); ``feed`` prints the address of the same calendar served by
``afterview serve``, for programs that subscribe and refresh on their own.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from afterview.cli.common import open_work, time_of


@click.group()
def calendar() -> None:
    """Your pending steps in your calendar: an ICS file, or a feed to subscribe to."""


@calendar.command()
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write the ICS file here (default: standard output).",
)
@click.option("--now", metavar="T", help="Export as of this time (default: now).")
def export(out: Path | None, now: str | None) -> None:
    """Every pending step as an ICS file, with a reminder before each."""
    from afterview.services.calendar_feed import calendar_for

    work = open_work()
    data = calendar_for(work, now=time_of(now, "--now", work))
    if out is None:
        click.echo(data, nl=False)
        return
    _write_atomically(out, data)
    click.echo(f"Wrote {out}.", err=True)


@calendar.command()
@click.option("--rotate", is_flag=True, help="Replace the address; the old one stops working.")
@click.option(
    "--base-url",
    metavar="URL",
    default="http://127.0.0.1:8000",
    show_default=True,
    help="Where `afterview serve` is reached.",
)
def feed(rotate: bool, base_url: str) -> None:
    """Print the address of your calendar feed (served by `afterview serve`)."""
    from afterview.services import calendar_feed

    base = _base_url(base_url)
    work = open_work()
    now = datetime.now(UTC)
    if rotate:
        token = calendar_feed.rotate(work, now=now)
        click.echo("New address; the previous one no longer works.", err=True)
    else:
        token = calendar_feed.feed_token(work, now=now)
    click.echo(calendar_feed.feed_url(base, token))


def _base_url(value: str) -> str:
    from urllib.parse import urlsplit

    from afterview.domain.errors import InputError

    text = value.strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        raise InputError("not_a_web_address", option="--base-url", value=value)
    return text


def _write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` whole or not at all (a reader never sees half a file).

    The file is readable by its owner only: it lists whom the user is writing to and why.
    """
    from afterview.domain.errors import InputError
    from afterview.private_files import write_atomically

    folder = target.parent
    if not folder.is_dir():
        raise InputError("no_such_folder", option="--out", folder=str(folder))
    try:
        write_atomically(target, data)
    except OSError as exc:
        raise InputError(
            "cannot_write", option="--out", path=str(target), problem=exc.strerror
        ) from None

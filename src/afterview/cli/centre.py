"""``afterview centre``: set up a career centre on PostgreSQL.

``init`` is run once, and again after every upgrade, with ``AFTERVIEW_DATABASE_URL`` naming
the role that owns the database. It migrates, creates or updates the runtime role the web
app and the workers then connect as, and has the database itself keep each account's rows
apart (row-level security; ``docs/CENTRE.md``). The password comes from standard input so
that it appears in no process list and no shell history.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click


@click.group()
def centre() -> None:
    """Set up a career centre: many accounts on one PostgreSQL database."""


@centre.command()
@click.option("--app-role", required=True, metavar="NAME", help="The runtime role to set up.")
@click.option(
    "--app-password-stdin",
    "password_stdin",
    is_flag=True,
    help="Read the runtime role's password from standard input.",
)
def init(app_role: str, password_stdin: bool) -> None:
    """Migrate, set up the runtime role and force row-level security on every table."""
    from datetime import UTC, datetime

    from afterview.domain.errors import InputError
    from afterview.wiring import database, init_centre

    if database().dialect != "postgresql":  # said before anything is read from stdin
        raise InputError("centre_needs_postgresql")
    if not password_stdin:
        raise InputError("centre_password_stdin")
    password = sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    done = init_centre(app_role, password, now=datetime.now(UTC))
    if done.created:
        click.echo(f"Created the runtime role {done.app_role}.")
    else:
        click.echo(f"Updated the runtime role {done.app_role}: its attributes and password.")
    click.echo(f"Row-level security is forced on {len(done.tables)} tables.")
    if done.closed:
        click.echo(
            f"No account can read these tables until they get a rule: {', '.join(done.closed)}."
        )
    click.echo(
        f"Run `afterview serve` and `afterview worker` with AFTERVIEW_DATABASE_URL naming "
        f"{done.app_role}."
    )


RETENTION_ENV = "AFTERVIEW_RETENTION_MONTHS"


@centre.command()
@click.option("--dry-run", is_flag=True, help="Say what would be done; change nothing.")
@click.option(
    "--now",
    "now_text",
    metavar="WHEN",
    help="The moment to count from (ISO 8601; UTC without an offset; default: now).",
)
def purge(dry_run: bool, now_text: str | None) -> None:
    """Warn accounts whose closed search has been idle for the retention period
    (AFTERVIEW_RETENTION_MONTHS, default 24), and purge the search of those warned 30
    days ago and idle since. The accounts stay: their people can sign in again."""
    from afterview.services import rights
    from afterview.wiring import database

    done = rights.purge(database(), now=_now(now_text), months=_months(), dry_run=dry_run)
    from afterview.i18n import _

    said = {
        "warned": _("would warn") if dry_run else _("warned"),
        "purged": _("would purge") if dry_run else _("purged"),
        "waiting": _("waiting for the 30 days after its warning"),
    }
    for item in done:
        rows = ", ".join(f"{n} {table}" for table, n in sorted(item.rows.items()))
        line = _("account {id}: {action}").format(id=item.owner, action=said[item.action])
        click.echo(line + (f" ({rows})" if rows else ""))
    counts = {a: sum(1 for d in done if d.action == a) for a in said}
    summary = _("{warned} warned, {purged} purged, {waiting} waiting for their warning's 30 days.")
    if dry_run:
        summary = _("Dry run, nothing changed: ") + summary
    click.echo(summary.format(**counts))


def _now(text: str | None) -> datetime:
    """``--now`` as every command reads it; a time without an offset is UTC (a centre's
    administrator works across accounts, so no one account's zone applies)."""
    from afterview.values import moment

    return datetime.now(UTC) if text is None else moment(text, "--now", UTC)


def _months() -> int:
    import os

    from afterview.domain.errors import InputError

    text = os.environ.get(RETENTION_ENV, "").strip()
    if not text:
        from afterview.services.rights import RETENTION_MONTHS

        return RETENTION_MONTHS
    if not text.isdigit() or int(text) < 1:
        raise InputError("retention_months_invalid", value=text)
    return int(text)

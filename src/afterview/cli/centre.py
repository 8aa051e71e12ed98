"""``afterview centre``: set up a career centre on PostgreSQL.

``init`` is run once, and again after every upgrade, with ``AFTERVIEW_DATABASE_URL`` naming
the role that owns the database. It migrates, creates or updates the runtime role the web
app and the workers then connect as, and has the database itself keep each account's rows
apart (row-level security; ``docs/CENTRE.md``). The password comes from standard input so
that it appears in no process list and no shell history.
"""

from __future__ import annotations

import sys

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

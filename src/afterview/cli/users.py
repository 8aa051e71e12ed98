"""``afterview users``: the accounts of a career centre (``docs/CENTRE.md``, "Accounts").

Run by the centre's administrator with ``AFTERVIEW_DATABASE_URL`` naming the runtime role,
like ``serve``. A password is read from standard input and a new token is printed alone on
the last line of standard output, so that neither reaches a process list or a shell
history, and a script can take the token with ``tail -n 1``.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click

from afterview.i18n import _, ngettext


@click.group()
def users() -> None:
    """The accounts of a career centre: add, list, disable, tokens, erasure."""


def _now() -> datetime:
    return datetime.now(UTC)


@users.command()
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice(["seeker", "counsellor", "admin"]),
    default="seeker",
    show_default=True,
    help="What the account may do.",
)
@click.option(
    "--password-stdin",
    "password_stdin",
    is_flag=True,
    help="Read the password from standard input.",
)
def add(email: str, role: str, password_stdin: bool) -> None:
    """Add an account that signs in with EMAIL."""
    from afterview.domain.errors import InputError
    from afterview.services import accounts
    from afterview.wiring import database

    db = database()
    email = accounts.email_address(email)  # said before anything is read from stdin
    if not password_stdin:
        raise InputError("account_password_stdin")
    password = sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    found = accounts.add(db, email, role, password, _now())
    click.echo(
        _("Added {email} as a {role} (account {id}).").format(email=email, role=role, id=found)
    )


@users.command("list")
def list_() -> None:
    """Every account: address, role, when added, and whether it is disabled."""
    from afterview.services import accounts
    from afterview.wiring import database

    found = accounts.accounts(database())
    for account in found:
        added = account.created_at.date().isoformat() if account.created_at else "-"
        state = (
            _("disabled {day}").format(day=account.disabled_at.date().isoformat())
            if account.disabled_at
            else _("active")
        )
        click.echo(f"{account.email}\t{account.role}\t{added}\t{state}")
    n = len(found)
    click.echo(ngettext("{n} account.", "{n} accounts.", n).format(n=n))


@users.command()
@click.argument("email")
def disable(email: str) -> None:
    """Disable an account: it can no longer sign in, and its tokens and sessions stop
    working from the next request."""
    from afterview.services import accounts
    from afterview.wiring import database

    accounts.disable(database(), email, _now())
    click.echo(_("Disabled {email}.").format(email=accounts.email_address(email)))


@users.command()
@click.argument("email")
def token(email: str) -> None:
    """Make a new personal API token for EMAIL and print it once, on the last line."""
    from afterview.services import accounts
    from afterview.wiring import database

    made = accounts.new_token(database(), email, _now())
    click.echo(
        _("A new API token for {email}; it is shown only this once:").format(
            email=accounts.email_address(email)
        )
    )
    click.echo(made)


@users.command()
@click.argument("email")
def tokens(email: str) -> None:
    """List EMAIL's API tokens: when each was made and last used (never the token)."""
    from afterview.services import accounts
    from afterview.wiring import database

    found = accounts.tokens(database(), email)
    for made in found:
        created = _minute(made.created_at)
        used = _minute(made.last_used_at) if made.last_used_at else _("never used")
        click.echo(f"{made.id}\t{created}\t{used}")
    n = len(found)
    click.echo(ngettext("{n} token.", "{n} tokens.", n).format(n=n))


def _minute(moment: datetime | None) -> str:
    """A stored moment in UTC, to the minute (a token's use is noted once a minute)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else "-"


@users.command()
@click.argument("email")
@click.option("--yes", "sure", is_flag=True, help="Erase without asking first.")
def delete(email: str, sure: bool) -> None:
    """Erase an account: the account and every row it holds, for good."""
    from afterview.domain.errors import InputError
    from afterview.services import accounts
    from afterview.wiring import database

    email = accounts.email_address(email)
    if not sure and not (
        sys.stdin.isatty()
        and click.confirm(_("Erase {email} and everything it holds?").format(email=email))
    ):
        raise InputError("account_erase_unconfirmed", email=email)
    gone = accounts.erase(database(), email)
    rows = ", ".join(f"{table} {n}" for table, n in sorted(gone.rows.items()))
    click.echo(
        _("Erased {email}: the account and its rows ({rows}).").format(
            email=email, rows=rows or _("none")
        )
    )

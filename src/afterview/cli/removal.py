"""``afterview delete``: remove an application and everything attached to it."""

from __future__ import annotations

import click

from afterview.cli.common import open_work


@click.command()
@click.argument("app_id", type=int, metavar="APP_ID")
@click.option("--yes", "-y", "sure", is_flag=True, help="Delete without asking first.")
def delete(app_id: int, sure: bool) -> None:
    """Delete an application with its interviews, plan steps, history, outbox messages and
    journal entries. It asks first (unless --yes); an export or backup keeps a copy."""
    from afterview.services import deletion

    work = open_work()
    found = deletion.attached(work, app_id)
    if not sure:
        click.echo(f"Application {app_id}: {found.title}, with {found.summary()}.")
        if not click.confirm("Delete it and everything attached to it for good?", default=False):
            click.echo(f"Kept application {app_id}; nothing was deleted.")
            return
    gone = deletion.delete_application(work, app_id)
    click.echo(f"Deleted application {app_id} ({gone.title}) with {gone.summary()}.")

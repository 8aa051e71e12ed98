"""``afterview delete``: remove an application and everything attached to it."""

from __future__ import annotations

import click

from afterview.cli.common import open_work
from afterview.i18n import _


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
        place = {"id": app_id, "title": found.title, "attached": found.summary()}
        click.echo(_("Application %(id)s: %(title)s, with %(attached)s.") % place)
        if not click.confirm(_("Delete it and everything attached to it for good?"), default=False):
            click.echo(_("Kept application %(id)s; nothing was deleted.") % {"id": app_id})
            return
    gone = deletion.delete_application(work, app_id)
    place = {"id": app_id, "title": gone.title, "attached": gone.summary()}
    click.echo(_("Deleted application %(id)s (%(title)s) with %(attached)s.") % place)

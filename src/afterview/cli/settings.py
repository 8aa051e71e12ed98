"""``afterview settings``: the planning settings of the local account, shown and changed.

Each setting starts at a default with a reason and a source (``domain/settings.py``); the
account stores only the values it changed. ``set`` checks every value before it stores
any, then replans every application with a step still to do, so ``afterview agenda``
shows the new timing at once.
"""

from __future__ import annotations

import click

from afterview.cli.common import emit, json_option, open_work, time_of
from afterview.i18n import _


@click.group()
def settings() -> None:
    """Your planning settings: send window, follow-up spacing, pipeline target…"""


@settings.command()
@json_option
def show(as_json: bool) -> None:
    """Every setting with its value, and its default where you changed it."""
    from afterview.domain.settings import describe
    from afterview.services import settings as service

    rows = describe(service.policy(open_work()))
    if as_json:
        emit({"settings": rows})
        return
    width = max(len(row["name"]) for row in rows)
    for row in rows:
        value = _text(row["value"])
        default = _("(default %(value)s)") % {"value": _text(row["default"])}
        mark = "" if row["value"] == row["default"] else f"  {default}"
        click.echo(f"{row['name']:<{width}}  {value}{mark}")


@settings.command(name="set")
@click.argument("values", nargs=-1, required=True, metavar="NAME=VALUE…")
@click.option("--now", metavar="T", help="Replan as of this time (default: now).")
def set_(values: tuple[str, ...], now: str | None) -> None:
    """Change settings, e.g. send_window_start=9; NAME=default goes back to the default."""
    from afterview.domain.errors import InputError
    from afterview.services import settings as service

    changes: dict[str, str | None] = {}
    for spec in values:
        name, sep, value = spec.partition("=")
        if not sep or not name.strip():
            raise InputError("setting_spec_form", where="settings set", spec=spec)
        value = value.strip()
        changes[name.strip()] = None if value.lower() == "default" else value
    work = open_work()
    saved = service.update_policy(work, changes, now=time_of(now, "--now", work))
    if not saved.changed:
        click.echo(_("Nothing changed: every setting already had the value given."))
        return
    for name in saved.changed:
        click.echo(f"{name} = {_text(getattr(saved.policy, name))}")
    click.echo(_("Saved; every plan with a step still to do was planned again."))


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)

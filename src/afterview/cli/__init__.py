"""The ``afterview`` command line: a thin layer over the domain.

Each command reads its input, calls the domain, and prints a readable answer or, with
``--json``, the documented JSON contract. Exit codes are part of that contract:

* 0 — fine;
* 1 — the answer is "no" (a blocked contact, lint errors);
* 2 — the input is wrong: one line on stderr says what and where, never a traceback.

Heavy modules (msgspec, Jinja2, SQLAlchemy) are imported inside the commands, so
``afterview --version`` starts quickly.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence

import click

from afterview import __version__

# Command name -> "module:function". A command's module is imported only when that command
# runs (or when help lists them all), so each command pays only for its own imports.
COMMANDS = {
    **{name: f"afterview.cli.core:{name}" for name in ("plan", "check", "lint", "draft", "rules")},
    **{
        name: f"afterview.cli.tracking:{attr}"
        for name, attr in (
            ("add", "add"), ("new", "new"), ("list", "list_"), ("show", "show"),
            ("agenda", "agenda"), ("done", "done"), ("skip", "skip"), ("log", "log"),
            ("update", "update"), ("reply", "reply"), ("outcome", "outcome"),
            ("export", "export"), ("backup", "backup"),
            ("serve", "serve"),
        )
    },
    "import": "afterview.cli.moving_in:import_",
    "calendar": "afterview.cli.calendar:calendar",
    "centre": "afterview.cli.centre:centre",
    "settings": "afterview.cli.settings:settings",
    "users": "afterview.cli.users:users",
    "delete": "afterview.cli.removal:delete",
    **{name: f"afterview.cli.inbox:{name}" for name in ("watch", "inbox")},
    **{
        name: f"afterview.cli.delivery:{name}"
        for name in ("approve", "outbox", "worker", "digest")
    },
    **{
        name: f"afterview.cli.insights:{name}"
        for name in ("stats", "demo", "card", "rejection", "accept", "close")
    },
    **{
        name: f"afterview.cli.journal:{name}"
        for name in ("debrief", "revisit", "questions", "practice")
    },
}  # fmt: skip


class LazyGroup(click.Group):
    """A group that imports a command's module on first use (click's lazy-loading recipe)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        from importlib import import_module

        module, attr = target.split(":")
        command = getattr(import_module(module), attr)
        assert isinstance(command, click.Command)
        return localized(command)


class _Formatter(click.HelpFormatter):
    """click's help layout, with its own words ("Usage:", "Options") in the active locale."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        from afterview.i18n import gettext

        super().write_usage(prog, args, gettext("Usage:") + " " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        from afterview.i18n import gettext

        super().write_heading(gettext(heading))

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        """Options click adds itself (``--help``) carry click's English: looked up here."""
        from afterview.i18n import gettext

        def local(text: str) -> str:
            text = re.sub(_EXTRA, lambda m: f"[{gettext(m.group(1))}", text)
            return gettext(text)

        super().write_dl([(term, local(text)) for term, text in rows], col_max, col_spacing)


# what click appends to an option's help; compiled (by `re`) only when help is shown
_EXTRA = r"\[(default|required)(?=[:\]])"


class _Context(click.Context):
    formatter_class = _Formatter


def localized(command: click.Command) -> click.Command:
    """``command`` with its help in the active locale, at the moment it is shown.

    click keeps help as the text written in the code (a docstring, ``help=``); the catalogue
    has it (``afterview.i18n.extract_cli``), and this swaps in its translation each time a
    command is looked up, from the English kept aside, so a locale chosen late still shows.
    """
    from inspect import cleandoc

    from afterview.i18n import gettext

    english: dict[str, str | None] = command.__dict__.setdefault("_english_help", {})
    for owner, key in [(command, "help"), (command, "short_help"), (command, "epilog")] + [
        (param, "help") for param in command.params if isinstance(param, click.Option)
    ]:
        name = f"{id(owner)}.{key}"
        if name not in english:
            english[name] = getattr(owner, key)
        text = english[name]
        setattr(owner, key, gettext(cleandoc(text)) if text else text)
    command.context_class = _Context
    if isinstance(command, click.Group) and not isinstance(command, LazyGroup):
        for sub in command.commands.values():
            localized(sub)
    return command


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 88},
)
@click.version_option(
    __version__, "--version", prog_name="afterview", message="%(prog)s %(version)s"
)
def app() -> None:
    """Everything after a job interview: a dated, cited follow-up plan, etiquette checks
    and one personal note per interviewer."""


USAGE_ERROR = 2


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code; user mistakes become one line on stderr."""
    from afterview.domain.errors import AfterviewError

    args = list(sys.argv[1:] if argv is None else argv)
    _use_holiday_cache()
    localized(app)
    try:
        result = app.main(args=args, prog_name="afterview", standalone_mode=False)
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "afterview"
        print(f"{where}: {exc.format_message()} (see '{where} --help')", file=sys.stderr)
        return USAGE_ERROR
    except AfterviewError as exc:
        from afterview.cli.messages import word

        print(f"afterview: {word(exc)}", file=sys.stderr)
        return USAGE_ERROR
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.Abort:
        from afterview.i18n import gettext

        print(gettext("afterview: aborted."), file=sys.stderr)
        return 130
    except click.ClickException as exc:
        print(f"afterview: {exc.format_message()}", file=sys.stderr)
        return exc.exit_code
    return result if isinstance(result, int) else 0


def _use_holiday_cache() -> None:
    """Commands read holidays from a small cache in the data folder (see holiday_cache)."""
    from afterview.config import data_dir
    from afterview.domain.business_days import use_holiday_source
    from afterview.holiday_cache import CachedHolidays

    use_holiday_source(CachedHolidays(data_dir))

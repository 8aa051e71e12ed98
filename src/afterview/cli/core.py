"""The core commands: ``plan``, ``check``, ``lint``, ``draft`` and ``rules``.

Each reads one interview file. Their JSON output and exit codes are a contract that
other programs script against; it is documented in the README.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from afterview.domain.models import Case
    from afterview.domain.settings import Policy

NO = 1  # exit code when the answer is "no"

file_argument = click.argument(
    "file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE"
)
json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print the JSON contract instead of text."
)


def _load(path: Path) -> Case:
    from afterview.interview_file import load

    return load(path)


def _cited() -> Policy:
    """The cited defaults: a file on its own belongs to no account, so these commands answer
    the same for anyone who runs them on it (the contract other programs script against),
    and never open the database. An account's own settings apply to its tracked search."""
    from afterview.domain.settings import Policy

    return Policy()


def parse_time(value: str, option: str, case: Case) -> datetime:
    """An ISO 8601 time; one without an offset is local to the candidate's zone."""
    from afterview.values import moment

    return moment(value, option, case.candidate.timezone)


def _now(value: str | None, case: Case) -> datetime:
    if value is None:
        return datetime.now(case.candidate.timezone)
    return parse_time(value, "--now", case)


def _emit(data: object) -> None:
    import json  # only the JSON contract needs it, not the text a person reads

    from afterview.domain.serial import to_builtins

    json.dump(to_builtins(data), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


@click.command()
@file_argument
@click.option("--now", metavar="T", help="Plan as of this time (ISO 8601; default: now).")
@json_option
def plan(file: Path, now: str | None, as_json: bool) -> None:
    """Every follow-up step for one interview, with dates, reasons and sources."""
    from afterview.domain.planner import plan as make_plan

    case = _load(file)
    result = make_plan(case, now=_now(now, case), policy=_cited())
    if as_json:
        _emit(result)
    else:
        from afterview.cli import output

        click.echo(output.plan_text(case, result))


@click.command()
@file_argument
@click.option("--kind", required=True, help="A plan kind, or linkedin_request or gift.")
@click.option(
    "--to", "to", multiple=True, required=True, metavar="NAME", help="Who it goes to (repeatable)."
)
@click.option("--at", required=True, metavar="T", help="When it would happen (ISO 8601).")
@click.option("--channel", metavar="CH", help="email|phone|letter|linkedin|portal|text|in_person")
@click.option("--number", metavar="PHONE", help="The phone number you would call.")
@json_option
def check(
    file: Path,
    kind: str,
    to: tuple[str, ...],
    at: str,
    channel: str | None,
    number: str | None,
    as_json: bool,
) -> None:
    """Check a proposed contact against the etiquette guards (exit 1 when blocked)."""
    from afterview.domain.guards import Contact
    from afterview.domain.guards import check as run_guards
    from afterview.domain.models import CHANNELS, CONTACT_KINDS

    case = _load(file)
    _choose("--kind", kind, CONTACT_KINDS)
    if channel is not None:
        _choose("--channel", channel, CHANNELS)
    contact = Contact(kind, to, parse_time(at, "--at", case), channel, number)  # type: ignore[arg-type]
    verdict = run_guards(case, contact, policy=_cited())
    if as_json:
        _emit(verdict)
    else:
        from afterview.cli import output

        click.echo(output.verdict_text(verdict))
    if not verdict.allowed:
        raise click.exceptions.Exit(NO)


@click.command()
@file_argument
@click.option("--kind", required=True, help="The kind of note, e.g. thank_you.")
@click.option(
    "--note",
    "notes",
    multiple=True,
    required=True,
    metavar="NAME=PATH",
    help="A note to NAME in a text file (repeatable).",
)
@json_option
def lint(file: Path, kind: str, notes: tuple[str, ...], as_json: bool) -> None:
    """Check notes' text: greeting, specifics, names, length, tone (exit 1 on errors)."""
    from afterview.domain.drafting import DRAFT_KINDS
    from afterview.domain.lint import lint_notes, parse_note
    from afterview.domain.serial import to_builtins

    case = _load(file)
    _choose("--kind", kind, DRAFT_KINDS)
    parsed = []
    for spec in notes:
        name, path = _note_spec(spec)
        case.role_of(name)
        parsed.append(parse_note(_read(path, "--note"), name))
    results = lint_notes(case, kind, parsed, policy=_cited())
    report: dict[str, list[dict[str, Any]]] = {
        "notes": [
            {"to": n.to, "findings": to_builtins(fs)} for n, fs in zip(parsed, results, strict=True)
        ]
    }
    if as_json:
        _emit(report)
    else:
        from afterview.cli import output

        click.echo(output.lint_text(report))
    if any(f["severity"] == "error" for n in report["notes"] for f in n["findings"]):
        raise click.exceptions.Exit(NO)


@click.command()
@file_argument
@click.option("--kind", required=True, help="The kind of note, e.g. thank_you.")
@click.option("--to", metavar="NAME", help="Draft for one person.")
@click.option("--all", "all_", is_flag=True, help="Draft for everyone who gets this kind.")
@click.option(
    "--variant",
    help="email, card or script; by default the form the plan has for each person.",
)
@json_option
def draft(
    file: Path, kind: str, to: str | None, all_: bool, variant: str | None, as_json: bool
) -> None:
    """Draft notes from templates (yours in AFTERVIEW_HOME/templates override the defaults)."""
    from afterview.config import data_dir
    from afterview.domain.drafting import draft as make_draft
    from afterview.domain.drafting import draft_all
    from afterview.domain.errors import InputError
    from afterview.templating import environment

    if (to is None) == (not all_):
        raise InputError("draft_needs_recipient", where="draft")
    case = _load(file)
    env = environment(data_dir())
    if all_:
        drafts = draft_all(case, kind, env=env, variant=variant, policy=_cited())
    else:
        drafts = [make_draft(case, kind, to or "", env=env, variant=variant, policy=_cited())]
    if as_json:
        _emit({"drafts": drafts})
    else:
        from afterview.cli import output

        click.echo(output.drafts_text(drafts))


@click.command()
@click.option("--markdown", is_flag=True, help="Print docs/rules.md.")
@json_option
def rules(markdown: bool, as_json: bool) -> None:
    """Every rule with its rationale and sources (guards, lint checks, plan steps)."""
    from afterview.domain.rules import catalogue

    if markdown:
        from afterview.cli import output

        click.echo(output.rules_markdown(), nl=False)
    elif as_json:
        _emit(
            {
                "rules": [
                    {
                        "id": r.id,
                        "family": r.family,
                        "severity": r.severity,
                        "summary": r.summary,
                        "rationale": r.rationale,
                        "sources": list(r.sources),
                    }
                    for r in catalogue()
                ]
            }
        )
    else:
        from afterview.cli import output

        click.echo(output.rules_text())


def _choose(option: str, value: str, allowed: tuple[str, ...]) -> None:
    from afterview.domain.errors import InputError

    if value not in allowed:
        raise InputError("not_one_of", option=option, value=value, choices=", ".join(allowed))


def _note_spec(spec: str) -> tuple[str, Path]:
    from afterview.domain.errors import InputError

    name, sep, path = spec.partition("=")
    if not sep or not name.strip() or not path.strip():
        raise InputError("note_spec_form", option="--note", spec=spec)
    return name.strip(), Path(path.strip())


def _read(path: Path, option: str) -> str:
    from afterview.values import text_file

    return text_file(path, option)

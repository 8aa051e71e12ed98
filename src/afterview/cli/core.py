"""The core commands: ``plan``, ``check``, ``lint``, ``draft`` and ``rules``.

Each reads one interview file. Their JSON output and exit codes are a contract that
other programs script against; it is documented in the README.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from afterview.cli import output

if TYPE_CHECKING:
    from afterview.domain.models import Case

NO = 1  # exit code when the answer is "no"

FileArg = typer.Argument(
    ..., exists=False, dir_okay=False, metavar="FILE", help="An interview file (YAML)."
)
JsonOpt = typer.Option(False, "--json", help="Print the JSON contract instead of text.")


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)
    app.command("check")(check)
    app.command("lint")(lint)
    app.command("draft")(draft)
    app.command("rules")(rules)


def _load(path: Path) -> Case:
    from afterview.interview_file import load

    return load(path)


def parse_time(value: str, option: str, case: Case) -> datetime:
    """An ISO 8601 time; one without an offset is local to the candidate's zone."""
    from afterview.domain.errors import InputError

    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"{option}: cannot read {value!r} as a date and time; write it like "
            "2026-11-20T16:00 or 2026-11-20T16:00-05:00."
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=case.candidate.timezone)
    return moment


def _now(value: str | None, case: Case) -> datetime:
    if value is None:
        return datetime.now(case.candidate.timezone)
    return parse_time(value, "--now", case)


def _emit(data: dict[str, Any]) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def plan(
    file: Path = FileArg,
    now: str | None = typer.Option(
        None, "--now", metavar="T", help="Plan as of this time (ISO 8601; default: now)."
    ),
    as_json: bool = JsonOpt,
) -> None:
    """Every follow-up step for one interview, with dates, reasons and sources."""
    from afterview.domain.planner import plan as make_plan

    case = _load(file)
    result = make_plan(case, now=_now(now, case))
    if as_json:
        _emit(result.to_json())
    else:
        typer.echo(output.plan_text(case, result))


def check(
    file: Path = FileArg,
    kind: str = typer.Option(
        ..., "--kind", help="A plan kind, or linkedin_request or gift."
    ),
    to: list[str] = typer.Option(..., "--to", metavar="NAME", help="Who it goes to (repeatable)."),
    at: str = typer.Option(..., "--at", metavar="T", help="When it would happen (ISO 8601)."),
    channel: str | None = typer.Option(
        None, "--channel", help="email|phone|letter|linkedin|portal|text|in_person"
    ),
    number: str | None = typer.Option(None, "--number", help="The phone number you would call."),
    as_json: bool = JsonOpt,
) -> None:
    """Check a proposed contact against the etiquette guards (exit 1 when blocked)."""
    from afterview.domain.guards import Contact
    from afterview.domain.guards import check as run_guards
    from afterview.domain.models import CHANNELS, CONTACT_KINDS

    case = _load(file)
    _choose("--kind", kind, CONTACT_KINDS)
    if channel is not None:
        _choose("--channel", channel, CHANNELS)
    contact = Contact(kind, tuple(to), parse_time(at, "--at", case), channel, number)  # type: ignore[arg-type]
    verdict = run_guards(case, contact)
    if as_json:
        _emit(verdict.to_json())
    else:
        typer.echo(output.verdict_text(verdict))
    if not verdict.allowed:
        raise typer.Exit(NO)


def lint(
    file: Path = FileArg,
    kind: str = typer.Option(..., "--kind", help="The kind of note, e.g. thank_you."),
    note: list[str] = typer.Option(
        ..., "--note", metavar="NAME=PATH", help="A note to NAME in a text file (repeatable)."
    ),
    as_json: bool = JsonOpt,
) -> None:
    """Check notes' text: greeting, specifics, names, length, tone (exit 1 on errors)."""
    from afterview.domain.drafting import DRAFT_KINDS
    from afterview.domain.lint import lint_notes, parse_note

    case = _load(file)
    _choose("--kind", kind, DRAFT_KINDS)
    notes = []
    for spec in note:
        name, path = _note_spec(spec)
        case.role_of(name)
        notes.append(parse_note(_read(path, "--note"), name))
    results = lint_notes(case, kind, notes)
    report = {
        "notes": [
            {"to": n.to, "findings": [f.to_json() for f in fs]}
            for n, fs in zip(notes, results, strict=True)
        ]
    }
    if as_json:
        _emit(report)
    else:
        typer.echo(output.lint_text(report))
    if any(f["severity"] == "error" for n in report["notes"] for f in n["findings"]):
        raise typer.Exit(NO)


def draft(
    file: Path = FileArg,
    kind: str = typer.Option(..., "--kind", help="The kind of note, e.g. thank_you."),
    to: str | None = typer.Option(None, "--to", metavar="NAME", help="Draft for one person."),
    all_: bool = typer.Option(False, "--all", help="Draft for everyone who gets this kind."),
    variant: str = typer.Option("email", "--variant", help="email, card or script."),
    as_json: bool = JsonOpt,
) -> None:
    """Draft notes from templates (yours in AFTERVIEW_HOME/templates override the defaults)."""
    from afterview.config import data_dir
    from afterview.domain.drafting import draft as make_draft
    from afterview.domain.drafting import draft_all
    from afterview.domain.errors import InputError
    from afterview.templating import environment

    if (to is None) == (not all_):
        raise InputError("draft: give either --to NAME or --all.")
    case = _load(file)
    env = environment(data_dir())
    if all_:
        drafts = draft_all(case, kind, env=env, variant=variant)
    else:
        drafts = [make_draft(case, kind, to or "", env=env, variant=variant)]
    if as_json:
        _emit({"drafts": [d.to_json() for d in drafts]})
    else:
        typer.echo(output.drafts_text(drafts))


def rules(
    markdown: bool = typer.Option(False, "--markdown", help="Print docs/rules.md."),
    as_json: bool = JsonOpt,
) -> None:
    """Every rule with its rationale and sources (guards, lint checks, plan steps)."""
    from afterview.domain.rules import catalogue

    if markdown:
        typer.echo(output.rules_markdown(), nl=False)
    elif as_json:
        _emit(
            {
                "rules": [
                    {"id": r.id, "family": r.family, "severity": r.severity,
                     "summary": r.summary, "rationale": r.rationale,
                     "sources": list(r.sources)}
                    for r in catalogue()
                ]  # fmt: skip
            }
        )
    else:
        for r in catalogue():
            typer.echo(f"{r.family:6} {r.id:26} {r.summary}")


def _choose(option: str, value: str, allowed: tuple[str, ...]) -> None:
    from afterview.domain.errors import InputError

    if value not in allowed:
        raise InputError(f"{option}: {value!r} is not one of {', '.join(allowed)}.")


def _note_spec(spec: str) -> tuple[str, Path]:
    from afterview.domain.errors import InputError

    name, sep, path = spec.partition("=")
    if not sep or not name.strip() or not path.strip():
        raise InputError(f"--note: {spec!r} should look like 'Priya Raman=notes/priya.txt'.")
    return name.strip(), Path(path.strip())


def _read(path: Path, option: str) -> str:
    from afterview.domain.errors import InputError

    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{option}: no such file {str(path)!r}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{option}: cannot read {str(path)!r} ({exc}).") from None

"""The journal: ``debrief``, ``revisit``, ``questions`` and ``practice``.

``debrief`` and ``revisit`` read a small YAML file (``--file``) or ask for each field in
the terminal; both write to the application's latest interview. ``questions`` lists the
question bank and ``practice`` picks what to rehearse, optionally as Markdown cards.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from afterview import i18n
from afterview.cli.common import emit, json_option, open_work, time_of
from afterview.i18n import _, ngettext

if TYPE_CHECKING:
    from afterview.services.journal import Journal

file_option = click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="F.yaml",
    help="Read the entry from this YAML file instead of asking.",
)
now_option = click.option("--now", metavar="T", help="When it is written (default: now).")


def _yaml(path: Path) -> Any:
    from afterview import safe_yaml
    from afterview.domain.errors import InputError
    from afterview.values import text_file

    data = safe_yaml.load(text_file(path, "--file"), source=str(path))
    if not isinstance(data, dict):
        raise InputError("fields_not_mapping", source=str(path))
    return data


# -- debrief --------------------------------------------------------------------------------


@click.command()
@click.argument("app_id", type=int, metavar="APP_ID")
@file_option
@now_option
@json_option
def debrief(app_id: int, file: Path | None, now: str | None, as_json: bool) -> None:
    """Write down the interview while it is fresh: the questions, your answers and a 1–5
    rating each, what stood out, your impressions, how you felt. Each answer gets a STAR
    check (Situation, Task, Action, Result) as a suggestion.

    The file is shaped like the interview file's `notes` section (docs/interview-file.md).
    """
    from afterview.services import journal

    work = open_work()
    moment = time_of(now, "--now", work)
    if file is not None:
        notes, source = _yaml(file), str(file)
    else:
        notes, source = _ask_debrief(journal.journal(work, app_id).panel), "the debrief"
    result = journal.debrief(work, app_id, notes, now=moment, source=source)
    if as_json:
        emit(_journal_json(result))
        return
    stored = _("Debrief stored for application %(id)s (%(company)s).")
    click.echo(stored % {"id": app_id, "company": result.company})
    _print_answers(result)
    if result.revisit_opens is not None:
        opens = result.revisit_opens.astimezone(result.zone)
        back = _("Come back for the revisit from %(when)s: `afterview revisit %(id)s`.")
        click.echo(back % {"when": i18n.when(opens, "day_time"), "id": app_id})


def _print_answers(result: Journal) -> None:
    for number, answer in enumerate(result.answers, 1):
        q = answer.question
        rated = " " + _("(you rated it %(rating)s/5)") % {"rating": q.rating} if q.rating else ""
        click.echo(f"\n{number}. {q.q}{rated}")
        check = answer.star
        if not q.answer:
            unwritten = _("No answer written; a line or two helps when this comes up again.")
            click.echo("   " + unwritten)
        elif not check.applies:
            click.echo("   " + _("Not a story question: no STAR check needed."))
        elif not check.missing:
            click.echo("   " + _("Situation, task, action and result are all there."))
        else:
            found = ", ".join(check.found) or _("none of the four yet")
            click.echo("   " + _("Has: %(found)s.") % {"found": found})
            for tip in check.suggestions:
                click.echo(f"   - {tip}")
    if result.answers:
        click.echo("")


def _ask_debrief(panel: tuple[str, ...]) -> dict[str, Any]:
    from afterview.cli.wizard import ClickAsker

    ask = ClickAsker()
    questions: list[dict[str, Any]] = []
    while q := ask.text(_("A question they asked (empty to finish)"), required=False):
        entry: dict[str, Any] = {"q": q}
        answer = ask.text(_("How did you answer?"), required=False)
        if answer:
            entry["answer"] = answer
        rating = click.prompt(
            _("How well did you answer, from 1 (poorly) to 5 (very well)? (empty: skip)"),
            default="",
            show_default=False,
            type=click.Choice(["", "1", "2", "3", "4", "5"]),
            show_choices=False,
            prompt_suffix=" ",
        )
        if rating:
            entry["rating"] = int(rating)
        if len(panel) > 1:
            unsure = _("not sure")
            who = ask.choice(_("Who asked it?"), [*panel, unsure], default=unsure)
            if who != unsure:
                entry["asked_by"] = who
        elif panel:
            entry["asked_by"] = panel[0]
        questions.append(entry)
    notes: dict[str, Any] = {"questions": questions}
    stood_out = ask.text(_("What stood out?"), required=False)
    impression = _("Your impression of %(name)s?")
    impressions = {
        name: said
        for name in panel
        if (said := ask.text(impression % {"name": name}, required=False))
    }
    feelings = ask.text(_("How did you feel?"), required=False)
    for key, value in (("stood_out", stood_out), ("impressions", impressions)):
        if value:
            notes[key] = value
    if feelings:
        notes["feelings"] = feelings
    return notes


# -- revisit --------------------------------------------------------------------------------


@click.command()
@click.argument("app_id", type=int, metavar="APP_ID")
@file_option
@now_option
@json_option
def revisit(app_id: int, file: Path | None, now: str | None, as_json: bool) -> None:
    """Look back two days after the debrief: what went well and why, what did not and why,
    what you would do differently, takeaways, skills to build, and whether you still want
    this job (1–5, with a reason). Refused before the two days have passed."""
    from afterview.services import journal

    work = open_work()
    moment = time_of(now, "--now", work)
    if file is not None:
        entry, source = _yaml(file), str(file)
    else:
        journal.ensure_revisit_open(journal.journal(work, app_id), moment)
        entry, source = _ask_revisit(), "the revisit"
    result = journal.revisit(work, app_id, entry, now=moment, source=source)
    if as_json:
        emit(_journal_json(result))
        return
    stored = _("Revisit stored for application %(id)s (%(company)s).")
    click.echo(stored % {"id": app_id, "company": result.company})
    weakest = result.notes.weakest_question()
    if weakest is not None and (weakest.rating or 5) <= 3:
        offer = _(
            "Your weakest answer was to “%(question)s”: your follow-up note can offer to "
            "add to it (`afterview draft`)."
        )
        click.echo(offer % {"question": weakest.q})


def _ask_revisit() -> dict[str, Any]:
    from afterview.cli.wizard import ClickAsker
    from afterview.domain.journal import REVISIT_FIELDS

    ask = ClickAsker()
    entry: dict[str, Any] = {}
    skip = " " + _("(empty: skip)")
    for key, marked in REVISIT_FIELDS:
        question = _(marked)
        if key == "still_want_why" and not entry.get("still_want"):
            continue
        if key == "still_want":
            value: Any = click.prompt(
                question + skip,
                default="",
                show_default=False,
                type=click.Choice(["", "1", "2", "3", "4", "5"]),
                show_choices=False,
            )
        elif key == "skills_to_build":
            value = ask.text(
                _("Which skills would you like to build? (comma-separated)"), required=False
            )
            value = [s.strip() for s in (value or "").split(",") if s.strip()]
        else:
            value = ask.text(question, required=False)
        if value:
            entry[key] = value
    return entry


def _journal_json(result: Journal) -> dict[str, Any]:
    def local(moment: datetime | None) -> str | None:
        return moment.astimezone(result.zone).isoformat() if moment else None

    return {
        "application_id": result.application_id,
        "interview_id": result.interview_id,
        "debriefed_at": local(result.debriefed_at),
        "revisit_opens": local(result.revisit_opens),
        "answers": [
            {
                "q": a.question.q,
                "rating": a.question.rating,
                "group_id": a.group_id,
                "star": a.star,
            }
            for a in result.answers
        ],
        "revisit": result.revisit,
    }


# -- the question bank ----------------------------------------------------------------------


@click.command()
@json_option
def questions(as_json: bool) -> None:
    """The question bank: every question you were asked, grouped when it is the same
    question in other words, with how often it came up, your ratings over time and your
    best answer so far."""
    from afterview.services import question_bank

    groups = question_bank.bank(open_work())
    if as_json:
        emit({"groups": [question_bank.group_json(g) for g in groups]})
        return
    if not groups:
        click.echo(_("No questions yet: `afterview debrief APP_ID` after your next interview."))
        return
    for g in groups:
        ratings = " → ".join(str(r) for _when, r in g.ratings) or _("not rated")
        click.echo(f"{g.times}×  {g.text}")
        others = [v for v in g.variants if v != g.text]
        for variant in others:
            click.echo("      " + _("also: %(question)s") % {"question": variant})
        best = g.best
        best_line = (
            _("best: %(rating)s/5 at %(company)s")
            % {"rating": best.rating or "–", "company": best.company}
            if best
            else _("no answer written")
        )
        line = _("ratings: %(ratings)s; %(best)s") % {"ratings": ratings, "best": best_line}
        click.echo("      " + line)


@click.command()
@click.option("--count", type=click.IntRange(1, 100), default=5, show_default=True,
              help="How many questions to pick.")  # fmt: skip
@click.option(
    "--markdown",
    "markdown",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write them as Markdown cards to FILE.",
)
def practice(count: int, markdown: Path | None) -> None:
    """Pick the questions worth rehearsing: the weakest and most often asked first (times
    asked × how weak your latest answer felt)."""
    from afterview.domain.errors import InputError
    from afterview.private_files import write_private
    from afterview.services import question_bank

    picks = question_bank.practice(open_work(), count)
    if not picks:
        click.echo(_("Nothing to practise yet: `afterview debrief APP_ID` after an interview."))
        return
    for number, g in enumerate(picks, 1):
        rating = (
            _("latest %(rating)s/5") % {"rating": g.latest_rating}
            if g.latest_rating
            else _("not rated")
        )
        asked = _("(asked %(times)s×, %(rating)s)") % {"times": g.times, "rating": rating}
        click.echo(f"{number}. {g.text} {asked}")
    if markdown is not None:
        try:
            write_private(markdown, question_bank.cards_markdown(picks))
        except OSError as exc:
            raise InputError(
                "cannot_write", option="--markdown", path=str(markdown), problem=str(exc)
            ) from None
        wrote = ngettext(
            "Wrote %(count)d card to %(file)s.", "Wrote %(count)d cards to %(file)s.", len(picks)
        )
        click.echo(wrote % {"count": len(picks), "file": markdown})

"""Learning from the search: ``stats``, ``demo``, ``card``, and the endings ``rejection``,
``accept`` and ``close``.

Like every command these are thin: they parse, call a service, and print. matplotlib
(``stats --plot``) and fpdf2 (``card --pdf``) are imported only by the option that needs
them, so neither slows down any other command.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from afterview import i18n
from afterview.cli.common import (
    emit,
    json_option,
    open_work,
    time_of,
    user_zone,
)
from afterview.domain.wording import join, plural, rule_title
from afterview.i18n import _, ngettext

if TYPE_CHECKING:
    from afterview.domain.insights import Insights
    from afterview.domain.rules import Finding
    from afterview.services.outcomes import Accepted, AfterRejection

now_option = click.option("--now", metavar="T", help="As of this time (default: now).")
at_option = click.option("--at", metavar="T", help="When it happened (default: now).")


# -- stats ---------------------------------------------------------------------------------


@click.command()
@json_option
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.png",
    help="Also draw the charts into this PNG file.",
)
@now_option
def stats(as_json: bool, plot: Path | None, now: str | None) -> None:
    """What your search so far shows: funnel, time to decision, thank-you notes on time,
    replies after follow-ups, silence, and recurring weak spots."""
    from afterview.services.insights import insights

    work = open_work()
    moment = time_of(now, "--now", work)
    result = insights(work, now=moment)
    missing: list[str] = []
    if plot is not None:
        _check_png(plot)
        missing = plot_png(result, plot)
    if as_json:
        emit(result)
        return
    click.echo(stats_text(result, moment))
    if plot is not None:
        click.echo("\n" + _("Charts written to %(file)s.") % {"file": plot})
    if missing:
        waiting = ngettext(
            "Not enough data yet for %(count)d chart: %(charts)s.",
            "Not enough data yet for %(count)d charts: %(charts)s.",
            len(missing),
        )
        click.echo(waiting % {"count": len(missing), "charts": join(missing)})


def _check_png(path: Path) -> None:
    from afterview.domain.errors import InputError

    if path.suffix.lower() != ".png":
        raise InputError("not_png", option="--plot", path=str(path))
    if not path.parent.is_dir():
        raise InputError("folder_missing", where="--plot", folder=str(path.parent))


def stats_text(result: Insights, now: datetime) -> str:
    from afterview.domain.insights import WEAK_AVERAGE, Share

    f = result.funnel
    offers = (
        ngettext("%(count)d offer", "%(count)d offers", f.offers) % {"count": f.offers}
        if f.offers
        else _("no offers")
    )
    funnel = _("Funnel: %(applications)s → %(interviews)s with an interview (%(share)s) → "
               "%(offers)s (%(offer_share)s)")  # fmt: skip
    lines = [
        _("Your search as of %(day)s") % {"day": i18n.when(now, "day_year")},
        "",
        funnel
        % {
            "applications": ngettext("%(count)d application", "%(count)d applications",
                                     f.applications) % {"count": f.applications},
            "interviews": f.interviews,
            "share": Share(f.interviews, f.applications).percent(),
            "offers": offers,
            "offer_share": Share(f.offers, f.interviews).percent(),
        },
    ]  # fmt: skip
    lines += _decision_lines(result)
    ty = result.thank_yous
    thanks = _("Thank-you notes on time: %(on_time)s of %(sent)s sent (%(share)s); %(late)s late, "
               "%(missing)s never sent")  # fmt: skip
    place = {"on_time": ty.on_time, "sent": ty.sent, "share": ty.share.percent()}
    lines.append(thanks % {**place, "late": _none(ty.late), "missing": _none(ty.missing)})
    first, second = result.follow_ups
    replies = _("Replies after the first follow-up: %(first)s of %(first_sent)s (%(first_share)s); "
                "after the second: %(second)s of %(second_sent)s (%(second_share)s)")  # fmt: skip
    lines.append(
        replies
        % {
            "first": first.replied, "first_sent": first.sent,
            "first_share": first.share.percent(),
            "second": second.replied, "second_sent": second.sent,
            "second_share": second.share.percent(),
        }
    )  # fmt: skip
    s = result.silence
    silent = _("Went silent: %(part)s of %(whole)s processes that ended (%(share)s)")
    lines.append(silent % {"part": s.part, "whole": s.whole, "share": s.percent()})
    weak = _("Recurring weak spots (asked in 2+ interviews, average self-rating ≤ %(limit)s):")
    lines.append(weak % {"limit": f"{WEAK_AVERAGE:g}"})
    if not result.weak_spots:
        lines.append("  " + _("none yet"))
    for w in result.weak_spots:
        asked = ngettext("%(count)d interview", "%(count)d interviews", w.interviews)
        lines.append(f"  {w.average:.1f}  {w.question} ({asked % {'count': w.interviews}})")
    return "\n".join(lines)


def _decision_lines(result: Insights) -> list[str]:
    """The median time from an interview to the decision, overall and for each employer."""
    if result.decision_median is None:
        return [_("Time from interview to decision: no decision recorded yet")]
    median = result.decision_median
    overall = _("Time from interview to decision: median %(days)s")
    lines = [overall % {"days": _days(median)}]
    for t in result.decision_times:
        decisions = ngettext("%(count)d decision", "%(count)d decisions", t.decisions)
        lines.append(
            f"  {t.company:<28} {_days(t.median_days):>10} ({decisions % {'count': t.decisions}})"
        )
    return lines


def _days(count: float) -> str:
    """ "1 day", "2.5 days": a median may fall between two whole days."""
    days = ngettext("%(count)s day", "%(count)s days", 1 if count == 1 else 2)
    return days % {"count": f"{count:g}"}


def _none(count: int) -> str:
    return _("none") if count == 0 else str(count)


def plot_png(result: Insights, path: Path) -> list[str]:
    """The charts as one PNG (matplotlib, without a display); returns the titles of the
    charts that had not enough data to draw."""
    fig, missing = figure(result)  # chooses the Agg back end before pyplot is imported
    import matplotlib.pyplot as plt

    fig.savefig(path, format="png", dpi=100)
    plt.close(fig)
    return missing


def figure(result: Insights) -> tuple[Any, list[str]]:
    """The six charts on one figure, and the titles of those with not enough data yet.

    Counts are whole numbers, so every axis that counts has whole-number ticks; a chart
    with nothing to count says what it is waiting for instead of drawing empty bars.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 3, figsize=(15, 8.5), constrained_layout=True)
    f, times, ty = result.funnel, result.decision_times, result.thank_yous
    first, second = result.follow_ups
    s, spots = result.silence, result.weak_spots
    charts = [
        _Chart("Funnel", ["Applications", "Interviews", "Offers"],
               [f.applications, f.interviews, f.offers], "processes",
               "no application recorded"),
        _Chart("Days from interview to decision (median)", [t.company for t in times],
               [t.median_days for t in times], "days", "no decision recorded",
               horizontal=True),
        _Chart("Thank-you notes", ["On time", "Late", "Never sent"],
               [ty.on_time, ty.late, ty.missing], "notes", "no thank-you note due yet"),
        _Chart("Reply rate after follow-ups", ["After 1st", "After 2nd"],
               [100 * (x.share.ratio or 0) for x in (first, second)], "%",
               "no follow-up sent", enough=bool(first.sent or second.sent)),
        _Chart("Processes that ended", ["Went silent", "Answered"],
               [s.part, s.whole - s.part], "processes", "no process has ended"),
        _Chart("Weak spots (average rating)", [_short(w.question) for w in spots],
               [w.average for w in spots], "rating (1–5)",
               "no question asked in two interviews", horizontal=True),
    ]  # fmt: skip
    missing = [
        chart.title for chart, ax in zip(charts, axes.flat, strict=True) if not chart.draw(ax)
    ]
    fig.suptitle("afterview: what your search shows")
    return fig, missing


@dataclass(frozen=True)
class _Chart:
    title: str
    labels: list[str]
    values: list[float] | list[int]
    unit: str
    waiting_for: str  # what the chart needs before it can say anything
    horizontal: bool = False
    enough: bool | None = None  # default: some value is not zero

    def draw(self, ax: Any) -> bool:
        """Draw the bars on ``ax``; False (and a note instead) when there is nothing to show."""
        from matplotlib.ticker import MaxNLocator

        ax.set_title(self.title)
        enough = self.enough if self.enough is not None else any(self.values)
        if not self.labels or not enough:
            ax.text(0.5, 0.5, f"Not enough data yet:\n{self.waiting_for}.", ha="center",
                    va="center", wrap=True)  # fmt: skip
            ax.set_axis_off()
            return False
        if self.horizontal:
            ax.barh(self.labels[::-1], self.values[::-1], color="#2f6f8f")
            ax.set_xlabel(self.unit)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        else:
            ax.bar(self.labels, self.values, color="#2f6f8f")
            ax.set_ylabel(self.unit)
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        return True


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- demo ----------------------------------------------------------------------------------


@click.command()
@click.option("--months", default=4, show_default=True, type=click.IntRange(1, 24))
@click.option("--seed", default=7, show_default=True, type=int, help="Same seed, same data.")
@now_option
def demo(months: int, seed: int, now: str | None) -> None:
    """Fill a fresh database with a believable job search of several months, to explore."""
    from zoneinfo import ZoneInfo

    from afterview.services import demo as demo_service
    from afterview.values import moment

    work = open_work()
    zone = ZoneInfo(demo_service.ZONE)
    when = datetime.now(zone) if now is None else moment(now, "--now", zone)
    made = demo_service.build(work, months=months, seed=seed, now=when)
    created = _(
        "Demo search created: %(applications)s, %(interviews)s, %(questions)s asked, "
        "over %(months)s up to %(day)s."
    )
    click.echo(
        created
        % {
            "applications": plural(made.applications, "application"),
            "interviews": plural(made.interviews, "interview"),
            "questions": plural(made.questions, "question"),
            "months": plural(months, "month"),
            "day": i18n.when(when, "day_year"),
        }
    )
    at = f" --now {when:%Y-%m-%dT%H:%M}" if now is not None else ""
    tries = _("Try %(stats)s, %(agenda)s or %(serve)s.")
    click.echo(
        tries
        % {
            "stats": f"`afterview stats{at}`",
            "agenda": f"`afterview agenda{at}`",
            "serve": "`afterview serve`",
        }
    )


# -- the before-the-interview card ---------------------------------------------------------


@click.command()
@click.option("--html", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE")
@click.option("--pdf", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE")
def card(html: Path | None, pdf: Path | None) -> None:
    """A printable one-page card to take to the interview: the three questions to ask
    before leaving the room, with space for names and topics."""
    from afterview.domain.errors import InputError
    from afterview.private_files import write_private
    from afterview.web import card as card_module

    if html is None and pdf is None:
        raise InputError("card_needs_file", where="card")
    for path in (html, pdf):
        if path is not None and not path.parent.is_dir():
            raise InputError("folder_missing", where="card", folder=str(path.parent))
    if html is not None:
        write_private(html, card_module.card_html())
        click.echo(f"Wrote {html}.")
    if pdf is not None:
        write_private(pdf, card_module.card_pdf())
        click.echo(f"Wrote {pdf}.")


# -- endings -------------------------------------------------------------------------------


@click.command()
@click.argument("application_id", type=int, metavar="ID")
@click.option("--feedback", help="What they said about why, if anything.")
@click.option(
    "--write",
    "entry",
    type=click.File("r", encoding="utf-8"),
    metavar="FILE",
    help="Keep a private expressive-writing entry from this file ('-': standard input).",
)
@at_option
@now_option
@json_option
def rejection(
    application_id: int,
    feedback: str | None,
    entry: Any,
    at: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Record a rejection: keeps their feedback, drafts a gracious reply with one narrow
    question, plans keeping in touch, and offers a private writing prompt."""
    from afterview.config import data_dir
    from afterview.services import outcomes
    from afterview.templating import environment

    work = open_work()
    moment = time_of(now, "--now", work)
    result = outcomes.reject(
        work,
        application_id,
        at=time_of(at, "--at", work) if at else moment,
        now=moment,
        env=environment(data_dir()),
        feedback=feedback,
    )
    if entry is not None:
        outcomes.write_expressive(work, application_id, entry.read(), now=moment)
        result = outcomes.after_rejection(work, application_id, env=environment(data_dir()))
    if as_json:
        emit(result)
        return
    click.echo(_rejection_text(result, entry is not None, _zone_of(work)))


def _zone_of(work: Any) -> Any:

    return user_zone(work)


def _rejection_text(result: AfterRejection, wrote: bool, zone: Any) -> str:
    recorded = _("Rejection recorded for %(company)s (application %(id)s).")
    lines = [recorded % {"company": result.company, "id": result.application_id}]
    if result.feedback:
        lines.append(_("Their feedback, kept: %(feedback)s") % {"feedback": result.feedback})
    if result.reply is not None:
        reply = (
            _("A gracious reply to %(to)s, send %(when)s (not sent):")
            if result.reply_at
            else _("A gracious reply to %(to)s (not sent):")
        )
        when = i18n.when(result.reply_at.astimezone(zone), "day_time") if result.reply_at else ""
        lines += ["", reply % {"to": result.reply.to, "when": when}, ""]
        if result.reply.subject:
            lines.append(_("Subject: %(subject)s") % {"subject": result.reply.subject} + "\n")
        lines.append(result.reply.body.rstrip())
        for finding in result.reply.findings + (result.verdict.findings if result.verdict else ()):
            lines.append(f"  {_finding(finding)}")
    if result.keep_in_touch is not None:
        touch = _("Keep in touch: a LinkedIn note once the process is over, from %(day)s.")
        lines += ["", touch % {"day": i18n.when(result.keep_in_touch.astimezone(zone), "day")}]
    lines += [""]
    if wrote:
        lines.append(_("Your private entry is kept; only you can read it."))
    else:
        keep = _("Keep it with `afterview rejection %(id)s --write FILE`.")
        lines += [
            _("If you want to:"),
            "  " + result.prompt,
            "  " + keep % {"id": result.application_id},
        ]
    return "\n".join(lines)


@click.command()
@click.argument("application_id", type=int, metavar="ID")
@click.option("--on-paper", is_flag=True, help="The offer is now in writing.")
@at_option
@now_option
@json_option
def accept(
    application_id: int, on_paper: bool, at: str | None, now: str | None, as_json: bool
) -> None:
    """Accept an offer that is on paper, and draft a polite withdrawal (checked, not sent)
    for every other open process."""
    from afterview.config import data_dir
    from afterview.services import outcomes
    from afterview.templating import environment

    work = open_work()
    moment = time_of(now, "--now", work)
    result = outcomes.accept(
        work,
        application_id,
        at=time_of(at, "--at", work) if at else moment,
        now=moment,
        env=environment(data_dir()),
        on_paper=on_paper,
    )
    if as_json:
        emit(result)
        return
    click.echo(_accepted_text(result, _zone_of(work)))


def _accepted_text(result: Accepted, zone: Any) -> str:
    accepted = _("Offer accepted: %(role)s at %(company)s. Congratulations!")
    count = len(result.withdrawals)
    withdrawals = ngettext(
        "Withdrawals to send for the %(count)d other open process; nothing has been sent. "
        "Record each with `afterview outcome ID withdrawn` once it has gone.",
        "Withdrawals to send for the %(count)d other open processes; nothing has been sent. "
        "Record each with `afterview outcome ID withdrawn` once it has gone.",
        count,
    )
    lines = [
        accepted % {"role": result.role, "company": result.company},
        "",
        withdrawals % {"count": count},
    ]
    for w in result.withdrawals:
        which = _("%(company)s (%(role)s, application %(id)s)")
        place = {"company": w.company, "role": w.role, "id": w.application_id}
        lines += ["", f"== {which % place} =="]
        if w.draft is None:
            lines.append(w.note or "")
            continue
        state = _("ready") if w.ready else _("check the findings below first")
        to = _("To %(to)s; send %(when)s (%(state)s)") if w.send_at else _("To %(to)s (%(state)s)")
        when = i18n.when(w.send_at.astimezone(zone), "day_time") if w.send_at else ""
        lines.append(to % {"to": w.draft.to, "when": when, "state": state})
        if w.draft.subject:
            lines.append(_("Subject: %(subject)s") % {"subject": w.draft.subject} + "\n")
        lines.append(w.draft.body.rstrip())
        for finding in w.draft.findings + (w.verdict.findings if w.verdict else ()):
            lines.append(f"  {_finding(finding)}")
    return "\n".join(lines)


@click.command()
@click.argument("application_id", type=int, metavar="ID")
@now_option
@json_option
def close(application_id: int, now: str | None, as_json: bool) -> None:
    """Close a process that stayed silent after the last follow-up, once its close-out date
    has come."""
    from afterview.services import outcomes

    work = open_work()
    result = outcomes.close_silent(work, application_id, now=time_of(now, "--now", work))
    if as_json:
        emit(result)
        return
    click.echo(result.word)


__all__ = ["accept", "card", "close", "demo", "rejection", "stats"]


def _finding(finding: Finding) -> str:
    level = _("blocks it") if finding.severity == "error" else _("a warning")
    return f"{rule_title(finding.code)} ({level}): {finding.message}"

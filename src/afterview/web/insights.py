"""The Insights page: what the search so far shows, as charts drawn on the server.

Each chart is a plain SVG of horizontal bars built here (the geometry) and in
``_bar_chart.html`` (the markup): no script, nothing fetched, so it passes the strict
Content-Security-Policy, prints, and reads the same with styles off. Every chart has a
title and a description for screen readers (``role="img"`` with ``<title>`` and
``<desc>``) and the numbers themselves in a table beneath it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from afterview.domain.insights import WEAK_AVERAGE, Insights, Share
from afterview.domain.wording import plural
from afterview.i18n import _, ngettext
from afterview.services.insights import Aggregates, aggregates
from afterview.web import acting, cache, security
from afterview.wiring import Work

router = APIRouter(include_in_schema=False)

WIDTH = 740
LABEL_WIDTH = 320  # room for a company name or the start of a question
VALUE_WIDTH = 90  # room for the number at the end of a bar
ROW = 30
BAR = 20
TOP = 8


@dataclass(frozen=True, slots=True)
class Bar:
    label: str  # clipped to fit beside the bar
    full: str  # the whole label, for the table of numbers
    shown: str  # the value as the reader sees it ("12", "67%", "4.5 days")
    y: int
    width: float


@dataclass(frozen=True, slots=True)
class Chart:
    id: str
    title: str
    description: str  # the text alternative: what the chart says, in a sentence or two
    unit: str
    bars: tuple[Bar, ...]
    height: int
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR
    value_gap: int = 6

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def empty(self) -> bool:
        return not self.bars


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    items: list[tuple[str, float, str]],
    *,
    unit: str,
    scale: float | None = None,
) -> Chart:
    """Horizontal bars for (label, value, shown) items; ``scale`` is the full-width value
    (default: the largest value)."""
    top = scale if scale is not None else max((v for _, v, _ in items), default=0.0)
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = tuple(
        Bar(_clip(label), label, shown, TOP + i * ROW, room * value / top if top > 0 else 0.0)
        for i, (label, value, shown) in enumerate(items)
    )
    return Chart(chart_id, title, description, unit, bars, TOP * 2 + ROW * max(len(items), 1))


def _clip(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def charts(result: Insights) -> list[Chart]:
    """The six charts of the page, each with its text alternative."""
    return [
        _funnel(result),
        _decision(result),
        _thank_yous(result),
        _replies(result),
        _silence(result),
        _weak_spots(result),
    ]


def _funnel(result: Insights) -> Chart:
    f = result.funnel
    return bar_chart(
        "funnel",
        _("From application to offer"),
        _(
            "%(applications)s; %(interviews)s reached an interview (%(interview_share)s); "
            "%(offers)s (%(offer_share)s of those interviewed)."
        )
        % {
            "applications": plural(f.applications, "application"),
            "interviews": f.interviews,
            "interview_share": Share(f.interviews, f.applications).percent(),
            "offers": plural(f.offers, "offer"),
            "offer_share": Share(f.offers, f.interviews).percent(),
        },
        [
            (_("Applications"), f.applications, str(f.applications)),
            (_("With an interview"), f.interviews, str(f.interviews)),
            (_("Offers"), f.offers, str(f.offers)),
        ],
        unit=_("applications"),
    )


def _decision(result: Insights) -> Chart:
    times = result.decision_times
    if result.decision_median is None:
        said = _("No decision has been recorded yet.")
    else:
        said = _("Median %(median)s over all decisions; %(companies)s.") % {
            "median": _days(result.decision_median),
            "companies": "; ".join(f"{t.company} {_days(t.median_days)}" for t in times),
        }
    return bar_chart(
        "decision",
        _("Days from the interview to the decision, by company"),
        said,
        [(t.company, t.median_days, _days(t.median_days)) for t in times],
        unit=_("days (median)"),
    )


def _thank_yous(result: Insights) -> Chart:
    ty = result.thank_yous
    return bar_chart(
        "thank-yous",
        _("Thank-you notes sent on time"),
        _("%(on_time)s of %(sent)s sent went out within 24 hours (%(share)s); %(late)s.")
        % {
            "on_time": ty.on_time,
            "sent": plural(ty.sent, "note"),
            "share": ty.share.percent(),
            "late": _late(ty.late, ty.missing),
        },
        [
            (_("On time"), ty.on_time, str(ty.on_time)),
            (_("Late"), ty.late, str(ty.late)),
            (_("Never sent"), ty.missing, str(ty.missing)),
        ],
        unit=_("notes"),
    )


def _replies(result: Insights) -> Chart:
    first, second = result.follow_ups
    return bar_chart(
        "replies",
        _("Reply rate after each follow-up"),
        _(
            "After the first follow-up %(first_replied)s of %(first_sent)s employers answered "
            "(%(first_share)s); after the second, %(second_replied)s of %(second_sent)s "
            "(%(second_share)s)."
        )
        % {
            "first_replied": first.replied,
            "first_sent": first.sent,
            "first_share": first.share.percent(),
            "second_replied": second.replied,
            "second_sent": second.sent,
            "second_share": second.share.percent(),
        },
        [
            (
                _("After the first (%(sent)s sent)") % {"sent": first.sent},
                _pct(first.share),
                first.share.percent(),
            ),
            (
                _("After the second (%(sent)s sent)") % {"sent": second.sent},
                _pct(second.share),
                second.share.percent(),
            ),
        ],
        unit=_("% answered"),
        scale=100.0,
    )


def _silence(result: Insights) -> Chart:
    s = result.silence
    return bar_chart(
        "silence",
        _("How processes ended"),
        _(
            "%(part)s of %(whole)s processes that ended went silent (%(share)s); the others "
            "ended with an answer or your withdrawal."
        )
        % {"part": s.part, "whole": s.whole, "share": s.percent()},
        [
            (_("Went silent (closed)"), s.part, str(s.part)),
            (_("Ended with an answer"), s.whole - s.part, str(s.whole - s.part)),
        ],
        unit=_("processes"),
    )


def _weak_spots(result: Insights) -> Chart:
    spots = result.weak_spots
    if not spots:
        said = _("No question has come back with low ratings yet.")
    else:
        said = _(
            "Questions asked in two or more interviews that you rated %(most)s or lower on "
            "average: %(questions)s."
        ) % {
            "most": f"{WEAK_AVERAGE:g}",
            "questions": "; ".join(f"“{w.question}” {w.average:.1f}" for w in spots),
        }
    return bar_chart(
        "weak-spots",
        _("Recurring weak spots"),
        said,
        [(w.question, w.average, f"{w.average:.1f} / 5") for w in spots],
        unit=_("average self-rating (1–5)"),
        scale=5.0,
    )


def _days(count: float) -> str:
    number = int(count) if count == int(count) else 2  # a fraction reads as many
    return ngettext("%(count)s day", "%(count)s days", number) % {"count": f"{count:g}"}


def _late(late: int, missing: int) -> str:
    """ "2 went late and none was left unsent", in words that agree with their numbers."""
    went = (
        ngettext("%(late)s went late", "%(late)s went late", late) % {"late": late}
        if late
        else _("none went late")
    )
    if missing == 0:
        return _("%(went)s and none was left unsent") % {"went": went}
    return ngettext(
        "%(went)s and %(missing)s never went", "%(went)s and %(missing)s never went", missing
    ) % {"went": went, "missing": missing}


def _pct(share: Share) -> float:
    return 100 * share.ratio if share.ratio is not None else 0.0


def current_insights(state: Any, work: Work, now: datetime) -> Insights:
    """The figures at ``now``, from the aggregates kept per owner until the data changes
    (see :class:`afterview.web.cache.RevisionCache`): a hit asks the database nothing but
    the data revision."""
    return _kept(state, work).value.at(now)


def _kept(state: Any, work: Work) -> cache.Derived[Aggregates]:
    return cache.derived(state, "insights_cache", work.actor.owner, lambda: aggregates(work))


@router.get("/insights")
def insights_page(request: Request) -> Response:
    """What the search so far shows, from the user's own records only.

    Only the count of thank-you notes still missing moves with the clock, so the page is
    rendered once per owner, data revision and that count, kept with the aggregates it
    shows (:class:`afterview.web.cache.Derived`), and served with each browser's token.
    """
    now = request.app.state.settings.clock()
    kept = _kept(request.app.state, acting.work(request))
    result = kept.value.at(now)
    templates = request.app.state.templates
    page = kept.made(("page", result.thank_yous.missing), lambda: render(templates, result))
    return HTMLResponse(cache.with_token(page, security.csrf_token(request)))


def render(templates: Any, result: Insights) -> cache.Page:
    """The page for these figures, with the token slot for the browser's token."""
    template = templates.get_template("insights.html")
    context = {"csrf_token": cache.TOKEN_SLOT, "result": result, "charts": charts(result)}
    return cache.page_of(template.render(context))

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
from starlette.responses import Response

from afterview.domain.insights import WEAK_AVERAGE, Insights, Share
from afterview.domain.wording import plural
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
        "From application to offer",
        f"{plural(f.applications, 'application')}; {f.interviews} reached an interview "
        f"({Share(f.interviews, f.applications).percent()}); {plural(f.offers, 'offer')} "
        f"({Share(f.offers, f.interviews).percent()} of those interviewed).",
        [
            ("Applications", f.applications, str(f.applications)),
            ("With an interview", f.interviews, str(f.interviews)),
            ("Offers", f.offers, str(f.offers)),
        ],
        unit="applications",
    )


def _decision(result: Insights) -> Chart:
    times = result.decision_times
    return bar_chart(
        "decision",
        "Days from the interview to the decision, by company",
        "No decision has been recorded yet."
        if result.decision_median is None
        else f"Median {_days(result.decision_median)} over all decisions; "
        + "; ".join(f"{t.company} {_days(t.median_days)}" for t in times)
        + ".",
        [(t.company, t.median_days, _days(t.median_days)) for t in times],
        unit="days (median)",
    )


def _thank_yous(result: Insights) -> Chart:
    ty = result.thank_yous
    return bar_chart(
        "thank-yous",
        "Thank-you notes sent on time",
        f"{ty.on_time} of {plural(ty.sent, 'note')} sent went out within 24 hours "
        f"({ty.share.percent()}); {_late(ty.late, ty.missing)}.",
        [
            ("On time", ty.on_time, str(ty.on_time)),
            ("Late", ty.late, str(ty.late)),
            ("Never sent", ty.missing, str(ty.missing)),
        ],
        unit="notes",
    )


def _replies(result: Insights) -> Chart:
    first, second = result.follow_ups
    return bar_chart(
        "replies",
        "Reply rate after each follow-up",
        f"After the first follow-up {first.replied} of {first.sent} employers answered "
        f"({first.share.percent()}); after the second, {second.replied} of {second.sent} "
        f"({second.share.percent()}).",
        [
            (f"After the first ({first.sent} sent)", _pct(first.share), first.share.percent()),
            (f"After the second ({second.sent} sent)", _pct(second.share), second.share.percent()),
        ],
        unit="% answered",
        scale=100.0,
    )


def _silence(result: Insights) -> Chart:
    s = result.silence
    return bar_chart(
        "silence",
        "How processes ended",
        f"{s.part} of {s.whole} processes that ended went silent ({s.percent()}); the "
        "others ended with an answer or your withdrawal.",
        [
            ("Went silent (closed)", s.part, str(s.part)),
            ("Ended with an answer", s.whole - s.part, str(s.whole - s.part)),
        ],
        unit="processes",
    )


def _weak_spots(result: Insights) -> Chart:
    spots = result.weak_spots
    return bar_chart(
        "weak-spots",
        "Recurring weak spots",
        "No question has come back with low ratings yet."
        if not spots
        else "Questions asked in two or more interviews that you rated "
        f"{WEAK_AVERAGE:g} or lower on average: "
        + "; ".join(f"“{w.question}” {w.average:.1f}" for w in spots)
        + ".",
        [(w.question, w.average, f"{w.average:.1f} / 5") for w in spots],
        unit="average self-rating (1–5)",
        scale=5.0,
    )


def _days(count: float) -> str:
    return f"{count:g} {'day' if count == 1 else 'days'}"


def _late(late: int, missing: int) -> str:
    """ "2 went late and none was left unsent", in words that agree with their numbers."""
    went = f"{late or 'none'} went late"
    unsent = "none was left unsent" if missing == 0 else f"{missing} never went"
    return f"{went} and {unsent}"


def _pct(share: Share) -> float:
    return 100 * share.ratio if share.ratio is not None else 0.0


def current_insights(state: Any, work: Work, now: datetime) -> Insights:
    """The figures at ``now``, from the aggregates kept per owner until the data changes
    (see :class:`afterview.web.cache.RevisionCache`): a hit asks the database nothing but
    the data revision."""
    kept = cache.app_cache(state, "insights_cache")
    figures: Aggregates = kept.get(work.actor.owner, lambda: aggregates(work))
    return figures.at(now)


@router.get("/insights")
def insights_page(request: Request) -> Response:
    """What the search so far shows, from the user's own records only."""
    now = request.app.state.settings.clock()
    result = current_insights(request.app.state, acting.work(request), now)
    context = {
        "request": request,
        "csrf_token": security.csrf_token(request),
        "result": result,
        "charts": charts(result),
        "now": now,
    }
    response: Response = request.app.state.templates.TemplateResponse(
        request, "insights.html", context
    )
    return response

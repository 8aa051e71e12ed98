"""Browse pages: every application (a list and a board by status) and the planning defaults.

Both are read-only. The applications page filters in Python over the rows of
:func:`afterview.services.overview.applications`, kept per data revision (``web/cache.py``),
and shows them a page at a time (``PAGE_SIZE``): with 10,000 applications, reading and
rendering them all took half a second a request. Its search form and its pager are plain
GET links and forms, so they work without JavaScript, and HTMX (when present) swaps in just
the results.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from starlette.responses import HTMLResponse, Response

from afterview import i18n
from afterview.domain.errors import InputError
from afterview.services import records
from afterview.services.overview import Row, applications
from afterview.web import acting, cache, security
from afterview.wiring import Work

router = APIRouter(include_in_schema=False)

# In the order an application moves through them (domain.models.ApplicationStatus).
STATUSES = ("applied", "interviewing", "offer", "rejected", "withdrawn", "closed")
ANY = "any"
# Rows a page of the list shows: a screenful or two on a laptop, quick to render.
PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class Column:
    status: str
    rows: tuple[Row, ...]  # those on this page
    count: int = 0  # every match with this status, on any page


def matches(row: Row, q: str, status: str) -> bool:
    """Whether ``row`` passes the search (company or role, any case) and the status filter."""
    if status != ANY and row.status != status:
        return False
    needle = q.casefold()
    return not needle or needle in row.company.casefold() or needle in row.role.casefold()


def board(rows: Sequence[Row], counts: Counter[str] | None = None) -> list[Column]:
    """One column per status, always all of them, in pipeline order: the ``rows`` shown,
    with how many match in each status on any page (by default, the rows themselves)."""
    counts = Counter(r.status for r in rows) if counts is None else counts
    return [Column(s, tuple(r for r in rows if r.status == s), counts[s]) for s in STATUSES]


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page of ``matched`` rows is, and the links to the pages either side."""

    number: int
    pages: int
    first: int  # 1-based position of the page's first row
    last: int
    previous: str | None
    next: str | None


def pager(matched: int, number: int, params: dict[str, str]) -> Pager:
    """Page ``number`` of ``matched`` rows (a number past the end shows the last page)."""
    pages = max(1, -(-matched // PAGE_SIZE))
    number = min(max(number, 1), pages)

    def link(to: int) -> str | None:
        if not 1 <= to <= pages or to == number:
            return None
        query = {k: v for k, v in params.items() if v and v != ANY}
        if to > 1:
            query["page"] = str(to)
        return "/applications" + (f"?{urlencode(query)}" if query else "")

    first = (number - 1) * PAGE_SIZE
    return Pager(
        number,
        pages,
        first + 1,
        min(first + PAGE_SIZE, matched),
        link(number - 1),
        link(number + 1),
    )


@dataclass(frozen=True, slots=True)
class Listing:
    """Every application's row with what the search compares and the count per status."""

    rows: tuple[Row, ...]
    folded: tuple[tuple[str, str], ...]  # company and role, case-folded, row by row
    counts: Counter[str]

    @classmethod
    def of(cls, rows: tuple[Row, ...]) -> Listing:
        folded = tuple((r.company.casefold(), r.role.casefold()) for r in rows)
        return cls(rows, folded, Counter(r.status for r in rows))

    def matching(self, q: str, status: str) -> Sequence[Row]:
        """The rows :func:`matches` keeps, in order."""
        if not q and status == ANY:
            return self.rows
        needle = q.casefold()
        return [
            row
            for row, (company, role) in zip(self.rows, self.folded, strict=True)
            if (status == ANY or row.status == status)
            and (not needle or needle in company or needle in role)
        ]


def listing(request: Request, now: datetime) -> Listing:
    """Every application's row, read once per data revision (they do not depend on the
    time: ``now`` is only passed on)."""
    kept = cache.app_cache(request.app.state, "application_rows")
    work = acting.work(request)
    found: Listing = kept.get(
        work.actor.owner, lambda: Listing.of(tuple(applications(work, now=now)))
    )
    return found


def kept_rows(request: Request, now: datetime) -> tuple[Row, ...]:
    """Every application's row, as :func:`listing` keeps them."""
    return listing(request, now).rows


def _zone(work: Work) -> ZoneInfo | None:
    """The candidate's zone, read as the Today page reads it (``services.agenda``)."""
    return records.zone(work)


def _status(value: str) -> str:
    value = value.strip().lower() or ANY
    if value != ANY and value not in STATUSES:
        choices = ", ".join((ANY, *STATUSES))
        raise InputError("no_such_status", value=value, choices=choices)
    return value


# List pages kept: a few searches, filters and pages of a few owners (each about 40 KB).
PAGES_KEPT = 32


@router.get("/applications")
def applications_page(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    status: Annotated[str, Query(max_length=40)] = ANY,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> Response:
    """Every application as a list and as a board by status, with search, filter and pages.

    Nothing on it reads the clock, so each search, filter and page is rendered once per
    data revision and served again with each browser's token (:mod:`afterview.web.cache`).
    """
    work, now = acting.work(request), request.app.state.settings.clock()
    wanted = _status(status)
    q = q.strip()
    # HTMX asks for the results only; a history restore (back button after a cache miss)
    # needs the whole page again.
    partial = "hx-request" in request.headers and (
        "hx-history-restore-request" not in request.headers
    )
    name = "_applications_results.html" if partial else "applications.html"
    templates = request.app.state.templates

    def render() -> str:
        context = _list_context(request, work, now, q, wanted, page)
        html: str = templates.get_template(name).render(context, csrf_token=cache.TOKEN_SLOT)
        return html

    key = (work.actor.owner, name, q, wanted, page)
    kept = cache.timeless_page(request.app.state, "list_pages", key, render, PAGES_KEPT)
    response = HTMLResponse(cache.with_token(kept, security.csrf_token(request)))
    response.headers["Vary"] = "HX-Request"
    return response


def _list_context(
    request: Request, work: Work, now: datetime, q: str, wanted: str, page: int
) -> dict[str, Any]:
    every = listing(request, now)
    matched = every.matching(q, wanted)
    counts = every.counts if matched is every.rows else Counter(r.status for r in matched)
    at = pager(len(matched), page, {"q": q, "status": wanted})
    shown = matched[at.first - 1 : at.last]
    zone: tzinfo | None = _zone(work) or now.tzinfo

    def local(moment: datetime) -> str:
        return f"{i18n.when(moment.astimezone(zone), 'day_year_time')}"

    return {
        "rows": shown,
        "matched": len(matched),
        "total": len(every.rows),
        "pager": at,
        "columns": board(shown, counts),
        "statuses": STATUSES,
        "q": q,
        "status": wanted,
        "filtered": bool(q) or wanted != ANY,
        "local": local,
    }

"""The journal in the browser: the debrief, the revisit, and the question bank.

* ``/applications/{id}/debrief`` — the debrief form: one fieldset per question (the
  question, your answer, a 1–5 rating, who asked it), then what stood out, an impression
  of each interviewer and how you felt. Questions are added and removed in place like the
  panel of the interview form: without JavaScript "Add a question" and "Remove" submit the
  form with an ``act``; with HTMX "Add a question" fetches one fieldset (which brings the
  next add button out of band) and "Remove" posts the form to ``…/debrief/questions``,
  which sends back the fieldsets as the plain POST renders them: numbered in page order,
  the cursor on the question that took the removed one's place (or on the add button).
  As an answer is typed, its STAR suggestions are fetched (``…/debrief/star``) and shown
  under it, as the draft editor shows its lint.
* ``/applications/{id}/revisit`` — the revisit form, or the date it opens.
* ``/questions`` — the question bank, with the practice list first.

Everything goes through ``services.journal`` and ``services.question_bank``, as the CLI
does; an :class:`InputError` re-renders the form (400) with what was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse, RedirectResponse, Response

from afterview import i18n
from afterview.domain import star
from afterview.domain.errors import InputError
from afterview.domain.journal import REVISIT_FIELDS, Asked, QuestionGroup, practice_order
from afterview.domain.serial import to_builtins
from afterview.i18n import _
from afterview.services import journal, question_bank
from afterview.web import acting, cache, flash, security
from afterview.web.messages import word
from afterview.wiring import Work

router = APIRouter(include_in_schema=False)
Csrf = Depends(security.check_csrf)
Index = Annotated[int, Query(ge=0, lt=1000)]

BLANK_QUESTIONS = 3  # fieldsets on a fresh debrief: enough for most without JavaScript
ADD = "add-question"  # the add button's id: the cursor goes there when the last one goes
QUESTION_FIELDS = ("q", "answer", "rating", "asked_by")
PRACTICE_COUNT = 5
SOURCE = "the form"
_QUESTION_KEY = re.compile(r"^question-(\d{1,3})-([a-z_]+)$")
_QUESTION_PATH = re.compile(r"questions\[(\d+)\](?:\.([a-z_]+))?")


def _clock(request: Request) -> datetime:
    now: datetime = request.app.state.settings.clock()
    return now


def _render(request: Request, name: str, *, status: int = 200, **context: Any) -> Response:
    templates = request.app.state.templates
    context.update(request=request, csrf_token=security.csrf_token(request))
    response: Response = templates.TemplateResponse(request, name, context, status_code=status)
    return response


# -- the debrief ----------------------------------------------------------------------------


# Debrief forms kept: the last few opened, of any owner.
DEBRIEFS_KEPT = 16


@router.get("/applications/{app_id}/debrief")
def debrief_page(request: Request, app_id: int) -> Response:
    """The debrief as stored, rendered once per data revision and served again with each
    browser's token (:mod:`afterview.web.cache`): nothing on it depends on the clock."""
    work = acting.work(request)
    templates = request.app.state.templates

    def render() -> str:
        context = _debrief_context(*_stored_debrief(work, app_id))
        html: str = templates.get_template("journal_debrief.html").render(
            context, csrf_token=cache.TOKEN_SLOT
        )
        return html

    key = (work.actor.owner, app_id)
    page = cache.timeless_page(request.app.state, "debrief_pages", key, render, DEBRIEFS_KEPT)
    return HTMLResponse(cache.with_token(page, security.csrf_token(request)))


def _stored_debrief(
    work: Work, app_id: int
) -> tuple[journal.Journal, list[dict[str, str]], dict[str, str]]:
    """The stored debrief as the form's values, with blank questions to fill in."""
    entry = journal.journal(work, app_id)
    questions = [
        {
            "q": a.question.q,
            "answer": a.question.answer or "",
            "rating": str(a.question.rating or ""),
            "asked_by": a.question.asked_by or "",
        }
        for a in entry.answers
    ]
    questions += [{} for _ in range(max(0, BLANK_QUESTIONS - len(questions)))]
    notes = entry.notes
    impressions = dict(notes.impressions)
    values = {
        "stood_out": notes.stood_out or "",
        "feelings": notes.feelings or "",
        **{f"impression-{i}": impressions.get(name, "") for i, name in enumerate(entry.panel)},
    }
    return entry, questions, values


def _debrief_form(
    request: Request,
    entry: journal.Journal,
    questions: list[dict[str, str]],
    values: dict[str, str],
    *,
    problem: str | None = None,
    field: str | None = None,
    status: int = 200,
    focus: str | None = None,
) -> Response:
    context = _debrief_context(entry, questions, values, problem=problem, field=field, focus=focus)
    return _render(request, "journal_debrief.html", status=status, **context)


def _debrief_context(
    entry: journal.Journal,
    questions: list[dict[str, str]],
    values: dict[str, str],
    *,
    problem: str | None = None,
    field: str | None = None,
    focus: str | None = None,
) -> dict[str, Any]:
    return {
        "entry": entry,
        "app_id": entry.application_id,
        "questions": questions,
        "checks": [_star(q) for q in questions],
        "v": values,
        "problem": problem,
        "field": field,
        "focus": focus,
    }


@router.get("/applications/{app_id}/debrief/question")
def question_fieldset(request: Request, app_id: int, index: Index = 0) -> Response:
    """One blank question; the add button comes along out of band with index + 1."""
    entry = journal.journal(acting.work(request), app_id)
    return _render(
        request,
        "_debrief_question.html",
        app_id=app_id,
        panel=entry.panel,
        question={},
        check=None,
        index=index,
        oob_next=index + 1,
        field=None,
        focus=f"question-{index}-q",
    )


@router.post("/applications/{app_id}/debrief/questions", dependencies=[Csrf])
async def question_fieldsets(request: Request, app_id: int) -> Response:
    """The question fieldsets after "Remove" (HTMX), renumbered as a plain POST renders
    them; the add button comes along out of band with the next index."""
    form = await request.form()
    act = _value(form, "act")
    entry = await run_in_threadpool(journal.journal, acting.work(request), app_id)
    questions, removed_at = _read_questions(form, act)
    return _render(
        request,
        "_debrief_questions.html",
        app_id=app_id,
        entry=entry,
        questions=questions,
        checks=[_star(q) for q in questions],
        oob=True,
        field=None,
        problem=None,
        focus=_focus_after(act, questions, removed_at),
    )


@router.post("/applications/{app_id}/debrief/star", dependencies=[Csrf])
async def star_preview(request: Request, app_id: int, index: Index = 0) -> Response:
    """The STAR suggestions for one answer as it is typed."""
    form = await request.form()
    question = {
        "q": _value(form, f"question-{index}-q"),
        "answer": _value(form, f"question-{index}-answer"),
    }
    return _render(request, "_star.html", check=_star(question), index=index)


@router.post("/applications/{app_id}/debrief", dependencies=[Csrf])
async def save_debrief(request: Request, app_id: int) -> Response:
    work = acting.work(request)
    form = await request.form()
    act = _value(form, "act") or "save"
    entry = await run_in_threadpool(journal.journal, work, app_id)
    questions, removed_at = _read_questions(form, act)
    values = {
        "stood_out": _value(form, "stood_out"),
        "feelings": _value(form, "feelings"),
        **{f"impression-{i}": _value(form, f"impression-{i}") for i in range(len(entry.panel))},
    }
    if act != "save":
        focus = _focus_after(act, questions, removed_at)
        return _debrief_form(request, entry, questions, values, focus=focus)
    notes = _notes(questions, values, entry.panel)
    try:
        saved = await run_in_threadpool(
            journal.debrief, work, app_id, notes, now=_clock(request), source=SOURCE
        )
    except InputError as exc:
        message = word(exc).removeprefix(f"{SOURCE}: ")
        field = _field_for(message, questions)
        message = _in_words(message, field)
        return _debrief_form(
            request, entry, questions, values, problem=message, field=field, status=400,
            focus=field,
        )  # fmt: skip
    opens = saved.revisit_opens
    said = _("Saved your debrief: this evening's reflection is done.")
    if opens:
        reread = _("Reread it from %(when)s.")
        said += " " + reread % {"when": i18n.when(opens.astimezone(saved.zone), "day_time")}
    response = RedirectResponse(f"/applications/{app_id}#journal", status_code=303)
    return flash.say(response, said)


def _read_questions(form: FormData, act: str) -> tuple[list[dict[str, str]], int | None]:
    """The question fieldsets in page order (``act`` "add" appends one, "remove-N" drops
    one), and the page position the removed one had."""
    found: dict[int, dict[str, str]] = {}
    for key, value in form.multi_items():
        match = _QUESTION_KEY.match(key)
        if match and match[2] in QUESTION_FIELDS and isinstance(value, str):
            found.setdefault(int(match[1]), {})[match[2]] = value
    order = sorted(found)
    removed = act.removeprefix("remove-") if act.startswith("remove-") else None
    removed_at = next((at for at, i in enumerate(order) if str(i) == removed), None)
    questions = [found[i] for i in order if str(i) != removed]
    if act == "add":
        questions.append({})
    return questions, removed_at


def _focus_after(act: str, questions: list[dict[str, str]], removed_at: int | None) -> str | None:
    """Where the cursor goes after "Add a question" or "Remove", so that it is never lost:
    the new question; after a removal, the one that took its place, or the add button."""
    if act == "add":
        return f"question-{len(questions) - 1}-q"
    if removed_at is None:
        return None
    return f"question-{removed_at}-q" if removed_at < len(questions) else ADD


def _filled(questions: list[dict[str, str]]) -> list[int]:
    """Page positions of the fieldsets that reach the debrief (a blank one is ignored)."""
    return [i for i, q in enumerate(questions) if any(v.strip() for v in q.values())]


def _notes(
    questions: list[dict[str, str]], values: dict[str, str], panel: tuple[str, ...]
) -> dict[str, Any]:
    """The debrief in the interview file's ``notes`` shape, empty values left out."""
    out: list[dict[str, Any]] = []
    for i in _filled(questions):
        q = {k: v.strip() for k, v in questions[i].items()}
        rating: Any = q.get("rating", "")
        item = {
            "q": q.get("q", ""),
            "answer": q.get("answer"),
            "rating": int(rating) if rating.isdigit() else rating,
            "asked_by": q.get("asked_by"),
        }
        out.append({k: v for k, v in item.items() if v not in (None, "") or k == "q"})
    impressions = {
        name: said
        for i, name in enumerate(panel)
        if (said := values.get(f"impression-{i}", "").strip())
    }
    notes: dict[str, Any] = {"questions": out}
    for key in ("stood_out", "feelings"):
        if values.get(key, "").strip():
            notes[key] = values[key].strip()
    if impressions:
        notes["impressions"] = impressions
    return notes


_LABELS = {
    "q": "what they asked",
    "answer": "how you answered",
    "rating": "how well you answered",
    "asked_by": "who asked it",
    "stood_out": "What stood out",
    "feelings": "How you felt",
}


def _in_words(message: str, field: str | None) -> str:
    """``questions[1].rating: …`` → ``Question 3, how well you answered: …``: the place as
    the form names it (its legend and label), not as the file's path."""
    found = _QUESTION_PATH.match(message)
    if found is not None:
        at = re.fullmatch(r"question-(\d+)-([a-z_]+)", field or "")
        place = f"Question {int(at[1]) + 1}" if at else "A question"
        name = found[2] or (at[2] if at else None)
        if name:
            place += f", {_LABELS.get(name, name.replace('_', ' '))}"
        return place + message[found.end() :]
    head, colon, rest = message.partition(":")
    return f"{_LABELS[head]}{colon}{rest}" if colon and head in _LABELS else message


def _field_for(message: str, questions: list[dict[str, str]]) -> str | None:
    """``questions[1].rating: …`` → ``question-N-rating`` (counting filled fieldsets)."""
    found = _QUESTION_PATH.match(message)
    if found is None:
        for key in ("stood_out", "feelings"):
            if message.startswith(f"{key}:"):
                return key
        return None
    filled = _filled(questions)
    number = int(found[1])
    if number >= len(filled):
        return None
    name = found[2] if found[2] in QUESTION_FIELDS else "q"
    return f"question-{filled[number]}-{name}"


def _star(question: dict[str, str]) -> star.StarCheck | None:
    if not question.get("answer", "").strip():
        return None
    return star.check(question.get("q", ""), question.get("answer"))


def _value(form: FormData, key: str) -> str:
    value = form.get(key)
    return value if isinstance(value, str) else ""


# -- the revisit ----------------------------------------------------------------------------


@router.get("/applications/{app_id}/revisit")
def revisit_page(request: Request, app_id: int) -> Response:
    entry = journal.journal(acting.work(request), app_id)
    values = to_builtins(entry.revisit) if entry.revisit else {}
    typed = {key: _typed(values.get(key)) for key, _ in REVISIT_FIELDS}
    return _revisit_form(request, entry, typed)


def _typed(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "\n".join(str(v) for v in value)
    return str(value)


def _revisit_form(
    request: Request,
    entry: journal.Journal,
    typed: dict[str, str],
    *,
    problem: str | None = None,
    status: int = 200,
) -> Response:
    now = _clock(request)
    opens = entry.revisit_opens
    return _render(
        request,
        "journal_revisit.html",
        status=status,
        entry=entry,
        app_id=entry.application_id,
        fields=REVISIT_FIELDS,
        v=typed,
        problem=problem,
        is_open=entry.revisit_open(now),
        opens=f"{i18n.when(opens.astimezone(entry.zone), 'long_day')}" if opens else None,
        weakest=entry.notes.weakest_question(),
    )


@router.post("/applications/{app_id}/revisit", dependencies=[Csrf])
async def save_revisit(request: Request, app_id: int) -> Response:
    work = acting.work(request)
    form = await request.form()
    typed = {key: _value(form, key) for key, _ in REVISIT_FIELDS}
    try:
        await run_in_threadpool(
            journal.revisit, work, app_id, typed, now=_clock(request), source=SOURCE
        )
    except InputError as exc:
        entry = await run_in_threadpool(journal.journal, work, app_id)
        message = word(exc).removeprefix(f"{SOURCE}: ")
        return _revisit_form(request, entry, typed, problem=message, status=400)
    response = RedirectResponse(f"/applications/{app_id}#journal", status_code=303)
    said = _("Saved your revisit: your reflection on this interview is complete.")
    return flash.say(response, said)


# -- the question bank ----------------------------------------------------------------------


@router.get("/questions")
def questions_page(request: Request) -> Response:
    """The question bank, rendered once per owner and data revision and served again with
    each browser's token (:func:`afterview.web.cache.timeless_page`): nothing on it depends
    on the clock. The bank of a long search is tens of thousands of rows to read and group,
    and what the page shows of it is worked out in one pass (:func:`shown_question`)."""
    work = acting.work(request)
    templates = request.app.state.templates

    def render() -> str:
        return render_bank(templates, _bank(question_bank.bank(work)))

    key = (work.actor.owner,)
    page = cache.timeless_page(request.app.state, "question_pages", key, render, BANKS_KEPT)
    return HTMLResponse(cache.with_token(page, security.csrf_token(request)))


BANKS_KEPT = 16  # question bank pages kept: one per owner, the most recently read


def render_bank(templates: Any, shown: _Bank, csrf_token: str = cache.TOKEN_SLOT) -> str:
    """The question bank page for ``shown`` (with the token slot for the browser's token)."""
    template = templates.get_template("questions.html")
    html: str = template.render(
        groups=shown.groups, practice=shown.practice, request=None, csrf_token=csrf_token
    )
    return html


SHOWN_COMPANIES = 10  # a question asked thousands of times names its first ten companies
SHOWN_RATINGS = 10  # … and its latest ten ratings, with how many there are in all


@dataclass(frozen=True, slots=True)
class ShownQuestion:
    """One question as the page shows it, worked out once per data revision."""

    group_id: int
    text: str
    times: int
    companies: tuple[str, ...]  # the first that asked it, first asked first
    more_companies: int  # how many others asked it
    ratings: tuple[int, ...]  # the latest self-ratings, oldest first
    rating_count: int  # every self-rating
    others: tuple[str, ...]  # the other wordings it was asked in
    best: Asked | None
    hints: tuple[str, ...]  # STAR suggestions for the best answer (practice picks only)

    @property
    def latest_rating(self) -> int | None:
        return self.ratings[-1] if self.ratings else None


@dataclass(frozen=True, slots=True)
class _Bank:
    """What the page shows of the bank: every question, and the practice picks first."""

    groups: tuple[ShownQuestion, ...]
    practice: tuple[ShownQuestion, ...]


def shown_question(group: QuestionGroup, *, with_hints: bool = False) -> ShownQuestion:
    """The page's view of ``group``: one pass over its history, whatever its length."""
    companies = tuple(dict.fromkeys(a.company for a in group.asked))
    ratings = tuple(rating for _, rating in group.ratings)
    return ShownQuestion(
        group_id=group.group_id,
        text=group.text,
        times=group.times,
        companies=companies[:SHOWN_COMPANIES],
        more_companies=max(len(companies) - SHOWN_COMPANIES, 0),
        ratings=ratings[-SHOWN_RATINGS:],
        rating_count=len(ratings),
        others=tuple(v for v in group.variants if v != group.text),
        best=group.best,
        hints=question_bank.hints(group) if with_hints else (),
    )


def _bank(groups: list[QuestionGroup]) -> _Bank:
    practice = practice_order(groups, PRACTICE_COUNT)
    return _Bank(
        tuple(shown_question(g) for g in groups),
        tuple(shown_question(g, with_hints=True) for g in practice),
    )

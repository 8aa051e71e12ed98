"""The before-the-interview card: one printable page, as HTML and as PDF.

It carries the three questions to ask before leaving the room (their text comes from
``domain.before_leaving``, shared with the add-interview form and ``afterview new``) and
blank space for the people met and the topics discussed with each, because the plan and
every note depend on them. ``GET /card`` shows it with a print stylesheet; ``GET
/card.pdf`` and ``afterview card --pdf`` give the same card as a one-page PDF (fpdf2,
imported only when a PDF is asked for); ``afterview card --html`` writes a standalone
HTML file with the stylesheet inlined.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from afterview.domain.before_leaving import QUESTIONS, SOURCES
from afterview.web import security

if TYPE_CHECKING:
    from fpdf import FPDF

router = APIRouter(include_in_schema=False)
HERE = Path(__file__).parent
PEOPLE_ROWS = 5  # a panel rarely has more; a sixth row would push the card onto page two
PDF_FORMAT = "Letter"  # fits on A4 too: the margins leave room either way


def card_context() -> dict[str, Any]:
    return {"asks": QUESTIONS, "rows": range(PEOPLE_ROWS), "sources": SOURCES, "personal": None}


def personal_line(request: Request) -> str | None:
    """In a career centre, the line that says whose card this is and when it was printed
    ("Personal — a@example.org, printed Fri 20 Nov 2026"): a card left at a shared
    printer says whose it is. ``None`` in a personal installation."""
    from afterview import i18n
    from afterview.i18n import _
    from afterview.services import records, rights
    from afterview.web import acting

    if not acting.centre(request):
        return None
    work = acting.work(request)  # a centre's pages are for a signed-in person
    who = rights.own_address(work) or str(work.actor.account)
    now = request.app.state.settings.clock()
    day = i18n.when(now.astimezone(records.zone(work) or now.tzinfo).date(), "day_year")
    return _("Personal — {who}, printed {day}").format(who=who, day=day)


@router.get("/card")
def card_page(request: Request) -> Response:
    """The card, ready to print from the browser."""
    context = card_context()
    context.update(
        request=request, csrf_token=security.csrf_token(request), personal=personal_line(request)
    )
    response: Response = request.app.state.templates.TemplateResponse(request, "card.html", context)
    return response


@router.get("/card.pdf")
def card_pdf_download(request: Request) -> Response:
    from afterview.web import acting

    # In a career centre the card is printed on shared computers: once filled in it is one
    # person's notes, and its name and its first line say so.
    personal = personal_line(request)
    name = "personal-before-you-leave.pdf" if acting.centre(request) else "before-you-leave.pdf"
    return Response(
        card_pdf(personal),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def card_html() -> str:
    """The card as one standalone HTML file (no server, stylesheet inlined)."""
    import jinja2

    from afterview import i18n

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    i18n.install(env)
    css = (HERE / "static" / "card.css").read_text(encoding="utf-8")
    return env.get_template("card_print.html").render(css=css, **card_context())


# -- PDF ------------------------------------------------------------------------------------

# The PDF core fonts speak Latin-1 only: typographic characters become their plain forms.
_PLAIN = str.maketrans({"…": "...", "’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"})


def _plain(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def card_pdf(personal: str | None = None) -> bytes:
    """The card as a one-page PDF; ``personal`` (a career centre's whose-and-when line)
    printed above the title."""
    from fpdf import FPDF

    pdf = FPDF(format=PDF_FORMAT, unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_margins(15, 15, 15)
    pdf.set_title("Before you leave the room")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    if personal:
        pdf.set_font("Helvetica", "B", 9)
        pdf.cell(width, 5, _plain(personal), new_x="LMARGIN", new_y="NEXT")
    _pdf_title(pdf, width)
    _pdf_questions(pdf, width)
    _pdf_people(pdf, width)
    _heading(pdf, width, "What you promised, and by when")
    _rule(pdf, width, gap=8)
    _rule(pdf, width, gap=8)
    _pdf_sources(pdf, width)
    if pdf.page_no() != 1 or pdf.get_y() > pdf.h - pdf.b_margin:
        raise AssertionError("the before-the-interview card no longer fits on one page")
    return bytes(pdf.output())


def _pdf_title(pdf: FPDF, width: float) -> None:
    """The title, what the card is for, and lines for the company, role, date and round."""
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(width, 9, "Before you leave the room", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(
        width,
        5,
        _plain(
            "Take this card to the interview. The answers to these three questions set every "
            "step that follows: when to follow up, what to prepare, and how to get in touch."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    for left, right in (("Company", "Role"), ("Date", "Round")):
        pdf.cell(22, 8, left)
        pdf.cell(width / 2 - 22, 8, "", border="B")
        pdf.cell(18, 8, "  " + right)
        pdf.cell(width / 2 - 18, 8, "", border="B", new_x="LMARGIN", new_y="NEXT")


def _pdf_questions(pdf: FPDF, width: float) -> None:
    """The three questions, each with why it matters and two lines for the answer."""
    _heading(pdf, width, "Three questions to ask before you leave")
    for ask in QUESTIONS:
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(width, 6, _plain(f"{ask.number}. {ask.question}"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        pdf.set_text_color(91, 100, 117)
        pdf.multi_cell(width, 4.5, _plain(ask.why), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        _rule(pdf, width, gap=9)
        _rule(pdf, width, gap=8)


def _pdf_people(pdf: FPDF, width: float) -> None:
    """A blank table: one row per person met, with what was talked about."""
    _heading(pdf, width, "Who was there, and what you talked about")
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(
        width,
        4.5,
        "One thank-you note goes to each person, built from what you discussed with them.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    columns = (("Name", 0.22), ("Title", 0.2), ("Email or phone", 0.23), ("Topics", 0.35))
    pdf.set_font("Helvetica", "B", 10)
    for label, share in columns:
        pdf.cell(width * share, 7, label, border=1)
    pdf.ln(7)
    for _ in range(PEOPLE_ROWS):
        for _, share in columns:
            pdf.cell(width * share, 11, "", border=1)
        pdf.ln(11)


def _pdf_sources(pdf: FPDF, width: float) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "I", 8)
    pdf.set_text_color(91, 100, 117)
    pdf.multi_cell(
        width, 4, _plain("Sources: " + "; ".join(SOURCES) + "."), new_x="LMARGIN", new_y="NEXT"
    )


def _heading(pdf: FPDF, width: float, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(width, 7, _plain(text), new_x="LMARGIN", new_y="NEXT", border="B")
    pdf.ln(1)


def _rule(pdf: FPDF, width: float, indent: float = 0, gap: float = 8) -> None:
    """A grey line to write on, ``gap`` below the last one."""
    pdf.ln(gap)
    y = pdf.get_y()
    pdf.set_draw_color(138, 147, 165)
    pdf.line(pdf.l_margin + indent, y, pdf.l_margin + width, y)
    pdf.set_draw_color(0, 0, 0)
    pdf.ln(1)

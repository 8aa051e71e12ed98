"""The lint prepared once per pipeline finds exactly what a lint prepared afresh finds.

The pipeline's company names are matched by one index built per pipeline and shared by
every case with the same company and pipeline; these properties pin that sharing (a
reused preparation changes nothing) and the index itself (it names the same companies as
one regular expression per company, the way the lint used to search them).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from afterview.domain import lint
from afterview.domain.lint import Note, lint_note
from afterview.domain.models import Case, PipelineEntry
from afterview.domain.rules import Finding
from afterview.domain.settings import Policy
from tests.factories import application, case

# Few words, so that names overlap, nest and share first words, as real ones do.
WORDS = ["Northwind", "Globex", "Blue", "Wind", "Río", "Acme", "Labs", "Data", "Open", "AT&T"]
SUFFIXES = ["", " Inc", " Corp.", " Robotics", " Labs", " Group", ", Ltd"]
FILLER = ["thank you", "for", "the", "chat", "at", "and", "with", ".", ",", "!", "\n", "  "]
FILLER += ["Windy", "Globexes", "Openly", "Bluest", "Acme_", "datas", "rio"]  # near, not names


@st.composite
def company_names(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
    return " ".join(words) + draw(st.sampled_from(SUFFIXES))


@st.composite
def cases(draw: st.DrawFn) -> Case:
    own = draw(company_names())
    others = draw(st.lists(company_names(), max_size=12))
    pipeline = tuple(PipelineEntry(name, "Data Engineer", "applied") for name in others)
    return case(application=application(company=own), pipeline=pipeline)


@st.composite
def notes(draw: st.DrawFn, names: list[str]) -> Note:
    def spelling(name: str) -> str:
        return draw(st.sampled_from([name, name.lower(), name.upper(), name.replace(" ", "  ")]))

    pieces = st.one_of(st.sampled_from(FILLER), st.sampled_from(names).map(spelling))
    glue = draw(st.sampled_from([" ", "", "-"]))
    body = glue.join(draw(st.lists(pieces, max_size=25)))
    return Note("Priya Raman", f"Dear Priya,\n{body}\nBest regards,\nJordan Lee", "Thank you")


def fresh(c: Case, note: Note) -> list[Finding]:
    lint.forget_prepared()
    return lint_note(c, "thank_you", note, policy=Policy())


@settings(max_examples=150, deadline=None)
@given(data=st.data(), c=cases())
def test_a_lint_prepared_for_an_equal_pipeline_finds_what_a_fresh_one_finds(
    data: st.DataObject, c: Case
) -> None:
    names = [c.application.company, *(e.company for e in c.pipeline), "Globex", "Wind"]
    written = data.draw(st.lists(notes(names), min_size=1, max_size=3))
    expected = [fresh(c, note) for note in written]
    lint.forget_prepared()
    lint_note(c, "thank_you", written[0], policy=Policy())  # prepares the pipeline
    again = replace(c, pipeline=tuple(replace(e) for e in c.pipeline))  # equal, not the same
    assert [lint_note(again, "thank_you", note, policy=Policy()) for note in written] == expected


def one_regex_per_company(c: Case, note: Note) -> list[str]:
    """The companies the lint used to find: one pattern per pipeline company."""
    own = c.application.company
    own_words = set(lint._fold(own).split())
    others = list(dict.fromkeys(e.company for e in c.pipeline))
    others = [o for o in others if lint._fold(o) != lint._fold(own)]
    first: dict[str, str] = {}
    for o in others:
        first.setdefault(lint._fold(o), o)
    others = list(first.values())
    text = lint.note_text(note)
    rest = lint._alternation(lint._company_forms(own, short=True)).sub(" ", lint._fold(text))
    named = [
        o
        for o in others
        if lint._named(lint._alternation(lint._company_forms(o, short=False)), rest)
    ]
    for o in others:
        word = lint._short_name(o)
        if o in named or not word or lint._fold(word) in own_words:
            continue
        if lint._named(re.compile(rf"{re.escape(word)}(?!\w)"), text):
            named.append(o)
    return named


def companies_found(findings: list[Finding]) -> list[str]:
    return [
        f.message.split("'")[1]
        for f in findings
        if f.code == "wrong_company" and "another company" in f.message
    ]


@settings(max_examples=200, deadline=None)
@given(data=st.data(), c=cases())
def test_the_shared_index_names_the_companies_one_regex_per_company_names(
    data: st.DataObject, c: Case
) -> None:
    names = [c.application.company, *(e.company for e in c.pipeline), "Globex", "Wind"]
    note = data.draw(notes(names))
    expected = one_regex_per_company(c, note)
    assert companies_found(fresh(c, note)) == expected

"""The lint: etiquette checks on a note's text before it goes out.

:func:`lint_note` reads one :class:`Note` against the :class:`~afterview.domain.models.Case`
it belongs to; :func:`lint_notes` lints a batch (one panel's notes) and adds
``near_duplicate`` between every pair. Every finding is made through the rule catalogue
(``rules.lint(ID).finding``), so its rationale and sources travel with it, and findings
come back in catalogue order. The lint is pure: no clock, no disk, no network.

Which rule applies to which kind of note (``kind`` is a note-bearing plan kind or
``"withdrawal"``; anything else raises :class:`~afterview.domain.errors.InputError`):

===================  ============================================================
rule                 applies to
===================  ============================================================
generic_greeting     every kind; a misspelt name in the greeting is left to
                     ``misspelled_name`` instead
not_specific         ``thank_you`` and ``follow_up`` to a panel member with topics
near_duplicate       :func:`lint_notes` only, every pair of notes in the batch
wrong_company        every kind (other pipeline companies, or ours never named)
placeholder          every kind
length               email: ``policy.note_min_words..note_max_words`` body words;
                     LinkedIn (channel ``linkedin`` or kind ``keep_in_touch``):
                     at most 300 characters; other channels: not checked
pushy, gift          every kind
no_interest          ``thank_you``, ``follow_up``, ``promise``
promise_unmentioned  ``thank_you`` and ``follow_up``; a promise made to someone
                     (``Promise.to``) is only owed in notes to that person
no_thanks            every kind (a withdrawal thanks them too)
no_signature         every kind
no_subject           email, except ``keep_in_touch`` (a LinkedIn request has none)
misspelled_name      every kind
argues_rejection     every kind (it matters most in ``rejection_reply``)
===================  ============================================================

Matching is done on "folded" text (case- and accent-insensitive, so "Lopez" names
"López"). Topics and promises count as mentioned when at least half of their key words
(not stop words; compared on a five-letter stem, so "migration" matches "migrating")
appear in the note. Email length counts whitespace-separated body words, as ``wc -w`` does.

``misspelled_name`` compares capitalised words (and two-word runs) of four letters or more
with the names of everyone in the case and the distinctive words of the company name
(rapidfuzz ratio >= 80, not equal once folded). It never flags a word that appears in the
case itself (the candidate's name, topics, titles, role, pipeline companies), a common
greeting or closing word, or a mere plural/possessive of a name. A real word one letter
away from a name ("Roman" for "Raman") is still reported: there is no dictionary.

Names are checked against a structure prepared once per case, and the pipeline's
companies against one :class:`~afterview.domain.phrase_index.PhraseIndex` prepared once
per pipeline; why it is shaped so: docs/PERFORMANCE.md.
"""

from __future__ import annotations

import functools
import math
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from afterview.domain import promises
from afterview.domain import words as cue_words
from afterview.domain.errors import InputError
from afterview.domain.kinds import LINKEDIN_KINDS, applies
from afterview.domain.models import NOTE_KINDS, Case, Channel, ContactRole, Promise, first_name
from afterview.domain.phrase_index import PhraseIndex
from afterview.domain.rules import LINT_IDS, Finding
from afterview.domain.rules import lint as rule
from afterview.domain.settings import Policy
from afterview.i18n import _, ngettext

__all__ = [
    "LINKEDIN_NOTE_MAX_CHARS",
    "NOTE_KINDS",
    "Note",
    "forget_prepared",
    "lint_note",
    "lint_notes",
    "note_text",
    "parse_note",
    "similarity",
]

# LinkedIn's own limit on the note attached to a connection request.
LINKEDIN_NOTE_MAX_CHARS = 300
# rapidfuzz ratio (0-100) at or above which a word is a near miss of a name.
NEAR_MISS_SCORE = 80


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PANEL_ROLES = frozenset({"interviewer", "hiring_manager", "recruiter"})


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# A capitalised word (the first letter is checked with str.isupper on each hit).
_CAPITALISED = re.compile(r"(?<![\w'’])[^\W\d_a-z][^\W\d_]*(?:['’][^\W\d_]+)*")
_STEM_WORD = re.compile(r"[^\W\d_]{3,}")
# A capitalised word after spaces; _sim_tokens checks that a sentence does not start there.
_PROPER_NOUN = re.compile(r"[ \t]+([^\W\d_a-z][\w'’]*)")
_SIM_TOKEN = re.compile(r"\w+|\x00")
_SENTENCE = re.compile(r"[^.!?\n]+")
_HONORIFIC = r"(?:ms|mr|mrs|mx|dr|prof)\.?\s+"
_TITLES = frozenset({"ms", "mr", "mrs", "mx", "dr", "prof"})

_PLACEHOLDER = re.compile(
    r"\[\s*[^\W\d][^\]\n]{0,40}\]"  # [Name], [company name]
    r"|\{\{.*?\}\}|\{%.*?%\}"  # Jinja
    r"|\{\s*[A-Za-z_][\w.]*\s*\}"  # {name}
    r"|<\s*[A-Za-z_][A-Za-z_ ]{0,30}>"  # <company>
    r"|\bTODO\b|\bTBD\b|\bFIXME\b|\bINSERT\b"
    r"|(?i:\bx{3,}\b|\blorem\s+ipsum\b)"
)
# Cheap substring tests: the placeholder pattern only runs when one of them is present.
_PLACEHOLDER_HINTS = ("[", "{", "<", "TODO", "TBD", "FIXME", "INSERT")
_BANGS = re.compile(r"!{2,}")


# -- each language's cue words (domain/words/<language>.toml) -------------------------------


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """The cue words of one language, compiled once. The phrase patterns have no leading
    ``\\b``: :func:`_phrases` checks the left word boundary on each hit."""

    stopwords: frozenset[str]  # too common to be a misspelling or a topic
    generic_company_words: frozenset[str]  # what a company does, not which one it is
    legal_suffixes: frozenset[str]
    common_capitalised: frozenset[str]  # capitalised, yet no one's name
    acronyms: frozenset[str]  # all caps, yet not shouting
    generic_greeting: re.Pattern[str]
    pushy: re.Pattern[str]
    polite_ask: re.Pattern[str]  # "whether there is any news" asks; "Any news?" demands
    gift: re.Pattern[str]
    interest: re.Pattern[str]  # restated interest or fit, the many ways a warm note says it
    thanks: re.Pattern[str]
    argues: re.Pattern[str]  # asking them to reconsider, saying they erred, a second go


@functools.cache
def _lexicon(language: str) -> _Lexicon:
    said = cue_words.cues(language)["lint"]
    return _Lexicon(
        stopwords=_wordset(said["stopwords"]),
        generic_company_words=_wordset(said["generic_company_words"]),
        legal_suffixes=_wordset(said["legal_suffixes"]),
        common_capitalised=_wordset(said["common_capitalised"]),
        acronyms=_wordset(said["acronyms"]),
        generic_greeting=re.compile(said["generic_greeting"], re.IGNORECASE),
        pushy=re.compile(said["pushy"]),
        polite_ask=re.compile(said["polite_ask"]),
        gift=re.compile(said["gift"]),
        interest=re.compile(said["interest"]),
        thanks=re.compile(said["thanks"]),
        argues=re.compile(said["argues"]),
    )


def _lex() -> _Lexicon:
    """The cue words of the language notes are written in now (the active locale's)."""
    return _lexicon(cue_words.active())


# -- public API ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Note:
    """A note as it would leave: who it is for (as the user named them) and its text."""

    to: str
    body: str
    subject: str | None = None
    channel: Channel = "email"


def parse_note(text: str, to: str, *, channel: Channel = "email") -> Note:
    """Read a note from text: an optional ``Subject: …`` first line, then the body."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    subject: str | None = None
    if lines and lines[0].lower().startswith("subject:"):
        subject = lines.pop(0)[len("subject:") :].strip() or None
    body = "\n".join(line.rstrip() for line in lines).strip("\n")
    return Note(to=to, body=body, subject=subject, channel=channel)


def lint_note(case: Case, kind: str, note: Note, *, policy: Policy) -> list[Finding]:
    """Every finding for one note, in catalogue order."""
    return _lint(_prepared(case), kind, note, policy)


def lint_notes(
    case: Case, kind: str, notes: Sequence[Note], *, policy: Policy
) -> list[list[Finding]]:
    """Findings per note, in order: :func:`lint_note` plus ``near_duplicate`` per pair."""
    prepared = _prepared(case)
    results = [_lint(prepared, kind, note, policy) for note in notes]
    names = [prepared.recipient(note.to).name for note in notes]
    for i, j, score in _similar_pairs([note_text(n) for n in notes], policy.near_duplicate_ratio):
        for mine, other in ((i, j), (j, i)):
            results[mine].append(
                rule("near_duplicate").finding(
                    _(
                        "This note is %(score)s alike the note to %(name)s; write each person "
                        "their own note."
                    )
                    % {"score": f"{score:.0%}", "name": names[other]}
                )
            )
    return [sorted(found, key=lambda f: _ORDER[f.code]) for found in results]


def similarity(a: str, b: str) -> float:
    """How alike two notes are, 0..1: word-level ratio, proper nouns compared as one token.

    Words are folded to lower case and compared as units (not letters), and every
    capitalised word that does not start a sentence counts as the same token, so two notes
    that only swap names (or other proper nouns) are as alike as identical ones.
    """
    exact, _ = _encode([_sim_tokens(a), _sim_tokens(b)])
    return float(fuzz.ratio(exact[0], exact[1])) / 100.0


def note_text(note: Note) -> str:
    """The subject and body of a note as one text."""
    return f"{note.subject}\n{note.body}" if note.subject else note.body


# -- per-case preparation ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Recipient:
    name: str
    role: ContactRole
    topics: tuple[str, ...]
    greeting: re.Pattern[str]  # the forms that name them, on folded text
    parts: tuple[str, ...]  # name parts as written, for near misses in the greeting


@dataclass(slots=True)
class _Prepared:
    """Everything about a case the lint needs, built once per case."""

    case: Case
    company: str
    own_company: re.Pattern[str]
    pipeline: _Pipeline
    signature: re.Pattern[str]
    targets: dict[str, str]  # folded name (part) -> as written in the case
    known: frozenset[str]  # folded words never flagged as misspelt (besides the pipeline's)
    exact_names: frozenset[str]  # folded name parts: misspelt only if written otherwise
    acronyms: frozenset[str]  # besides the pipeline's
    people: tuple[tuple[re.Pattern[str], str], ...]  # first name -> full name, for greetings
    recipients: dict[str, _Recipient] = field(default_factory=dict)
    misses: dict[str, str | None] = field(default_factory=dict)  # token -> name it misses

    def recipient(self, to: str) -> _Recipient:
        key = _fold(" ".join(to.split()))
        found = self.recipients.get(key)
        if found is None:
            found = self.recipients[key] = _make_recipient(self.case, to)
        return found

    def is_known(self, word: str) -> bool:
        """A folded word of the case's own text: never a misspelling."""
        return word in self.known or (word in self.pipeline.words and word not in self.exact_names)

    def is_acronym(self, word: str) -> bool:
        return word in self.acronyms or word in self.pipeline.acronyms

    def misspelling(self, token: str) -> str | None:
        """The name ``token`` (one word or two, as written) looks like a misspelling of."""
        if token in self.misses:
            return self.misses[token]
        miss = None
        word = _fold(token)
        words = word.split(" ")
        if not (
            len(word) < 4
            or self.is_known(word)
            or word in self.targets
            or (len(words) > 1 and any(self.is_known(w) for w in words))
            or all(w in self.targets for w in words)
        ):
            hit = process.extractOne(
                word, self.targets.keys(), scorer=fuzz.ratio, score_cutoff=NEAR_MISS_SCORE
            )
            if hit is not None and not _inflected(word, hit[0]):
                miss = self.targets[hit[0]]
        if len(self.misses) > 4096:
            self.misses.clear()
        self.misses[token] = miss
        return miss


@dataclass(frozen=True, slots=True)
class _Pipeline:
    """What the lint needs of the other applications: built once per pipeline, shared."""

    companies: tuple[str, ...]  # other companies, each once, in pipeline order
    full: PhraseIndex  # folded full and core names -> index in ``companies``
    short: PhraseIndex  # short names as written ('Northwind') -> index in ``companies``
    words: frozenset[str]  # folded words of the companies' names
    acronyms: frozenset[str]  # all-caps words of the companies' names

    def named(self, folded_rest: str, text: str) -> list[str]:
        """The companies a note names: by full name in ``folded_rest`` (the folded note
        without our own company's name), then by short name in ``text`` (as written)."""
        full = self.full.find(folded_rest)
        short = self.short.find(text) - full
        return [self.companies[i] for i in (*sorted(full), *sorted(short))]


def _build_pipeline(own: str, pipeline: tuple[str, ...]) -> _Pipeline:
    own_folded = _fold(own)
    own_words = set(own_folded.split())
    others: dict[str, str] = {}
    for company in pipeline:
        if (key := _fold(company)) != own_folded:
            others.setdefault(key, company)
    companies = tuple(others.values())
    full = PhraseIndex(
        (form, i) for i, c in enumerate(companies) for form in _company_forms(c, short=False)
    )
    short = PhraseIndex(
        (w, i)
        for i, c in enumerate(companies)
        if (w := _short_name(c)) and _fold(w) not in own_words
    )
    words = [w for c in companies for w in _WORD.findall(c)]
    return _Pipeline(
        companies=companies,
        full=full,
        short=short,
        words=frozenset(_fold(w) for w in words),
        acronyms=frozenset(w for w in words if w.isupper()),
    )


_CACHE: dict[int, _Prepared] = {}
# Prepared pipelines by (our company, every pipeline company's name), not by case identity:
# a web request builds its case afresh, and a changed pipeline is prepared again.
_PIPELINES: dict[tuple[str, tuple[str, ...]], _Pipeline] = {}
_PIPELINES_KEPT = 8
_PIPELINES_LOCK = threading.Lock()


def forget_prepared() -> None:
    """Drop every prepared case and pipeline (the next lint prepares afresh)."""
    _CACHE.clear()
    _PIPELINES.clear()


def _prepared(case: Case) -> _Prepared:
    hit = _CACHE.get(id(case))
    if hit is not None and hit.case is case:
        return hit
    if len(_CACHE) >= 32:
        _CACHE.clear()
    made = _CACHE[id(case)] = _prepare(case, _pipeline_of(case))
    return made


def _pipeline_of(case: Case) -> _Pipeline:
    key = (case.application.company, tuple(e.company for e in case.pipeline))
    with _PIPELINES_LOCK:  # web requests lint in several threads
        hit = _PIPELINES.pop(key, None)
    if hit is None:
        hit = _build_pipeline(*key)
    with _PIPELINES_LOCK:
        while len(_PIPELINES) >= _PIPELINES_KEPT:
            del _PIPELINES[next(iter(_PIPELINES))]  # the least recently used
        _PIPELINES[key] = hit
    return hit


def _prepare(case: Case, pipeline: _Pipeline) -> _Prepared:
    app = case.application
    cand = case.candidate
    sign_forms = [cand.name, cand.first_name]
    if cand.signature and cand.signature.strip():
        sign_forms.append(cand.signature.strip().splitlines()[0])
    names = [name for name, _role in case.people()]
    targets: dict[str, str] = {}
    for name in names:
        for part in _name_parts(name):
            targets.setdefault(_fold(part), part)
        targets.setdefault(_fold(name), name)
    for word in _company_core(app.company).split():
        if len(word) >= 4 and _fold(word) not in _lex().generic_company_words:
            targets.setdefault(_fold(word), word)
    targets.setdefault(_fold(_company_core(app.company)), app.company)
    targets = {k: v for k, v in targets.items() if len(k.replace(" ", "")) >= 4}
    return _Prepared(
        case=case,
        company=app.company,
        own_company=_alternation(_company_forms(app.company, short=True)),
        pipeline=pipeline,
        signature=_alternation(_fold(f) for f in sign_forms),
        targets=targets,
        known=_known_words(case, names),
        exact_names=frozenset(_fold(p) for n in names for p in _name_parts(n)),
        acronyms=_acronyms(case),
        people=tuple((_alternation([_fold(first_name(n))]), n) for n in names),
    )


def _make_recipient(case: Case, to: str) -> _Recipient:
    role = case.role_of(to)  # raises UnknownPerson for a stranger
    wanted = _fold(" ".join(to.split()))
    name = next(n for n, _role in case.people() if _fold(" ".join(n.split())) == wanted)
    topics = case.member(name).topics if role in _PANEL_ROLES else ()
    parts = _name_parts(name)
    full, first, last = _fold(" ".join(parts)), _fold(first_name(name)), _fold(parts[-1])
    # Any part of the name greets them: the given name comes last in some languages
    # ("Dear Lan," for Nguyễn Thị Lan), so first-name-only would miss a correct greeting.
    alone = "|".join(re.escape(_fold(p)) for p in sorted(parts, key=len, reverse=True))
    greeting = re.compile(
        rf"(?:{_spaced(full)}|{re.escape(first)}|{_HONORIFIC}{re.escape(last)}|{alone})(?!\w)"
    )
    return _Recipient(name, role, topics, greeting, tuple(parts))


def _known_words(case: Case, names: list[str]) -> frozenset[str]:
    app, interview = case.application, case.interview
    texts = [case.candidate.name, app.company, app.role, interview.next_step or ""]
    texts += [link.title for link in app.links]
    texts += [p.what for p in interview.promises]
    for member in interview.panel:
        texts += [member.title or "", *member.topics]
    words = {_fold(w) for text in texts for w in _WORD.findall(text)}
    exact_names = {_fold(p) for n in names for p in _name_parts(n)}
    return frozenset(words - exact_names) | _lex().stopwords | _lex().common_capitalised


def _acronyms(case: Case) -> frozenset[str]:
    app = case.application
    texts = [app.company, app.role]
    texts += [t for m in case.interview.panel for t in (m.title or "", *m.topics)]
    found = {w for text in texts for w in _WORD.findall(text) if w.isupper()}
    initials = "".join(w[0] for w in app.company.split() if w[:1].isalpha()).upper()
    return _lex().acronyms | found | ({initials} if len(initials) >= 2 else set())


# -- checks --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Draft:
    """One note being linted, with the views of its text the checks share."""

    prepared: _Prepared
    recipient: _Recipient
    kind: str
    note: Note
    policy: Policy
    text: str  # subject + body
    lower: str  # text.lower(), for the keyword lists
    folded: str  # case- and accent-folded, for names and topics
    lines: tuple[str, ...]  # non-empty body lines, stripped
    stems: frozenset[str]  # word stems of ``folded``, for kinds that check topics

    @property
    def linkedin(self) -> bool:
        return self.kind in LINKEDIN_KINDS or self.note.channel == "linkedin"


def _lint(prepared: _Prepared, kind: str, note: Note, policy: Policy) -> list[Finding]:
    if kind not in NOTE_KINDS:
        raise InputError("unknown_note_kind", kind=kind, kinds=", ".join(NOTE_KINDS))
    recipient = prepared.recipient(note.to)
    text = note_text(note)
    folded = _fold(text)
    draft = _Draft(
        prepared=prepared,
        recipient=recipient,
        kind=kind,
        note=note,
        policy=policy,
        text=text,
        lower=text.lower(),
        folded=folded,
        lines=tuple(s for line in note.body.splitlines() if (s := line.strip())),
        stems=_stems(folded) if _needs_stems(kind) else frozenset(),
    )
    return [finding for check in _CHECKS for finding in check(draft)]


def _needs_stems(kind: str) -> bool:
    """Whether a check of this kind compares the note's words with topics or promises
    (``Kind.lint`` in the kind catalogue)."""
    return applies(kind, "not_specific") or applies(kind, "promise_unmentioned")


def _generic_greeting(d: _Draft) -> Iterator[Finding]:
    greeting = d.lines[0] if d.lines else ""
    folded = _fold(greeting)
    who = d.recipient
    if _named(who.greeting, folded):
        return
    misses = {d.prepared.misspelling(w) for w in _CAPITALISED.findall(greeting)}
    if misses & set(who.parts):
        return  # their name, misspelt: misspelled_name says so
    said = {
        "hint": _("open with 'Dear %(first)s,' instead") % {"first": first_name(who.name)},
        "name": who.name,
        "greeting": _quote(greeting),
    }
    other = next((n for pattern, n in d.prepared.people if _named(pattern, folded)), None)
    if other is not None:
        said["other"] = other
        msg = _("The greeting names %(other)s, but this note is for %(name)s; %(hint)s.")
    elif _lex().generic_greeting.search(greeting):
        msg = _("The greeting %(greeting)s is generic; address %(name)s by name (%(hint)s).")
    elif len(greeting.split()) > 6 or not greeting:
        msg = _("The note opens without a greeting naming %(name)s; %(hint)s.")
    else:
        msg = _("The greeting %(greeting)s does not name %(name)s; %(hint)s.")
    yield rule("generic_greeting").finding(msg % said)


def _not_specific(d: _Draft) -> Iterator[Finding]:
    topics = d.recipient.topics
    if not applies(d.kind, "not_specific") or not topics:
        return
    if not any(_mentions(topic, d.stems) for topic in topics):
        yield rule("not_specific").finding(
            _("The note mentions nothing you discussed with %(name)s, such as %(topic)s.")
            % {"name": d.recipient.name, "topic": _quote(topics[0])}
        )


def _wrong_company(d: _Draft) -> Iterator[Finding]:
    p = d.prepared
    if not _named(p.own_company, d.folded):
        yield rule("wrong_company").finding(
            _("The note never names %(company)s.") % {"company": p.company}
        )
    for company in p.pipeline.named(p.own_company.sub(" ", d.folded), d.text):
        yield rule("wrong_company").finding(
            _("The note mentions %(company)s, another company in your pipeline.")
            % {"company": _quote(company)}
        )


def _placeholder(d: _Draft) -> Iterator[Finding]:
    hinted = any(hint in d.text for hint in _PLACEHOLDER_HINTS) or any(
        hint in d.lower for hint in ("xxx", "lorem")
    )
    found = _distinct(_PLACEHOLDER.findall(d.text)) if hinted else []
    if found:
        yield rule("placeholder").finding(
            ngettext(
                "The note still contains %(found)s; fill in or remove it.",
                "The note still contains %(found)s; fill in or remove them.",
                len(found),
            )
            % {"found": _listing(found)}
        )


def _length(d: _Draft) -> Iterator[Finding]:
    if d.linkedin:
        chars = len(d.note.body)
        if chars > LINKEDIN_NOTE_MAX_CHARS:
            yield rule("length").finding(
                _(
                    "The LinkedIn note has %(chars)s characters; a connection note holds at "
                    "most %(most)s."
                )
                % {"chars": chars, "most": LINKEDIN_NOTE_MAX_CHARS}
            )
        return
    if d.note.channel != "email":
        return
    words = len(d.note.body.split())  # as `wc -w` counts them
    low, high = d.policy.note_min_words, d.policy.note_max_words
    if words < low or words > high:
        yield rule("length").finding(
            _("The email has %(words)s words; aim for %(low)s to %(high)s.")
            % {"words": words, "low": low, "high": high}
        )


def _pushy(d: _Draft) -> Iterator[Finding]:
    found = _distinct(
        phrase
        for phrase in _phrases(_lex().pushy, d)
        if not (phrase.lower().startswith("any") and _asked_politely(d.lower, phrase.lower()))
    )
    if "!!" in d.text:
        found += _distinct(_BANGS.findall(d.text))
    said = " ".join(found).casefold()
    found += [
        _("%(run)s (shouting)") % {"run": run}
        for run in _shouting(d.text, d.prepared.is_acronym)
        if run.strip("'").casefold() not in said
    ]
    if found:
        yield rule("pushy").finding(
            _("The note sounds pushy: %(found)s.") % {"found": _listing(found)}
        )


def _gift(d: _Draft) -> Iterator[Finding]:
    found = _phrases(_lex().gift, d)
    if found:
        yield rule("gift").finding(
            _("The note mentions a gift (%(found)s); leave gifts out entirely.")
            % {"found": _listing(found)}
        )


def _no_interest(d: _Draft) -> Iterator[Finding]:
    if applies(d.kind, "no_interest") and not _phrases(_lex().interest, d):
        yield rule("no_interest").finding(
            _("The note never restates your interest in the %(role)s role or how you would fit.")
            % {"role": d.prepared.case.application.role}
        )


def _promise_unmentioned(d: _Draft) -> Iterator[Finding]:
    if not applies(d.kind, "promise_unmentioned"):
        return
    for promise in _pending_promises(d.prepared.case, d.recipient.name):
        if not _mentions(promise.what, d.stems):
            yield rule("promise_unmentioned").finding(
                _("You promised to %(what)s, and the note neither delivers nor mentions it.")
                % {"what": _quote(promise.what)}
            )


def _no_thanks(d: _Draft) -> Iterator[Finding]:
    if not _phrases(_lex().thanks, d):
        yield rule("no_thanks").finding(
            _("The note never thanks %(name)s; say thank you for their time.")
            % {"name": d.recipient.name}
        )


def _no_signature(d: _Draft) -> Iterator[Finding]:
    tail = _fold("\n".join(d.lines[-3:]))
    if not _named(d.prepared.signature, tail):
        name = d.prepared.case.candidate.name
        yield rule("no_signature").finding(
            _("The note does not end with your name (%(name)s).") % {"name": name}
        )


def _no_subject(d: _Draft) -> Iterator[Finding]:
    if d.note.channel == "email" and not d.linkedin and not (d.note.subject or "").strip():
        yield rule("no_subject").finding(_("The email has no subject line."))


def _misspelled_name(d: _Draft) -> Iterator[Finding]:
    p = d.prepared
    flagged: set[str] = set()
    for token in _capitalised(d.text):
        name = p.misspelling(token)
        if name is None:
            continue
        folded = _fold(token)
        if folded not in flagged and not any(word in flagged for word in folded.split(" ")):
            flagged.add(folded)
            yield rule("misspelled_name").finding(
                _("The note writes %(token)s, which looks like a misspelling of %(name)s.")
                % {"token": _quote(token), "name": _quote(name)}
            )


def _argues_rejection(d: _Draft) -> Iterator[Finding]:
    found = _phrases(_lex().argues, d)
    if found:
        yield rule("argues_rejection").finding(
            _(
                "The note disputes the decision (%(found)s); accept it graciously and keep "
                "the door open."
            )
            % {"found": _listing(found)}
        )


_CHECKS = (
    _generic_greeting,
    _not_specific,
    _wrong_company,
    _placeholder,
    _length,
    _pushy,
    _gift,
    _no_interest,
    _promise_unmentioned,
    _no_thanks,
    _no_signature,
    _no_subject,
    _misspelled_name,
    _argues_rejection,
)
_ORDER = {code: index for index, code in enumerate(LINT_IDS)}


# -- helpers -------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text``."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _spaced(form: str) -> str:
    return r"\s+".join(re.escape(part) for part in form.split())


def _alternation(forms: Iterable[str]) -> re.Pattern[str]:
    """Any of ``forms`` (already folded) ending a word; see :func:`_named` for the start."""
    alts = sorted({_spaced(f) for f in forms if f.strip()}, key=len, reverse=True)
    return re.compile(r"(?:" + "|".join(alts) + r")(?!\w)" if alts else r"(?!)")


def _at_word_start(text: str, index: int) -> bool:
    return index == 0 or not (text[index - 1].isalnum() or text[index - 1] == "_")


def _named(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` matches a whole word (or words) of ``text``.

    The patterns carry no leading boundary, which would stop the regex engine from
    scanning for their first letters; the start of each hit is checked here instead.
    """
    return any(_at_word_start(text, m.start()) for m in pattern.finditer(text))


def _name_parts(name: str) -> list[str]:
    titles = {"dr", "mr", "mrs", "ms", "mx", "prof"}
    parts = [p for p in name.replace(",", " ").split() if p.lower().rstrip(".") not in titles]
    return parts or [name.strip()]


def _company_core(name: str) -> str:
    """The company name without a legal suffix: 'Globex Corp.' -> 'Globex'."""
    words = name.replace(",", " ").split()
    while len(words) > 1 and words[-1].lower().rstrip(".") in _lex().legal_suffixes:
        words.pop()
    return " ".join(words)


def _company_forms(name: str, *, short: bool) -> list[str]:
    forms = [_fold(name), _fold(_company_core(name))]
    word = _short_name(name) if short else None
    return [*forms, _fold(word)] if word else forms


def _short_name(name: str) -> str | None:
    """The distinctive first word a company is called by: 'Northwind' for Northwind Robotics."""
    words = _company_core(name).split()
    if len(words) < 2 or len(words[0]) < 4:
        return None
    first = _fold(words[0])
    return None if first in _lex().stopwords or first in _lex().generic_company_words else words[0]


def _phrases(pattern: re.Pattern[str], d: _Draft) -> list[str]:
    """The distinct phrases ``pattern`` finds in the note, as written, at word starts."""
    lower, text = d.lower, d.text
    same = len(lower) == len(text)
    found = [
        text[m.start() : m.end()] if same else m.group()
        for m in pattern.finditer(lower)
        if _at_word_start(lower, m.start())
    ]
    return _distinct(found)


def _asked_politely(lower: str, phrase: str) -> bool:
    """Every use of ``phrase`` in the note is inside a polite question ("whether there is")."""
    starts = [m.start() for m in re.finditer(re.escape(phrase), lower)]
    return bool(starts) and all(_lex().polite_ask.search(lower[max(0, i - 40) : i]) for i in starts)


def _stems(folded: str) -> frozenset[str]:
    return frozenset(w[:5] for w in _STEM_WORD.findall(folded))


@functools.lru_cache(maxsize=1024)
def _key_stems(text: str) -> frozenset[str]:
    words = _STEM_WORD.findall(_fold(text))
    return frozenset(w[:5] for w in words if w not in _lex().stopwords)


def _mentions(text: str, stems: frozenset[str]) -> bool:
    """At least half of the key words of ``text`` appear among ``stems``."""
    keys = _key_stems(text)
    return not keys or len(keys & stems) >= math.ceil(len(keys) / 2)


def _pending_promises(case: Case, recipient: str) -> list[Promise]:
    """What a note to ``recipient`` owes: promises made to them, or to nobody in particular."""
    return promises.owed_to(case, recipient) + promises.unaddressed(case)


def _capitalised(text: str) -> Iterator[str]:
    """Capitalised words, and every run of two of them separated by one space."""
    prev, prev_end = "", -1
    for match in _CAPITALISED.finditer(text):
        word = match.group()
        if not word[0].isupper():
            prev = ""
            continue
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        yield word
        paired = prev and prev.casefold() not in _TITLES  # "Mr Müller" is Müller, titled
        if paired and match.start() == prev_end + 1 and text[prev_end] == " ":
            yield f"{prev} {word}"
        prev, prev_end = word, match.end()


def _inflected(a: str, b: str) -> bool:
    """One word is the other plus a plural or possessive ending."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and long[len(short) :] in {"s", "es", "'s", "’s"}


def _shouting(text: str, is_acronym: Callable[[str], bool]) -> list[str]:
    """Runs of three or more all-caps words, or sentences mostly in capitals."""
    found: list[str] = []
    if sum(1 for w in text.split() if len(w) > 1 and w.isupper()) < 3:
        return found
    for sentence in _SENTENCE.findall(text):
        words = [w for w in _WORD.findall(sentence) if len(w) >= 2]
        caps = [w.isupper() and not is_acronym(w) for w in words]
        if sum(caps) < 3:
            continue
        runs: list[str] = []
        run: list[str] = []
        for word, cap in zip(words, caps, strict=True):
            if cap:
                run.append(word)
                continue
            if len(run) >= 3:
                runs.append(" ".join(run))
            run = []
        if len(run) >= 3:
            runs.append(" ".join(run))
        if not runs and sum(caps) * 2 > len(words):
            runs.append(sentence.strip())
        found += [_quote(r) for r in runs]
    return found


def _sim_tokens(text: str) -> list[str]:
    """Lower-cased words, each capitalised word inside a sentence replaced by one token."""

    def mask(match: re.Match[str]) -> str:
        start = match.start()
        inside = start > 0 and text[start - 1] not in ".!?:\n\r"
        return " \x00" if inside and match.group(1)[0].isupper() else match.group()

    return _SIM_TOKEN.findall(_PROPER_NOUN.sub(mask, text).lower())


def _encode(texts: list[list[str]]) -> tuple[list[str], list[str]]:
    """Each token list as a string with one character per word: exact, and rough.

    The exact strings give each distinct word its own character. The rough ones fold the
    vocabulary onto 255 characters: that can only make two notes look more alike, so they
    screen pairs before the exact strings confirm them.
    """
    vocab: dict[str, int] = {}
    ids = [[vocab.setdefault(t, len(vocab)) for t in tokens] for tokens in texts]
    exact = ["".join([chr(0x10000 + i) for i in row]) for row in ids]
    rough = ["".join([chr(1 + i % 255) for i in row]) for row in ids]
    return exact, rough


def _similar_pairs(texts: list[str], ratio: float) -> Iterator[tuple[int, int, float]]:
    """Every pair ``(i, j, similarity)`` with ``i < j`` at least ``ratio`` alike."""
    exact, rough = _encode([_sim_tokens(t) for t in texts])
    cutoff = ratio * 100
    for i in range(len(texts) - 1):
        hits = process.extract(
            rough[i], rough[i + 1 :], scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        )
        for j in sorted(i + 1 + index for _match, _score, index in hits):
            score = fuzz.ratio(exact[i], exact[j], score_cutoff=cutoff)
            if score:
                yield i, j, score / 100


def _distinct(found: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for item in found:
        seen.setdefault(" ".join(item.casefold().split()), " ".join(item.split()))
    return list(seen.values())


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"'{text if len(text) <= limit else text[: limit - 1] + '…'}'"


def _listing(items: list[str]) -> str:
    quoted = [i if i.startswith("'") else _quote(i) for i in items]
    if len(quoted) == 1:
        return quoted[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(quoted[:-1]), "last": quoted[-1]}

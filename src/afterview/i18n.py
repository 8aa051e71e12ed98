"""The words people read, through gettext: one catalogue for the web, the CLI and the drafts.

Every user-facing string is marked with :func:`_` (or :func:`ngettext` for a count, or
:func:`N_` where the text is only named and translated later, as click's help is), and
``make messages`` extracts them with Babel into ``locale/afterview.pot``. The active
translations are English as written until a locale is
chosen, by ``AFTERVIEW_LOCALE`` or :func:`activate`, so the default costs one dictionary
lookup and Babel is never imported: ``afterview --version`` and ``afterview plan`` start as
fast as before.

The pseudo-locale ``en-XA`` is built at run time from the extracted catalogue itself: every
message reads "⟦Ŧĥàñķ-ýõû ñõţé⟧", placeholders (``%(name)s``, ``{name}``) and HTML tags
kept as they are. A string that was never marked, or marked but never extracted, stays in
plain English between the markers, which is what the pseudo-locale test looks for. Dates
follow the active locale through ``babel.dates`` (:func:`when`); in English they read
exactly as ``strftime`` printed them before, and no Babel is loaded for them.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol

if TYPE_CHECKING:
    from collections.abc import Iterator

    import jinja2

LOCALE_ENV: Final = "AFTERVIEW_LOCALE"
PSEUDO: Final = "en-XA"
DOMAIN: Final = "afterview"
LOCALE_DIR: Final = Path(__file__).parent / "locale"
CATALOGUE: Final = LOCALE_DIR / f"{DOMAIN}.pot"
OPEN, CLOSE = "⟦", "⟧"
_ENGLISH = frozenset({"", "en", "en_us", "en-us", "c", "posix"})


class _Translations(Protocol):
    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, msgid1: str, msgid2: str, n: int, /) -> str: ...


class _English:
    """The text as written; the stdlib's ``gettext`` module is not even imported for it."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return msgid1 if n == 1 else msgid2


_translations: _Translations | None = None
_locale = "en"


def activate(locale: str | None) -> None:
    """Speak ``locale`` from now on (``None`` or English: the text as written).

    ``en-XA`` is the pseudo-locale; another locale reads ``locale/<locale>/LC_MESSAGES/
    afterview.mo`` and falls back to English, message by message, where it has no entry.
    """
    global _translations, _locale
    name = (locale or "").strip()
    if name.lower() in _ENGLISH:
        _translations, _locale = _English(), "en"
    elif name.replace("_", "-").lower() == PSEUDO.lower():
        _translations, _locale = _pseudo_translations(), PSEUDO
    else:
        import gettext as _gettext

        _translations = _gettext.translation(DOMAIN, LOCALE_DIR, [name], fallback=True)
        _locale = name.replace("-", "_")


def locale() -> str:
    """The active locale's name: "en", "en-XA", "fr_CA"…"""
    _active()
    return _locale


def _active() -> _Translations:
    if _translations is None:  # first use: the environment decides, once
        activate(os.environ.get(LOCALE_ENV))
    assert _translations is not None
    return _translations


def gettext(message: str) -> str:
    """``message`` in the active locale."""
    return _active().gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted message that ``n`` asks for, in the active locale."""
    return _active().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it yet (done where it shows)."""
    return message


def install(env: jinja2.Environment, *, trimmed: bool = True) -> None:
    """Give ``env`` the ``{% trans %}`` tag, ``_()``, ``ngettext()``, ``when()`` and the
    ``translated`` filter (a source's or setting's text, marked with ``N_``, as shown).

    The callables look the active locale up at each call, so one environment serves
    whichever locale is active. ``trimmed`` folds the whitespace of a ``{% trans %}`` block
    as ``babel.cfg`` extracts it (HTML pages); drafts keep their line breaks.
    """
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.policies["ext.i18n.trimmed"] = trimmed
    env.globals["when"] = when
    env.filters["translated"] = gettext  # text marked with N_ where it was defined


# click's own words in help and errors: marked here so the catalogue has them.
CLICK_WORDS: Final = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Arguments"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("default"),
    N_("required"),
)


def extract_cli(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[Any, ...]]:
    """Babel's Python extractor, plus click's help: command docstrings and ``help=`` texts.

    click takes help from the code as written, so marking each of them with ``N_`` would
    only add noise; this finds them where click does, cleaned as click cleans them, and the
    CLI translates them as it shows them (``afterview.cli.localized``).
    """
    import ast
    from inspect import cleandoc

    from babel.messages.extract import extract_python

    yield from extract_python(fileobj, keywords, comment_tags, options)
    fileobj.seek(0)
    tree = ast.parse(fileobj.read())
    clicky = ("command", "group", "option", "argument", "version_option")
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                call = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(call, ast.Attribute | ast.Name) and _name(call).endswith(
                    ("command", "group")
                ):
                    doc = ast.get_docstring(node, clean=True)
                    if doc:
                        yield node.lineno, "_", doc, []
                    break
        elif isinstance(node, ast.Call) and _name(node.func).endswith(clicky):
            for keyword in node.keywords:
                text = keyword.value.value if isinstance(keyword.value, ast.Constant) else None
                if keyword.arg in ("help", "short_help", "epilog") and isinstance(text, str):
                    yield keyword.value.lineno, "_", cleandoc(text), []


def _name(node: Any) -> str:
    return str(getattr(node, "attr", None) or getattr(node, "id", None) or "")


# ---------------------------------------------------------------------------- pseudo-locale

# A placeholder (``{name!r}`` and ``{size:.1f}`` too), an HTML tag or entity, or a Jinja
# expression is kept exactly as written.
_KEEP = (
    r"%\(\w+\)[-#0 +]*\d*[sdifr]|%%|%[sdif]|\{\w*(?:![rsa])?(?::[^{}]*)?\}|<[^>]*>|&#?\w+;"
    r"|\{\{.*?\}\}"
)
_PLAIN = "abcdeghiklnorstuyzABCDEGHIKLNORSTUYZ"
_ACCENTED = "àƀçđéĝĥíķľñõŕšţûýžÀƁÇĐÉĜĤÍĶĽÑÕŔŠŢÛÝŽ"


def pseudo(text: str) -> str:
    """``text`` as the pseudo-locale shows it: accented, between ⟦ and ⟧, placeholders kept."""
    import re  # only the pseudo-locale needs it: kept out of start-up

    accents = str.maketrans(_PLAIN, _ACCENTED)
    parts: list[str] = []
    last = 0
    for kept in re.finditer(_KEEP, text):
        parts.append(text[last : kept.start()].translate(accents))
        parts.append(kept.group())
        last = kept.end()
    parts.append(text[last:].translate(accents))
    return OPEN + "".join(parts) + CLOSE


class _PseudoTranslations:
    """Every message of the extracted catalogue in pseudo-text; anything else as it came."""

    def __init__(self, known: frozenset[str]) -> None:
        self._known = known

    def gettext(self, message: str) -> str:
        return pseudo(message) if message in self._known else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        chosen = msgid1 if n == 1 else msgid2
        return pseudo(chosen) if msgid1 in self._known else chosen


@cache
def _pseudo_translations() -> _PseudoTranslations:
    from babel.messages.pofile import read_po

    with CATALOGUE.open("rb") as handle:
        catalog = read_po(handle)
    known: set[str] = set()
    for message in catalog:
        msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
        if msgid:
            known.add(str(msgid))
    return _PseudoTranslations(frozenset(known))


# ---------------------------------------------------------------------------------- dates

# The date formats people read, by name: strftime's for English as written (what the app
# always printed), and the CLDR pattern that babel.dates follows for any other locale.
FORMATS: Final[dict[str, tuple[str, str]]] = {
    "day": ("%a %d %b", "EEE dd MMM"),
    "day_year": ("%a %d %b %Y", "EEE dd MMM y"),
    "day_time": ("%a %d %b %H:%M", "EEE dd MMM HH:mm"),
    "day_at_time": ("%a %d %b at %H:%M", "EEE dd MMM 'at' HH:mm"),
    "day_year_time": ("%a %d %b %Y %H:%M", "EEE dd MMM y HH:mm"),
    "weekday_time": ("%a %H:%M", "EEE HH:mm"),
    "time": ("%H:%M", "HH:mm"),
    "day_month": ("%d %b", "dd MMM"),
    "long_day": ("%A %d %B, %H:%M", "EEEE dd MMMM, HH:mm"),
    # the day of the month unpadded ("Fri 4 Dec 2026"): {day} is filled in, as strftime
    # has no portable way to drop the zero
    "short_day_year": ("%a {day} %b %Y", "EEE d MMM y"),
    "long_date": ("%A {day} %B %Y", "EEEE d MMMM y"),
}


def when(value: date | datetime, form: str) -> str:
    """``value`` in the named format of :data:`FORMATS`, in the active locale's words."""
    english, pattern = FORMATS[form]
    if locale() == "en":
        text = format(value, english)
        return text.replace("{day}", str(value.day)) if "{" in english else text
    from babel import dates

    language = "en" if _locale == PSEUDO else _locale
    if isinstance(value, datetime):
        text = dates.format_datetime(value, pattern, tzinfo=value.tzinfo, locale=language)
    else:
        text = dates.format_date(value, pattern, locale=language)
    return OPEN + text + CLOSE if _locale == PSEUDO else text

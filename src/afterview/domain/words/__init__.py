"""Each language's cue words: what the lint and the STAR check look for in what people write.

The lint's word lists and phrases (greetings, thanks, pushy or arguing wording, stopwords)
and the STAR check's story cues are English; a note or an answer written in another
language needs that language's own cues, not a translation of these, so they live in one
data file per language (``<code>.toml``, the same keys in each) rather than in the code.
:func:`cues` picks the file of the active locale's language and falls back to English, the
default, where there is none.

The files ship inside the package, like the code, and are read once per language (tomllib
is imported only then), so the domain still reads nothing the user gave it from disk.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Final

from afterview import i18n

HERE: Final = Path(__file__).parent
DEFAULT: Final = "en"


@cache
def language(locale: str) -> str:
    """The cue file's language for ``locale``: "fr_CA" → "fr" if there is ``fr.toml``,
    else English (the pseudo-locale en-XA is English)."""
    base = locale.replace("-", "_").split("_")[0].lower()
    return base if base and (HERE / f"{base}.toml").is_file() else DEFAULT


def active() -> str:
    """The cue file's language for the active locale."""
    return language(i18n.locale())


@cache
def cues(language: str = DEFAULT) -> dict[str, Any]:
    """The cue words of ``language`` as its file gives them: ``{"lint": {...}, "star": {...}}``."""
    import tomllib

    with (HERE / f"{language}.toml").open("rb") as handle:
        return tomllib.load(handle)


__all__ = ["DEFAULT", "active", "cues", "language"]

"""The Jinja2 environment every note is drafted from.

Templates ship inside the package (``afterview/templates``) and a user may override any of
them by putting a file with the same relative path under ``<data folder>/templates`` — the
user's folder is searched first, the package second, so a single overridden template
leaves every other one in place.

Drafts are plain text, so nothing is HTML-escaped. Undefined variables raise instead of
rendering as empty text (``StrictUndefined``): a typo in a template fails loudly rather
than leaving a gap in a note that a recruiter will read. Block tags swallow their own line
(``trim_blocks`` and ``lstrip_blocks``), so templates can be laid out readably without
stray blank lines. Templates meant only for inclusion start with ``_``.

The domain (``afterview.domain.drafting``) never builds this environment itself: it is
handed one, which keeps the domain free of disk access.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from afterview import i18n

TEMPLATES_DIR = "templates"


def environment(user_dir: Path | None = None) -> jinja2.Environment:
    """The environment for drafting; ``user_dir/templates`` wins over the package's own."""
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None and (user_dir / TEMPLATES_DIR).is_dir():
        loaders.append(jinja2.FileSystemLoader(user_dir / TEMPLATES_DIR))
    loaders.append(jinja2.PackageLoader("afterview", TEMPLATES_DIR))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,  # plain-text notes, never HTML
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    i18n.install(env, trimmed=False)  # a note's line breaks are its own
    return env

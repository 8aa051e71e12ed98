"""The errors afterview raises for things a user can fix.

An error names what went wrong with a stable ``code`` and the values its sentence needs,
``params``: ``UnknownRecord("unknown_application", id=7)``. The neutral sentence for each
code is in :mod:`afterview.domain.messages`; each interface words the error from it plus
its own hint (``cli/messages.py`` names a command, ``web/messages.py`` a page), so a page
never tells anyone to type ``--why`` and the terminal never points at a page. ``str()`` of
an error is the neutral sentence, which is what logs and stored failure notes keep.

There is no other way to raise one: a code missing from the catalogue, or a sentence in
its place, is refused when the error is built, as is a code without a value its sentence
names. A misspelt code is a slip of the programmer's, so it fails loudly (in the tests,
which raise every code and scan every raise) instead of reaching a user as half a sentence.

The CLI and the web app turn each of these into one clear sentence; none of them should
ever reach a user as a traceback.
"""

from __future__ import annotations

from typing import Any


class AfterviewError(Exception):
    """Base class: a catalogued code and the values its sentence needs."""

    code: str
    params: dict[str, Any]

    def __init__(self, code: str, /, **params: Any) -> None:
        from afterview.domain.messages import MESSAGES

        text = MESSAGES.get(code)
        if text is None:
            raise ValueError(f"{code!r} is not an error code of afterview.domain.messages")
        missing = fields(text) - params.keys()
        if missing:
            raise ValueError(f"{code!r} needs {', '.join(sorted(missing))}")
        super().__init__(code)
        self.code, self.params = code, params

    def __str__(self) -> str:
        from afterview.domain.messages import sentence

        return sentence(self.code, self.params)


def fields(template: str) -> set[str]:
    """The names a ``str.format`` template fills (``{id}``, ``{size:.1f}``, ``{name!r}``)."""
    import string  # only an error being built needs it, and most commands raise none

    return {
        name.partition(".")[0].partition("[")[0]
        for _, name, _, _ in string.Formatter().parse(template)
        if name is not None
    }


class InputError(AfterviewError):
    """The input is wrong (a malformed file, an unknown name, an impossible date).

    Interfaces map it to exit code 2.
    """


class UnknownPerson(InputError):
    """A name given on the command line matches nobody in the interview file."""

    def __init__(self, name: str, known: list[str]) -> None:
        if known:
            super().__init__("unknown_person", name=name, known=", ".join(known))
        else:
            super().__init__("unknown_person_nobody_known", name=name)
        self.name = name
        self.known = known


class Forbidden(InputError):
    """The actor may not do this at all (a counsellor asked to change a seeker's search):
    the interfaces say so plainly (HTTP 403), whatever the values."""


class UnknownRecord(InputError):
    """An id names nothing the actor may see (none stored, or another account's)."""


MAX_ID = 2**63 - 1  # the largest id either database can hold

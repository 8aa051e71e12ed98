"""The errors afterview raises for things a user can fix.

An error names what went wrong with a stable ``code`` and the values its sentence needs,
``params``: ``UnknownRecord("unknown_application", id=7)``. The neutral sentence for each
code is in :mod:`afterview.domain.messages`; each interface words the error from it plus
its own hint (``cli/messages.py`` names a command, ``web/messages.py`` a page), so a page
never tells anyone to type ``--why`` and the terminal never points at a page. ``str()`` of
an error is the neutral sentence, which is what logs and stored failure notes keep.

An error may still be raised with a complete sentence instead of a code (``code`` is then
``None``); those are the ones not yet moved to the catalogue.

The CLI and the web app turn each of these into one clear sentence; none of them should
ever reach a user as a traceback.
"""

from __future__ import annotations

import re
from typing import Any

_CODE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


class AfterviewError(Exception):
    """Base class: a code and its parameters, or (not yet catalogued) a complete sentence."""

    code: str | None
    params: dict[str, Any]

    def __init__(self, code: str, /, **params: Any) -> None:
        from afterview.domain.messages import MESSAGES

        super().__init__(code)
        if params or (_CODE.fullmatch(code) and code in MESSAGES):
            self.code, self.params, self._text = code, params, None
        else:
            self.code, self.params, self._text = None, {}, code

    def __str__(self) -> str:
        if self.code is None:
            return self._text or ""
        from afterview.domain.messages import sentence

        return sentence(self.code, self.params)


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


class UnknownRecord(InputError):
    """An id names nothing the actor may see (none stored, or another account's)."""


MAX_ID = 2**63 - 1  # the largest id either database can hold

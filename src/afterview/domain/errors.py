"""The errors afterview raises for things a user can fix.

The CLI and the web app turn each of these into one clear sentence; none of them should
ever reach a user as a traceback.
"""

from __future__ import annotations


class AfterviewError(Exception):
    """Base class: the message is a complete sentence a user can act on."""


class InputError(AfterviewError):
    """The input is wrong (a malformed file, an unknown name, an impossible date).

    Interfaces map it to exit code 2.
    """


class UnknownPerson(InputError):
    """A name given on the command line matches nobody in the interview file."""

    def __init__(self, name: str, known: list[str]) -> None:
        listed = ", ".join(known) if known else "nobody"
        super().__init__(f"Nobody called {name!r} is in this interview file (known: {listed}).")
        self.name = name
        self.known = known


class UnknownRecord(InputError):
    """An id names nothing the actor may see (none stored, or another account's)."""


MAX_ID = 2**63 - 1  # the largest id either database can hold

"""Who acts: the account behind a request, and whose job search it acts on.

Every entry point resolves one :class:`Actor` before it touches any data — the command line
the local account, the web app the request's user (on a laptop, the same single local
account) — and passes it down explicitly. Storage scopes every query to
:attr:`Actor.owner`, so no function below an entry point decides on its own whose rows it
reads or writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["seeker", "counsellor", "admin", "worker"]


@dataclass(frozen=True, slots=True)
class Actor:
    """An account acting, in a role, on one job search.

    A seeker acts on their own search (``on_behalf_of`` is their own account); a counsellor
    acts on the search of the seeker they are helping; the outbox worker acts on the search
    whose approved mail it sends.
    """

    account: int
    role: Role
    on_behalf_of: int

    @classmethod
    def seeker(cls, account: int) -> Actor:
        """A job seeker acting on their own search."""
        return cls(account=account, role="seeker", on_behalf_of=account)

    @classmethod
    def signed_in(cls, account: int, role: Role) -> Actor:
        """An account that signed in (a career centre), on its own search, in the role its
        account row gives it: the role is the account's, never the request's."""
        return cls(account=account, role=role, on_behalf_of=account)

    @classmethod
    def worker(cls, owner: int) -> Actor:
        """The outbox worker sending mail an account approved, with that account's authority
        (approving a note is asking for it to be sent)."""
        return cls(account=owner, role="worker", on_behalf_of=owner)

    @classmethod
    def counsellor(cls, account: int, seeker: int | None = None) -> Actor:
        """A counsellor: on their own caseload (``seeker`` left out), or reading the search
        of a seeker who grants them access. Reading only: a unit of work that acts for
        another account refuses to write (``storage/work.py``), and in a career centre the
        database's policies let the counsellor's account read, never change, that search."""
        return cls(
            account=account, role="counsellor", on_behalf_of=account if seeker is None else seeker
        )

    @property
    def for_another(self) -> bool:
        """Whether this actor's account reads a search that is not its own (a counsellor
        helping a seeker): the case consent, the read-only rule and the access log govern."""
        return self.account != self.on_behalf_of

    @property
    def owner(self) -> int:
        """The account whose job search this actor reads and changes."""
        return self.on_behalf_of

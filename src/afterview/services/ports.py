"""The ports: what the services may use of storage, as protocols, and the storage functions
the composition root installs behind them.

Services import the domain, the support modules and this module, never the storage
package (an import-linter contract in ``pyproject.toml`` holds them to it). A service writes
``from afterview.services.ports import repository as repo`` and calls
``repo.application(tx, app_id)`` as before; :mod:`afterview.wiring` imports the storage
modules, mypy checks each against its protocol there, and :func:`install` binds their
functions onto the stand-ins below.

The repository protocols are generic in the transaction type. A storage function takes
``storage.db.Tx``, and a parameter type may only widen in an implementation, so a module
whose functions take that class cannot satisfy a protocol whose methods take the :class:`Tx`
below. The composition root checks ``storage.repository`` against
``Repository[storage.db.Tx]``; the services see ``Repository[Tx]``. The one step that is not
checked, from the first to the second, is :func:`_stand_in`.

Adding a repository function a service needs: add it to its protocol here, with its real
types; mypy reports in ``wiring.py`` if storage has no such function or its signature
differs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from afterview.stored import Origin

if TYPE_CHECKING:
    from afterview.domain.actor import Actor
    from afterview.domain.models import Case, Question
    from afterview.domain.planner import Plan
    from afterview.domain.steps import Step

NOT_WIRED = "afterview.wiring installs the storage adapters; import it first"

TxT = TypeVar("TxT", contravariant=True)  # the transaction a repository function takes
TxI = TypeVar("TxI")  # the same, in the record of installed adapters
R = TypeVar("R")  # what one statement run alone returns

# -- the unit of work ----------------------------------------------------------------------


class Tx(Protocol):
    """What a service sees of a transaction: whose search it reads and writes. Everything
    else of it (the SQL) is for the repository functions it is handed to."""

    @property
    def owner(self) -> int: ...


class BackupSource(Protocol):
    """What a backup needs to know of the database: whether it is one SQLite file it can
    copy with SQLite's online backup, where, and that the file is at the current schema."""

    @property
    def dialect(self) -> str: ...

    @property
    def path(self) -> Path | None: ...

    def ensure_schema(self) -> None: ...


class UnitOfWork(Protocol):
    """The database as one actor may use it: each ``with`` block is one transaction."""

    @property
    def actor(self) -> Actor: ...

    @property
    def db(self) -> BackupSource: ...

    def read(self) -> AbstractContextManager[Tx]: ...

    def write(self, *, links_checked: bool = ...) -> AbstractContextManager[Tx]:
        """A write transaction; ``links_checked``: the caller checked every link it writes
        (the database may skip checking them again)."""
        ...

    def sole_account(self) -> bool:
        """Whether the database holds this actor's search and no other account's."""
        ...


class Directory(Protocol):
    """The database as a career centre's front desk uses it: before anyone is known
    (signing in, a token's account) or for the administrator (adding, listing, disabling
    accounts). A transaction opened without an actor acts for nobody; row-level security
    then shows nothing but what the centre's functions return."""

    @property
    def centre(self) -> bool: ...

    def ensure_schema(self) -> None: ...

    def transaction(
        self, *, write: bool = ..., actor: Actor | None = ...
    ) -> AbstractContextManager[Tx]: ...

    def read(self, actor: Actor | None = ...) -> AbstractContextManager[Tx]: ...

    def alone(self, statement: Callable[[Tx], R]) -> R: ...


class Dispatch(Protocol):
    """The outbox worker's way in: transactions that act for nobody, to claim the due mail
    of every account."""

    def read(self) -> AbstractContextManager[Tx]: ...

    def write(self) -> AbstractContextManager[Tx]: ...


class Merge(Protocol):
    """What merging a new plan into the stored one changed."""

    @property
    def added(self) -> int: ...

    @property
    def updated(self) -> int: ...

    @property
    def cancelled(self) -> int: ...


# -- the repositories: exactly the functions services call ----------------------------------


class Repository(Protocol[TxT]):
    """The applications, interviews, plan steps, history and the candidate."""

    INTERVIEW_UPDATES: frozenset[str]  # what set_interview_field accepts

    def action(self, tx: TxT, action_id: int) -> dict[str, Any]: ...
    def add_history(self, tx: TxT, app_id: int, entry: dict[str, Any], now: datetime) -> int: ...
    def add_override(
        self,
        tx: TxT,
        app_id: int,
        kind: str,
        to: str | None,
        rules: list[str],
        reason: str,
        now: datetime,
    ) -> int: ...
    def application(self, tx: TxT, app_id: int) -> dict[str, Any]: ...
    def cancel_older_rounds(
        self, tx: TxT, app_id: int, latest_interview: int, now: datetime
    ) -> int: ...
    def candidate_timezone(self, tx: TxT) -> str | None: ...
    def case_data(
        self,
        tx: TxT,
        app_id: int,
        interview: dict[str, Any] | None = ...,
        *,
        pipeline_limit: int | None = ...,
    ) -> dict[str, Any]: ...
    def close_out_step(self, tx: TxT, app_id: int) -> dict[str, Any] | None: ...
    def count_applications(self, tx: TxT) -> int: ...
    def count_attached(self, tx: TxT, app_id: int, tables: Iterable[str]) -> dict[str, int]: ...
    def count_history(self, tx: TxT, app_id: int, kind: str) -> int: ...
    def create_application(
        self, tx: TxT, app: dict[str, Any], status: str, now: datetime
    ) -> int: ...
    def delete_application(self, tx: TxT, app_id: int) -> None: ...
    def dumps(self, value: Any) -> str:
        """JSON text as the repository stores it (dates as ISO 8601, keys sorted)."""
        ...

    def find_application(self, tx: TxT, company: str, role: str) -> int | None: ...
    def first_history_at(
        self, tx: TxT, app_id: int, kind: str, since: datetime
    ) -> datetime | None: ...
    def get_candidate(self, tx: TxT) -> dict[str, Any] | None: ...
    def history_section(self, tx: TxT, app_id: int) -> list[dict[str, Any]]: ...
    def holds_search(self, tx: TxT) -> bool: ...
    def interviews(self, tx: TxT, app_id: int) -> list[dict[str, Any]]: ...
    def keep_in_touch_step(self, tx: TxT, app_id: int) -> dict[str, Any] | None: ...
    def last_history_at(self, tx: TxT, app_id: int) -> datetime | None: ...
    def last_interview_end(self, tx: TxT, app_id: int) -> datetime | None: ...
    def mark_done(
        self, tx: TxT, action_id: int, at: datetime, note: str | None, now: datetime
    ) -> None: ...
    def mark_skipped(self, tx: TxT, action_id: int, why: str, now: datetime) -> None: ...
    def merge_plan(
        self, tx: TxT, app_id: int, interview_id: int, case: Case, plan: Plan, now: datetime
    ) -> Merge: ...
    def open_applications_except(self, tx: TxT, app_id: int) -> list[dict[str, Any]]: ...
    def overrides(self, tx: TxT, app_id: int) -> list[dict[str, Any]]: ...
    def pending_steps_of_kind(
        self, tx: TxT, app_id: int, kind: str
    ) -> list[tuple[int, datetime]]: ...
    def planned_applications(self, tx: TxT) -> list[int]: ...
    def rejection_reply_step(self, tx: TxT, app_id: int) -> dict[str, Any] | None: ...
    def replan_candidates(self, tx: TxT, except_id: int | None = ...) -> list[int]: ...
    def revisit_start(self, tx: TxT, interview_id: int) -> datetime | None: ...
    def save_candidate(self, tx: TxT, data: dict[str, Any], now: datetime) -> None: ...
    def save_interview(
        self,
        tx: TxT,
        app_id: int,
        case: Case,
        section: dict[str, Any],
        decision_date: date | None,
        now: datetime,
        *,
        replace: int | None = ...,
    ) -> int: ...
    def set_decision_date(self, tx: TxT, interview_id: int, decision: date | None) -> None: ...
    def set_interview_field(
        self, tx: TxT, interview_id: int, column: str, value: str | None
    ) -> None: ...
    def set_interview_notes(self, tx: TxT, interview_id: int, notes: dict[str, Any]) -> None: ...
    def update_application(self, tx: TxT, app_id: int, now: datetime, **fields: Any) -> None: ...


class AgendaRepo(Protocol[TxT]):
    """The agenda's steps: what is due, what waits for an answer, what was heard."""

    def count_heard(self, tx: TxT, since: datetime) -> int: ...
    def count_pending_steps(self, tx: TxT, after: datetime, until: datetime) -> int: ...
    def count_waiting(self, tx: TxT, now: datetime) -> int: ...
    def heard(self, tx: TxT, since: datetime, limit: int) -> list[dict[str, Any]]: ...
    def pending_starts(self, tx: TxT) -> list[dict[str, Any]]: ...
    def pending_steps(
        self, tx: TxT, after: datetime, until: datetime, limit: int
    ) -> list[dict[str, Any]]: ...
    def stored_step(self, row: dict[str, Any]) -> Step: ...
    def waiting(self, tx: TxT, now: datetime, limit: int) -> list[dict[str, Any]]: ...


class ArchiveRepo(Protocol[TxT]):
    """The lossless archive's rows, read in batches and inserted in bulk."""

    def export_batches(
        self, tx: TxT, table: str, columns: Sequence[str]
    ) -> Iterator[list[str]]: ...
    def insert_rows(
        self,
        tx: TxT,
        table: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        skip_conflicts: bool = ...,
        moved: Mapping[str, int] | None = ...,
        fixed: Mapping[str, int] | None = ...,
    ) -> None: ...
    def new_ids(self, tx: TxT, table: str, count: int) -> list[int]: ...
    def bulk_load(self, tx: TxT, incoming: Mapping[str, int]) -> AbstractContextManager[None]: ...
    def step_ids(
        self, tx: TxT, first_interview: int, last_interview: int
    ) -> dict[tuple[int, str], int]: ...


class CalendarRepo(Protocol[TxT]):
    """The calendar feed: its secret token and the steps it shows."""

    def candidate(self, tx: TxT) -> dict[str, Any] | None: ...
    def create_feed(self, tx: TxT, token: str, now: datetime) -> str: ...
    def feed_token(self, tx: TxT) -> str | None: ...
    def pending_steps(self, tx: TxT) -> list[Step]: ...
    def replace_feed(self, tx: TxT, token: str, now: datetime) -> None: ...


class ImportRepo(Protocol[TxT]):
    """Where imported applications came from, so a second import updates them."""

    def origins(self, tx: TxT) -> list[Origin]: ...
    def save_origin(self, tx: TxT, origin: Origin, now: datetime) -> None: ...


class InsightsRepo(Protocol[TxT]):
    """The counts behind the insights page."""

    def application_counts(self, tx: TxT) -> dict[str, Any] | None: ...
    def decisions(self, tx: TxT) -> list[dict[str, Any]]: ...
    def follow_ups(self, tx: TxT) -> list[dict[str, Any]]: ...
    def pending_thank_you_dues(self, tx: TxT) -> list[dict[str, Any]]: ...
    def recurring_question_groups(self, tx: TxT, recurring: int) -> list[dict[str, Any]]: ...
    def thank_you_counts(self, tx: TxT, now: datetime | None) -> dict[str, Any] | None: ...


class LearningRepo(Protocol[TxT]):
    """Questions asked, reflections and expressive writing."""

    def add_expressive(
        self, tx: TxT, app_id: int, interview_id: int | None, text: str, now: datetime
    ) -> int: ...
    def count_expressive(self, tx: TxT, app_id: int) -> int: ...
    def index_unindexed(self, tx: TxT, now: datetime) -> int: ...
    def interview_groups(self, tx: TxT, interview_id: int) -> list[int]: ...
    def question_rows(self, tx: TxT) -> list[dict[str, Any]]: ...
    def reflection(self, tx: TxT, interview_id: int, kind: str) -> dict[str, Any] | None: ...
    def replace_questions(
        self,
        tx: TxT,
        app_id: int,
        interview_id: int,
        questions: tuple[Question, ...],
        asked_at: datetime,
        now: datetime,
    ) -> list[int]: ...
    def save_reflection(
        self,
        tx: TxT,
        app_id: int,
        interview_id: int | None,
        kind: str,
        data: dict[str, Any],
        written_at: datetime,
        now: datetime,
    ) -> int: ...


class MailRepo(Protocol[TxT]):
    """What the reply watch heard, and what the user decided about it."""

    def add_event(
        self, tx: TxT, app_id: int, event: dict[str, Any], now: datetime
    ) -> int | None: ...
    def decide(self, tx: TxT, event_id: int, status: str, now: datetime) -> bool: ...
    def event(self, tx: TxT, event_id: int) -> dict[str, Any]: ...
    def events(
        self, tx: TxT, *, app_id: int | None = ..., since: datetime | None = ..., limit: int = ...
    ) -> list[dict[str, Any]]: ...
    def mark_undone(self, tx: TxT, event_id: int, now: datetime) -> bool: ...
    def newest_event(self, tx: TxT, app_id: int) -> int | None: ...


class OutboxRepo(Protocol[TxT]):
    """Approved mail: the outbox, its claims by the worker and what was sent."""

    def active_for(self, tx: TxT, app_id: int, kind: str, to_email: str) -> int | None: ...
    def approved_for(self, tx: TxT, app_id: int, status: str = ...) -> list[dict[str, Any]]: ...
    def claim(
        self, tx: TxT, worker: str, now: datetime, stale: datetime, limit: int
    ) -> list[tuple[int, int]]: ...
    def claim_unknown(
        self, tx: TxT, worker: str, now: datetime, stale: datetime
    ) -> list[tuple[int, int]]: ...
    def get(self, tx: TxT, message_id: int) -> dict[str, Any]: ...
    def hand_off(
        self, tx: TxT, message_id: int, worker: str, now: datetime, attempts: int
    ) -> bool: ...
    def insert(self, tx: TxT, values: dict[str, Any]) -> int: ...
    def listing(self, tx: TxT, *, limit: int = ...) -> list[dict[str, Any]]: ...
    def owner_zone(self, tx: TxT) -> str | None: ...
    def pending_step(self, tx: TxT, app_id: int, kind: str, name: str) -> dict[str, Any] | None: ...
    def planned(self, tx: TxT, ids: list[int]) -> None: ...
    def release_queued(self, tx: TxT, holder: str, now: datetime) -> int: ...
    def sent_unplanned(self, tx: TxT, app_id: int) -> list[int]: ...
    def sent_unplanned_apps(self, tx: TxT) -> list[tuple[int, int]]: ...
    def step_done(self, tx: TxT, action_id: int, at: datetime, now: datetime) -> None: ...
    def thread_parent(self, tx: TxT, app_id: int, to_email: str) -> dict[str, Any] | None: ...
    def undelivered(self, tx: TxT, stalled_before: datetime) -> dict[str, Any]: ...
    def update(self, tx: TxT, message_id: int, now: datetime, **fields: Any) -> None: ...


class OverviewRepo(Protocol[TxT]):
    """The application list, the overview page and the CSV export."""

    def all_applications(self, tx: TxT) -> list[dict[str, Any]]: ...
    def application_list(self, tx: TxT) -> list[dict[str, Any]]: ...
    def application_steps(self, tx: TxT, app_id: int) -> list[dict[str, Any]]: ...
    def companies_interviewed_between(
        self, tx: TxT, since: datetime, now: datetime
    ) -> list[str]: ...
    def count_active(self, tx: TxT) -> int: ...
    def interview_summaries(self, tx: TxT) -> list[dict[str, Any]]: ...
    def pending_step_kinds_latest_first(self, tx: TxT) -> list[dict[str, Any]]: ...
    def pending_steps_latest_first(self, tx: TxT) -> list[dict[str, Any]]: ...


class SettingsRepo(Protocol[TxT]):
    """The settings an account changed from the cited defaults."""

    def policy_overrides(self, tx: TxT) -> dict[str, Any]: ...
    def save_policy(self, tx: TxT, values: Mapping[str, Any], now: datetime) -> None: ...


class ConsentRepo(Protocol[TxT]):
    """Grants, the access log and counsellors' notes; "me" is the account acting."""

    def me(self, tx: TxT) -> int: ...
    def parties(self, tx: TxT) -> dict[int, str]: ...
    def counsellor_by_email(self, tx: TxT, email: str) -> int | None: ...
    def my_address(self, tx: TxT) -> str: ...
    def standing_grant(self, tx: TxT, seeker: int, counsellor: int) -> int | None: ...
    def add_grant(self, tx: TxT, counsellor: int, version: str, now: datetime) -> int: ...
    def revoke(self, tx: TxT, grant_id: int, now: datetime) -> int | None: ...
    def grants(self, tx: TxT) -> list[dict[str, Any]]: ...
    def log(self, tx: TxT, seeker: int, action: str, subject: str | None, at: datetime) -> None: ...
    def log_reads(self, tx: TxT, subject: str, at: datetime) -> list[int]: ...
    def access_log(self, tx: TxT) -> list[dict[str, Any]]: ...
    def add_note(
        self,
        tx: TxT,
        seeker: int,
        body: str,
        shared: bool,
        application: int | None,
        now: datetime,
    ) -> int: ...
    def application_of(self, tx: TxT, seeker: int, application: int) -> bool: ...
    def notes(self, tx: TxT, seeker: int | None = None) -> list[dict[str, Any]]: ...


class CaseloadRepo(Protocol[TxT]):
    """A counsellor's caseload: one statement over every granting seeker."""

    def caseload(
        self, tx: TxT, *, now: datetime, today: date, since: datetime
    ) -> dict[int, dict[str, int]]: ...
    def applications(self, tx: TxT) -> list[dict[str, Any]]: ...
    def moments(self, tx: TxT) -> dict[str, list[Any]]: ...


class AccountsRepo(Protocol[TxT]):
    """Accounts that sign in, their tokens and sessions (career centre only)."""

    def add(
        self, tx: TxT, email: str, role: str, password_hash: str, now: datetime
    ) -> int | None: ...
    def listed(self, tx: TxT) -> list[dict[str, Any]]: ...
    def account_id(self, tx: TxT, email: str) -> int | None: ...
    def disable(self, tx: TxT, email: str, now: datetime) -> int | None: ...
    def sign_in_lookup(self, tx: TxT, email: str) -> dict[str, Any] | None: ...
    def token_account(self, tx: TxT, token_hash: str, now: datetime) -> tuple[int, str] | None: ...
    def tokens(self, tx: TxT) -> list[dict[str, Any]]: ...
    def add_token(self, tx: TxT, token_hash: str, now: datetime) -> None: ...
    def owned_tables(self, tx: TxT) -> list[str]: ...
    def count_owned(self, tx: TxT, tables: list[str]) -> dict[str, int]: ...
    def erase(self, tx: TxT, tables: list[str]) -> None: ...
    def add_session(
        self, tx: TxT, session_hash: str, now: datetime, expires_at: datetime
    ) -> None: ...
    def session_account(
        self, tx: TxT, session_hash: str, now: datetime, seen_since: datetime
    ) -> tuple[int, str] | None: ...
    def end_session(self, tx: TxT, session_hash: str) -> None: ...
    def sign_in_failures(
        self, tx: TxT, email: str, address: str, since: datetime
    ) -> dict[str, Any]: ...
    def sign_in_failed(self, tx: TxT, email: str, address: str, now: datetime) -> None: ...
    def sign_in_forget(self, tx: TxT, email: str, before: datetime) -> None: ...
    def oidc_flow_start(
        self,
        tx: TxT,
        state_hash: str,
        nonce: str,
        verifier: str,
        now: datetime,
        expires_at: datetime,
        cap: int,
    ) -> bool: ...
    def oidc_flow_take(self, tx: TxT, state_hash: str, now: datetime) -> tuple[str, str] | None: ...
    def oidc_nonce_used(self, tx: TxT, nonce: str) -> bool: ...
    def oidc_account(self, tx: TxT, issuer: str, subject: str) -> tuple[int, str] | None: ...
    def oidc_email_account(self, tx: TxT, issuer: str, email: str) -> tuple[int, str] | None: ...
    def oidc_link(self, tx: TxT, issuer: str, subject: str, now: datetime) -> None: ...


class MailAccountsRepo(Protocol[TxT]):
    """A seeker's own mail account, secrets encrypted, and a send task's take-over of a
    claimed message (career centre only)."""

    def get(self, tx: TxT) -> dict[str, Any] | None: ...
    def save(self, tx: TxT, values: dict[str, Any], now: datetime) -> None: ...
    def remove(self, tx: TxT) -> bool: ...
    def take_over(self, tx: TxT, message_id: int, me: str, queue: str, now: datetime) -> bool: ...


class PeriodicRepo(Protocol[TxT]):
    """Who a career centre's periodic work acts for (account ids only)."""

    def mail_watchers(self, tx: TxT) -> list[int]: ...
    def seekers_to_replan(self, tx: TxT) -> list[int]: ...


class RightsRepo(Protocol[TxT]):
    """A seeker's data rights: the account's own address (career centre only)."""

    def own_email(self, tx: TxT) -> str | None: ...
    def retention_candidates(self, tx: TxT, idle_since: datetime) -> list[dict[str, Any]]: ...
    def mark_warned(self, tx: TxT, at: datetime | None) -> None: ...
    def purge_search(self, tx: TxT, *, dry_run: bool = ...) -> dict[str, int]: ...


class ReportRepo(Protocol[TxT]):
    """The centre report's counts by month, across accounts (career centre only)."""

    def monthly_counts(self, tx: TxT, admin: int) -> list[dict[str, Any]]: ...


# -- installing the adapters ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Adapters(Generic[TxI]):
    """One implementation of every repository port, all over the same transaction type."""

    repository: Repository[TxI]
    agenda_repo: AgendaRepo[TxI]
    archive_repo: ArchiveRepo[TxI]
    calendar_repo: CalendarRepo[TxI]
    import_repo: ImportRepo[TxI]
    insights_repo: InsightsRepo[TxI]
    learning_repo: LearningRepo[TxI]
    mail_repo: MailRepo[TxI]
    outbox_repo: OutboxRepo[TxI]
    overview_repo: OverviewRepo[TxI]
    settings_repo: SettingsRepo[TxI]
    consent_repo: ConsentRepo[TxI]
    caseload_repo: CaseloadRepo[TxI]
    accounts_repo: AccountsRepo[TxI]
    mail_accounts_repo: MailAccountsRepo[TxI]
    periodic_repo: PeriodicRepo[TxI]
    rights_repo: RightsRepo[TxI]
    report_repo: ReportRepo[TxI]


class _Unwired:
    """A repository port before :func:`install`: any name looked up is the error that says
    what to do."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # copy, pickle and introspection probe for these
            raise AttributeError(name)
        raise RuntimeError(NOT_WIRED)


class _Wired:
    """A repository port after :func:`install`: the storage functions are plain attributes
    of it, so a call through it costs what a call through the module does (figures in
    docs/ARCHITECTURE.md). A class of its own: a ``__getattr__`` on the class, even one
    never reached, makes every lookup several times slower."""


def _bind(slot: object, protocol: type, implementation: object) -> None:
    """Make ``slot`` answer with ``implementation``'s names. A module lends its namespace
    itself, so what is later set on the module (a test's ``monkeypatch``) is what the
    services call; any other object has the protocol's names copied."""
    missing = [name for name in _members(protocol) if not hasattr(implementation, name)]
    if missing:
        raise TypeError(f"{implementation!r} lacks {', '.join(missing)}")
    if isinstance(implementation, ModuleType):
        slot.__dict__ = vars(implementation)
    else:
        slot.__dict__ = {name: getattr(implementation, name) for name in _members(protocol)}
    slot.__class__ = _Wired


def _members(protocol: type) -> list[str]:
    """The public names a protocol declares: its methods and its annotated attributes."""
    names: dict[str, None] = {}
    for klass in protocol.__mro__:
        if klass in (object, Generic, Protocol):
            continue
        names.update(dict.fromkeys(n for n in vars(klass) if not n.startswith("_")))
        annotated = vars(klass).get("__annotations__", {})
        names.update(dict.fromkeys(n for n in annotated if not n.startswith("_")))
    return list(names)


_SLOTS: dict[str, tuple[object, type]] = {}  # port name -> (its stand-in, its protocol)


def _stand_in(port: str, protocol: type) -> Any:
    """The one unchecked bridge: a stand-in typed, where it is assigned below, as the port
    over this module's :class:`Tx`. What :func:`install` binds onto it was checked (in
    ``afterview.wiring``) against the port over the storage's own transaction class; the
    two meet because every ``Tx`` a service holds comes from a :class:`UnitOfWork` of that
    same storage, so it is an instance of that class."""
    slot = _Unwired()
    _SLOTS[port] = (slot, protocol)
    return slot


repository: Repository[Tx] = _stand_in("repository", Repository)
agenda_repo: AgendaRepo[Tx] = _stand_in("agenda_repo", AgendaRepo)
archive_repo: ArchiveRepo[Tx] = _stand_in("archive_repo", ArchiveRepo)
calendar_repo: CalendarRepo[Tx] = _stand_in("calendar_repo", CalendarRepo)
import_repo: ImportRepo[Tx] = _stand_in("import_repo", ImportRepo)
insights_repo: InsightsRepo[Tx] = _stand_in("insights_repo", InsightsRepo)
learning_repo: LearningRepo[Tx] = _stand_in("learning_repo", LearningRepo)
mail_repo: MailRepo[Tx] = _stand_in("mail_repo", MailRepo)
outbox_repo: OutboxRepo[Tx] = _stand_in("outbox_repo", OutboxRepo)
overview_repo: OverviewRepo[Tx] = _stand_in("overview_repo", OverviewRepo)
settings_repo: SettingsRepo[Tx] = _stand_in("settings_repo", SettingsRepo)
consent_repo: ConsentRepo[Tx] = _stand_in("consent_repo", ConsentRepo)
caseload_repo: CaseloadRepo[Tx] = _stand_in("caseload_repo", CaseloadRepo)
accounts_repo: AccountsRepo[Tx] = _stand_in("accounts_repo", AccountsRepo)
mail_accounts_repo: MailAccountsRepo[Tx] = _stand_in("mail_accounts_repo", MailAccountsRepo)
periodic_repo: PeriodicRepo[Tx] = _stand_in("periodic_repo", PeriodicRepo)
rights_repo: RightsRepo[Tx] = _stand_in("rights_repo", RightsRepo)
report_repo: ReportRepo[Tx] = _stand_in("report_repo", ReportRepo)


def install(adapters: Adapters[TxI]) -> None:
    """Bind every port to its implementation (the composition root does, at import).
    Installing again replaces what was bound."""
    for field in fields(adapters):
        slot, protocol = _SLOTS[field.name]
        _bind(slot, protocol, getattr(adapters, field.name))

"""Moving in: import a job tracker's export (CSV or .xlsx), safely and more than once.

Every row whose company and role can be read is stored; everything else is named in the
report (see :mod:`afterview.importers.tracker_csv`). Each stored row remembers where it came
from — the file's fingerprint and the row's line, and its company, role and date applied —
so importing the same file again, or an updated export, updates those applications instead
of adding copies; a row that says what it said last time is left alone. The whole import is
one transaction, and ``dry_run`` reads and matches everything but writes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from afterview.domain.errors import InputError
from afterview.domain.wording import name_key
from afterview.i18n import gettext, ngettext
from afterview.importers.dates import Order
from afterview.importers.tracker_csv import (
    ImportOptions,
    TrackedApplication,
    TrackerImport,
    parse_tracker_csv,
    parse_tracker_rows,
)
from afterview.importers.vocabulary import Status
from afterview.services import tracking
from afterview.services.ports import Tx, UnitOfWork, import_repo
from afterview.services.ports import repository as repo
from afterview.services.settings import policy_in
from afterview.stored import Origin

MAX_FILE_BYTES: Final = 10 * 1024 * 1024
PROGRESS_EVERY: Final = 200
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ImportResult:
    parsed: TrackerImport
    new: int
    updated: int
    unchanged: int
    dry_run: bool

    @property
    def exit_code(self) -> int:
        """0: every row stored or skipped by design; 1: some rows were not stored."""
        return 1 if self.parsed.refused else 0

    def summary(self) -> str:
        p = self.parsed
        counts = gettext("%(new)s new, %(updated)s updated, %(unchanged)s unchanged") % {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        rest = []
        if p.skipped:
            skipped = ngettext(
                "%(count)d row skipped by design (never applied to)",
                "%(count)d rows skipped by design (never applied to)",
                len(p.skipped),
            )
            rest.append(skipped % {"count": len(p.skipped)})
        if p.refused:
            refused = ngettext(
                "%(count)d row not stored (each is named in the report)",
                "%(count)d rows not stored (each is named in the report)",
                len(p.refused),
            )
            rest.append(refused % {"count": len(p.refused)})
        place = {"rows": _rows(p.rows), "counts": counts + ("; " + "; ".join(rest) if rest else "")}
        if self.dry_run:
            return gettext("Preview of %(rows)s: %(counts)s. Nothing was stored.") % place
        return gettext("Read %(rows)s: %(counts)s.") % place


def _rows(n: int) -> str:
    return ngettext("%(count)d row", "%(count)d rows", n) % {"count": n}


# -- reading ------------------------------------------------------------------------------


def options_for(
    work: UnitOfWork,
    *,
    dates: Order | None = None,
    statuses: Iterable[tuple[str, Status]] = (),
) -> ImportOptions:
    """The import's options, with the profile's time zone and country."""
    with work.read() as tx:
        candidate = repo.get_candidate(tx) or {}
    return ImportOptions(
        timezone=ZoneInfo(candidate.get("timezone", "UTC")),
        dates=dates,
        country=candidate.get("country"),
        statuses=dict(statuses),
    )


def read_tracker(name: str, data: bytes, options: ImportOptions) -> TrackerImport:
    """Parse an uploaded or local file: ``.xlsx`` by its name or its zip signature, else CSV."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            "tracker_file_too_large",
            size=len(data) / 1024 / 1024,
            limit=MAX_FILE_BYTES // 1024 // 1024,
        )
    lower = name.lower()
    if lower.endswith(".xls"):
        raise InputError("tracker_old_xls")
    if lower.endswith((".xlsx", ".xlsm")) or data.startswith(b"PK\x03\x04"):
        from afterview.importers.spreadsheet import read_xlsx

        return parse_tracker_rows(read_xlsx(data), options)
    return parse_tracker_csv(_decoded(data), options)


def _decoded(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252 as Excel saves CSV."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# -- storing ------------------------------------------------------------------------------


def run_import(
    work: UnitOfWork,
    parsed: TrackerImport,
    *,
    now: datetime,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Store (or with ``dry_run`` only count) new, updated and unchanged applications."""
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    with work.read() if dry_run else work.write() as tx:
        matcher = _Matcher(import_repo.origins(tx))
        for index, record in enumerate(parsed.applications):
            what = _store(tx, parsed.fingerprint, record, matcher, now, dry_run)
            counts[what] += 1
            if progress and (index + 1) % PROGRESS_EVERY == 0:
                progress(index + 1, len(parsed.applications))
        if not dry_run and (counts["new"] or counts["updated"]):
            # how many applications are active decides each plan's keep-searching step
            tracking.replan_pipeline(tx, now=now, policy=policy_in(tx))
    return ImportResult(parsed, dry_run=dry_run, **counts)


def _store(
    tx: Tx,
    fingerprint: str,
    record: TrackedApplication,
    matcher: _Matcher,
    now: datetime,
    dry_run: bool,
) -> str:
    values = application_values(record)
    # The status the row said is kept readable: an update moves the application's status only
    # when the tracker's status changed, so what afterview recorded since is not undone.
    digest = f"{record.status}:{hashlib.sha256(repo.dumps(values).encode()).hexdigest()[:32]}"
    origin = f"{fingerprint}:{record.line}"
    key = _key(record)
    found = matcher.claim(origin, key)
    if found is not None and found.digest == digest:
        if found.origin != origin and not dry_run:  # an updated file: remember the new line
            import_repo.save_origin(tx, _with(found, origin, key, digest), now)
        return "unchanged"
    if dry_run:
        return "new" if found is None else "updated"
    if found is None:
        app_id = repo.create_application(tx, values, record.status, now)
        import_repo.save_origin(tx, Origin(app_id, origin, key, digest), now)
        return "new"
    said_before = found.digest.partition(":")[0]
    status = record.status if record.status != said_before else None
    _update(tx, found.application_id, values, status, now)
    import_repo.save_origin(tx, _with(found, origin, key, digest), now)
    return "updated"


def _with(found: Origin, origin: str, key: str, digest: str) -> Origin:
    return Origin(found.application_id, origin, key, digest)


def _key(record: TrackedApplication) -> str:
    applied = record.applied_on.isoformat() if record.applied_on else ""
    return f"{name_key(record.company)}|{name_key(record.role)}|{applied}"


class _Matcher:
    """Finds the application a row imported before: by file and line, else by company,
    role and date applied (a date filled in since counts as the same row); each once."""

    def __init__(self, origins: list[Origin]) -> None:
        self.by_origin = {o.origin: o for o in origins}
        self.by_name: dict[str, list[Origin]] = {}
        for o in origins:
            self.by_name.setdefault(o.key.rpartition("|")[0], []).append(o)
        self.claimed: set[int] = set()

    def claim(self, origin: str, key: str) -> Origin | None:
        name, _, applied = key.rpartition("|")
        same_name = self.by_name.get(name, [])
        candidates = [
            *[o for o in [self.by_origin.get(origin)] if o and o.key.rpartition("|")[0] == name],
            *[o for o in same_name if o.key == key],
            *[o for o in same_name if not applied or o.key.endswith("|")],
        ]
        for found in candidates:
            if found.application_id not in self.claimed:
                self.claimed.add(found.application_id)
                return found
        return None


def application_values(record: TrackedApplication) -> dict[str, Any]:
    """The application columns one tracker row fills in."""
    contacts = [{k: v for k, v in vars_of(c).items() if v} for c in record.contacts]
    extra = dict(record.extra)
    if record.interview_at is not None:
        extra["interview_at"] = record.interview_at.isoformat()
    if record.interview_on is not None:
        extra["interview_on"] = record.interview_on.isoformat()
    referrer = next((c for c in contacts if c.get("role") == "referrer"), None)
    return {
        "company": record.company,
        "role": record.role,
        "status": record.status,
        "applied_on": record.applied_on,
        "url": record.url,
        "source": record.source,
        "notes": record.notes,
        "contacts": contacts,
        "extra": extra,
        "referrer": {"name": referrer["name"], "email": referrer.get("email")}
        if referrer
        else None,
    }


def vars_of(contact: Any) -> dict[str, Any]:
    return {k: getattr(contact, k) for k in ("name", "email", "title", "phone", "role")}


def _update(tx: Tx, app_id: int, values: dict[str, Any], status: str | None, now: datetime) -> None:
    referrer = values["referrer"] or {}
    repo.update_application(
        tx,
        app_id,
        now,
        **({"status": status} if status else {}),
        company=values["company"],
        role=values["role"],
        applied_on=values["applied_on"],
        url=values["url"],
        source=values["source"],
        notes=values["notes"],
        contacts=repo.dumps(values["contacts"]),
        extra=repo.dumps(values["extra"]),
        referrer_name=referrer.get("name"),
        referrer_email=referrer.get("email"),
        company_key=name_key(values["company"]),
        role_key=name_key(values["role"]),
    )

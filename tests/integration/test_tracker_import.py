"""Moving in: real-looking tracker exports imported into a real database, and imported again."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterview.domain.errors import InputError
from afterview.importers.tracker_csv import ImportOptions
from afterview.services import tracker_import as service
from afterview.services import transfer
from afterview.services.overview import detail
from afterview.storage.db import Database, sqlite_url
from tests.acting import local

TRACKERS = Path(__file__).resolve().parent.parent / "data" / "trackers"
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)


def run(
    db: Database, name: str, data: bytes | None = None, *, country: str | None = None, **kw: object
) -> service.ImportResult:
    data = (TRACKERS / name).read_bytes() if data is None else data
    parsed = service.read_tracker(name, data, ImportOptions(LONDON, country=country))
    return service.run_import(local(db), parsed, now=NOW, **kw)  # type: ignore[arg-type]


def stored(db: Database) -> list[dict[str, object]]:
    """The imported columns, dates as text (PostgreSQL gives dates, SQLite text)."""
    with local(db).read() as tx:
        rows = tx.all(
            "SELECT company, role, status, applied_on, url, source, notes, contacts, extra,"
            " referrer_name FROM applications ORDER BY id"
        )
    return [{k: str(v) if isinstance(v, date) else v for k, v in r.items()} for r in rows]


# file, stored, skipped by design, not stored
EXPORTS = [
    ("huntr.csv", 4, 1, 0),
    ("teal.csv", 6, 1, 0),
    ("notion.csv", 5, 0, 0),
    ("uk-sheet.csv", 5, 0, 0),
    ("simplify.csv", 3, 1, 0),
    ("us-sheet.csv", 3, 0, 1),
]


@pytest.mark.parametrize(("name", "new", "skipped", "refused"), EXPORTS)
def test_every_readable_row_of_six_trackers_exports_is_stored(
    db: Database, name: str, new: int, skipped: int, refused: int
) -> None:
    result = run(db, name)
    assert (result.new, len(result.parsed.skipped), len(result.parsed.refused)) == (
        new,
        skipped,
        refused,
    )
    assert result.exit_code == (1 if refused else 0)
    assert len(stored(db)) == new


def test_a_uk_sheet_reads_day_first_dates_and_keeps_date_only_interviews(db: Database) -> None:
    result = run(db, "uk-sheet.csv")
    assert str(result.parsed.date_order).startswith("dates read day first (dmy): line 3 writes")
    rows = {r["company"]: r for r in stored(db)}
    assert str(rows["Harrow & Finch"]["applied_on"]) == "2026-10-14"
    assert json.loads(str(rows["Kestrel Energy"]["extra"]))["interview_on"] == "2026-11-12"
    assert rows["Harrow & Finch"]["status"] == "rejected"
    assert rows["Harrow & Finch"]["referrer_name"] == "Sam Patel"
    kestrel = json.loads(str(rows["Kestrel Energy"]["contacts"]))
    assert [c["name"] for c in kestrel] == ["Tom O'Neill"], "a 'yes' referral is nobody"
    assert rows["Ashford Council"]["status"] == "applied"
    assert [str(f) for f in result.parsed.notes] == [
        'line 6: Status: "Maybe?": not a status afterview knows, so stored as applied; '
        'to choose, import again and say which status "Maybe?" means'
    ]


def test_a_us_sheet_reads_month_first_dates_and_names_the_row_without_a_company(
    db: Database,
) -> None:
    result = run(db, "us-sheet.csv")
    assert result.parsed.date_order.order == "mdy"
    assert [str(f) for f in result.parsed.refused] == [
        'line 5: Company Name: "": no company, so the row was not stored; '
        "fill it in and import again"
    ]
    assert [r["company"] for r in stored(db)] == [
        "Pinnacle Foods",
        "Riverbend Clinic",
        "Summit Credit Union",
    ]


def test_importing_the_same_file_again_changes_nothing(db: Database) -> None:
    run(db, "notion.csv")
    before = stored(db)
    again = run(db, "notion.csv")
    assert (again.new, again.updated, again.unchanged) == (0, 0, 5)
    assert stored(db) == before


def test_an_updated_export_updates_its_rows_and_adds_only_the_new_ones(db: Database) -> None:
    run(db, "teal.csv")
    result = service.run_import(
        local(db),
        service.read_tracker(
            "teal.csv", (TRACKERS / "teal-updated.csv").read_bytes(), ImportOptions(LONDON)
        ),
        now=LATER,
    )
    assert (result.new, result.updated, result.unchanged) == (2, 1, 5)
    rows = {r["company"]: r for r in stored(db)}
    assert len(rows) == len(stored(db)) == 8
    assert rows["Acme Robotics"]["status"] == "interviewing"
    assert rows["Acme Robotics"]["notes"] == "Phone screen booked"
    assert rows["Oscorp"]["status"] == "applied"


def test_a_dry_run_counts_but_stores_nothing(db: Database) -> None:
    result = run(db, "huntr.csv", dry_run=True)
    assert (result.new, result.dry_run) == (4, True)
    assert result.summary().endswith("Nothing was stored.")
    assert stored(db) == []


def test_imported_notes_people_and_extra_fields_show_on_the_application(db: Database) -> None:
    run(db, "notion.csv")
    info = detail(local(db), 1)
    assert info["notes"] == "Panel of two.\nAsked about logistics."
    assert info["contacts"] == [{"name": "Art Vandelay", "email": "art@vandelay.example"}]
    assert info["extra"]["Salary Range"] == "$70k-$80k"
    assert info["extra"]["interview_at"] == "2026-11-20T14:30:00+00:00"


def test_the_csv_export_imports_back_without_losing_anything(db: Database, tmp_path: Path) -> None:
    run(db, "uk-sheet.csv")
    out = io.StringIO()
    transfer.write_export(local(db), out, "csv", now=NOW)
    other = Database(sqlite_url(tmp_path / "other.db"))
    back = service.run_import(
        local(other),
        service.read_tracker("export.csv", out.getvalue().encode(), ImportOptions(LONDON)),
        now=NOW,
    )
    assert back.parsed.report == ()
    assert stored(other) == stored(db)


# -- spreadsheets --------------------------------------------------------------------------


def _workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Company", "Job Title", "Status", "Date Applied", "Interview", "Recruiter"])
    interview = datetime(2026, 11, 24, 15, 30)
    sheet.append(["Acme", "Analyst", "Phone screen", datetime(2026, 11, 3), interview, "Ana López"])
    sheet.append(["Beta", "Engineer", "Ghosted", date(2026, 10, 1), datetime(2026, 10, 9), "no"])
    sheet.append(["Gamma", "Tester", "Wishlist", None, None, None])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_an_xlsx_download_imports_with_the_same_rules(db: Database) -> None:
    result = run(db, "tracker.xlsx", _workbook())
    assert (result.new, len(result.parsed.skipped)) == (2, 1)
    rows = stored(db)
    assert [(r["company"], r["status"], str(r["applied_on"])) for r in rows] == [
        ("Acme", "interviewing", "2026-11-03"),
        ("Beta", "closed", "2026-10-01"),
    ]
    acme, beta = (json.loads(str(r["extra"])) for r in rows)
    assert acme["interview_at"] == "2026-11-24T15:30:00+00:00"
    assert beta == {"interview_on": "2026-10-09", "Recruiter": "no"}


def test_a_workbook_that_unpacks_to_far_more_than_it_weighs_is_refused() -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("xl/worksheets/sheet1.xml", b"0" * 5_000_000)
    with pytest.raises(InputError, match="unpacks to far more than it weighs"):
        service.read_tracker("bomb.xlsx", data.getvalue(), ImportOptions(LONDON))


def test_a_file_that_is_not_a_workbook_is_one_clear_error() -> None:
    with pytest.raises(InputError, match=r"not an \.xlsx workbook"):
        service.read_tracker("tracker.xlsx", b"Company,Role\n", ImportOptions(LONDON))


def test_a_file_over_the_size_limit_is_refused_before_it_is_read() -> None:
    huge = b"Company,Role\n" + b"Acme,Engineer\n" * (service.MAX_FILE_BYTES // 14 + 1)
    with pytest.raises(InputError, match="more than 10 MB"):
        service.read_tracker("big.csv", huge, ImportOptions(LONDON))


# -- every row accounted for ---------------------------------------------------------------

CELLS = st.sampled_from(
    ["", "Acme", "Beta", "Engineer", "QA", "applied", "Ghosted", "Wishlist", "Maybe",
     "2026-11-03", "13/11/2026", "11/13/2026", "nope", "yes", "Ana <ana@x.example>", "n/a",
     'a "quoted", cell', "line\nbreak"]
)  # fmt: skip
ROWS = st.lists(st.lists(CELLS, min_size=0, max_size=6), max_size=12)


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    import csv

    writer = csv.writer(out)
    writer.writerow(["Company", "Role", "Status", "Date Applied", "Interview", "Contact"])
    writer.writerows(rows)
    return out.getvalue()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=ROWS)
def test_stored_and_reported_rows_account_for_every_row_and_a_second_import_changes_nothing(
    tmp_path: Path, rows: list[list[str]]
) -> None:
    db = Database(sqlite_url(tmp_path / f"p{abs(hash(repr(rows)))}.db"))
    data = _csv(rows).encode()
    first = run(db, "random.csv", data)
    parsed = first.parsed
    data_rows = sum(1 for r in rows if any(c.strip() for c in r))
    assert parsed.rows == data_rows
    assert len(parsed.applications) + len(parsed.refused) + len(parsed.skipped) == data_rows
    assert first.new == len(stored(db)) == len(parsed.applications)
    before = stored(db)
    second = run(db, "random.csv", data)
    assert (second.new, second.updated, second.unchanged) == (0, 0, first.new)
    assert stored(db) == before


def test_an_update_keeps_a_status_recorded_since_unless_the_tracker_changed_it(
    db: Database,
) -> None:
    header = b"Company,Role,Status,Notes\n"
    run(db, "mine.csv", header + b"Acme,Developer,Interviewing,first call\n")
    with local(db).write() as tx:  # an offer recorded in afterview since
        tx.execute("UPDATE applications SET status = 'offer'")
    notes_only = run(db, "mine.csv", header + b"Acme,Developer,Interviewing,second call\n")
    assert notes_only.updated == 1
    assert [(r["status"], r["notes"]) for r in stored(db)] == [("offer", "second call")]
    run(db, "mine.csv", header + b"Acme,Developer,Rejected,second call\n")
    assert [r["status"] for r in stored(db)] == ["rejected"]


def test_an_import_recounts_the_keep_searching_step_of_tracked_interviews(db: Database) -> None:
    from afterview.interview_file import read_data
    from afterview.services import tracking
    from tests.conftest import EXAMPLES

    tracking.add(local(db), read_data(EXAMPLES / "panel-interview.yaml"), source="panel", now=NOW)

    def keep_searching() -> list[str]:
        with local(db).read() as tx:
            rows = tx.all(
                "SELECT status FROM actions WHERE application_id = 1 AND kind = 'keep_searching'"
            )
        return [r["status"] for r in rows]

    assert keep_searching() == ["pending"]  # two others active, three wanted
    run(db, "teal.csv")  # applied, interviewing and negotiating: five others active now
    assert keep_searching() == ["cancelled"]

import contextlib
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.domain.errors import InputError
from afterview.importers.dates import Order
from afterview.importers.tracker_csv import (
    ImportOptions,
    TrackedApplication,
    TrackedContact,
    TrackerImport,
    parse_tracker_csv,
)

DATA = Path(__file__).resolve().parent.parent / "data"
BERLIN = ZoneInfo("Europe/Berlin")


def parse(
    text: str, *, dates: Order | None = "mdy", country: str | None = None, **statuses: str
) -> TrackerImport:
    options = ImportOptions(BERLIN, dates, country, statuses)  # type: ignore[arg-type]
    return parse_tracker_csv(text, options)


def only(text: str, *, dates: Order | None = "mdy") -> TrackedApplication:
    result = parse(text, dates=dates)
    assert result.refused == ()
    assert result.notes == ()
    (application,) = result.applications
    return application


def notes(text: str, *, dates: Order | None = "mdy") -> tuple[str, ...]:
    """The report's lines about cells left empty, for a row that was still stored."""
    result = parse(text, dates=dates)
    assert len(result.applications) == 1
    return tuple(str(note) for note in result.notes)


@pytest.fixture(scope="module")
def messy() -> TrackerImport:
    text = (DATA / "messy-tracker.csv").read_text(encoding="utf-8")
    return parse_tracker_csv(text, ImportOptions(BERLIN, country="US"))


# -- the messy export ----------------------------------------------------------------------


def test_a_messy_export_is_read_into_exact_records(messy: TrackerImport) -> None:
    assert messy.applications == (
        TrackedApplication(
            line=2,
            company="Northwind Traders",
            role="Senior Data Engineer",
            status="interviewing",
            applied_on=date(2026, 11, 3),
            interview_at=datetime(2026, 11, 20, 14, 30, tzinfo=BERLIN),
            contacts=(
                TrackedContact("Ana López", email="ana.lopez@northwind.example"),
                TrackedContact("Tom Becker"),
            ),
            url="https://jobs.example.com/nw/123",
            source="LinkedIn",
            notes="Panel of three.\nAsked about Spark tuning.",
            extra=(("Salary", "$150,000"), ("Excitement", "4")),
        ),
        TrackedApplication(
            line=4,
            company="Contoso",
            role="Platform Engineer",
            status="applied",
            applied_on=date(2026, 10, 28),
            source="Referral",
            extra=(("Excitement", "5"),),
        ),
        TrackedApplication(
            line=6,
            company="Globex",
            role="Backend Developer",
            status="rejected",
            applied_on=date(2026, 10, 15),
            contacts=(TrackedContact("hr@globex.example", email="hr@globex.example"),),
            source="Company site",
            extra=(("Salary", "$120k"),),
        ),
    )
    assert messy.refused == ()
    assert messy.notes == ()


def test_the_messy_export_maps_columns_by_header_name(messy: TrackerImport) -> None:
    assert messy.mapping == (
        ("company NAME", "company"),
        ("Job Title", "role"),
        ("LIST", "status"),
        ("Date_Applied", "date applied"),
        ("Next Interview", "interview date"),
        ("Job Link", "posting link"),
        ("found via", "source"),
        ("NOTES", "notes"),
        ("Contacts", "contact"),
    )


def test_unknown_columns_are_listed_and_their_values_kept(messy: TrackerImport) -> None:
    assert messy.unknown_columns == ("Salary", "Excitement")
    kept = [value for app in messy.applications for header, value in app.extra]
    assert kept == ["$150,000", "4", "5", "$120k"]


def test_a_wishlist_row_is_skipped_with_its_line(messy: TrackerImport) -> None:
    assert [str(s) for s in messy.skipped] == [
        'line 5: LIST: "Wishlist": never applied to, so skipped'
    ]


def test_the_messy_export_reads_dates_month_first_because_the_profile_is_american(
    messy: TrackerImport,
) -> None:
    assert messy.date_order.order == "mdy"
    assert "your profile's country is US" in messy.date_order.reason


# -- statuses ------------------------------------------------------------------------------

FAMILIES = {
    "applied": ["applied", "Submitted", "sent", "PENDING", "1. Applied", "Active", "Not contacted"],
    "interviewing": [
        "Interviewing",
        "interview",
        "Phone Screen",
        "onsite",
        "Screening",
        "In Progress",
        "technical",
        "Phone screen",
        "Interview scheduled - 2nd round",
    ],
    "offer": ["Offer", "offered", "Accepted", "Negotiating"],
    "rejected": [
        "rejected",
        "Declined by company",
        "no",
        "Not Selected",
        "turned down",
        "Rejection :(",
        "Rejected after onsite",
    ],
    "withdrawn": [
        "Withdrawn",
        "withdrew",
        "declined",
        "Declined (by me)",
        "Not interested",
        "Offer declined",
    ],
    "closed": [
        "closed",
        "Ghosted",
        "No response",
        "archived",
        "expired",
        "Application Closed",
        "Suspected ghost job",
        "Position filled",
        "👻 Ghosted",
    ],
}


@pytest.mark.parametrize(
    ("word", "status"),
    [(word, status) for status, words in FAMILIES.items() for word in words],
)
def test_every_tracker_status_word_maps_to_its_family(word: str, status: str) -> None:
    assert only(f"Company,Role,Status\nAcme,Engineer,{word}\n").status == status


@pytest.mark.parametrize(
    "word", ["wishlist", "Bookmarked", "saved", "To apply", "interested", "Applying"]
)
def test_a_job_never_applied_to_is_skipped_not_imported(word: str) -> None:
    result = parse(f"Company,Role,Status\nAcme,Engineer,{word}\n")
    assert result.applications == ()
    assert result.refused == ()
    assert [s.line for s in result.skipped] == [2]


def test_an_empty_status_means_applied() -> None:
    assert only("Company,Role,Status\nAcme,Engineer,\n").status == "applied"
    assert only("Company,Role\nAcme,Engineer\n").status == "applied"


# -- what cannot be read ------------------------------------------------------------------

BROKEN = """Company,Role,Status,Date Applied,Notes
Acme,Engineer,applied,2026-11-03,"two
lines"
Acme,Engineer,applied,31/31/2026,
Acme,Engineer,Maybe later,,
,Engineer,applied,,
Acme,,applied,,
Beta,Tester,Wishlist,,
"""


def test_every_readable_row_is_stored_and_every_other_one_is_named() -> None:
    result = parse(BROKEN)
    assert [(a.line, a.status, a.applied_on) for a in result.applications] == [
        (2, "applied", date(2026, 11, 3)),
        (4, "applied", None),
        (5, "applied", None),
    ]
    assert [str(f) for f in result.report] == [
        'line 4: Date Applied: "31/31/2026": not a date, so left empty; '
        "write it like 2026-11-03 or 11/3/2026",
        'line 5: Status: "Maybe later": not a status afterview knows, so stored as applied; '
        'to choose, import again and say which status "Maybe later" means',
        'line 6: Company: "": no company, so the row was not stored; fill it in and import again',
        'line 7: Role: "": no role, so the row was not stored; fill it in and import again',
        'line 8: Status: "Wishlist": never applied to, so skipped',
    ]
    assert result.rows == 6


def test_a_status_word_can_be_mapped_explicitly() -> None:
    result = parse("Company,Role,Status\nAcme,Engineer,Maybe later\n", **{"maybe later": "offer"})
    assert [a.status for a in result.applications] == ["offer"]
    assert result.notes == ()


def test_a_row_with_several_unreadable_cells_names_each_of_them() -> None:
    found = notes("Company,Role,Status,Applied,Interview\nAcme,QA,nope,yesterday-ish,soon\n")
    assert [f.split(": ")[1] for f in found] == ["Status", "Applied", "Interview"]


def test_a_day_first_date_in_a_month_first_file_says_how_to_fix_it() -> None:
    (note,) = notes("Company,Role,Date\nAcme,Engineer,13/11/2026\n")
    assert note == (
        'line 2: Date: "13/11/2026": not a date, so left empty; '
        "the month is over 12; if the file writes dates day first, choose day first"
    )


def test_a_year_outside_a_working_life_is_named() -> None:
    (note,) = notes("Company,Role,Date\nAcme,Engineer,1/2/1905\n")
    assert "outside 1970 to 2100" in note


def test_an_interview_date_without_a_time_is_kept_as_a_date() -> None:
    app = only("Company,Role,Interview Date\nAcme,Engineer,2026-11-20\n")
    assert (app.interview_on, app.interview_at) == (date(2026, 11, 20), None)
    app = only("Company,Role,Interview Date\nAcme,Engineer,20/11/2026\n", dates="dmy")
    assert app.interview_on == date(2026, 11, 20)


def test_a_zone_name_in_a_date_asks_for_an_offset() -> None:
    (note,) = notes("Company,Role,Interview\nAcme,Engineer,Nov 20 2026 2pm PST\n")
    assert "write an offset such as -08:00" in note


def test_a_formula_guard_a_spreadsheet_added_is_removed() -> None:
    app = only("Company,Role,Contact Phone\nAcme,Engineer,'+44 20 7946 0000\n")
    assert app.contacts == (TrackedContact("+44 20 7946 0000", phone="+44 20 7946 0000"),)


# -- the order of numeric dates ------------------------------------------------------------


def test_a_first_part_over_12_settles_the_whole_column_as_day_first() -> None:
    result = parse("Company,Role,Date Applied\nAcme,A,03/11/2026\nBeta,B,25/11/2026\n", dates=None)
    assert [a.applied_on for a in result.applications] == [date(2026, 11, 3), date(2026, 11, 25)]
    assert str(result.date_order) == (
        'dates read day first (dmy): line 3 writes "25/11/2026", so the day comes first'
    )


def test_a_second_part_over_12_settles_the_whole_column_as_month_first() -> None:
    result = parse(
        "Company,Role,Date Applied\nAcme,A,03/11/2026\nBeta,B,11/25/2026\n",
        dates=None,
        country="GB",
    )
    assert [a.applied_on for a in result.applications] == [date(2026, 3, 11), date(2026, 11, 25)]
    assert result.date_order.order == "mdy"


@pytest.mark.parametrize(
    ("country", "expected"), [("US", date(2026, 3, 11)), ("GB", date(2026, 11, 3))]
)
def test_without_evidence_the_profile_country_decides(country: str, expected: date) -> None:
    result = parse("Company,Role,Date Applied\nAcme,A,03/11/2026\n", dates=None, country=country)
    assert result.applications[0].applied_on == expected
    assert f"your profile's country is {country}" in result.date_order.reason


def test_a_file_without_numeric_dates_says_no_order_was_needed() -> None:
    result = parse("Company,Role,Date Applied\nAcme,A,2026-11-03\n", dates=None, country="US")
    assert str(result.date_order) == (
        "dates read month first (mdy): no date in the file is written in numbers alone"
    )


def test_the_dates_option_wins_over_the_evidence() -> None:
    result = parse("Company,Role,Date Applied\nAcme,A,26/11/03\n", dates="ymd")
    assert result.applications[0].applied_on == date(2026, 11, 3)
    assert result.date_order.reason == "as you chose"


# -- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2026-11-03", date(2026, 11, 3)),
        ("11/3/2026", date(2026, 11, 3)),
        ("11/03/26", date(2026, 11, 3)),
        ("2026/11/3", date(2026, 11, 3)),
        ("Nov 3, 2026", date(2026, 11, 3)),
        ("3 November 2026", date(2026, 11, 3)),
        ("2026-11-03 14:30", date(2026, 11, 3)),
        ("46329", date(2026, 11, 3)),
        ("n/a", None),
        ("TBD", None),
    ],
)
def test_applied_dates_are_read_in_the_usual_spellings(written: str, expected: date | None) -> None:
    assert only(f'Company,Role,Date Applied\nAcme,Engineer,"{written}"\n').applied_on == expected


@pytest.mark.parametrize(
    "written", ["3/11/2026", "03.11.2026", "3/11/26", "3 Nov 2026", "2026-11-03"]
)
def test_day_first_dates_are_read_when_asked(written: str) -> None:
    app = only(f"Company,Role,Date Applied\nAcme,Engineer,{written}\n", dates="dmy")
    assert app.applied_on == date(2026, 11, 3)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2026-11-20 14:30", datetime(2026, 11, 20, 14, 30, tzinfo=BERLIN)),
        ("2026-11-20T14:30:00", datetime(2026, 11, 20, 14, 30, tzinfo=BERLIN)),
        ("11/20/2026 2:30 PM", datetime(2026, 11, 20, 14, 30, tzinfo=BERLIN)),
        ('"Nov 20, 2026 2:30 pm"', datetime(2026, 11, 20, 14, 30, tzinfo=BERLIN)),
        ("46346.5", datetime(2026, 11, 20, 12, 0, tzinfo=BERLIN)),
        (
            "2026-11-20T14:30-05:00",
            datetime(2026, 11, 20, 14, 30, tzinfo=timezone(timedelta(hours=-5))),
        ),
        ("2026-11-20 13:30Z", datetime(2026, 11, 20, 13, 30, tzinfo=UTC)),
    ],
)
def test_interview_times_are_aware_and_naive_ones_are_local(
    written: str, expected: datetime
) -> None:
    app = only(f"Company,Role,Interview\nAcme,Engineer,{written}\n")
    assert app.interview_at == expected
    assert app.interview_at is not None
    assert app.interview_at.utcoffset() == expected.utcoffset()


def test_an_applied_moment_with_an_offset_counts_on_the_local_day() -> None:
    app = only("Company,Role,Applied\nAcme,Engineer,2026-11-03T23:30-05:00\n")
    assert app.applied_on == date(2026, 11, 4)  # 05:30 in Berlin


# -- delimiters and layout -----------------------------------------------------------------


def test_a_semicolon_delimited_file_is_read() -> None:
    app = only("Firma;Company;Position;Status\nx;Acme, Inc.;Engineer;Offer\n")
    assert (app.company, app.role, app.status) == ("Acme, Inc.", "Engineer", "offer")
    assert app.extra == (("Firma", "x"),)


def test_a_tab_delimited_file_is_read() -> None:
    app = only("Employer\tJob Title\tNotes\nAcme\tEngineer\tgreat, really\n")
    assert (app.company, app.role, app.notes) == ("Acme", "Engineer", "great, really")


def test_excels_sep_line_chooses_the_delimiter_and_keeps_line_numbers() -> None:
    result = parse("sep=;\r\nCompany;Role\r\nAcme;Engineer\r\n;Tester\r\n")
    assert [a.company for a in result.applications] == ["Acme"]
    assert [p.line for p in result.refused] == [4]


def test_windows_line_endings_inside_notes_become_newlines() -> None:
    app = only('Company,Role,Notes\r\nAcme,Engineer,"one\r\ntwo"\r\n')
    assert app.notes == "one\ntwo"


def test_a_file_with_only_a_header_imports_nothing() -> None:
    result = parse("\n\nCompany,Role\n,\n")
    assert (result.applications, result.report, result.rows) == ((), (), 0)
    assert result.mapping == (("Company", "company"), ("Role", "role"))


def test_a_repeated_header_keeps_the_first_and_suffixes_the_rest() -> None:
    result = parse("Company,Role,Notes,notes,Salary,Salary\nAcme,Engineer,first,second,1,2\n")
    (app,) = result.applications
    assert app.notes == "first"
    assert result.unknown_columns == ("notes (2)", "Salary", "Salary (2)")
    assert app.extra == (("notes (2)", "second"), ("Salary", "1"), ("Salary (2)", "2"))


def test_the_stronger_synonym_wins_over_an_earlier_generic_one() -> None:
    result = parse("Company,Title,Date,Date Applied,Job Title\nAcme,x,1/1/2026,2/2/2026,Engineer\n")
    (app,) = result.applications
    assert (app.role, app.applied_on) == ("Engineer", date(2026, 2, 2))
    assert result.unknown_columns == ("Title", "Date")


def test_values_under_a_blank_header_are_kept_and_empty_columns_vanish() -> None:
    result = parse("Company,Role,,\nAcme,Engineer,stray,\n")
    assert result.unknown_columns == ("Column 3",)
    assert result.applications[0].extra == (("Column 3", "stray"),)


def test_cells_beyond_the_header_are_kept() -> None:
    result = parse("Company,Role\nAcme,Engineer,overflow\n")
    assert result.applications[0].extra == (("Column 3", "overflow"),)


# -- contacts ------------------------------------------------------------------------------


def test_split_contact_columns_describe_one_person() -> None:
    app = only(
        "Company,Role,Contact Name,Contact Email,Contact Title,Contact Phone\n"
        "Acme,Engineer,Priya Raman,priya@acme.example,Engineering Manager,+1 416 555 0199\n"
    )
    assert app.contacts == (
        TrackedContact(
            "Priya Raman", "priya@acme.example", "Engineering Manager", "+1 416 555 0199"
        ),
    )


def test_recruiter_and_hiring_manager_columns_are_separate_people() -> None:
    app = only(
        "Company,Role,Recruiter,Recruiter Email,Hiring Manager,Hiring Manager Email\n"
        "Acme,Engineer,Ana López,ana@acme.example,Tom Becker,tom@acme.example\n"
    )
    assert app.contacts == (
        TrackedContact("Ana López", "ana@acme.example", role="recruiter"),
        TrackedContact("Tom Becker", "tom@acme.example", role="hiring_manager"),
    )


def test_several_people_in_one_cell_pair_with_split_emails_by_position() -> None:
    app = only(
        'Company,Role,Contacts,Email\nAcme,Engineer,"Ana López (Recruiter); Tom Becker",'
        '"ana@acme.example; tom@acme.example"\n'
    )
    assert app.contacts == (
        TrackedContact("Ana López", "ana@acme.example", "Recruiter"),
        TrackedContact("Tom Becker", "tom@acme.example"),
    )


def test_the_same_person_named_twice_is_one_contact() -> None:
    app = only(
        "Company,Role,Contact,Recruiter,Recruiter Email\n"
        "Acme,Engineer,Ana López,ana lópez,ana@acme.example\n"
    )
    assert app.contacts == (TrackedContact("Ana López", "ana@acme.example", role="recruiter"),)


def test_the_referral_contact_is_the_referrer() -> None:
    app = only(
        "Company,Role,Referral,Referral Contact\nAcme,Engineer,yes,Jane Doe <jane@acme.example>\n"
    )
    assert app.contacts == (TrackedContact("Jane Doe", "jane@acme.example", role="referrer"),)
    assert app.extra == (("Referral", "yes"),)


@pytest.mark.parametrize(
    "junk", ["yes", "No", "x", "11/03/2026", "2026-11-03", "42", "https://x.example"]
)
def test_cells_that_are_not_people_never_become_contacts(junk: str) -> None:
    app = only(f"Company,Role,Contact\nAcme,Engineer,{junk}\n")
    assert app.contacts == ()
    assert app.extra == (("Contact", junk),)


def test_role_name_and_result_headers_are_read() -> None:
    app = only("Company,Role name,Result\nAcme,Engineer,Rejected\n")
    assert (app.role, app.status) == ("Engineer", "rejected")
    result = parse("Company,Role,Status,Outcome\nAcme,Engineer,Applied,Ghosted\n")
    assert result.applications[0].status == "applied"
    assert result.unknown_columns == ("Outcome",)


# -- files that are not a tracker export ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The tracker file is empty; export your applications again."),
        ("\ufeff \n,,\n\n", "The tracker file is empty; export your applications again."),
        (
            "Acme,Senior Engineer,11/3/2026\n",
            'The first row of the tracker file is not a header row (found "Acme", '
            '"Senior Engineer", "11/3/2026"); add a first row naming the columns, such as '
            "Company, Job Title, Status and Date Applied.",
        ),
        (
            "Job Title,Status,Salary\nEngineer,applied,1\n",
            'No column of the tracker file names the company (found "Job Title", "Status", '
            '"Salary"); call that column Company or Employer.',
        ),
        (
            "Employer,Status\nAcme,applied\n",
            'No column of the tracker file names the role (found "Employer", "Status"); '
            "call that column Job Title, Role or Position.",
        ),
    ],
)
def test_a_file_that_is_not_a_tracker_export_is_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        parse(text)
    assert str(raised.value) == message


TOKENS = [
    *'Company,Role;Status\tDate "\n\r/:-.0123456789<>@()aBpmZ+\ufeff',
    *["Nov", "applied", "wishlist", "Interview", "Email", "Recruiter", "2026", "PST", "T"],
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS)).map("".join))
def test_arbitrary_text_never_raises_anything_but_input_error(text: str) -> None:
    for dates in ("mdy", "dmy", None):
        try:
            result = parse(text, dates=dates)  # type: ignore[arg-type]
        except InputError:
            continue
        for application in result.applications:
            assert application.company
            assert application.role
            at = application.interview_at
            assert at is None or at.tzinfo is not None
        lines = [a.line for a in result.applications]
        lines += [f.line for f in (*result.refused, *result.skipped)]
        assert len(lines) == len(set(lines)) == result.rows


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_unicode_text_never_raises_anything_but_input_error(text: str) -> None:
    with contextlib.suppress(InputError):
        parse("Company,Role,Date,Interview,Contact\n" + text)


# -- the docs ------------------------------------------------------------------------------


def test_the_moving_in_page_lists_every_header_and_status_word() -> None:
    from afterview.importers import vocabulary

    page = (DATA.parent.parent / "docs" / "moving-in.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in page.splitlines() if line.startswith("| ")}
    for field, synonyms in vocabulary.FIELDS:
        listed = rows[vocabulary.field_label(field)].split("|")[2]
        assert [s.strip() for s in listed.split(",")] == [s.strip() for s in synonyms.split(",")]
    for status, words in vocabulary.STATUS_WORDS:
        listed = rows["skipped by design" if status == "skip" else status].split("|")[2]
        assert [w.strip() for w in listed.split(",")] == [w.strip() for w in words.split(",")]


def test_control_characters_in_a_cell_are_removed_and_named() -> None:
    result = parse("Company,Role,Notes\nAc\x07me,Engineer,one\x1btwo\n")
    (app,) = result.applications
    assert (app.company, app.notes) == ("Acme", "onetwo")
    assert [str(n) for n in result.notes] == [
        'line 2: Company: "Ac?me": control characters removed',
        'line 2: Notes: "one?two": control characters removed',
    ]

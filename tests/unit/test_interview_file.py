from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from afterview.domain.errors import InputError
from afterview.interview_file import from_data, load, loads
from tests.conftest import EXAMPLES

MINIMAL = """
candidate: {name: Jordan Lee, email: j@example.org, timezone: America/Toronto, country: CA}
application: {company: Northwind, role: Engineer}
interview:
  start: 2026-11-20T14:00
  duration: 1h30m
  panel:
    - {name: Priya Raman, timezone: Europe/Berlin, phone: "+1 416 555 0199"}
    - {name: Tom Becker}
"""


def minimal() -> dict[str, object]:
    data = yaml.safe_load(MINIMAL)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_bundled_example_loads(path: Path) -> None:
    case = load(path)
    assert case.interview.panel
    assert case.interview.end > case.interview.start


def test_a_time_without_offset_is_local_to_the_interview_zone() -> None:
    case = loads(MINIMAL)
    toronto = ZoneInfo("America/Toronto")
    assert case.interview.start == datetime(2026, 11, 20, 14, 0, tzinfo=toronto)
    assert case.interview.end - case.interview.start == timedelta(hours=1, minutes=30)


def test_panel_members_default_to_the_interview_zone_and_keep_their_own() -> None:
    priya, tom = loads(MINIMAL).interview.panel
    assert priya.timezone.key == "Europe/Berlin"
    assert tom.timezone.key == "America/Toronto"
    assert priya.phone is not None
    assert priya.phone.kind == "work"
    assert not priya.phone.invited


def test_an_explicit_offset_is_kept() -> None:
    data = minimal()
    data["interview"]["start"] = "2026-11-20T14:00+01:00"  # type: ignore[index]
    case = from_data(data)
    assert case.interview.start.utcoffset() == timedelta(hours=1)


def test_a_decision_written_as_a_bare_date_stays_text() -> None:
    data = minimal()
    data["interview"]["decision"] = yaml.safe_load("2026-12-04")  # type: ignore[index]
    assert from_data(data).interview.decision == "2026-12-04"


ERRORS = [
    ("not: [valid", "not valid YAML (line"),
    ("- just\n- a list\n", "expected a YAML mapping"),
    (
        MINIMAL.replace("timezone: America/Toronto", "timezone: Mars/Olympus"),
        "candidate.timezone: unknown time zone 'Mars/Olympus'",
    ),
    (
        MINIMAL.replace("application: {company: Northwind, role: Engineer}", ""),
        "application: this field is required",
    ),
    (
        MINIMAL.replace("2026-11-20T14:00", "2026-02-30T14:00"),
        "interview.start: cannot read '2026-02-30T14:00' as a date and time",
    ),
    (
        MINIMAL.replace("timezone: America/Toronto", "timezone: America"),
        "candidate.timezone: unknown time zone 'America'",
    ),
    (MINIMAL.replace("duration: 1h30m", "duration: forever"), "cannot read duration 'forever'"),
    (MINIMAL.replace("duration: 1h30m", ""), "give the interview an `end` time or a `duration`"),
    (MINIMAL.replace("duration: 1h30m", "end: 2026-11-20T13:00"), "must end after it starts"),
    (
        MINIMAL.replace("{name: Tom Becker}", "{name: Tom Becker, favourite: tea}"),
        "interview.panel[1].favourite: unknown field",
    ),
    (
        MINIMAL.replace("{name: Tom Becker}", "{name: Tom Becker, role: boss}"),
        "interview.panel[1].role: 'boss' is not allowed",
    ),
    (MINIMAL.replace("{name: Tom Becker}", "{name: Priya Raman}"), "lists 'priya raman' twice"),
    (
        MINIMAL.replace("country: CA", "country: XX"),
        "candidate.country: No public-holiday calendar",
    ),
]


@pytest.mark.parametrize(("text", "message"), ERRORS, ids=[m for _, m in ERRORS])
def test_wrong_input_is_one_clear_sentence_naming_the_place(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        loads(text, source="iv.yaml")
    assert message in str(caught.value)
    assert str(caught.value).startswith("iv.yaml")
    assert "\n" not in str(caught.value)


def test_a_missing_file_is_reported_by_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "nope.yaml")


def test_a_yaml_yes_or_no_where_text_belongs_gets_a_hint_to_quote_it() -> None:
    text = MINIMAL.replace("country: CA}", "country: CA, subdivision: ON}")
    with pytest.raises(InputError) as caught:
        loads(text, source="iv.yaml")
    message = str(caught.value)
    assert message.startswith("iv.yaml: candidate.subdivision: expected text, found yes or no")
    assert 'put the text in quotes, e.g. subdivision: "ON"' in message
    assert "`" not in message
    quoted = loads(text.replace("subdivision: ON", 'subdivision: "ON"'))
    assert quoted.candidate.subdivision == "ON"


def test_a_wrong_type_is_named_in_words() -> None:
    text = MINIMAL.replace("{name: Tom Becker}", "{name: [Tom, Becker]}")
    with pytest.raises(InputError) as caught:
        loads(text, source="iv.yaml")
    assert str(caught.value) == "iv.yaml: interview.panel[1].name: expected text, found a list."


def test_a_promise_to_someone_not_in_the_interview_is_refused_not_dropped() -> None:
    data = minimal()
    data["interview"]["promises"] = [  # type: ignore[index]
        {"what": "send the design doc", "by": "tomorrow", "to": "Tom Beker"}
    ]
    with pytest.raises(InputError) as err:
        from_data(data)
    assert str(err.value).startswith(
        "<interview file>: interview.promises[0].to: 'Tom Beker' is nobody in this interview "
        "(Priya Raman, Tom Becker); write the name as it stands there"
    )


def test_a_promise_to_a_first_name_only_one_person_has_is_kept_for_that_person() -> None:
    data = minimal()
    data["interview"]["promises"] = [  # type: ignore[index]
        {"what": "send the design doc", "by": "tomorrow", "to": "tom"}
    ]
    assert from_data(data).interview.promises[0].to == "tom"


def test_a_stored_case_with_a_promise_to_nobody_known_still_opens() -> None:
    data = minimal()
    data["interview"]["promises"] = [  # type: ignore[index]
        {"what": "send the design doc", "by": "tomorrow", "to": "Tom Beker"}
    ]
    assert from_data(data, stored=True).interview.promises[0].to == "Tom Beker"


def test_a_value_out_of_its_bounds_is_named_in_words() -> None:
    data = minimal()
    data["interview"]["notes"] = {  # type: ignore[index]
        "questions": [{"q": "", "answer": "I rebuilt the nightly load.", "rating": 3}]
    }
    with pytest.raises(InputError) as err:
        from_data(data)
    assert str(err.value).endswith("interview.notes.questions[0].q: this cannot be empty.")
    data["interview"]["notes"]["questions"][0].update(q="Why us?", rating=9)  # type: ignore[index]
    with pytest.raises(InputError) as err:
        from_data(data)
    assert str(err.value).endswith(
        "interview.notes.questions[0].rating: expected a whole number of at most 5."
    )

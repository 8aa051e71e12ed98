"""The ICS file, read back with icalendar: stable UIDs, local times across DST, reminders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event, Timezone, vDuration

from afterview.calendar import ics
from afterview.calendar.ics import calendar_bytes, summary
from afterview.domain.steps import Step

TORONTO = ZoneInfo("America/Toronto")
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 10, 29, 9, 0, tzinfo=TORONTO)


def _step(step_id: int, **changes: object) -> Step:
    values: dict[str, object] = {
        "id": step_id,
        "application_id": 7,
        "company": "Acme",
        "role": "Data Engineer",
        "kind": "thank_you",
        "to": "Dana Lee",
        "channel": "email",
        "zone": "America/Toronto",
        "not_before": datetime(2026, 10, 29, 15, 0, tzinfo=TORONTO),
        "due": datetime(2026, 10, 30, 15, 0, tzinfo=TORONTO),
        "send_at": None,
        "because": "A personal note to Dana Lee within 24 hours of the interview.",
        "sources": ("Guide one", "Guide two"),
    }
    values.update(changes)
    return Step(**values)  # type: ignore[arg-type]


def _events(data: bytes) -> dict[str, Event]:
    cal = Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def _export(steps: list[Step], now: datetime = NOW, zone: ZoneInfo = TORONTO) -> bytes:
    return calendar_bytes(steps, owner=1, zone=zone, now=now, name="afterview — Dana")


BASE = "https://afterview.example/"


def _feed(steps: list[Step], now: datetime = NOW) -> bytes:
    """The calendar as the web app serves it: with the app's address."""
    return calendar_bytes(
        steps, owner=1, zone=TORONTO, now=now, name="afterview — Dana", base_url=BASE
    )


def test_the_calendar_names_itself_and_its_zone() -> None:
    cal = Calendar.from_ical(_export([_step(1)]))
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]).startswith("-//afterview//")
    assert str(cal["X-WR-CALNAME"]) == "afterview — Dana"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/Toronto"]


def test_one_event_per_step_with_summary_and_stamp() -> None:
    (event,) = _events(_export([_step(3)])).values()
    assert str(event["SUMMARY"]) == "Thank-you note to Dana Lee — Acme, Data Engineer"
    assert "CATEGORIES" not in event  # the kind's ID is not for people to read
    assert event.stamp == NOW.astimezone(UTC)
    assert str(event["TRANSP"]) == "TRANSPARENT"
    text = str(event["DESCRIPTION"])
    assert text.startswith("A personal note to Dana Lee within 24 hours")
    assert "What to do: Send a personal thank-you note" in text
    assert "From Thu 29 Oct 2026 15:00, due Fri 30 Oct 2026 15:00." in text
    assert "- Guide one\n- Guide two" in text
    assert "afterview done 3" in text
    assert "URL" not in event  # a file has no page to link to


def test_a_feed_event_links_to_its_step_instead_of_writing_out_what_repeats() -> None:
    (event,) = _events(_feed([_step(3)])).values()
    text = str(event["DESCRIPTION"])
    assert text == (
        "A personal note to Dana Lee within 24 hours of the interview.\n\n"
        "From Thu 29 Oct 2026 15:00, due Fri 30 Oct 2026 15:00.\n"
        "Sources, and mark it done: https://afterview.example/applications/7#step-3"
    )
    assert "URL" not in event  # the link is in the description, which every program shows
    assert str(event["SUMMARY"]) == "Thank-you note to Dana Lee — Acme, Data Engineer"
    in_a_file = str(next(iter(_events(_export([_step(3)])).values()))["DESCRIPTION"])
    assert in_a_file.startswith(
        "A personal note to Dana Lee within 24 hours of the interview.\n\nWhat to do: "
    )


def test_last_modified_is_in_a_file_and_not_in_a_feed() -> None:
    changed = datetime(2026, 10, 20, 9, 30, tzinfo=TORONTO)
    (in_a_file,) = _events(_export([_step(3, updated_at=changed)])).values()
    assert in_a_file.last_modified == changed.astimezone(UTC)
    (in_a_feed,) = _events(_feed([_step(3, updated_at=changed)])).values()
    assert "LAST-MODIFIED" not in in_a_feed  # a feed is taken whole on every fetch


def test_a_feed_event_keeps_the_send_time_and_their_time_abroad() -> None:
    send = datetime(2026, 10, 30, 8, 0, tzinfo=BERLIN)  # 03:00 in Toronto
    (event,) = _events(_feed([_step(1, zone="Europe/Berlin", send_at=send)])).values()
    lines = str(event["DESCRIPTION"]).split("\n")
    assert lines[2] == (
        "Send at Fri 30 Oct 2026 03:00 (Fri 30 Oct 2026 08:00 Europe/Berlin, their time) by email."
    )


def test_uids_are_stable_across_exports_and_unique_per_step() -> None:
    steps = [_step(1), _step(2, kind="follow_up"), _step(3, kind="promise")]
    first = _events(_export(steps))
    later = _events(_export(list(reversed(steps)), now=NOW + timedelta(days=3)))
    assert set(first) == set(later)
    assert len(first) == 3
    assert set(first) != set(_events(calendar_bytes(steps, owner=2, zone=TORONTO, now=NOW)))
    assert {str(e["DTSTAMP"].to_ical(), "ascii") for e in later.values()} == {"20261101T140000Z"}


def test_the_start_is_the_send_time_when_there_is_one_else_the_due_time() -> None:
    send = datetime(2026, 10, 30, 9, 0, tzinfo=TORONTO)
    events = _events(_export([_step(1, send_at=send), _step(2)]))
    by_id = {uid.split("-step-")[1].split("@")[0]: e for uid, e in events.items()}
    assert by_id["1"].start == send
    assert by_id["2"].start == datetime(2026, 10, 30, 15, 0, tzinfo=TORONTO)
    assert by_id["1"].duration == timedelta(minutes=15)


def test_times_are_local_on_both_sides_of_a_dst_change() -> None:
    # Toronto leaves daylight time on Sunday 1 November 2026: 08:00 is 12:00 UTC before
    # and 13:00 UTC after, and both events must still read 08:00 in Toronto.
    before = _step(1, due=datetime(2026, 10, 30, 8, 0, tzinfo=TORONTO))
    after = _step(2, due=datetime(2026, 11, 2, 8, 0, tzinfo=TORONTO))
    events = sorted(_events(_export([before, after])).values(), key=lambda e: e.start)
    for event in events:
        assert event["DTSTART"].params["TZID"] == "America/Toronto"
        assert event.start.hour == 8
    assert [e.start.astimezone(UTC).hour for e in events] == [12, 13]
    assert b"DTSTART;TZID=America/Toronto:20261102T080000" in _export([after])


def test_a_send_time_abroad_is_shown_in_the_users_zone_with_their_time_noted() -> None:
    send = datetime(2026, 10, 30, 8, 0, tzinfo=BERLIN)  # 03:00 in Toronto
    (event,) = _events(_export([_step(1, zone="Europe/Berlin", send_at=send)])).values()
    assert event["DTSTART"].params["TZID"] == "America/Toronto"
    assert (event.start.hour, event.start.minute) == (3, 0)
    assert "Fri 30 Oct 2026 08:00 Europe/Berlin, their time" in str(event["DESCRIPTION"])


@pytest.mark.parametrize("write", [_export, _feed])
def test_an_event_still_to_come_has_a_display_reminder_thirty_minutes_before(
    write: Callable[[list[Step]], bytes],
) -> None:
    (event,) = _events(write([_step(1)])).values()
    (alarm,) = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == timedelta(minutes=-30)
    # What to do and for whom; the event around it says where.
    assert str(alarm["DESCRIPTION"]) == "Thank-you note to Dana Lee"


@pytest.mark.parametrize("write", [_export, _feed])
def test_an_event_begun_by_now_has_no_reminder(write: Callable[..., bytes]) -> None:
    # Its alarm could only show as missed, again at each refresh in some programs.
    steps = [
        _step(1, due=NOW - timedelta(days=3)),  # overdue
        _step(2, due=NOW),  # starts as the calendar is written
        _step(3, due=NOW + timedelta(seconds=1)),  # still to come
        _step(4, due=NOW + timedelta(days=5), send_at=NOW - timedelta(hours=1)),  # send time gone
    ]
    events = _events(write(steps))
    alarms = {u.split("-step-")[1].split("@")[0]: len(e.walk("VALARM")) for u, e in events.items()}
    assert alarms == {"1": 0, "2": 0, "3": 1, "4": 0}
    later = _events(write(steps, now=NOW - timedelta(days=4)))  # written before any began
    assert all(len(e.walk("VALARM")) == 1 for e in later.values())


def test_an_event_that_crosses_the_clock_change_keeps_its_length() -> None:
    # 01:50 on the night the clocks go back: 15 minutes later is 01:05, the second time.
    moment = datetime(2026, 11, 1, 5, 50, tzinfo=UTC)
    (event,) = _events(_export([_step(1, due=moment)])).values()
    # (compared in UTC: PEP 495 makes times in a repeated hour unequal across zones)
    assert event.start.astimezone(UTC) == moment
    # A DURATION is exact time; a local DTEND (01:05) would read as before the start.
    assert "DTEND" not in event
    assert event["DURATION"].dt == timedelta(minutes=15)


def test_a_time_in_the_repeated_hour_second_pass_is_written_exactly() -> None:
    # 06:20 UTC is 01:20 in Toronto for the second time that night; "01:20" with the TZID
    # would mean the first pass, an hour earlier.
    moment = datetime(2026, 11, 1, 6, 20, tzinfo=UTC)
    (event,) = _events(_export([_step(1, due=moment)])).values()
    assert event.start == moment
    assert b"DTSTART:20261101T062000Z" in _export([_step(1, due=moment)])


def test_summaries_name_the_person_only_when_there_is_one() -> None:
    assert summary(_step(1, kind="reflection_write", to=None)) == (
        "Write your interview debrief — Acme, Data Engineer"
    )
    assert summary(_step(1, kind="follow_up", role="")) == "Follow-up to Dana Lee — Acme"
    assert summary(_step(1, kind="something_new", to=None)).startswith("Something new — ")


def test_an_empty_plan_is_still_a_valid_calendar() -> None:
    cal = Calendar.from_ical(_export([]))
    assert cal.walk("VEVENT") == []
    assert len(cal.walk("VTIMEZONE")) == 1


def test_the_same_facts_give_the_same_bytes() -> None:
    steps = [_step(1), _step(2, kind="follow_up")]
    assert _export(steps) == _export(list(reversed(steps)))


def test_now_must_carry_its_zone() -> None:
    with pytest.raises(ValueError, match="aware"):
        _export([_step(1)], now=datetime(2026, 10, 29, 9, 0))


def _whole_tree(
    steps: list[Step], now: datetime = NOW, zone: ZoneInfo = TORONTO, base_url: str | None = None
) -> bytes:
    """The calendar built as one icalendar tree and written in one go (the plain way)."""
    cal = Calendar()
    for name, value in (
        ("prodid", ics.PRODID),
        ("version", "2.0"),
        ("calscale", "GREGORIAN"),
        ("method", "PUBLISH"),
        ("x-wr-calname", "afterview — Dana"),
        ("x-wr-timezone", zone.key),
    ):
        cal.add(name, value)
    cal.add("refresh-interval", ics.REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(ics.REFRESH))
    ordered = sorted(steps, key=lambda s: (s.start, s.id))
    years = [s.start.astimezone(zone).year for s in ordered] or [now.astimezone(zone).year]
    cal.add_component(
        Timezone.from_tzinfo(zone, zone.key, date(min(years) - 1, 1, 1), date(max(years) + 2, 1, 1))
    )
    for step in ordered:
        stamp = now.astimezone(UTC)
        cal.add_component(ics._event(step, 1, zone, stamp, base_url, ics.REMINDER, ics.DURATION))
    data: bytes = cal.to_ical()
    return data


@pytest.mark.parametrize("count", [0, 1, 40])
def test_events_written_one_at_a_time_give_the_bytes_of_the_whole_tree(count: int) -> None:
    steps = [  # a third already begun: some with an alarm, some without
        _step(
            n,
            kind=("thank_you", "follow_up", "celebrate")[n % 3],
            due=NOW + timedelta(days=n * 9 - 120),
        )
        for n in range(1, count + 1)
    ]
    assert _export(steps) == _whole_tree(steps)
    assert _feed(steps) == _whole_tree(steps, base_url=BASE)

"""The `afterview new` question flow, driven by a scripted asker and through click."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import click
import pytest
from click.testing import CliRunner

from afterview.cli.wizard import ClickAsker, ask_interview
from afterview.interview_file import from_data

NOW = datetime(2026, 11, 20, 16, 30, tzinfo=ZoneInfo("America/Toronto"))

Answer = str | bool | None
Script = list[tuple[str, Answer]]


class ScriptedAsker:
    """Answers from (expected question substring, answer) pairs; anything else fails the test.

    An empty answer ("" or None) means "just press Enter": the default, or nothing for an
    optional question. ``finish`` fails when answers are left over.
    """

    def __init__(self, script: Script) -> None:
        self.script = list(script)
        self.transcript: list[tuple[str, str]] = []

    @property
    def said(self) -> list[str]:
        return [text for kind, text in self.transcript if kind == "say"]

    def _next(self, question: str) -> Answer:
        self.transcript.append(("ask", question))
        if not self.script:
            pytest.fail(f"the flow asked {question!r} after the script ended")
        expected, answer = self.script.pop(0)
        if expected.casefold() not in question.casefold():
            pytest.fail(f"expected a question about {expected!r}, the flow asked {question!r}")
        return answer

    def text(
        self, question: str, *, default: str | None = None, required: bool = True
    ) -> str | None:
        answer = self._next(question)
        if isinstance(answer, bool):
            pytest.fail(f"{question!r} wants text, the script gave {answer!r}")
        if answer:
            return answer
        if default is None and required:
            pytest.fail(f"{question!r} needs an answer, the script left it empty")
        return default

    def choice(self, question: str, options: Sequence[str], *, default: str | None = None) -> str:
        answer = self._next(question) or default
        if not isinstance(answer, str) or answer not in options:
            pytest.fail(f"{answer!r} is not one of {list(options)} for {question!r}")
        return answer

    def confirm(self, question: str, *, default: bool = False) -> bool:
        answer = self._next(question)
        if answer is None:
            return default
        if not isinstance(answer, bool):
            pytest.fail(f"{question!r} wants yes or no, the script gave {answer!r}")
        return answer

    def say(self, message: str) -> None:
        self.transcript.append(("say", message))

    def finish(self) -> None:
        if self.script:
            pytest.fail(f"the flow never asked for these answers: {self.script}")


def run(
    script: Script, candidate: dict[str, Any] | None = None
) -> tuple[dict[str, Any], ScriptedAsker]:
    asker = ScriptedAsker(script)
    data = ask_interview(asker, candidate=candidate, now=NOW)
    asker.finish()
    return data, asker


ME: Script = [
    ("your full name", "Jordan Lee"),
    ("your email", "jordan.lee@example.org"),
    ("your phone", "+1 416 555 0100"),
    ("your time zone", ""),  # the default comes from `now`: America/Toronto
    ("your country", "CA"),
    ("state or province", "ON"),
    ("sign your notes", ""),
]
JOB: Script = [
    ("company", "Northwind Robotics"),
    ("job title", "Senior Data Engineer"),
    ("in touch with them before", "email"),
    ("refer you", True),
    ("referrer's name", "Sam Ortiz"),
    ("Sam Ortiz's email", "sam.ortiz@example.org"),
    ("add a reference", True),
    ("reference's name", "Dana Kim"),
    ("Dana Kim's email", "dana.kim@example.org"),
    ("add a reference", False),
    ("supporting link", True),
    ("short title", "Streaming migration write-up"),
    ("address", "https://example.org/jordan/streaming"),
    ("supporting link", False),
]
INTERVIEW: Script = [
    ("where the interview took place", ""),
    ("when did it start", "2026-11-20 14:00"),
    ("how long", "1h30m"),
    ("format", "onsite"),
    ("which round", "2"),
]
PANEL: Script = [
    ("add a person you met", True),
    ("their name", "Priya Raman"),
    ("Priya Raman's job title", "Head of Data Platform"),
    ("Priya Raman's role", "hiring_manager"),
    ("Priya Raman's email", "priya.raman@northwind.example"),
    ("Priya Raman's time zone", ""),
    ("Priya Raman's phone", "+1 416 555 0199"),
    ("work or a personal", "work"),
    ("did Priya Raman invite you to call", True),
    ("discussed with Priya Raman", "migrating the nightly batch jobs to streaming"),
    ("discussed with Priya Raman", "the on-call rotation"),
    ("discussed with Priya Raman", ""),
    ("add a person you met", True),
    ("their name", "Tom Becker"),
    ("Tom Becker's job title", "Staff Engineer"),
    ("Tom Becker's role", ""),
    ("Tom Becker's email", "tom.becker@northwind.example"),
    ("Tom Becker's time zone", "Europe/Berlin"),
    ("Tom Becker's phone", ""),
    ("discussed with Tom Becker", "data-quality checks in the ingestion pipeline"),
    ("discussed with Tom Becker", ""),
    ("add a person you met", False),
]
BEFORE_LEAVING: Script = [
    ("would decide", "within two weeks"),
    ("next step", "a final conversation with the VP of Engineering"),
    ("prefer to be contacted", "email"),
]
PROMISES: Script = [
    ("add a promise", True),
    ("what did you promise", "send the architecture write-up"),
    ("by when", "tomorrow"),
    ("add a promise", False),
]
DEBRIEF: Script = [
    ("debrief", True),
    ("a question they asked", "How do you test data quality?"),
    ("how did you answer", "Row counts only; forgot freshness checks."),
    ("how well did you answer", "2"),
    ("who asked it", "Tom Becker"),
    ("a question they asked", ""),
    ("what stood out", "Blameless postmortems."),
    ("how did you feel", "Nervous at first, then relaxed."),
]

JOB_ONLY_REQUIRED: Script = [
    ("company", "Northwind Robotics"),
    ("job title", "Data Engineer"),
    ("in touch with them before", ""),
    ("refer you", False),
    ("add a reference", False),
    ("supporting link", False),
]
INTERVIEW_BY_DEFAULTS: Script = [
    ("where the interview took place", ""),
    ("when did it start", ""),
    ("how long", ""),
    ("format", ""),
    ("which round", ""),
]
NOBODY_NOTHING_SAID: Script = [
    ("add a person you met", False),
    ("would decide", ""),
    ("next step", ""),
    ("prefer to be contacted", ""),
    ("add a promise", False),
    ("debrief", False),
]


def test_a_full_panel_interview_answered_step_by_step_makes_a_valid_interview_file() -> None:
    script = ME + JOB + INTERVIEW + PANEL + BEFORE_LEAVING + PROMISES + DEBRIEF
    data, _ = run(script)

    assert data == {
        "candidate": {
            "name": "Jordan Lee",
            "email": "jordan.lee@example.org",
            "phone": "+1 416 555 0100",
            "timezone": "America/Toronto",
            "country": "CA",
            "subdivision": "ON",
        },
        "application": {
            "company": "Northwind Robotics",
            "role": "Senior Data Engineer",
            "channel_before": "email",
            "referrer": {"name": "Sam Ortiz", "email": "sam.ortiz@example.org"},
            "references": [{"name": "Dana Kim", "email": "dana.kim@example.org"}],
            "links": [
                {
                    "title": "Streaming migration write-up",
                    "url": "https://example.org/jordan/streaming",
                }
            ],
        },
        "interview": {
            "start": "2026-11-20T14:00",
            "duration": "1h30m",
            "timezone": "America/Toronto",
            "format": "onsite",
            "round": 2,
            "panel": [
                {
                    "name": "Priya Raman",
                    "title": "Head of Data Platform",
                    "role": "hiring_manager",
                    "email": "priya.raman@northwind.example",
                    "phone": {"number": "+1 416 555 0199", "kind": "work", "invited": True},
                    "topics": [
                        "migrating the nightly batch jobs to streaming",
                        "the on-call rotation",
                    ],
                },
                {
                    "name": "Tom Becker",
                    "title": "Staff Engineer",
                    "role": "interviewer",
                    "email": "tom.becker@northwind.example",
                    "timezone": "Europe/Berlin",
                    "topics": ["data-quality checks in the ingestion pipeline"],
                },
            ],
            "decision": "within two weeks",
            "next_step": "a final conversation with the VP of Engineering",
            "contact_preference": "email",
            "promises": [{"what": "send the architecture write-up", "by": "tomorrow"}],
            "notes": {
                "questions": [
                    {
                        "q": "How do you test data quality?",
                        "answer": "Row counts only; forgot freshness checks.",
                        "rating": 2,
                        "asked_by": "Tom Becker",
                    }
                ],
                "stood_out": "Blameless postmortems.",
                "feelings": "Nervous at first, then relaxed.",
            },
        },
    }

    case = from_data(data, source="afterview new")
    toronto, berlin = ZoneInfo("America/Toronto"), ZoneInfo("Europe/Berlin")
    iv = case.interview
    assert iv.start == datetime(2026, 11, 20, 14, 0, tzinfo=toronto)
    assert iv.end == datetime(2026, 11, 20, 15, 30, tzinfo=toronto)
    assert [(p.name, p.timezone) for p in iv.panel] == [
        ("Priya Raman", toronto),
        ("Tom Becker", berlin),
    ]
    assert iv.panel[0].phone is not None
    assert iv.panel[0].phone.invited
    assert iv.panel[1].topics == ("data-quality checks in the ingestion pipeline",)
    assert (iv.decision, iv.contact_preference) == ("within two weeks", "email")
    assert [(p.what, p.by) for p in iv.promises] == [("send the architecture write-up", "tomorrow")]
    assert case.application.referrer is not None
    assert case.application.referrer.name == "Sam Ortiz"
    assert [r.name for r in case.application.references] == ["Dana Kim"]
    assert iv.notes.questions[0].rating == 2


def test_a_stored_candidate_profile_is_not_asked_again() -> None:
    stored = {
        "name": "Jordan Lee",
        "email": "jordan.lee@example.org",
        "phone": None,
        "timezone": ZoneInfo("Europe/Berlin"),
        "country": "DE",
        "subdivision": "BE",
        "signature": "",
    }
    script = [
        ("use your stored profile", True),
        *JOB_ONLY_REQUIRED,
        *INTERVIEW_BY_DEFAULTS,
        *NOBODY_NOTHING_SAID,
    ]
    data, asker = run(script, candidate=stored)

    assert data["candidate"] == {
        "name": "Jordan Lee",
        "email": "jordan.lee@example.org",
        "timezone": "Europe/Berlin",
        "country": "DE",
        "subdivision": "BE",
    }
    assert not any("your full name" in question.casefold() for _, question in asker.transcript)
    # The interview defaults to the stored zone, and "today" is today in Berlin.
    assert data["interview"]["timezone"] == "Europe/Berlin"
    assert data["interview"]["start"] == "2026-11-20T17:00"
    from_data(data, source="afterview new")


def test_the_three_before_leaving_questions_are_asked_together_and_in_order() -> None:
    script = [
        ("use your stored profile", True),
        *JOB_ONLY_REQUIRED,
        *INTERVIEW_BY_DEFAULTS,
        *NOBODY_NOTHING_SAID,
    ]
    stored = {"name": "J", "email": "j@example.org", "timezone": "UTC", "country": "GB"}
    _, asker = run(script, candidate=stored)

    header = next(
        i for i, (kind, text) in enumerate(asker.transcript) if "before leaving" in text.casefold()
    )
    group = asker.transcript[header : header + 8]
    asked = [text for kind, text in group if kind == "ask"]
    assert [q.split("?")[0] for q in asked] == [
        "When did they say they would decide",
        "What did they say the next step is",
        "How do they prefer to be contacted",
    ]
    reasons = [text for kind, text in group if kind == "say" and text[:2] in {"1.", "2.", "3."}]
    assert len(reasons) == 3
    assert all(":" in reason for reason in reasons)  # each names the question and its reason
    assert any("default of five business days" in text for text in asker.said)
    assert any("ask them when they expect to decide" in text for text in asker.said)


def test_a_stated_decision_time_frame_needs_no_default_follow_up_message() -> None:
    script = [("use your stored profile", True), *JOB_ONLY_REQUIRED, *INTERVIEW_BY_DEFAULTS]
    script += [("add a person you met", False), *BEFORE_LEAVING, ("add a promise", False)]
    script += [("debrief", False)]
    stored = {"name": "J", "email": "j@example.org", "timezone": "UTC", "country": "GB"}
    data, asker = run(script, candidate=stored)

    assert data["interview"]["decision"] == "within two weeks"
    assert not any("five business days" in text for text in asker.said)


def test_empty_optional_sections_are_left_out_of_the_file() -> None:
    me = [("your full name", "Jordan Lee"), ("your email", "j@example.org")]
    me += [("your phone", ""), ("your time zone", ""), ("your country", "us")]
    me += [("state or province", ""), ("sign your notes", "")]
    script = me + JOB_ONLY_REQUIRED + INTERVIEW_BY_DEFAULTS + NOBODY_NOTHING_SAID
    data, _ = run(script)

    assert data == {
        "candidate": {
            "name": "Jordan Lee",
            "email": "j@example.org",
            "timezone": "America/Toronto",
            "country": "US",
        },
        "application": {
            "company": "Northwind Robotics",
            "role": "Data Engineer",
            "channel_before": "email",
        },
        "interview": {
            "start": "2026-11-20T15:00",  # today, at the last full hour an hour ago
            "duration": "45m",
            "timezone": "America/Toronto",
            "format": "video",
            "round": 1,
            "contact_preference": "unstated",
        },
    }
    from_data(data, source="afterview new")


def test_a_panel_member_without_topics_is_encouraged_to_add_one() -> None:
    script = [("use your stored profile", True), *JOB_ONLY_REQUIRED, *INTERVIEW_BY_DEFAULTS]
    script += [("add a person you met", True), ("their name", "Ana López")]
    script += [("job title", ""), ("role", "recruiter"), ("email", ""), ("time zone", "")]
    script += [("phone", ""), ("discussed with Ana López", ""), ("add a person you met", False)]
    script += NOBODY_NOTHING_SAID[1:]
    stored = {"name": "J", "email": "j@example.org", "timezone": "UTC", "country": "GB"}
    data, asker = run(script, candidate=stored)

    assert data["interview"]["panel"] == [{"name": "Ana López", "role": "recruiter"}]
    assert any("No topic for Ana López" in text for text in asker.said)


def test_the_scripted_asker_fails_loudly_on_surprises() -> None:
    with pytest.raises(pytest.fail.Exception, match="expected a question about"):
        run([("company", "Northwind")])
    asker = ScriptedAsker([("your full name", "Jordan Lee"), ("spare", "left over")])
    assert asker.text("Your full name") == "Jordan Lee"
    with pytest.raises(pytest.fail.Exception, match="never asked"):
        asker.finish()


def test_invalid_answers_are_explained_and_asked_again_on_the_terminal() -> None:
    results: list[dict[str, Any]] = []

    @click.command()
    def new() -> None:
        results.append(ask_interview(ClickAsker(), now=NOW))

    lines = [
        *("Jordan Lee", "jordan@example.org", ""),
        *("Europe/Atlantis", "America", ""),  # two unknown zones, then the default
        *("CA", "ZZ", "ON", ""),
        *("Northwind", "Engineer", "portal", "n", "n", "n"),
        *("", "25:99", "9999-11-20 14:00", "2031-11-20 14:00", "14:00"),
        *("forever", "1h30m", "onsite", "0", "2"),
        *("y", "Priya Raman", "", "hiring_manager", "priya@northwind.example"),
        *("Europe/Berlin", "", "data quality", ""),
        *("y", "priya raman", "Tom Becker", "", "", "", "", "", "", "n"),
        *("", "", "no_contact"),
        "n",
        *("y", "How do you test?", "Row counts", "9", "2", "Tom Becker", ""),
        *("", ""),
    ]
    result = CliRunner().invoke(new, input="\n".join(lines) + "\n")

    assert result.exception is None, result.output
    out = result.output
    assert "Unknown time zone 'Europe/Atlantis'" in out
    assert "Unknown time zone 'America'" in out
    assert "No region 'ZZ' is known in CA" in out
    assert "Cannot read '25:99' as a time" in out
    assert "Cannot read 'forever' as a length" in out
    assert "The start: the year 9999 is outside 1900-2100; check the date." in out
    assert "The start: 2031-11-20 is more than a year after now (2026-11-20)" in out
    assert "The round is a whole number" in out
    assert "priya raman is already on the panel" in out
    assert "Rate from 1 to 5, not '9'" in out
    assert "No follow-ups will be planned" in out

    (data,) = results
    iv = data["interview"]
    assert data["candidate"]["timezone"] == "America/Toronto"
    assert data["candidate"]["subdivision"] == "ON"
    assert (iv["start"], iv["duration"], iv["round"]) == ("2026-11-20T14:00", "1h30m", 2)
    assert [p["name"] for p in iv["panel"]] == ["Priya Raman", "Tom Becker"]
    assert iv["panel"][0]["timezone"] == "Europe/Berlin"
    assert iv["notes"]["questions"] == [
        {"q": "How do you test?", "answer": "Row counts", "rating": 2, "asked_by": "Tom Becker"}
    ]
    assert iv["contact_preference"] == "no_contact"
    from_data(data, source="afterview new")


def test_an_incomplete_stored_profile_is_asked_again_in_full() -> None:
    script = ME + JOB_ONLY_REQUIRED + INTERVIEW_BY_DEFAULTS + NOBODY_NOTHING_SAID
    data, _ = run(script, candidate={"name": "Jordan Lee", "timezone": None})

    assert data["candidate"]["email"] == "jordan.lee@example.org"

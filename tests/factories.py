"""Small builders for domain objects, so each test says only what matters to it."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from msgspec.structs import replace

from afterview.domain.models import (
    Application,
    Candidate,
    Case,
    Interview,
    Link,
    Notes,
    PanelMember,
    Person,
    Phone,
    PipelineEntry,
    Promise,
    Question,
)

TORONTO = ZoneInfo("America/Toronto")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def candidate(**overrides: Any) -> Candidate:
    base = Candidate(
        name="Jordan Lee",
        email="jordan.lee@example.org",
        timezone=TORONTO,
        country="CA",
        subdivision="ON",
        phone="+1 416 555 0100",
        signature="Jordan Lee\n+1 416 555 0100",
    )
    return replace(base, **overrides)


def panel() -> tuple[PanelMember, ...]:
    return (
        PanelMember(
            name="Priya Raman",
            title="Head of Data Platform",
            role="hiring_manager",
            email="priya.raman@northwind.example",
            timezone=TORONTO,
            phone=Phone("+1 416 555 0199", "work", invited=True),
            topics=("migrating the nightly batch jobs to streaming", "on-call rotation"),
        ),
        PanelMember(
            name="Tom Becker",
            title="Staff Engineer",
            role="interviewer",
            email="tom.becker@northwind.example",
            timezone=BERLIN,
            phone=Phone("+49 30 5550 1234", "personal", invited=False),
            topics=("the data-quality checks in the ingestion pipeline",),
        ),
        PanelMember(
            name="Ana López",
            title="Technical Recruiter",
            role="recruiter",
            email="ana.lopez@northwind.example",
            timezone=TORONTO,
            topics=("relocation support for the Toronto office",),
        ),
    )


def interview(**overrides: Any) -> Interview:
    # Friday 20 November 2026, 14:00-15:30 in Toronto.
    base = Interview(
        start=datetime(2026, 11, 20, 14, 0, tzinfo=TORONTO),
        end=datetime(2026, 11, 20, 15, 30, tzinfo=TORONTO),
        timezone=TORONTO,
        format="onsite",
        round=2,
        panel=panel(),
        decision="within two weeks",
        contact_preference="email",
        next_step="a final conversation with the VP of Engineering",
        promises=(Promise("send the architecture write-up from my last project", "tomorrow"),),
        notes=Notes(
            questions=(
                Question(
                    "Tell us about a pipeline you rebuilt.",
                    "Described the Kafka move.",
                    4,
                    asked_by="Priya Raman",
                ),
                Question(
                    "How do you test data quality?",
                    "Mentioned row counts only.",
                    2,
                    asked_by="Tom Becker",
                ),
            ),
            stood_out="The team runs blameless postmortems.",
            feelings="Nervous at first, then relaxed.",
        ),
    )
    return replace(base, **overrides)


def application(**overrides: Any) -> Application:
    base = Application(
        company="Northwind Robotics",
        role="Senior Data Engineer",
        channel_before="email",
        referrer=Person("Sam Ortiz", "sam.ortiz@example.org"),
        references=(Person("Dana Kim", "dana.kim@example.org"),),
        links=(Link("Architecture write-up", "https://example.org/writeup"),),
    )
    return replace(base, **overrides)


def case(**overrides: Any) -> Case:
    base = Case(
        candidate=candidate(),
        application=application(),
        interview=interview(),
        pipeline=(
            PipelineEntry("Contoso Analytics", "Data Engineer", "interviewing"),
            PipelineEntry("Fabrikam", "Analytics Engineer", "applied"),
            PipelineEntry("Globex", "Data Engineer", "rejected"),
        ),
    )
    return replace(base, **overrides)

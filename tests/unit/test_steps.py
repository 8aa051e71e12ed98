"""The step record: one shape for a planned and a stored step, and its JSON views."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from msgspec.structs import replace

from afterview.domain.planner import plan
from afterview.domain.settings import Policy
from afterview.domain.steps import AGENDA_FIELDS, DETAIL_FIELDS, PLAN_FIELDS, Step, step_json
from tests.factories import TORONTO, case

NOW = datetime(2026, 11, 20, 16, 0, tzinfo=TORONTO)
DUE = datetime(2026, 11, 21, 15, 30, tzinfo=TORONTO)


def test_a_planned_step_in_the_plan_view_keeps_the_published_field_order() -> None:
    step = next(a for a in plan(case(), now=NOW, policy=Policy()).actions if a.kind == "thank_you")
    out = step_json(step, PLAN_FIELDS)
    assert list(out) == list(PLAN_FIELDS)
    assert out["not_before"] == step.not_before.isoformat()
    assert out["sources"] == list(step.sources)
    assert out["sources"]
    assert json.loads(json.dumps(out)) == out  # JSON-ready: nothing left to convert


def test_a_stored_step_in_the_agenda_view() -> None:
    step = Step(
        id=7,
        application_id=3,
        company="Acme",
        role="Data Engineer",
        kind="follow_up",
        to="Dana Lee",
        channel="email",
        zone="America/Toronto",
        not_before=NOW,
        due=DUE,
        send_at=None,
        because="Follow up.",
    )
    out = step_json(step, AGENDA_FIELDS)
    assert list(out) == list(AGENDA_FIELDS)
    assert out["id"] == 7
    assert out["due"] == "2026-11-21T15:30:00-05:00"
    assert out["send_at"] is None
    assert "rule" not in out


def test_the_detail_view_has_what_the_user_did_with_the_step() -> None:
    step = Step("promise", "Tom", "email", NOW, DUE, None, status="skipped", reason="sent it")
    out = step_json(step, DETAIL_FIELDS)
    assert (out["status"], out["reason"], out["done_at"]) == ("skipped", "sent it", None)


def test_a_step_is_immutable_and_keeps_its_key_when_replanned() -> None:
    first = plan(case(), now=NOW, policy=Policy()).actions
    again = plan(case(), now=NOW, policy=Policy()).actions
    assert [a.key for a in first] == [a.key for a in again]
    assert first == again
    with pytest.raises(AttributeError):
        first[0].status = "done"  # type: ignore[misc]


def test_a_step_starts_at_its_send_time_else_its_due_time() -> None:
    step = Step("thank_you", "Tom", "email", NOW, DUE, None)
    assert step.start == DUE
    assert replace(step, send_at=NOW).start == NOW

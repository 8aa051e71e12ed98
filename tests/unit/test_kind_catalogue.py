"""The kind catalogue is complete: every kind has every facet, and the plan kinds agree.

A plan kind is a public contract, so the catalogue, the ``PlanKind`` type, what the planner
really makes and the README's list must name the same kinds; and each kind's facets must
point at things that exist (rules, draft templates).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from afterview.domain import rules
from afterview.domain.kinds import (
    CONTACT_KINDS,
    KINDS,
    NOTE_KINDS,
    PLAN_KINDS,
    CalendarText,
    Kind,
)
from afterview.domain.models import Outcome
from afterview.domain.planner import plan
from afterview.domain.settings import Policy
from tests.factories import TORONTO, case

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "src" / "afterview" / "templates"
PLANNED = [k for k in KINDS.values() if k.family == "plan"]


def _documented_plan_kinds() -> list[str]:
    """The kinds the README lists under ``afterview plan``'s JSON."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"`kind` is one of (.*?)\. `status`", readme, re.DOTALL)
    assert found, "README.md no longer lists the plan kinds after `kind` is one of"
    return re.findall(r"`([a-z_]+)`", found.group(1))


def _planned_kinds() -> set[str]:
    """Every kind the planner makes, over cases that together call for all of them."""
    after = datetime(2026, 11, 20, 16, 0, tzinfo=TORONTO)
    later = after + timedelta(days=3)
    cases = [
        case(),
        case(outcome=Outcome("rejected", later)),
        case(outcome=Outcome("offer", later)),
    ]
    return {a.kind for c in cases for a in plan(c, now=after, policy=Policy()).actions}


def test_the_catalogue_plan_kinds_are_the_typed_planned_and_documented_ones() -> None:
    catalogue = [k.id for k in PLANNED]
    assert set(catalogue) == set(PLAN_KINDS)
    assert len(catalogue) == len(PLAN_KINDS)
    assert _planned_kinds() == set(PLAN_KINDS)
    assert _documented_plan_kinds() == list(PLAN_KINDS)


def test_the_other_kind_lists_come_from_the_catalogue() -> None:
    assert (*PLAN_KINDS, "linkedin_request", "gift") == CONTACT_KINDS
    assert tuple(k.id for k in KINDS.values() if k.drafts) == NOTE_KINDS
    assert set(NOTE_KINDS) - set(PLAN_KINDS) == {"withdrawal"}


@pytest.mark.parametrize("kind", list(KINDS.values()), ids=list(KINDS))
def test_every_kind_has_a_title_and_label(kind: Kind) -> None:
    assert kind.title.strip()
    assert kind.title[0].isupper()
    assert kind.label.lower() == kind.title.lower()
    assert kind.family in ("plan", "contact", "note", "history")


@pytest.mark.parametrize("kind", PLANNED, ids=[k.id for k in PLANNED])
def test_every_plan_kind_has_calendar_wording(kind: Kind) -> None:
    assert isinstance(kind.calendar, CalendarText), f"{kind.id} has no calendar wording"
    assert kind.calendar.summary.strip()
    assert kind.calendar.todo.strip()
    assert kind.calendar.todo.endswith(".")
    assert "{" not in kind.calendar.summary.replace("{to}", "")


@pytest.mark.parametrize("kind", PLANNED, ids=[k.id for k in PLANNED])
def test_a_plan_step_with_someone_on_the_other_end_offers_a_note(kind: Kind) -> None:
    """A step for you alone has no channel and no draft; every other one has both."""
    assert bool(kind.drafts) == (kind.channel != "none"), kind.id


@pytest.mark.parametrize("kind", [KINDS[k] for k in NOTE_KINDS], ids=list(NOTE_KINDS))
def test_every_note_kind_has_its_drafting_facets_and_templates(kind: Kind) -> None:
    assert kind.drafts[0] == "email", "every note can be drafted as an email, offered first"
    assert kind.drafts_tab
    assert kind.audience
    assert kind.channel != "none"
    for variant in kind.drafts:
        assert (TEMPLATES / kind.template(variant)).is_file(), kind.template(variant)


def test_every_draft_template_belongs_to_a_kind_and_variant() -> None:
    named = {
        KINDS[k].template(v).removeprefix("drafts/") for k in NOTE_KINDS for v in KINDS[k].drafts
    }
    files = {p.name for p in (TEMPLATES / "drafts").glob("*.txt.j2") if p.name[0] != "_"}
    assert files == named


@pytest.mark.parametrize("kind", list(KINDS.values()), ids=list(KINDS))
def test_every_guard_and_lint_hook_names_a_rule_of_its_family(kind: Kind) -> None:
    for rule_id in kind.guards:
        assert rule_id in rules.GUARD_IDS, f"{kind.id}: no guard {rule_id!r}"
    for rule_id in kind.lint:
        assert rule_id in rules.LINT_IDS, f"{kind.id}: no lint rule {rule_id!r}"
    if kind.lint:
        assert kind.id in NOTE_KINDS, "lint rules apply to notes"


def test_kinds_without_a_facet_are_caught() -> None:
    """The checks above fail for an entry missing its calendar wording or its drafts."""
    bare = Kind("new_step", "plan", "New step")
    assert not isinstance(bare.calendar, CalendarText)
    assert bool(bare.drafts) != (bare.channel != "none")

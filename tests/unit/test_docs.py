"""Docs that can be checked: the field reference, the README contract, rules and settings."""

from __future__ import annotations

import re

import msgspec

from afterview import interview_file
from afterview.domain import sources
from afterview.domain.rules import catalogue
from afterview.domain.settings import Policy, describe
from tests.conftest import ROOT


def _models() -> list[type[msgspec.Struct]]:
    return [
        obj
        for obj in vars(interview_file).values()
        if isinstance(obj, type) and issubclass(obj, msgspec.Struct) and obj.__name__.endswith("In")
    ]


def test_every_interview_file_field_is_documented() -> None:
    doc = (ROOT / "docs" / "interview-file.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+)`", doc))
    fields = {name for model in _models() for name in model.__struct_fields__}
    fields |= set(interview_file.InterviewFile.__struct_fields__)
    assert len(fields) > 40
    assert fields - documented == set()


def test_the_readme_quick_start_has_exactly_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("##", 1)[0]
    block = quick.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make run", "make test"]


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_readme_documents_every_command_and_exit_code() -> None:
    from afterview.cli import COMMANDS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"`afterview {command}" in readme, command
    for code in ("| 0 |", "| 1 |", "| 2 |"):
        assert code in readme


KNOWN_SOURCES = set(sources.GUIDES) | set(sources.SURVEYS)


def test_every_rule_has_a_rationale_and_known_sources() -> None:
    for rule in catalogue():
        assert rule.rationale.endswith("."), rule.id
        assert rule.sources, rule.id
        assert set(rule.sources) <= KNOWN_SOURCES, rule.id


def test_every_setting_has_a_reason_and_a_source() -> None:
    for setting in describe(policy=Policy()):
        assert setting["reason"], setting["name"]
        assert setting["sources"], setting["name"]
        assert set(setting["sources"]) <= KNOWN_SOURCES, setting["name"]

"""The README's terminal session is real: each command, run as written, prints what it shows."""

from __future__ import annotations

import re
import shlex
from typing import Any

from tests.conftest import ROOT

SESSION = re.compile(r"```text\n(\$ afterview add .*?)```", re.DOTALL)


def _session() -> list[tuple[list[str], str]]:
    """(arguments, expected output) for each ``$ afterview …`` of the morning session."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = SESSION.search(readme)
    assert found, "the README's morning session"
    steps = []
    for block in found.group(1).split("$ afterview ")[1:]:
        command, _, output = block.partition("\n")
        steps.append((shlex.split(command, comments=True), output.rstrip("\n")))
    return steps


def test_every_dated_command_of_the_readme_session_carries_now() -> None:
    for args, _ in _session():
        assert "--now" in args, args


def test_the_readme_session_prints_what_the_readme_shows(cli: Any) -> None:
    for args, expected in _session():
        args = [str(ROOT / a) if a.startswith("examples/") else a for a in args]
        result = cli(*args)
        assert result.code == 0, (args, result.err)
        assert result.out.rstrip("\n") == expected, args

"""Snapshots of the JSON that other programs read: the CLI's ``--json``, the export archive and
the web API.

That JSON is a public contract, so these tests pin it byte for byte: any change to a key, its
order, a date's format or the indentation fails here, and a deliberate change is then made by
rewriting the snapshots (``AFTERVIEW_UPDATE_SNAPSHOTS=1 pytest tests/contracts``) and reviewing
their diff. Each file under ``snapshots/`` holds the exact bytes the program wrote; the only
edits are the normalisations in ``VOLATILE``, each of which replaces a value that changes on
every run (and checks its shape first).
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.conftest import Result, cli  # the CLI run in-process, as the e2e tests run it

__all__ = ["Result", "Snapshot", "check", "cli", "normalised", "snapshot"]

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("AFTERVIEW_UPDATE_SNAPSHOTS") == "1"

# Values that differ on every run, and what each becomes in a snapshot. Everything else is the
# program's output as is.
VOLATILE: tuple[tuple[str, re.Pattern[bytes], bytes], ...] = (
    # ``afterview export`` has no --now: the archive says when it was written, by the clock.
    (
        "exported_at",
        re.compile(rb'"exported_at": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00"'),
        b'"exported_at": "<EXPORT TIME>"',
    ),
    # A Message-ID is made from the clock, the process id and a random number (RFC 5322 asks
    # for a unique one), on the candidate's mail domain.
    ("message_id", re.compile(rb"<\d+\.\d+\.\d+@([a-z.-]+)>"), rb"<MESSAGE-ID@\1>"),
)


def normalised(raw: bytes) -> bytes:
    """``raw`` with each volatile value replaced by its placeholder."""
    for _, pattern, placeholder in VOLATILE:
        raw = pattern.sub(placeholder, raw)
    return raw


def _readable(raw: bytes) -> list[str]:
    """The JSON pretty-printed, for a diff a person can read (compact API answers are one
    line); not JSON at all, the text as is."""
    text = raw.decode("utf-8", errors="replace")
    with contextlib.suppress(ValueError):
        text = json.dumps(json.loads(text), ensure_ascii=False, indent=2)
    return text.splitlines(keepends=True)


def check(name: str, raw: bytes, *, folder: Path = SNAPSHOTS, update: bool = UPDATE) -> None:
    """Fail unless ``raw`` (normalised) is byte for byte the snapshot ``name``; with
    ``update``, (re)write the snapshot instead."""
    path = folder / name
    actual = normalised(raw)
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != actual:
            path.write_bytes(actual)
        return
    if not path.exists():
        pytest.fail(
            f"snapshot {name} is missing: write it with AFTERVIEW_UPDATE_SNAPSHOTS=1 "
            "and review it before committing",
            pytrace=False,
        )
    expected = path.read_bytes()
    if actual == expected:
        return
    diff = "".join(
        difflib.unified_diff(
            _readable(expected), _readable(actual), f"snapshot {name}", "output now"
        )
    )
    if not diff:  # same JSON, other bytes: spacing, key order is kept by json.loads
        diff = (
            f"same JSON, other bytes:\n  snapshot: {expected[:300]!r}\n  now:      {actual[:300]!r}"
        )
    pytest.fail(f"the JSON contract {name} changed:\n{diff}", pytrace=False)


Snapshot = Callable[[str, bytes], None]


@pytest.fixture
def snapshot() -> Snapshot:
    return check

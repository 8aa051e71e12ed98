"""Property: whatever YAML or archive arrives, the CLI answers 0 or 2, never a traceback,
and a refused import leaves the database exactly as it was."""

from __future__ import annotations

import contextlib
import copy
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from afterview.cli import run
from afterview.config import database_url
from afterview.services import transfer
from afterview.storage.db import Database
from tests.acting import local
from tests.conftest import EXAMPLES

PANEL = EXAMPLES / "panel-interview.yaml"
BOUNDED = settings(
    max_examples=25,
    derandomize=True,  # the same examples on every run: the suite stays deterministic
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def invoke(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = run(list(args))
    return code, err.getvalue()


def answered_plainly(code: int, err: str) -> None:
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert err.count("\n") == 1, err
        assert err.startswith("afterview"), err


def snapshot(db: Database) -> dict[str, Any]:
    doc = transfer.export_data(local(db), now=NOW)
    return {"candidate": doc["candidate"], "tables": doc["tables"]}


# -- YAML ----------------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates().map(date.isoformat),
    st.sampled_from(["2026-02-30", "25:61", "0x_", "~", "!!binary x", "*a", "&a", "[", "{"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
BASE = yaml.safe_load(PANEL.read_text(encoding="utf-8"))


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


PATHS = _paths(BASE)


@st.composite
def interview_files(draw: st.DrawFn) -> str:
    """The example with one field replaced, or random YAML, or hostile fragments."""
    kind = draw(st.sampled_from(["field", "document", "fragments"]))
    if kind == "field":
        data = copy.deepcopy(BASE)
        *parents, last = draw(st.sampled_from(PATHS))
        node = data
        for step in parents:
            node = node[step]
        node[last] = draw(values)
        return str(yaml.safe_dump(data, allow_unicode=True))
    if kind == "document":
        return str(yaml.safe_dump(draw(values), allow_unicode=True))
    pieces = st.sampled_from(
        ["a: &a [1, 2]\n", "b: [*a, *a, *a]\n", "[" * 80, "]" * 80, "{x: ", "}", "- ", "  ",
         "\n", "? [k]\n: v\n", "c: !!python/object:os.system x\n", "d: !!set {1: 2}\n",
         "e: !!binary AA\n", "candidate: *a\n", "interview: {start: 2026-13-40}\n",
         "%YAML 1.1\n---\n", "\t", "\x00"]
    )  # fmt: skip
    return "".join(draw(st.lists(pieces, min_size=1, max_size=12)))


@BOUNDED
@given(text=interview_files())
@example(text=PANEL.read_text(encoding="utf-8").replace("2026-11-20T14:00", "2026-02-30", 1))
@example(text="candidate: &c {name: [*c]}\n")
def test_any_interview_file_gets_exit_0_or_2_and_a_refused_add_stores_nothing(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "random.yaml"
    path.write_text(text, encoding="utf-8")
    db = Database(database_url())
    before = snapshot(db)
    answered_plainly(*invoke("plan", str(path), "--now", "2026-11-20T16:00"))
    code, err = invoke("add", str(path), "--now", "2026-11-20T16:00")
    answered_plainly(code, err)
    if code == 2:
        assert snapshot(db) == before


# -- archives ------------------------------------------------------------------------------

cells = st.one_of(
    scalars,
    st.sampled_from(
        [
            "2026-02-30T10:00:00Z",
            "2026-11-20T14:00:00+02:00",
            "Mars/Olympus",
            "hired",
            "[{}]",
            '[{"name": ""}]',
            "{",
            "a\u0000b",
            2**40,
            -1,
            0,
        ]
    ),
    st.lists(scalars, max_size=2),
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A real export of the examples, made once."""
    from afterview.interview_file import read_data
    from afterview.services import tracking
    from afterview.storage.db import sqlite_url

    db = Database(sqlite_url(tmp_path_factory.mktemp("archive") / "source.db"))
    for name in ("panel-interview", "phone-screen", "after-rejection"):
        tracking.add(local(db), read_data(EXAMPLES / f"{name}.yaml"), source=name, now=NOW)
    return transfer.export_data(local(db), now=NOW)


@st.composite
def spoiled_archives(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    spoiled = copy.deepcopy(doc)
    tables = [t for t, entry in spoiled["tables"].items() if entry["rows"]]
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        entry = spoiled["tables"][draw(st.sampled_from(tables))]
        row = draw(st.integers(min_value=0, max_value=len(entry["rows"]) - 1))
        action = draw(st.sampled_from(["cell", "duplicate", "drop", "truncate"]))
        if action == "cell":
            cells_left = len(entry["rows"][row])  # a row truncated before has fewer
            if cells_left:
                column = draw(st.integers(min_value=0, max_value=cells_left - 1))
                entry["rows"][row][column] = draw(cells)
        elif action == "duplicate":
            entry["rows"].append(list(entry["rows"][row]))
        elif action == "drop":
            del entry["rows"][row]
            if not entry["rows"]:
                tables.remove(next(t for t in tables if spoiled["tables"][t] is entry))
                if not tables:
                    break
        else:
            entry["rows"][row] = entry["rows"][row][:-1]
    if draw(st.booleans()):
        spoiled["candidate"] = draw(st.one_of(values, st.just(spoiled["candidate"])))
    return json.dumps(spoiled)


@BOUNDED
@given(data=st.data())
def test_any_archive_gets_exit_0_or_2_and_a_refused_import_stores_nothing(
    tmp_path: Path, archive: dict[str, Any], data: st.DataObject
) -> None:
    text = data.draw(spoiled_archives(archive))
    path = tmp_path / "archive.json"
    path.write_text(text, encoding="utf-8")
    db = Database(database_url())
    before = snapshot(db)
    code, err = invoke("import", str(path))
    answered_plainly(code, err)
    if code == 2:
        assert snapshot(db) == before


@pytest.mark.parametrize("field", ["\n", "name\r\nInjected: yes", "tab\there", "bell\x07"])
def test_a_field_named_with_control_characters_is_refused_on_one_line(
    tmp_path: Path, archive: dict[str, Any], field: str
) -> None:
    """A hostile archive names a field with a line break: the refusal still reads as one
    line, the break written as an escape, so it cannot forge a second line of output."""
    spoiled = copy.deepcopy(archive)
    spoiled["candidate"] = {field: 1}
    path = tmp_path / "archive.json"
    path.write_text(json.dumps(spoiled), encoding="utf-8")
    code, err = invoke("import", str(path))
    answered_plainly(code, err)
    assert code == 2
    assert field not in err.removesuffix("\n")
    assert field.translate({10: "\\n", 13: "\\r", 9: "\\t", 7: "\\x07"}) in err

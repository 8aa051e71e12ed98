"""The snapshots themselves: each one a test declares exists, none is left over, and the check
fails on a missing or changed snapshot rather than passing quietly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.contracts import test_api, test_cli_files, test_cli_tracked, test_cli_watch
from tests.contracts.conftest import SNAPSHOTS, UPDATE, check, normalised

DECLARED = {
    *test_api.REQUESTS,
    *test_cli_files.COMMANDS,
    *test_cli_tracked.COMMANDS,
    *test_cli_watch.COMMANDS,
}


def _stored() -> set[str]:
    return {p.relative_to(SNAPSHOTS).as_posix() for p in SNAPSHOTS.rglob("*") if p.is_file()}


@pytest.mark.skipif(UPDATE, reason="the snapshots are being written by the other tests")
def test_every_declared_snapshot_is_stored() -> None:
    assert sorted(DECLARED - _stored()) == []


def test_no_snapshot_is_left_over() -> None:
    assert sorted(_stored() - DECLARED) == []


def test_a_missing_snapshot_fails_and_says_how_to_write_it(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match="AFTERVIEW_UPDATE_SNAPSHOTS=1"):
        check("cli/none.json", b"{}\n", folder=tmp_path, update=False)


def test_a_changed_byte_fails_with_a_diff(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(b'{\n  "due": "2026-11-21"\n}\n')
    with pytest.raises(pytest.fail.Exception, match=r'(?s)-  "due": "2026-11-21".*\+  "due": "'):
        check("a.json", b'{\n  "due": "2026-11-22"\n}\n', folder=tmp_path, update=False)
    with pytest.raises(pytest.fail.Exception, match="same JSON, other bytes"):
        check("a.json", b'{"due": "2026-11-21"}\n', folder=tmp_path, update=False)
    check("a.json", b'{\n  "due": "2026-11-21"\n}\n', folder=tmp_path, update=False)


def test_updating_writes_the_normalised_bytes(tmp_path: Path) -> None:
    raw = b'{"exported_at": "2026-12-06T22:28:02.547311+00:00", "id": "<17965.187.50@example.org>"}'
    check("x/e.json", raw, folder=tmp_path, update=True)
    stored = (tmp_path / "x" / "e.json").read_bytes()
    assert stored == b'{"exported_at": "<EXPORT TIME>", "id": "<MESSAGE-ID@example.org>"}'
    assert normalised(raw) == stored
    check("x/e.json", raw, folder=tmp_path, update=False)

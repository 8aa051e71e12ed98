"""Files holding a job search are their owner's alone from the first byte."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from afterview import private_files
from tests.conftest import mode


def test_a_new_file_is_private_before_anything_is_written(tmp_path: Path, open_umask: None) -> None:
    fd = private_files.create(tmp_path / "export.json")
    try:
        assert stat.S_IMODE(os.fstat(fd).st_mode) == 0o600
        assert os.fstat(fd).st_size == 0
    finally:
        os.close(fd)


def test_an_existing_readable_file_is_narrowed_before_it_is_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    fd = private_files.create(target)
    try:
        assert stat.S_IMODE(os.fstat(fd).st_mode) == 0o600
        assert os.fstat(fd).st_size == 0
    finally:
        os.close(fd)


def test_text_and_bytes_are_written_private(tmp_path: Path, open_umask: None) -> None:
    private_files.write_private(tmp_path / "card.html", "<p>ask</p>")
    private_files.write_private(tmp_path / "card.pdf", b"%PDF-1.4")
    assert (tmp_path / "card.html").read_text(encoding="utf-8") == "<p>ask</p>"
    assert (tmp_path / "card.pdf").read_bytes() == b"%PDF-1.4"
    assert mode(tmp_path / "card.html") == mode(tmp_path / "card.pdf") == 0o600


def test_an_exclusive_file_never_replaces_another(tmp_path: Path) -> None:
    target = tmp_path / "backup.db"
    target.write_bytes(b"keep me")
    with pytest.raises(FileExistsError):
        private_files.create(target, exclusive=True)
    assert target.read_bytes() == b"keep me"


def test_a_database_file_and_its_new_folder_are_private(tmp_path: Path, open_umask: None) -> None:
    target = tmp_path / "data" / "afterview.db"
    private_files.create_empty(target)
    assert mode(target) == 0o600
    assert mode(target.parent) == 0o700


def test_an_atomic_write_leaves_a_private_file_and_no_temporary_one(
    tmp_path: Path, open_umask: None
) -> None:
    target = tmp_path / "plan.ics"
    private_files.write_atomically(target, b"BEGIN:VCALENDAR")
    assert mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]

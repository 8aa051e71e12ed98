"""Files that hold a person's job search: readable and writable by their owner only.

Exports, backups, the interview card, question cards, calendar files and the SQLite
database all name the people someone is talking to and what about. Each is created here
with mode 0600 *from the first byte*: the permission is given to ``os.open`` when the file
is created, never by a ``chmod`` after the data is already on disk (where another user
could open it in between). A file that already exists is narrowed to 0600 before anything
is written to it. Folders the app creates for such files get 0700.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import TextIO, cast

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def create(path: Path, *, exclusive: bool = False, truncate: bool = True) -> int:
    """Open ``path`` for writing as its owner's alone and return the descriptor.

    ``exclusive`` refuses a file that already exists (:class:`FileExistsError`).
    """
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    flags |= os.O_EXCL if exclusive else 0
    flags |= os.O_TRUNC if truncate else 0
    fd = os.open(path, flags, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)  # an existing file keeps its mode through os.open
    except BaseException:
        os.close(fd)
        raise
    return fd


def open_private(path: Path, *, exclusive: bool = False) -> TextIO:
    """A UTF-8 text file for writing, created 0600."""
    return cast(TextIO, os.fdopen(create(path, exclusive=exclusive), "w", encoding="utf-8"))


def write_private(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path``, created 0600."""
    if isinstance(data, str):
        with open_private(path) as text:
            text.write(data)
        return
    with os.fdopen(create(path), "wb") as binary:
        binary.write(data)


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` whole or not at all (a reader never sees half a file);
    the temporary file is created 0600 by ``mkstemp``."""
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def make_folder(path: Path) -> None:
    """Create ``path`` (and its parents) if missing; the folder itself gets 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)


def create_empty(path: Path) -> None:
    """Create an empty file 0600 (and its folder 0700) unless it exists, e.g. before SQLite
    opens a new database."""
    if path.exists():
        return
    make_folder(path.parent)
    with suppress(FileExistsError):  # another process created it first: private too
        os.close(create(path, exclusive=True))


__all__ = [
    "FILE_MODE",
    "FOLDER_MODE",
    "create",
    "create_empty",
    "make_folder",
    "open_private",
    "write_atomically",
    "write_private",
]

"""Read the first sheet of an ``.xlsx`` workbook (Excel, or Google Sheets' download) as
tracker rows, for :func:`afterview.importers.tracker_csv.parse_tracker_rows`.

An uploaded workbook is hostile input: a zip whose parts unpack to far more than they
weigh (a "zip bomb") is refused before openpyxl sees it, the sheet is read in openpyxl's
read-only (streaming) mode, and reading stops past the importer's row and column limits.
Dates become ISO text (a date alone when it has no time of day), whole numbers lose
their ``.0``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Final

from afterview.domain.errors import InputError
from afterview.importers.tracker_csv import MAX_COLUMNS, MAX_ROWS

MAX_UNPACKED: Final = 64 * 1024 * 1024  # bytes all parts may unpack to
MAX_RATIO: Final = 100  # unpacked / packed, for the whole workbook


def read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    """The non-blank rows of the first sheet, each (row number, cells as text)."""
    _check_zip(data)
    from openpyxl.reader.excel import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)  # type: ignore[no-untyped-call]
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise InputError("spreadsheet_unreadable", problem=type(exc).__name__) from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise InputError("spreadsheet_no_sheet")
        return _rows(sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True))
    finally:
        book.close()


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise InputError("not_xlsx") from None
    if unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * max(len(data), 1):
        raise InputError("workbook_too_packed")


def _rows(values: Iterable[Sequence[object]]) -> list[tuple[int, list[str]]]:
    records: list[tuple[int, list[str]]] = []
    for number, row in enumerate(values, 1):
        cells = [_text(value) for value in row]
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            records.append((number, cells))
            if len(records) > MAX_ROWS + 1:
                break
    return records


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()

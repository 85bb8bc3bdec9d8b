"""CSV cells: formula-looking text is defused (OWASP CSV injection); numbers stay numbers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duiding.exports.csv import csv_cell, formula_escape


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+31 30 123", "'+31 30 123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Wijk 03 Overvecht", "Wijk 03 Overvecht"),
        ("a=b", "a=b"),
        ("", ""),
        ("'al geciteerd", "'al geciteerd"),
    ],
)
def test_formula_escape(text: str, written: str) -> None:
    assert formula_escape(text) == written


@given(st.text())
def test_escaped_text_never_starts_a_formula_and_keeps_the_text(text: str) -> None:
    escaped = formula_escape(text)
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert escaped in (text, "'" + text)


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        (2680.0, "2680"),
        (-3.0, "-3"),
        (-0.5, "-0.5"),
        (76.76883414494415, "76.76883414494415"),
        (0.1 + 0.2, "0.30000000000000004"),
        (None, ""),
        (True, "true"),
        (False, "false"),
        (date(2023, 1, 1), "2023-01-01"),
        ("-", "'-"),
        (2.0**60, "1.152921504606847e+18"),
    ],
)
def test_csv_cell(cell: str | float | date | bool | None, written: str) -> None:
    assert csv_cell(cell) == written

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
        ("\t=1", "'\t'=1"),
        ("\r=1", "'\r'=1"),
        ("Zorg;=1+1", "Zorg;'=1+1"),
        ("Zorg,=1+1", "Zorg,'=1+1"),
        ("Zorg|@SUM(A1)", "Zorg|'@SUM(A1)"),
        ("Zorg\t+cmd", "Zorg\t'+cmd"),
        ("Regel 1\n-2+3", "Regel 1\n'-2+3"),
        ("Regel 1\r\n=1", "Regel 1\r\n'=1"),
        ('Zorg"=1+1', "Zorg\"'=1+1"),
        ("Zorg;   =1", "Zorg;   '=1"),
        ("a;b;=c;@d", "a;b;'=c;'@d"),
        ("Wijk 3-4", "Wijk 3-4"),
        ("12 - 17 jaar", "12 - 17 jaar"),
        ("e-mail", "e-mail"),
        ("Wijk 03 Overvecht", "Wijk 03 Overvecht"),
        ("a=b", "a=b"),
        ("", ""),
        ("'al geciteerd", "'al geciteerd"),
    ],
)
def test_formula_escape(text: str, written: str) -> None:
    assert formula_escape(text) == written


def _cell_starts(text: str) -> list[str]:
    """Every piece of ``text`` a spreadsheet may read as the start of a cell, whatever it splits on."""
    pieces = [text]
    for index, char in enumerate(text):
        if char in ',;\t|\r\n"':
            pieces.append(text[index + 1 :])
    return [piece.lstrip(" ") for piece in pieces]


@given(st.text(alphabet=st.sampled_from(list("=+-@\t\r\n,;|\" 'aZ19")) | st.characters()))
def test_no_cell_a_spreadsheet_may_split_off_starts_a_formula_and_the_text_is_kept(text: str) -> None:
    escaped = formula_escape(text)
    assert not any(piece.startswith(("=", "+", "-", "@")) for piece in _cell_starts(escaped))
    assert not escaped.startswith(("\t", "\r"))
    assert escaped.replace("'", "") == text.replace("'", "")  # only quotes were added


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
        (-12.0, "-12"),
        ("-12", "'-12"),
        ("+31 30 123 4567", "'+31 30 123 4567"),
    ],
)
def test_csv_cell(cell: str | float | date | bool | None, written: str) -> None:
    assert csv_cell(cell) == written

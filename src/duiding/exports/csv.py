"""CSV export, meant for machines first and Excel second.

Choices, so that every reader gets the same figures back:

- UTF-8 with a byte-order mark, so Excel recognises the encoding of ë and •;
- comma separator and ``.`` decimals whatever the locale (not the Dutch ``;`` and ``,``),
  quoting by the ``csv`` module's default (excel) dialect, CRLF line endings (RFC 4180).
  Excel with Dutch regional settings expects ``;``: open the file there with Data > From
  Text/CSV, or use the xlsx export, which is made for Excel;
- ISO dates (``2023-01-01``), ``true``/``false`` for ``suppressed``, an empty cell for a
  suppressed or missing figure;
- numbers at full precision (``repr``), whole numbers without ``.0`` (``2680``);
- in a text cell, every place where a spreadsheet may start a cell gets a ``'`` before a
  ``=``, ``+``, ``-``, ``@``, tab or carriage return there, so it never runs as a formula
  (OWASP, CSV injection): the start of the cell, and after each character a spreadsheet may
  split on when it guesses another separator or quoting (``,`` ``;`` tab ``|`` newline,
  carriage return, ``"``), spaces in between included. ``Zorg;=1+1`` is written
  ``Zorg;'=1+1``. Numbers (numeric columns) are never changed, so ``-3`` stays ``-3``; text
  like ``+31 30`` or ``-2`` in a text column is escaped. A script reading text cells can
  remove a ``'`` before those characters.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path
from typing import IO

from duiding.exports.columns import COLUMNS, Cell, ExportTable, cells, number

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell as a formula."""
CELL_BREAKS = ',;\t|\r\n"'
"""Characters after which a spreadsheet may start a new cell (another separator, a quote, a line)."""
_FORMULA_AT_CELL_START = re.compile(r"(^|[,;\t|\r\n\"])( *)(?=[=+\-@\t\r])")


def formula_escape(text: str) -> str:
    """Text with a ``'`` before each formula character a spreadsheet could read at a cell's start."""
    return _FORMULA_AT_CELL_START.sub(lambda m: m.group(1) + m.group(2) + "'", text)


def csv_cell(cell: Cell) -> str:
    """How one value is written in a CSV cell."""
    if cell is None:
        return ""
    if isinstance(cell, bool):  # before numbers: a bool is an int
        return "true" if cell else "false"
    if isinstance(cell, int | float):
        return repr(number(float(cell)))
    if isinstance(cell, date):
        return cell.isoformat()
    return formula_escape(cell)


def csv_write(path: Path, table: ExportTable) -> None:
    """Write the header and one row per observation to ``path``."""
    with path.open("wb") as stream:
        csv_stream_write(stream, table)


def csv_stream_write(stream: IO[bytes], table: ExportTable) -> None:
    """Write the header and one row per observation to a new binary ``stream`` (a download); ``stream`` stays open."""
    handle = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows([csv_cell(cell) for cell in cells(o)] for o in table.observations)
        handle.flush()
    finally:
        handle.detach()

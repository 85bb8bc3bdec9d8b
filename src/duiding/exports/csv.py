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
- a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
  leading ``'`` so a spreadsheet never runs it as a formula (OWASP, CSV injection). Numbers
  are never changed; a script reading text cells can strip that one quote.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from duiding.exports.columns import COLUMNS, Cell, ExportTable, cells, number

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell as a formula."""


def formula_escape(text: str) -> str:
    """Text with a leading ``'`` when a spreadsheet would otherwise read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows([csv_cell(cell) for cell in cells(o)] for o in table.observations)

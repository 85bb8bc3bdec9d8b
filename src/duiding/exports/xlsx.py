"""Excel export (XlsxWriter): a sheet of observations and a sheet with sources and privacy.

Sheet "Waarnemingen" has a bold header row and real values: dates as Excel dates
(``yyyy-mm-dd``), figures as numbers, ``suppressed`` as WAAR/ONWAAR, and an empty cell for
a suppressed or missing figure. XlsxWriter stores numbers with 16 significant digits (Excel
shows 15); CSV and JSON keep every digit. Text is always written as text: the workbook is
created with ``strings_to_formulas`` and ``strings_to_urls`` off, so an area name like
``=HYPERLINK(…)`` stays a name. Sheet "Bron" holds the attribution lines and what the
suppression mark means.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import IO, Any

import xlsxwriter

from duiding.errors import DuidingError
from duiding.exports.columns import COLUMNS, Cell, ExportTable, cells

MAX_ROWS = 1_048_576
"""Rows in one Excel sheet, the header included."""

_WIDTHS = {"area_name": 32, "indicator": 22, "period_start": 12, "period_end": 12, "breakdown_value": 16}
_DEFAULT_WIDTH = 12


def _write_cell(sheet: Any, row: int, col: int, cell: Cell, date_format: Any) -> None:
    if cell is None:
        return  # an empty cell: suppressed or missing
    if isinstance(cell, bool):  # before numbers: a bool is an int
        sheet.write_boolean(row, col, cell)
    elif isinstance(cell, int | float):
        sheet.write_number(row, col, cell)
    elif isinstance(cell, date):
        sheet.write_datetime(row, col, cell, date_format)
    else:
        sheet.write_string(row, col, cell)


def _observations_sheet(workbook: Any, table: ExportTable) -> None:
    sheet = workbook.add_worksheet("Waarnemingen")
    bold = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for col, column in enumerate(COLUMNS):
        sheet.write_string(0, col, column, bold)
        sheet.set_column(col, col, _WIDTHS.get(column, _DEFAULT_WIDTH))
    for row, observation in enumerate(table.observations, start=1):
        for col, cell in enumerate(cells(observation)):
            _write_cell(sheet, row, col, cell, date_format)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(table.observations), len(COLUMNS) - 1)


def _source_sheet(workbook: Any, table: ExportTable) -> None:
    sheet = workbook.add_worksheet("Bron")
    sheet.set_column(0, 0, 100)
    for row, line in enumerate((*table.attribution, table.suppression_note)):
        sheet.write_string(row, 0, line)


def xlsx_write(path: Path, table: ExportTable) -> None:
    """Write the workbook to ``path``."""
    _workbook_write(str(path), table, in_memory=False)


def xlsx_stream_write(stream: IO[bytes], table: ExportTable) -> None:
    """Write the workbook to a binary ``stream`` (a download), built in memory without temporary files."""
    _workbook_write(stream, table, in_memory=True)


def _workbook_write(target: str | IO[bytes], table: ExportTable, *, in_memory: bool) -> None:
    if len(table.observations) + 1 > MAX_ROWS:
        raise DuidingError(
            f"{len(table.observations)} waarnemingen passen niet in één Excel-blad "
            f"(hoogstens {MAX_ROWS - 1}); kies --format csv of json."
        )
    options = {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": in_memory}
    with xlsxwriter.Workbook(target, options) as workbook:
        _observations_sheet(workbook, table)
        _source_sheet(workbook, table)

"""Read exports back with independent readers (csv, json, openpyxl) into plain typed rows.

Nothing here uses duiding.exports: a row is a dict of the docs/design.md columns with Python
values (str, date, float, bool, None) parsed from what is in the file.
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

DESIGN_COLUMNS = [
    "monitor",
    "indicator",
    "period_start",
    "period_end",
    "area_level",
    "area_code",
    "area_name",
    "breakdown",
    "breakdown_value",
    "numerator",
    "denominator",
    "value",
    "ci_low",
    "ci_high",
    "suppressed",
]
DATES = ("period_start", "period_end")
FIGURES = ("numerator", "denominator", "value", "ci_low", "ci_high")

Row = dict[str, Any]


def csv_rows(path: Path) -> list[Row]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        assert header == DESIGN_COLUMNS
        rows = []
        for cells in reader:
            row: Row = dict(zip(header, cells, strict=True))
            for column in DATES:
                row[column] = date.fromisoformat(row[column])
            for column in FIGURES:
                row[column] = None if row[column] == "" else float(row[column])
            assert row["suppressed"] in ("true", "false")
            row["suppressed"] = row["suppressed"] == "true"
            rows.append(row)
    return rows


def json_document(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        document: dict[str, Any] = json.load(handle)
    return document


def json_rows(path: Path) -> list[Row]:
    document = json_document(path)
    rows = []
    for item in document["observations"]:
        assert list(item) == DESIGN_COLUMNS
        row: Row = dict(item)
        for column in DATES:
            row[column] = date.fromisoformat(row[column])
        for column in FIGURES:
            assert row[column] is None or type(row[column]) in (int, float), row
        assert type(row["suppressed"]) is bool
        rows.append(row)
    return rows


def xlsx_rows(path: Path) -> list[Row]:
    sheet = openpyxl.load_workbook(path)["Waarnemingen"]
    lines = sheet.iter_rows()
    header = [cell.value for cell in next(lines)]
    assert header == DESIGN_COLUMNS
    rows = []
    for line in lines:
        row: Row = {}
        for column, cell in zip(header, line, strict=True):
            if column in DATES:
                assert cell.is_date and isinstance(cell.value, datetime), cell
                row[column] = cell.value.date()
            elif column in FIGURES:
                assert cell.value is None or cell.data_type == "n", cell
                row[column] = cell.value
            elif column == "suppressed":
                assert cell.data_type == "b", cell
                row[column] = cell.value
            else:
                assert cell.data_type == "s", cell
                row[column] = cell.value
        rows.append(row)
    return rows


READERS = {"csv": csv_rows, "json": json_rows, "xlsx": xlsx_rows}

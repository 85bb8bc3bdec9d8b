"""Excel workbooks (.xlsx, .xlsm, .xls, .ods) via calamine: fast, and no formulas are evaluated."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
from python_calamine import CalamineWorkbook

from duiding.errors import LoadError
from duiding.ingest.connectors.base import ROW_COLUMN, Staged, headers_check, staged_from
from duiding.ingest.pseudonym import shown


def _text(value: object) -> str | None:
    """A cell as the text a person sees; dates as ISO, whole numbers without '.0'."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return _number(value)
    return str(value)


def _number(value: float) -> str:
    """A number cell as text the checks read back exactly: whole numbers without '.0', no exponent,
    and never three decimals after at most three digits ('2.125' is written '2.1250'), which would
    look like a thousands separator; the cell is a number, so it is not ambiguous."""
    if value.is_integer() and abs(value) < 1e18:
        return str(int(value))
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    whole, _, decimals = text.lstrip("-").partition(".")
    return text + "0" if len(decimals) == 3 and len(whole) <= 3 else text


def _width(rows: Sequence[Sequence[object]]) -> int:
    """The number of named columns in a sheet's header row."""
    return sum(1 for cell in rows[0] if _text(cell)) if rows else 0


def _other_sheet(workbook: CalamineWorkbook, names: list[str], chosen: str) -> str | None:
    """The first other sheet with a header of more than one column."""
    for name in names:
        if name != chosen and _width(workbook.get_sheet_by_name(name).to_python(skip_empty_area=True)) > 1:
            return name
    return None


def _open(path: Path) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types per format
        raise LoadError(
            f"{path.name}: geen geldig Excel-bestand (leeg, beschadigd of een ander bestandstype). Er is niets geladen."
        ) from exc


class ExcelConnector:
    name: str = "excel"
    suffixes: tuple[str, ...] = (".xlsx", ".xlsm", ".xls", ".ods")

    def stage(self, con: duckdb.DuckDBPyConnection, path: Path, *, table: str, sheet: str | None) -> Staged:
        workbook = _open(path)
        names = list(workbook.sheet_names)
        chosen = sheet or (names[0] if names else None)
        if chosen not in names:
            listed = ", ".join(names) or "geen"
            raise LoadError(
                f"{path.name}: werkblad '{shown(sheet or '')}' bestaat niet; wel: {shown(listed)}. Er is niets geladen."
            )
        rows = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=True)
        if _width(rows) <= 1 and sheet is None:
            other = _other_sheet(workbook, names, chosen)
            if other:
                what = "is leeg" if not rows else "heeft maar één kolom"
                raise LoadError(
                    f"{path.name}: het eerste werkblad ('{chosen}') {what}; de gegevens staan waarschijnlijk op "
                    f"werkblad '{other}'. Kies dat werkblad met --sheet '{other}' of zet de gegevens op het "
                    "eerste werkblad. Er is niets geladen."
                )
        if not rows:
            raise LoadError(f"{path.name}: werkblad '{chosen}' is leeg. Er is niets geladen.")
        header = [_text(cell) or f"kolom_{i + 1}" for i, cell in enumerate(rows[0])]
        headers_check(path.name, header, where=f"de kopregel van werkblad '{chosen}'")
        columns = {f"c{i}": [_text(row[i]) if i < len(row) else None for row in rows[1:]] for i in range(len(header))}
        arrow = pa.table(
            {ROW_COLUMN: pa.array(range(2, len(rows) + 1), pa.int64())}
            | {k: pa.array(v, pa.string()) for k, v in columns.items()}
        )
        renamed = ", ".join(f'c{i} AS "{name.replace(chr(34), chr(34) * 2)}"' for i, name in enumerate(header))
        con.register(f"{table}_arrow", arrow)
        try:
            staged = staged_from(
                con, table, f"SELECT {ROW_COLUMN}, {renamed} FROM {table}_arrow", (f"werkblad '{chosen}'",)
            )
        finally:
            con.unregister(f"{table}_arrow")
        advice = (
            f"werkblad '{chosen}' heeft maar één kolom. Zet elke kolom in een eigen cel van de kopregel, of kies "
            f"met --sheet het werkblad met de gegevens (werkbladen: {', '.join(names)})"
        )
        return Staged(staged.table, staged.rows, staged.columns, staged.notes, advice)

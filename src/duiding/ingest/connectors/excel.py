"""Excel workbooks (.xlsx, .xlsm, .xls, .ods) via calamine: fast, and no formulas are evaluated."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import duckdb
import pyarrow as pa
from python_calamine import CalamineWorkbook

from duiding.errors import LoadError
from duiding.ingest.connectors.base import Staged, staged_from


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
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class ExcelConnector:
    name: str = "excel"
    suffixes: tuple[str, ...] = (".xlsx", ".xlsm", ".xls", ".ods")

    def stage(self, con: duckdb.DuckDBPyConnection, path: Path, *, table: str, sheet: str | None) -> Staged:
        try:
            workbook = CalamineWorkbook.from_path(str(path))
        except Exception as exc:  # calamine raises its own error types per format
            raise LoadError(
                f"{path.name}: geen geldig Excel-bestand (leeg, beschadigd of een ander bestandstype). "
                "Er is niets geladen."
            ) from exc
        names = list(workbook.sheet_names)
        chosen = sheet or (names[0] if names else None)
        if chosen not in names:
            listed = ", ".join(names) or "geen"
            raise LoadError(f"{path.name}: werkblad '{sheet}' bestaat niet; wel: {listed}. Er is niets geladen.")
        rows = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=True)
        if not rows:
            raise LoadError(f"{path.name}: werkblad '{chosen}' is leeg. Er is niets geladen.")
        header = [_text(cell) or f"kolom_{i + 1}" for i, cell in enumerate(rows[0])]
        width = len(header)
        columns = {
            name: [_text(row[i]) if i < len(row) else None for row in rows[1:]] for i, name in enumerate(header[:width])
        }
        con.register(f"{table}_arrow", pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()}))
        try:
            return staged_from(con, table, f"SELECT * FROM {table}_arrow", (f"werkblad '{chosen}'",))
        finally:
            con.unregister(f"{table}_arrow")

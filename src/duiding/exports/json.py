"""JSON export: one object with the monitor, the columns, the attribution and the rows.

Shape::

    {"monitor": "participatie",
     "columns": ["monitor", ..., "suppressed"],
     "attribution": ["Bron: CBS"],
     "observations": [{"monitor": "participatie", ..., "numerator": 2680, ..., "suppressed": false}]}

An unprotected export (``duiding export --onbeschermd``) has ``"unprotected": "ONBESCHERMD: …"``
after ``monitor``: who asked, when and why.

UTF-8 without byte-order mark (RFC 8259), ISO dates, ``null`` for a suppressed or missing
figure, whole numbers without ``.0``. NaN or infinity is refused rather than written as
invalid JSON.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import IO

from duiding.exports.columns import COLUMNS, Cell, ExportTable, cells, number

JsonCell = str | int | float | bool | None


def json_cell(cell: Cell) -> JsonCell:
    """How one value is written in JSON."""
    if isinstance(cell, bool) or cell is None or isinstance(cell, str):
        return cell
    if isinstance(cell, date):
        return cell.isoformat()
    return number(cell)


def json_write(path: Path, table: ExportTable, *, unprotected: str | None = None) -> None:
    """Write the export object to ``path``; an unprotected export says so first (``unprotected``)."""
    with path.open("wb") as stream:
        json_stream_write(stream, table, unprotected=unprotected)


def json_stream_write(stream: IO[bytes], table: ExportTable, *, unprotected: str | None = None) -> None:
    """Write the export object to a binary ``stream`` (a download); ``stream`` stays open."""
    document: dict[str, object] = {"monitor": table.monitor}
    if unprotected is not None:
        document["unprotected"] = unprotected
    document |= {
        "columns": list(COLUMNS),
        "attribution": list(table.attribution),
        "observations": [
            {column: json_cell(cell) for column, cell in zip(COLUMNS, cells(o), strict=True)}
            for o in table.observations
        ],
    }
    handle = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    try:
        json.dump(document, handle, ensure_ascii=False, allow_nan=False, indent=2)
        handle.write("\n")
        handle.flush()
    finally:
        handle.detach()

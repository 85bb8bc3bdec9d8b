"""CSV files as a gemeente delivers them: UTF-8, comma, ISO dates, true/false, empty when missing.

The simulations already hold dates as yyyy-mm-dd text and numbers as int or text; only
booleans are spelled out here.
"""

from __future__ import annotations

import csv
from operator import itemgetter
from pathlib import Path

from duiding.definitions.sources import ColumnType, Source
from duiding.demo.registrations.context import Row

_FLAGS = {True: "true", False: "false", None: ""}


def rows_write(path: Path, source: Source, rows: list[Row]) -> Path:
    """Write ``rows`` in the column order of the file ``source`` describes (atomically).

    Boolean cells are spelled out in place: the rows are not to be used afterwards.
    """
    names = [column.name for column in source.file_columns]
    if rows and (missing := [n for n in names if n not in rows[0]]):
        raise ValueError(f"{source.id}: de simulatie maakt geen kolom {', '.join(missing)}")
    for name in (column.name for column in source.file_columns if column.type is ColumnType.BOOLEAN):
        for row in rows:
            row[name] = _FLAGS[row[name]]
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")  # None is written as an empty cell
        writer.writerow(names)
        writer.writerows(map(itemgetter(*names), rows) if len(names) > 1 else ([row[names[0]]] for row in rows))
    temporary.replace(path)
    return path

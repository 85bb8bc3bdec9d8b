"""What a connector is and what it hands over."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import duckdb

from duiding.errors import LoadError
from duiding.ingest.pseudonym import shown


@dataclass(frozen=True)
class Staged:
    """A file staged as text: the table name, its data rows and what the reader noticed."""

    table: str
    rows: int
    columns: tuple[str, ...]
    """Column names as normalised from the header (lower case, spaces as '_')."""
    notes: tuple[str, ...] = ()
    """What was detected, for the load report: encoding, separator, sheet."""
    one_column: str = (
        "het bestand heeft maar één kolom. Gebruik een komma, puntkomma of tab als scheidingsteken tussen de kolommen"
    )
    """What to do when the file reads as a single column (a separator for CSV, a sheet for Excel)."""


class Connector(Protocol):
    """Reads one kind of file into a staged text table."""

    name: str
    suffixes: tuple[str, ...]

    def stage(self, con: duckdb.DuckDBPyConnection, path: Path, *, table: str, sheet: str | None) -> Staged: ...


ROW_COLUMN = "_duiding_row"
"""A connector that numbers the rows itself hands them over in this first column."""


def header_normalise(name: str) -> str:
    """'Buurt code ' → 'buurt_code': how people write headers versus how sources name columns."""
    text = re.sub(r"[\s\-/.]+", "_", name.strip().lower())
    return re.sub(r"[^0-9a-z_]", "", text.replace("ë", "e").replace("é", "e").replace("ï", "i")).strip("_")


def headers_check(file_name: str, header: list[str], *, where: str = "de kopregel") -> None:
    """Refuse a header in which two columns get the same name after normalisation."""
    seen: dict[str, int] = {}
    for index, text in enumerate(header):
        name = header_normalise(text)
        if name in seen:
            first = seen[name]
            raise LoadError(
                f"{file_name}: kolom {first + 1} ('{shown(header[first].strip())}') en kolom {index + 1} "
                f"('{shown(text.strip())}') in {where} hebben dezelfde naam '{shown(name)}'. Geef elke kolom "
                "een eigen naam of verwijder de dubbele kolom. Er is niets geladen."
            )
        seen[name] = index


def staged_from(con: duckdb.DuckDBPyConnection, table: str, source_sql: str, notes: tuple[str, ...]) -> Staged:
    """Create ``table`` from a query over the raw file, with row numbers and normalised names."""
    raw = f"{table}_raw"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {raw} AS {source_sql}")
    names = [row[0] for row in con.execute(f"DESCRIBE {raw}").fetchall()]
    numbered = bool(names) and names[0] == ROW_COLUMN  # the connector numbered the rows itself
    names = names[1:] if numbered else names
    normalised = [header_normalise(n) for n in names]
    select = ", ".join(
        f'NULLIF(trim(CAST("{name.replace(chr(34), chr(34) * 2)}" AS VARCHAR)), \'\') AS "{new}"'
        for name, new in zip(names, normalised, strict=True)
    )
    row = f"{ROW_COLUMN} AS _row" if numbered else "row_number() OVER () + 1 AS _row"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {row}, {select} FROM {raw}")
    con.execute(f"DROP TABLE {raw}")
    rows = int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])
    return Staged(table=table, rows=rows, columns=tuple(normalised), notes=notes)

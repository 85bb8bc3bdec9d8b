"""Parquet files, read by DuckDB (streaming)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from duiding.errors import LoadError
from duiding.ingest.connectors.base import Staged, headers_check, staged_from


def _column(field: pa.Field) -> str:
    """A column as text; a fractional number never with exactly three decimals after at most three
    digits ('2.125' becomes '2.1250'): it is a number, so it must not be taken for '2125'."""
    label: str = field.name
    name = '"' + label.replace('"', '""') + '"'
    if not (pa.types.is_floating(field.type) or pa.types.is_decimal(field.type)):
        return name
    text = f"CAST({name} AS VARCHAR)"
    return (
        f"CASE WHEN regexp_full_match({text}, '-?\\d{{1,3}}\\.\\d{{3}}') THEN {text} || '0' ELSE {text} END AS {name}"
    )


class ParquetConnector:
    name: str = "parquet"
    suffixes: tuple[str, ...] = (".parquet", ".pq")

    def stage(self, con: duckdb.DuckDBPyConnection, path: Path, *, table: str, sheet: str | None) -> Staged:
        file = str(path).replace("'", "''")
        try:
            schema = pq.read_schema(path)
        except (OSError, pa.ArrowException) as exc:
            raise LoadError(f"{path.name}: geen geldig Parquet-bestand. Er is niets geladen.") from exc
        headers_check(path.name, schema.names, where="de kolomnamen")
        select = ", ".join(_column(field) for field in schema)
        try:
            return staged_from(con, table, f"SELECT {select} FROM read_parquet('{file}')", ())
        except duckdb.Error as exc:
            raise LoadError(f"{path.name}: geen geldig Parquet-bestand. Er is niets geladen.") from exc

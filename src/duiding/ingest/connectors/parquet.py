"""Parquet files, read by DuckDB (streaming)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from duiding.errors import LoadError
from duiding.ingest.connectors.base import Staged, staged_from


class ParquetConnector:
    name: str = "parquet"
    suffixes: tuple[str, ...] = (".parquet", ".pq")

    def stage(self, con: duckdb.DuckDBPyConnection, path: Path, *, table: str, sheet: str | None) -> Staged:
        file = str(path).replace("'", "''")
        try:
            return staged_from(con, table, f"SELECT * FROM read_parquet('{file}')", ())
        except duckdb.Error as exc:
            raise LoadError(f"{path.name}: geen geldig Parquet-bestand. Er is niets geladen.") from exc

"""Load a registration (microdata) file: stage, validate everything, pseudonymise, swap.

Flow:

1. recognise a file that is already the active version (SHA-256): nothing to do;
2. stage it as text with the connector for its type (CSV, Excel, Parquet);
3. check columns and every row against the source definition (``checks``); on any error
   raise a Dutch report and change nothing;
4. type the columns, replace each BSN by its keyed pseudonym and drop the BSN;
5. in one transaction, replace ``src_<source>`` and record the load and its quality findings.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa
from duckdb.func import PythonUDFType

from duiding.definitions.models import ColumnType, Source
from duiding.errors import LoadError
from duiding.ingest.checks import columns_check, decimal_commas, lit, problems_raise, q, typed_sql
from duiding.ingest.connectors import connector_for
from duiding.ingest.pseudonym import key_load, pseudonym
from duiding.ingest.quality import quality_checks
from duiding.ingest.results import LoadResult, file_sha256, key_fingerprint_check, load_swap
from duiding.ingest.scratch import scratch_folder
from duiding.warehouse import warehouse_connect
from duiding.workspace import SETTINGS_FILE

Step = Callable[[int, int, str], None]
STEPS = ("inlezen", "controleren", "pseudonimiseren", "opslaan")
MEMORY_ENV = "DUIDING_LOAD_MEMORY_LIMIT"
MEMORY_PER_THREAD_MB = 256
"""DuckDB's memory for a load, per thread (at least two). Beyond it the staged tables spill to a
private folder in the system's temporary directory (``scratch``), removed when the load ends (also on an
error, and by the next load after a hard kill),
so a file of any size loads in bounded memory; without a limit DuckDB keeps them in memory up to
80% of the RAM. ``DUIDING_LOAD_MEMORY_LIMIT`` (e.g. ``2GB``) sets the limit instead. Measured with
``duiding bench load`` (docs/benchmarks.md)."""
_SQL_TYPES = {
    ColumnType.INTEGER: "BIGINT",
    ColumnType.NUMBER: "DOUBLE",
    ColumnType.DATE: "DATE",
    ColumnType.BOOLEAN: "BOOLEAN",
}


def _memory_limit(con: duckdb.DuckDBPyConnection) -> None:
    threads = int(con.execute("SELECT current_setting('threads')").fetchall()[0][0])
    limit = os.environ.get(MEMORY_ENV) or f"{MEMORY_PER_THREAD_MB * max(2, threads)}MB"
    try:
        con.execute(f"SET memory_limit = {lit(limit)}")
    except duckdb.Error as exc:
        raise LoadError(f"{MEMORY_ENV}={limit!r} is geen hoeveelheid geheugen (bijvoorbeeld 2GB).") from exc


def _pseudonym_function(con: duckdb.DuckDBPyConnection, key: bytes) -> None:
    def apply(values: pa.Array) -> pa.Array:
        return pa.array([None if v is None else pseudonym(key, v) for v in values.to_pylist()], pa.string())

    con.create_function("duiding_pseudonym", apply, ["VARCHAR"], "VARCHAR", type=PythonUDFType.ARROW)


def _workspace_root(warehouse: Path) -> Path:
    """The workspace a warehouse belongs to, also when the load works on a copy in a folder of the
    workspace whose settings file links back to the real one."""
    settings = warehouse.parent / SETTINGS_FILE
    return settings.resolve().parent if settings.exists() else warehouse.parent


def _typed_select(source: Source, present: set[str], commas: set[str]) -> str:
    parts = []
    for column in source.stored_columns:
        if column.pseudonym_of:
            origin = source.column(column.pseudonym_of)
            value = f"duiding_pseudonym({typed_sql(origin, decimal_comma=False)})"
        elif column.name in present:
            value = typed_sql(column, decimal_comma=column.name in commas)
        else:
            value = "NULL"
        parts.append(f"CAST({value} AS {_SQL_TYPES.get(column.type, 'VARCHAR')}) AS {q(column.name)}")
    return ", ".join(parts)


def microdata_load(
    warehouse: Path,
    *,
    source: Source,
    path: Path,
    loaded_by: str | None = None,
    sheet: str | None = None,
    progress: Step | None = None,
    key: bytes | None = None,
) -> LoadResult:
    """Validate ``path`` completely and make it the active version of ``source``.

    ``key`` is the pseudonymisation key; without it the key is read from the environment.
    """

    def step(done: int) -> None:
        """Report ``done`` of the steps finished, labelled with the step that starts now."""
        if progress is not None:
            progress(done, len(STEPS), STEPS[done] if done < len(STEPS) else "klaar")

    connector_for(path)  # an unsupported type is told before anything else
    if not path.is_file():
        raise LoadError(f"{path}: bestand bestaat niet. Er is niets geladen.")
    with scratch_folder() as spill:  # private; holds raw rows only while loading
        return _load(
            warehouse, source=source, path=path, loaded_by=loaded_by, sheet=sheet, step=step, key=key, spill=spill
        )


def _load(
    warehouse: Path,
    *,
    source: Source,
    path: Path,
    loaded_by: str | None,
    sheet: str | None,
    step: Callable[[int], None],
    key: bytes | None,
    spill: Path,
) -> LoadResult:
    connector = connector_for(path)
    checksum = file_sha256(path)
    con = warehouse_connect(warehouse)
    try:
        _memory_limit(con)
        con.execute(f"SET temp_directory = {lit(str(spill))}")
        active = con.execute(
            "SELECT load_id, row_count FROM loads WHERE source_id = ? AND active AND sha256 = ?", [source.id, checksum]
        ).fetchall()
        if active:
            return LoadResult(source.id, int(active[0][0]), int(active[0][1]), unchanged=True)
        step(0)
        staged = connector.stage(con, path, table="staging", sheet=sheet)
        if staged.rows == 0:
            raise LoadError(
                f"{path.name}: het bestand bevat geen gegevensrijen (alleen een kopregel). Er is niets geladen."
            )
        step(1)
        ignored = columns_check(source, staged.columns, path.name, one_column=staged.one_column)
        present = set(staged.columns)
        commas = decimal_commas(con, staged.table, source, present)
        problems_raise(con, staged.table, source, path.name, commas)
        step(2)
        fingerprint = None
        if any(c.pseudonym_of for c in source.stored_columns):
            secret = key or key_load(_workspace_root(warehouse))
            fingerprint = key_fingerprint_check(con, secret, path.name)
            _pseudonym_function(con, secret)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE typed AS SELECT {_typed_select(source, present, commas)} FROM {staged.table}"
        )
        con.execute(f"DROP TABLE {staged.table}")
        findings = quality_checks(con, "typed", source)
        step(3)
        load_id = load_swap(
            con,
            source_id=source.id,
            select="* FROM typed",
            file_name=path.name,
            checksum=checksum,
            rows=staged.rows,
            loaded_by=loaded_by,
            findings=findings,
            key_fingerprint=fingerprint,
        )
        step(4)
    finally:
        con.close()
    notes = staged.notes + ((f"genegeerde kolommen: {', '.join(ignored)}",) if ignored else ())
    return LoadResult(source.id, load_id, staged.rows, unchanged=False, notes=notes, quality=tuple(findings))

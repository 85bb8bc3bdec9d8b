"""Load CBS *Kerncijfers wijken en buurten* in the harmonised long format.

Columns: ``jaar, gemeente_code, regio_type, gwb_code, regio_naam, indicator, waarde,
eenheid, bron_bestand, bron_kolom``. An empty ``waarde`` means CBS did not publish
the figure (suppressed or not yet available): it stays missing, never zero.

The whole file is validated before anything is written; then the source table is
replaced and the load recorded in one transaction, so a failure leaves the previous
version in use.

Rows of Nederland (``regio_type`` ``Land``, ``gwb_code`` ``NL00``) are national reference
figures: they go to the table ``kwb_national`` (``kwb_national_values`` reads them), never
to the source table, so they never become an area of the gemeente and the engine and
``areas_refresh`` never see them.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from duiding.definitions.models import AreaLevel
from duiding.errors import LoadError
from duiding.geography.areas import area_level_of, areas_refresh
from duiding.ingest.results import MAX_LISTED, LoadResult, file_sha256, problem_line, problems_report, user_name
from duiding.warehouse import warehouse_connect, warehouse_transaction

KWB_COLUMNS = (
    "jaar",
    "gemeente_code",
    "regio_type",
    "gwb_code",
    "regio_naam",
    "indicator",
    "waarde",
    "eenheid",
    "bron_bestand",
    "bron_kolom",
)
_TABLE_COLUMNS = (
    "year",
    "level",
    "area_code",
    "area_name",
    "variable",
    "value",
    "unit",
    "source_file",
    "source_column",
)
_SOURCE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_LEVELS = {"Gemeente": AreaLevel.GEMEENTE, "Wijk": AreaLevel.WIJK, "Buurt": AreaLevel.BUURT}
NATIONAL_LEVEL = "land"
"""``level`` of the national rows in ``kwb_national`` (``regio_type`` ``Land`` in the long format)."""
_NATIONAL_TYPE = "Land"
_NATIONAL_CODE = "NL00"
NATIONAL_TABLE = "kwb_national"
_NATIONAL_DDL = f"""CREATE TABLE IF NOT EXISTS {NATIONAL_TABLE} (
    source_id VARCHAR, load_id BIGINT, year INTEGER, level VARCHAR, area_code VARCHAR, variable VARCHAR,
    value DOUBLE, unit VARCHAR, source_file VARCHAR, source_column VARCHAR)"""


@dataclass
class _Problems:
    path: Path
    listed: list[str]
    per_rule: Counter[str]

    def add(self, row: int, column: str, value: str, rule: str) -> None:
        self.per_rule[rule] += 1
        if len(self.listed) < MAX_LISTED:
            self.listed.append(problem_line(row, column, value, rule))

    def raise_if_any(self) -> None:
        if self.per_rule:
            total = sum(self.per_rule.values())
            raise LoadError(problems_report(self.path.name, total, self.listed, self.per_rule.most_common()))


def _read(path: Path) -> tuple[pa.Table, pa.Table]:
    """The file's rows of the gemeente's areas and its national (NL00) rows, as two tables."""
    problems = _Problems(path, [], Counter())
    columns: dict[str, list[object]] = {name: [] for name in _TABLE_COLUMNS}
    national: dict[str, list[object]] = {name: [] for name in _TABLE_COLUMNS}
    seen: dict[tuple[str, str, str], int] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in KWB_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise LoadError(
                    f"{path.name}: kolom(men) ontbreken: {', '.join(missing)}. "
                    f"Verwacht: {', '.join(KWB_COLUMNS)}. Er is niets geladen."
                )
            for row_number, row in enumerate(reader, start=2):
                _check_row(row, row_number, problems, seen, columns, national)
    except UnicodeDecodeError as exc:
        raise LoadError(
            f"{path.name}: het bestand is geen UTF-8-tekst (byte {exc.start}). "
            "Sla het op als CSV UTF-8. Er is niets geladen."
        ) from exc
    except FileNotFoundError as exc:
        raise LoadError(f"{path}: bestand bestaat niet.") from exc
    problems.raise_if_any()
    if not columns["year"]:
        raise LoadError(f"{path.name}: het bestand bevat geen gegevensrijen. Er is niets geladen.")
    return pa.table(columns, schema=_SCHEMA), pa.table(national, schema=_SCHEMA)


_SCHEMA = pa.schema(
    [
        ("year", pa.int32()),
        ("level", pa.string()),
        ("area_code", pa.string()),
        ("area_name", pa.string()),
        ("variable", pa.string()),
        ("value", pa.float64()),
        ("unit", pa.string()),
        ("source_file", pa.string()),
        ("source_column", pa.string()),
    ]
)


def _check_row(
    row: dict[str, str],
    number: int,
    problems: _Problems,
    seen: dict[tuple[str, str, str], int],
    columns: dict[str, list[object]],
    national: dict[str, list[object]],
) -> None:
    values = {k: (row.get(k) or "").strip() for k in KWB_COLUMNS}
    ok = True
    year = values["jaar"]
    if not (year.isdigit() and 1990 <= int(year) <= 2100):
        problems.add(number, "jaar", year, "geen geldig jaartal")
        ok = False
    is_national = values["regio_type"] == _NATIONAL_TYPE
    level = _LEVELS.get(values["regio_type"])
    if level is None and not is_national:
        problems.add(number, "regio_type", values["regio_type"], "moet Gemeente, Wijk, Buurt of Land zijn")
        ok = False
    code = values["gwb_code"]
    if level is not None and area_level_of(code) is not level:
        problems.add(number, "gwb_code", code, f"geen geldige CBS-code voor een {level.value}")
        ok = False
    if is_national and code != _NATIONAL_CODE:
        problems.add(number, "gwb_code", code, f"regio_type Land hoort bij code {_NATIONAL_CODE} (Nederland)")
        ok = False
    if not values["indicator"]:
        problems.add(number, "indicator", "", "mag niet leeg zijn")
        ok = False
    value: float | None = None
    if values["waarde"]:
        try:
            value = float(values["waarde"])
        except ValueError:
            problems.add(number, "waarde", values["waarde"], "geen getal (gebruik een punt als decimaalteken)")
            ok = False
    if value is not None and value < 0 and values["eenheid"] == "aantal":
        problems.add(number, "waarde", values["waarde"], "negatief aantal")
        ok = False
    key = (year, code, values["indicator"])
    if key in seen:
        problems.add(number, "gwb_code", code, f"dubbele rij (zelfde jaar, code en indicator als rij {seen[key]})")
        ok = False
    seen[key] = number
    if not ok:
        return
    target = national if is_national else columns
    for name, item in (
        ("year", int(year)),
        ("level", NATIONAL_LEVEL if level is None else level.value),
        ("area_code", code),
        ("area_name", values["regio_naam"] or code),
        ("variable", values["indicator"]),
        ("value", value),
        ("unit", values["eenheid"]),
        ("source_file", values["bron_bestand"]),
        ("source_column", values["bron_kolom"]),
    ):
        target[name].append(item)


def kwb_long_load(warehouse: Path, *, source_id: str, path: Path, loaded_by: str | None = None) -> LoadResult:
    """Validate ``path`` and make it the active version of aggregate source ``source_id``."""
    if not _SOURCE_ID.match(source_id):
        raise LoadError(f"Ongeldige bron-id '{source_id}': gebruik kleine letters, cijfers en '_'.")
    checksum = file_sha256(path) if path.is_file() else ""
    table, national = _read(path)
    with warehouse_transaction(warehouse) as con:
        active = con.execute(
            "SELECT load_id, row_count FROM loads WHERE source_id = ? AND active AND sha256 = ?",
            [source_id, checksum],
        ).fetchall()
        if active:
            return LoadResult(source_id, int(active[0][0]), int(active[0][1]), unchanged=True)
        load_id = int(con.execute("SELECT nextval('load_ids')").fetchall()[0][0])
        target = f"src_{source_id}"
        con.register("incoming", table)
        # target is built from a checked identifier, never from file content
        con.execute(f"CREATE OR REPLACE TABLE {target} AS SELECT ? AS load_id, * FROM incoming", [load_id])
        con.unregister("incoming")
        areas_refresh(con, source_table=target)
        _national_store(con, source_id, load_id, national)
        con.execute("UPDATE loads SET active = false WHERE source_id = ?", [source_id])
        con.execute(
            "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, true)",
            [
                load_id,
                source_id,
                path.name,
                checksum,
                table.num_rows + national.num_rows,
                datetime.now(UTC),
                loaded_by or user_name(),
            ],
        )
    return LoadResult(source_id, load_id, table.num_rows + national.num_rows, unchanged=False)


def _national_store(con: duckdb.DuckDBPyConnection, source_id: str, load_id: int, national: pa.Table) -> None:
    """Replace the national (NL00) rows of ``source_id`` by those of this load."""
    con.execute(_NATIONAL_DDL)
    con.execute(f"DELETE FROM {NATIONAL_TABLE} WHERE source_id = ?", [source_id])
    if national.num_rows:
        con.register("incoming_national", national)
        con.execute(
            f"INSERT INTO {NATIONAL_TABLE} SELECT ?, ?, year, level, area_code, variable, value, unit, "
            "source_file, source_column FROM incoming_national",
            [source_id, load_id],
        )
        con.unregister("incoming_national")


def kwb_national_values(warehouse: Path, *, source_id: str | None = None) -> dict[tuple[int, str], float]:
    """The national (Nederland, NL00) KWB figures: (year, variable) → value.

    Only figures CBS published (no missing values) of the active loads; ``source_id``
    narrows them to one source. Empty when no KWB file carried a Nederland row.
    """
    if not warehouse.is_file():
        return {}
    con = warehouse_connect(warehouse, read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if NATIONAL_TABLE not in tables:
            return {}
        rows = con.execute(
            f"SELECT n.year, n.variable, n.value FROM {NATIONAL_TABLE} n "
            "JOIN loads l ON l.load_id = n.load_id AND l.source_id = n.source_id AND l.active "
            "WHERE n.value IS NOT NULL AND (? IS NULL OR n.source_id = ?) ORDER BY n.year, n.variable",
            [source_id, source_id],
        ).fetchall()
    finally:
        con.close()
    return {(int(year), str(variable)): float(value) for year, variable, value in rows}

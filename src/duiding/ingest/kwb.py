"""Load CBS *Kerncijfers wijken en buurten* in the harmonised long format.

Columns: ``jaar, gemeente_code, regio_type, gwb_code, regio_naam, indicator, waarde,
eenheid, bron_bestand, bron_kolom``. An empty ``waarde`` means CBS did not publish
the figure (suppressed or not yet available): it stays missing, never zero.

The whole file is validated before anything is written; then the source table is
replaced and the load recorded in one transaction, so a failure leaves the previous
version in use.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from duiding.definitions.models import AreaLevel
from duiding.errors import LoadError
from duiding.geography.areas import area_level_of, areas_refresh
from duiding.ingest.results import MAX_LISTED, LoadResult, file_sha256, problem_line, problems_report, user_name
from duiding.warehouse import warehouse_transaction

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


def _read(path: Path) -> pa.Table:
    problems = _Problems(path, [], Counter())
    columns: dict[str, list[object]] = {name: [] for name in _TABLE_COLUMNS}
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
                _check_row(row, row_number, problems, seen, columns)
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
    return pa.table(
        columns,
        schema=pa.schema(
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
        ),
    )


def _check_row(
    row: dict[str, str],
    number: int,
    problems: _Problems,
    seen: dict[tuple[str, str, str], int],
    columns: dict[str, list[object]],
) -> None:
    values = {k: (row.get(k) or "").strip() for k in KWB_COLUMNS}
    ok = True
    year = values["jaar"]
    if not (year.isdigit() and 1990 <= int(year) <= 2100):
        problems.add(number, "jaar", year, "geen geldig jaartal")
        ok = False
    level = _LEVELS.get(values["regio_type"])
    if level is None:
        problems.add(number, "regio_type", values["regio_type"], "moet Gemeente, Wijk of Buurt zijn")
        ok = False
    code = values["gwb_code"]
    if level is not None and area_level_of(code) is not level:
        problems.add(number, "gwb_code", code, f"geen geldige CBS-code voor een {level.value}")
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
    if not ok or level is None:
        return
    for name, item in (
        ("year", int(year)),
        ("level", level.value),
        ("area_code", code),
        ("area_name", values["regio_naam"] or code),
        ("variable", values["indicator"]),
        ("value", value),
        ("unit", values["eenheid"]),
        ("source_file", values["bron_bestand"]),
        ("source_column", values["bron_kolom"]),
    ):
        columns[name].append(item)


def kwb_long_load(warehouse: Path, *, source_id: str, path: Path, loaded_by: str | None = None) -> LoadResult:
    """Validate ``path`` and make it the active version of aggregate source ``source_id``."""
    if not _SOURCE_ID.match(source_id):
        raise LoadError(f"Ongeldige bron-id '{source_id}': gebruik kleine letters, cijfers en '_'.")
    checksum = file_sha256(path) if path.is_file() else ""
    table = _read(path)
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
        con.execute("UPDATE loads SET active = false WHERE source_id = ?", [source_id])
        con.execute(
            "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, true)",
            [
                load_id,
                source_id,
                path.name,
                checksum,
                table.num_rows,
                datetime.now(UTC),
                loaded_by or user_name(),
            ],
        )
    return LoadResult(source_id, load_id, table.num_rows, unchanged=False)

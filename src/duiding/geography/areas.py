"""CBS area codes and the per-year area table.

Codes follow CBS: ``GMgggg`` (gemeente), ``WKggggww`` (wijk), ``BUggggwwbb`` (buurt); the
wijk and buurt parts are digits in most gemeenten, letters in some (Amsterdam: ``WK0363AF``).
A wijk's code starts with its gemeente's digits and a buurt's with its wijk's, so the
hierarchy follows from the codes of one year's indeling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from duiding.definitions.models import AreaLevel
from duiding.geography.names import names_resolve
from duiding.warehouse import warehouse_connect

_PATTERNS = {
    AreaLevel.GEMEENTE: re.compile(r"^GM\d{4}$"),
    AreaLevel.WIJK: re.compile(r"^WK\d{4}[0-9A-Z]{2}$"),
    AreaLevel.BUURT: re.compile(r"^BU\d{4}[0-9A-Z]{4}$"),
}


@dataclass(frozen=True)
class Area:
    """One area in one year's indeling."""

    year: int
    level: AreaLevel
    code: str
    name: str
    parent_code: str | None


def area_level_of(code: str) -> AreaLevel | None:
    """The level a CBS code belongs to, or None if it is not a valid code."""
    for level, pattern in _PATTERNS.items():
        if pattern.match(code):
            return level
    return None


def area_parent_code(code: str) -> str | None:
    """The code of the enclosing area (buurt → wijk → gemeente); None for a gemeente."""
    level = area_level_of(code)
    if level is AreaLevel.BUURT:
        return "WK" + code[2:8]
    if level is AreaLevel.WIJK:
        return "GM" + code[2:6]
    return None


def areas_refresh(con: duckdb.DuckDBPyConnection, *, source_table: str) -> int:
    """Rebuild ``areas`` from the areas an aggregate source table names; returns the count.

    Areas the table names by their code only get the best name another year or the boundary
    files give (``geography.names``); what stays unnamed is a quality finding of the load.
    Runs inside the caller's transaction, so areas change together with the load.
    """
    rows = con.execute(
        f"SELECT DISTINCT year, level, area_code, area_name FROM {source_table} "  # noqa: S608
        "ORDER BY year, area_code"
    ).fetchall()
    con.execute("DELETE FROM areas")
    con.executemany(
        "INSERT INTO areas VALUES (?, ?, ?, ?, ?)",
        [(year, level, code, name, area_parent_code(code)) for year, level, code, name in rows],
    )
    breaks_record(con)
    names_resolve(con, source_table=source_table)
    return len(rows)


@dataclass(frozen=True)
class IndelingBreak:
    """A change of wijk or buurt indeling between two years in the warehouse."""

    year: int
    """The first year of the new indeling."""
    level: AreaLevel
    previous: int
    """The year before it that the warehouse has."""
    added: int
    removed: int
    kept: int
    """Codes in both years; a kept code may still cover another area, so series are not spliced."""

    @property
    def sentence(self) -> str:
        level = "wijkindeling" if self.level is AreaLevel.WIJK else "buurtindeling"
        return (
            f"In {self.year} is de {level} gewijzigd ({self.removed} codes vervallen, {self.added} nieuw, "
            f"{self.kept} gebleven); cijfers per {self.level.value} van voor en na {self.year} zijn niet vergelijkbaar."
        )


def breaks_record(con: duckdb.DuckDBPyConnection) -> None:
    """Compare each year's wijk and buurt codes with the year before and record every change."""
    con.execute("DELETE FROM area_breaks")
    con.execute(
        """
        INSERT INTO area_breaks
        WITH years AS (SELECT DISTINCT year FROM areas),
        pairs AS (SELECT y.year, (SELECT max(p.year) FROM years p WHERE p.year < y.year) AS previous FROM years y),
        levels AS (SELECT * FROM (VALUES ('wijk'), ('buurt')) AS l(level))
        SELECT p.year, l.level, p.previous,
               (SELECT count(*) FROM areas a WHERE a.year = p.year AND a.level = l.level
                  AND a.code NOT IN (SELECT code FROM areas b WHERE b.year = p.previous AND b.level = l.level)),
               (SELECT count(*) FROM areas b WHERE b.year = p.previous AND b.level = l.level
                  AND b.code NOT IN (SELECT code FROM areas a WHERE a.year = p.year AND a.level = l.level)),
               (SELECT count(*) FROM areas a WHERE a.year = p.year AND a.level = l.level
                  AND a.code IN (SELECT code FROM areas b WHERE b.year = p.previous AND b.level = l.level))
        FROM pairs p CROSS JOIN levels l WHERE p.previous IS NOT NULL
        """
    )
    con.execute("DELETE FROM area_breaks WHERE added = 0 AND removed = 0")


def breaks_list(warehouse: Path) -> list[IndelingBreak]:
    """Recorded changes of indeling, oldest first."""
    if not warehouse.exists():
        return []
    con = warehouse_connect(warehouse, read_only=True)
    try:
        rows = con.execute(
            "SELECT year, level, previous, added, removed, kept FROM area_breaks ORDER BY year, level DESC"
        ).fetchall()
    finally:
        con.close()
    return [IndelingBreak(y, AreaLevel(lv), p, a, r, k) for y, lv, p, a, r, k in rows]


def area_list(warehouse: Path, *, year: int, level: AreaLevel | None = None) -> list[Area]:
    """The areas of one year, optionally of one level, ordered by code."""
    con = warehouse_connect(warehouse, read_only=True)
    try:
        query = "SELECT year, level, code, name, parent_code FROM areas WHERE year = ?"
        params: list[object] = [year]
        if level is not None:
            query += " AND level = ?"
            params.append(level.value)
        rows = con.execute(query + " ORDER BY code", params).fetchall()
    finally:
        con.close()
    return [Area(y, AreaLevel(lv), c, n, p) for y, lv, c, n, p in rows]


def area_names(warehouse: Path) -> dict[str, str]:
    """Every area code the warehouse knows, of any year, with its latest name."""
    con = warehouse_connect(warehouse, read_only=True)
    try:
        rows = con.execute("SELECT code, arg_max(name, year) FROM areas GROUP BY code ORDER BY code").fetchall()
    finally:
        con.close()
    return dict(rows)

"""Names for areas whose source gives only a code.

CBS OData downloads without labels (and some other exports) hold the code of every wijk and
buurt, not its name. An area shown as ``BU00346302`` on a page, in a signal or an export is a
defect, so every refresh of the ``areas`` table looks for the best name in this order:

1. the name in the KWB table for that year;
2. the name of the same code in another KWB year of the warehouse, nearest year first (a later
   year before an earlier one at equal distance);
3. the name in a boundary file (``area_shapes``: CBS ``statnaam``), nearest year first;
4. only when none of these has a name, the code stands in, and a quality finding (check
   ``names``) on the active KWB load says how many areas of which level and year lack a name
   and what to do.

A name is borrowed from another year only when no new indeling of that level lies between the
two years: a change (``area_breaks``) that kept fewer than half of the codes of the year before
or after it. A code CBS kept through a new indeling may cover another area (Almere's
``WK003401`` was all of Almere Haven until 2021 and is one of its 71 wijken since 2022), and a
wrong name is worse than a code; a buurt added or dropped here and there leaves the other
names. For the gemeente itself ``duiding init`` fills in ``Gemeentenaam``/``gm_naam`` of the
KWB file before loading (rule 1).

A name borrowed once is written back to the source table, so a later refresh (after boundaries
are loaded) treats it as that year's own name; a new load of the KWB table starts afresh.

The names found are written to ``areas`` and to the source table's ``area_name``, so both the
engine's area grid and its published measures carry them.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

NAMES_CHECK = "names"
"""``load_quality.check_name`` of the finding about areas without a name."""

_RESOLVE = """
WITH own AS (
    SELECT year, area_code AS code, max(area_name) AS name FROM {table}
    WHERE area_name IS NOT NULL AND trim(area_name) <> '' AND area_name <> area_code
    GROUP BY year, area_code
),
shapes AS (
    SELECT year, code, max(name) AS name FROM area_shapes
    WHERE trim(name) <> '' AND name <> code GROUP BY year, code
),
candidates AS (
    SELECT a.year, a.level, a.code, o.name, 0 AS origin, o.year AS from_year FROM areas a JOIN own o USING (code)
    UNION ALL
    SELECT a.year, a.level, a.code, s.name, 1 AS origin, s.year AS from_year FROM areas a JOIN shapes s USING (code)
),
allowed AS (
    SELECT c.* FROM candidates c
    WHERE NOT EXISTS (
        SELECT 1 FROM area_breaks b
        WHERE b.level = c.level AND b.year > least(c.year, c.from_year) AND b.year <= greatest(c.year, c.from_year)
          AND 2 * b.kept < greatest(b.kept + b.added, b.kept + b.removed)
    )
)
SELECT year, code, arg_min(name, (origin, abs(year - from_year), -from_year)) AS name
FROM allowed GROUP BY year, code
"""


_PLURAL = {"gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten"}


@dataclass(frozen=True)
class Unnamed:
    """The areas of one year that no source names, per level."""

    year: int
    counts: tuple[tuple[str, int], ...]
    """(level, number of areas without a name), gemeente before wijk before buurt."""
    example: str

    def sentence(self) -> str:
        parts = [f"{n} {level if n == 1 else _PLURAL.get(level, level)}" for level, n in self.counts]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
        verb = "heeft" if len(parts) == 1 and self.counts[0][1] == 1 else "hebben"
        return (
            f"{listed} van {self.year} {verb} geen naam in de KWB-bestanden, niet in een ander jaar met dezelfde "
            f"indeling en niet in de grenzen; ze staan met hun code op pagina's, in signalen en in exports "
            f"(bijvoorbeeld {self.example}). Wat te doen: geef bij 'duiding init' met --grenzen de CBS wijk- en "
            f"buurtkaart van {self.year} (GeoJSON of GeoPackage, met statnaam), of een KWB-bestand van {self.year} "
            f"met namen (de xls-uitgave kwb-{self.year}.xlsx of de StatLine-download met labels)."
        )


def names_resolve(con: duckdb.DuckDBPyConnection, *, source_table: str) -> list[Unnamed]:
    """Give every area in ``areas`` its best name (see the module) and record what stays unnamed.

    Runs inside the caller's transaction, after ``areas`` and ``area_breaks`` were rebuilt.
    """
    resolved = con.execute(_RESOLVE.format(table=source_table)).fetchall()
    con.execute("CREATE OR REPLACE TEMP TABLE area_names_resolved (year INTEGER, code VARCHAR, name VARCHAR)")
    if resolved:
        con.executemany("INSERT INTO area_names_resolved VALUES (?, ?, ?)", resolved)
    con.execute(
        "UPDATE areas SET name = r.name FROM area_names_resolved r "
        "WHERE areas.year = r.year AND areas.code = r.code AND areas.name <> r.name"
    )
    con.execute("UPDATE areas SET name = code WHERE name IS NULL OR trim(name) = ''")
    con.execute(
        f"UPDATE {source_table} SET area_name = a.name FROM areas a "  # noqa: S608 - checked identifier
        f"WHERE {source_table}.year = a.year AND {source_table}.area_code = a.code "
        f"AND {source_table}.area_name IS DISTINCT FROM a.name"
    )
    con.execute("DROP TABLE area_names_resolved")
    rows = con.execute(
        "SELECT year, level, count(*), min(code) FROM areas WHERE name = code GROUP BY year, level "
        "ORDER BY year, CASE level WHEN 'gemeente' THEN 0 WHEN 'wijk' THEN 1 ELSE 2 END"
    ).fetchall()
    per_year: dict[int, list[tuple[str, int, str]]] = {}
    for year, level, count, example in rows:
        per_year.setdefault(int(year), []).append((str(level), int(count), str(example)))
    unnamed = [
        Unnamed(year, tuple((level, n) for level, n, _ in found), found[0][2]) for year, found in per_year.items()
    ]
    _findings_record(con, source_table, unnamed)
    return unnamed


def _findings_record(con: duckdb.DuckDBPyConnection, source_table: str, unnamed: list[Unnamed]) -> None:
    """Replace the ``names`` findings of the source table's load by the current ones."""
    found = con.execute(f"SELECT max(load_id) FROM {source_table}").fetchall()  # noqa: S608
    if not found or found[0][0] is None:
        return
    load_id = int(found[0][0])
    con.execute("DELETE FROM load_quality WHERE load_id = ? AND check_name = ?", [load_id, NAMES_CHECK])
    if not unnamed:
        return
    con.executemany(
        "INSERT INTO load_quality VALUES (?, ?, ?, ?)",
        [(load_id, NAMES_CHECK, f"namen {u.year}", u.sentence()) for u in unnamed],
    )


def names_source_table(con: duckdb.DuckDBPyConnection) -> str | None:
    """The aggregate source table the ``areas`` were built from: the newest active load with area names."""
    loads = con.execute("SELECT source_id FROM loads WHERE active ORDER BY loaded_at DESC, load_id DESC").fetchall()
    tables = {
        row[0]
        for row in con.execute(
            "SELECT table_name FROM information_schema.columns WHERE column_name = 'area_name' "
            "AND table_name LIKE 'src\\_%' ESCAPE '\\'"
        ).fetchall()
    }
    return next((f"src_{source}" for (source,) in loads if f"src_{source}" in tables), None)

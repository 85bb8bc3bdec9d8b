"""Load the table that maps a postcode (PC6) to a buurt, so registrations may carry postcodes.

Accepted files (CSV, Excel or Parquet, any encoding and separator the connectors read):

* CBS *Buurt, wijk en gemeente voor postcode huisnummer* (``pc6hnr…_gwb``): columns
  ``PC6``, ``Huisnummer``, ``Buurt2023``, ``Wijk2023``, ``Gemeente2023`` (the year is in the
  column name; buurt codes are numbers without ``BU`` and without leading zeros);
* a simple table with ``postcode`` and ``buurt_code`` (optionally ``jaar`` and ``huisnummer``).

The national CBS file is cut to the workspace's own gemeente. A postcode whose addresses lie
in more than one buurt is assigned to the buurt with the most addresses (ties: lowest code);
how often that happened is a quality finding. Everything is validated before the table is
replaced, in one transaction with its load record, as for any other source.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from duiding.definitions.models import POSTCODE_SOURCE
from duiding.errors import LoadError
from duiding.ingest.checks import lit, q
from duiding.ingest.connectors import connector_for
from duiding.ingest.results import (
    MAX_LISTED,
    LoadResult,
    QualityFinding,
    file_sha256,
    load_swap,
    problem_line,
    problems_report,
)
from duiding.warehouse import warehouse_connect

_POSTCODE_NAMES = ("pc6", "postcode", "pc")
_BUURT_NAMES = ("buurt_code", "buurtcode", "buurt", "bu_code")
_BUURT_YEAR = re.compile(r"^buurt_?(\d{4})$")
_POSTCODE_SQL = "upper(replace({c}, ' ', ''))"
_BUURT_SQL = (
    "CASE WHEN regexp_full_match(upper({c}), 'BU\\d{{4}}[0-9A-Z]{{4}}') THEN upper({c}) "
    "WHEN regexp_full_match({c}, '\\d{{5,8}}') THEN 'BU' || lpad({c}, 8, '0') END"
)


def _columns(columns: tuple[str, ...], file_name: str) -> tuple[str, str, str | None, int | None]:
    """Postcode column, buurt column, year column (or None) and the year in a column name."""
    postcode = next((c for c in _POSTCODE_NAMES if c in columns), None)
    named = [(c, int(m.group(1))) for c in columns if (m := _BUURT_YEAR.match(c))]
    buurt = next((c for c in _BUURT_NAMES if c in columns), None)
    year = None
    if buurt is None and named:
        buurt, year = max(named, key=lambda item: item[1])
    if postcode is None or buurt is None:
        missing = [
            name for name, found in (("postcode (of PC6)", postcode), ("buurt_code (of BuurtJJJJ)", buurt)) if not found
        ]
        raise LoadError(
            f"{file_name}: kolom(men) ontbreken: {', '.join(missing)}. Verwacht het CBS-bestand 'Buurt, wijk en "
            "gemeente voor postcode huisnummer' (PC6, Huisnummer, BuurtJJJJ) of een tabel met postcode en "
            "buurt_code. Er is niets geladen."
        )
    return postcode, buurt, ("jaar" if "jaar" in columns else None), year


def _problems(con: duckdb.DuckDBPyConnection, file_name: str, postcode: str, buurt: str, jaar: str | None) -> None:
    pc, bu = q(postcode), q(buurt)
    rules = [
        (postcode, f"{pc} IS NULL", "verplicht veld is leeg"),
        (
            postcode,
            f"{pc} IS NOT NULL AND NOT regexp_full_match({_POSTCODE_SQL.format(c=pc)}, '[1-9]\\d{{3}}[A-Z]{{2}}')",
            "geen geldige postcode (1234 AB)",
        ),
        (buurt, f"{bu} IS NULL", "verplicht veld is leeg"),
        (buurt, f"{bu} IS NOT NULL AND ({_BUURT_SQL.format(c=bu)}) IS NULL", "geen geldige CBS-buurtcode"),
    ]
    if jaar:
        rules.append(
            (jaar, f"NOT COALESCE(TRY_CAST({q(jaar)} AS INTEGER) BETWEEN 1990 AND 2100, false)", "geen jaartal")
        )
    union = " UNION ALL ".join(
        f"SELECT _row, {lit(column)} AS kolom, {q(column)} AS waarde, {lit(rule)} AS regel FROM staging WHERE {cond}"
        for column, cond, rule in rules
    )
    found = con.execute(f"SELECT * FROM ({union}) ORDER BY _row, kolom").fetchall()
    if found:
        per_rule: dict[str, int] = {}
        for _, _, _, rule in found:
            per_rule[rule] = per_rule.get(rule, 0) + 1
        listed = [problem_line(row, column, value, rule) for row, column, value, rule in found[:MAX_LISTED]]
        raise LoadError(problems_report(file_name, len(found), listed, sorted(per_rule.items(), key=lambda i: -i[1])))


def _year(con: duckdb.DuckDBPyConnection, named: int | None, jaar: str | None) -> str:
    if jaar:
        return f"CAST({q(jaar)} AS INTEGER)"
    if named is not None:
        return str(named)
    latest = con.execute("SELECT max(year) FROM areas").fetchall()[0][0]
    if latest is None:
        raise LoadError(
            "Er is nog geen gebiedsindeling geladen (laad eerst de CBS-kerncijfers), dus het jaar van de "
            "postcodetabel is niet te bepalen. Er is niets geladen."
        )
    return str(int(latest))


def postcode_buurt_load(
    warehouse: Path, *, path: Path, gemeente_code: str, loaded_by: str | None = None, sheet: str | None = None
) -> LoadResult:
    """Validate ``path`` and make it the active postcode → buurt table of the workspace."""
    connector = connector_for(path)
    if not path.is_file():
        raise LoadError(f"{path}: bestand bestaat niet. Er is niets geladen.")
    checksum = file_sha256(path)
    con = warehouse_connect(warehouse)
    try:
        active = con.execute(
            "SELECT load_id, row_count FROM loads WHERE source_id = ? AND active AND sha256 = ?",
            [POSTCODE_SOURCE, checksum],
        ).fetchall()
        if active:
            return LoadResult(POSTCODE_SOURCE, int(active[0][0]), int(active[0][1]), unchanged=True)
        staged = connector.stage(con, path, table="staging", sheet=sheet)
        if staged.rows == 0:
            raise LoadError(f"{path.name}: het bestand bevat geen gegevensrijen. Er is niets geladen.")
        postcode, buurt, jaar, named = _columns(staged.columns, path.name)
        _problems(con, path.name, postcode, buurt, jaar)
        year = _year(con, named, jaar)
        prefix = "BU" + gemeente_code[2:]
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE addresses AS SELECT {year} AS year, "
            f"{_POSTCODE_SQL.format(c=q(postcode))} AS postcode, {_BUURT_SQL.format(c=q(buurt))} AS buurt_code "
            "FROM staging"
        )
        con.execute("DELETE FROM addresses WHERE NOT starts_with(buurt_code, ?)", [prefix])
        kept = int(con.execute("SELECT count(*) FROM addresses").fetchall()[0][0])
        if kept == 0:
            raise LoadError(
                f"{path.name}: geen enkele postcode ligt in een buurt van {gemeente_code}. "
                "Is dit de goede gemeente of het goede bestand? Er is niets geladen."
            )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE mapping AS "
            "SELECT year, postcode, buurt_code, addresses, addresses / total AS share, buurten FROM ("
            "  SELECT year, postcode, buurt_code, count(*) AS addresses,"
            "    sum(count(*)) OVER (PARTITION BY year, postcode) AS total,"
            "    count(*) OVER (PARTITION BY year, postcode) AS buurten,"
            "    row_number() OVER (PARTITION BY year, postcode ORDER BY count(*) DESC, buurt_code) AS rank"
            "  FROM addresses GROUP BY year, postcode, buurt_code"
            ") WHERE rank = 1"
        )
        findings = _findings(con)
        load_id = load_swap(
            con,
            source_id=POSTCODE_SOURCE,
            select="year, postcode, buurt_code, addresses, share FROM mapping",
            file_name=path.name,
            checksum=checksum,
            rows=staged.rows,
            loaded_by=loaded_by,
            findings=findings,
        )
    finally:
        con.close()
    notes = (*staged.notes, f"{staged.rows - kept} rij(en) buiten {gemeente_code} overgeslagen")
    return LoadResult(POSTCODE_SOURCE, load_id, staged.rows, unchanged=False, notes=notes, quality=tuple(findings))


def _findings(con: duckdb.DuckDBPyConnection) -> list[QualityFinding]:
    rows = con.execute(
        "SELECT year, count(*), count(*) FILTER (WHERE buurten > 1), min(share) "
        "FROM mapping GROUP BY year ORDER BY year"
    ).fetchall()
    findings = [
        QualityFinding(
            "area",
            f"postcodes {year}",
            f"{split} van de {total} postcodes liggen in meer dan één buurt; zij tellen mee bij de buurt met de "
            f"meeste adressen (kleinste aandeel daarvan: {share:.0%}).",
        )
        for year, total, split, share in rows
        if split
    ]
    unknown = con.execute(
        "SELECT count(*), min(buurt_code) FROM mapping WHERE buurt_code NOT IN (SELECT code FROM areas)"
    ).fetchall()[0]
    if unknown[0]:
        findings.append(
            QualityFinding(
                "area",
                "postcodes",
                f"{unknown[0]} postcode(s) wijzen naar een buurt die niet in de gebiedsindeling staat (bijvoorbeeld "
                f"{unknown[1]}); hun rijen tellen alleen mee voor de gemeente. Laad de kerncijfers van hetzelfde jaar.",
            )
        )
    return findings

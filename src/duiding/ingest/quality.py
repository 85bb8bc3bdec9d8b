"""Data-quality checks after a load: completeness per month and per aanbieder, sudden jumps,
rows without a (current) buurt. Findings are reported and stored; they never block a load.
"""

from __future__ import annotations

from datetime import date

import duckdb

from duiding.definitions.models import Source
from duiding.ingest.checks import q
from duiding.ingest.pseudonym import shown
from duiding.ingest.results import QualityFinding
from duiding.periods import period_label

JUMP = 0.5
"""A month differing more than 50% from the median of the months around it is a jump…"""
JUMP_MIN_ROWS = 30
"""…when that median is at least this many rows (small numbers jump by chance)."""


def _month_end(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def _label(month: date) -> str:
    return period_label(month, _month_end(month))


def _months(con: duckdb.DuckDBPyConnection, table: str, column: str, where: str = "true") -> dict[date, int]:
    rows = con.execute(
        f"SELECT date_trunc('month', {q(column)})::DATE, count(*) FROM {table} "
        f"WHERE {q(column)} IS NOT NULL AND {where} GROUP BY 1 ORDER BY 1"
    ).fetchall()
    return {row[0]: int(row[1]) for row in rows}


def _all_months(first: date, last: date) -> list[date]:
    months, current = [], first
    while current <= last:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def _completeness(counts: dict[date, int], subject: str) -> list[QualityFinding]:
    if not counts:
        return []
    empty = [m for m in _all_months(min(counts), max(counts)) if m not in counts]
    return [QualityFinding("completeness", subject, f"geen rijen in {_label(m)} (wel ervoor en erna)") for m in empty]


def _jumps(counts: dict[date, int]) -> list[QualityFinding]:
    months = _all_months(min(counts), max(counts)) if counts else []
    found = []
    for index, month in enumerate(months):
        around = [counts.get(m, 0) for m in months[max(0, index - 3) : index] + months[index + 1 : index + 4]]
        if len(around) < 4:
            continue
        typical = sorted(around)[len(around) // 2]
        value = counts.get(month, 0)
        if typical >= JUMP_MIN_ROWS and abs(value - typical) > JUMP * typical:
            found.append(
                QualityFinding(
                    "jump",
                    _label(month),
                    f"{value} rijen in {_label(month)} tegen ongeveer {typical} in de maanden eromheen",
                )
            )
    return found


def quality_checks(con: duckdb.DuckDBPyConnection, table: str, source: Source) -> list[QualityFinding]:
    """Findings for a typed table of ``source``."""
    findings: list[QualityFinding] = []
    time = source.time
    column = (time.date or time.start) if time else None
    if column:
        counts = _months(con, table, column)
        findings += _completeness(counts, "alle rijen")
        findings += _jumps(counts)
        if "aanbieder" in {c.name for c in source.columns}:
            names = [
                r[0]
                for r in con.execute(f"SELECT DISTINCT aanbieder FROM {table} WHERE aanbieder IS NOT NULL").fetchall()
            ]
            for name in sorted(names):
                literal = "'" + str(name).replace("'", "''") + "'"
                findings += _completeness(
                    _months(con, table, column, f"aanbieder = {literal}"), f"aanbieder {shown(str(name))}"
                )
    if source.area:
        area = q(source.area)
        total, without = con.execute(f"SELECT count(*), count(*) FILTER ({area} IS NULL) FROM {table}").fetchall()[0]
        if without:
            share = f"{100 * without / total:.1f}".replace(".", ",")
            findings.append(
                QualityFinding(
                    "area",
                    "zonder buurt",
                    f"{without} van {total} rijen ({share}%) hebben geen buurt; ze tellen alleen mee voor de gemeente",
                )
            )
        if column:
            outside = con.execute(
                f"SELECT count(*) FROM {table} t WHERE {area} IS NOT NULL AND NOT EXISTS ("
                f"SELECT 1 FROM areas a WHERE a.code = t.{area} AND a.year = year(t.{q(column)}))"
                f" AND EXISTS (SELECT 1 FROM areas a WHERE a.year = year(t.{q(column)}))"
            ).fetchall()[0][0]
            if outside:
                findings.append(
                    QualityFinding(
                        "area",
                        "indeling",
                        f"{outside} rijen hebben een buurtcode die in hun jaar niet in de indeling voorkomt",
                    )
                )
    return findings

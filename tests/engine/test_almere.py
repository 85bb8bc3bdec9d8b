"""Almere's real KWB series (2018–2025), computed by the engine and recomputed from the OData files.

Almere re-divided its wijken in 2022 (6 → 71); the gemeente series is continuous.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import pytest

from duiding.demo.build import DATA
from duiding.geography import breaks_list
from duiding.workspace import Workspace, workspace_open

ODATA = DATA / "kwb-almere"


@pytest.fixture
def almere(almere_root: Path) -> Workspace:
    return workspace_open(almere_root)


def _odata() -> dict[tuple[int, str], dict[str, str]]:
    """Raw CBS values by (edition, region code), with the edition-specific key suffix removed."""
    rows = {}
    for path in sorted(ODATA.glob("kwb_*_almere_odata.csv")):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                clean = {re.sub(r"_\d+$", "", key): (value or "").strip() for key, value in row.items()}
                rows[(int(row["jaar"]), clean["Codering"])] = clean
    return rows


def _number(text: str) -> float | None:
    return None if text in ("", ".") else float(text)


CHECKS = [
    ("participatie", "bijstand_per_1000", ("PersonenPerSoortUitkeringBijstand",), ("AantalInwoners",)),
    ("zorg", "wmo_per_1000", ("WmoClienten",), ("AantalInwoners",)),
    ("zorg", "jeugdzorg_per_1000", ("JongerenMetJeugdzorgInNatura",), ("k_0Tot15Jaar", "k_15Tot25Jaar")),
]


@pytest.mark.parametrize(("monitor", "indicator", "numerator", "denominator"), CHECKS)
def test_every_year_and_area_matches_the_odata_files(
    almere: Workspace, monitor: str, indicator: str, numerator: tuple[str, ...], denominator: tuple[str, ...]
) -> None:
    raw = _odata()
    con = duckdb.connect(str(almere.warehouse_path), read_only=True)
    try:
        rows = con.execute(
            "SELECT year(period_start), area_code, numerator, denominator, value FROM observations "
            "WHERE monitor = ? AND indicator = ?",
            [monitor, indicator],
        ).fetchall()
    finally:
        con.close()
    compared = 0
    for year, code, num, den, value in rows:
        source = raw[(year, code)]
        parts = [_number(source.get(k, "")) for k in numerator], [_number(source.get(k, "")) for k in denominator]
        expected_num = None if None in parts[0] else sum(parts[0])  # type: ignore[arg-type]
        expected_den = None if None in parts[1] else sum(parts[1])  # type: ignore[arg-type]
        assert num == expected_num, (year, code)
        assert den == expected_den, (year, code)
        if expected_num is not None and expected_den:
            assert value == pytest.approx(expected_num / expected_den * 1000, rel=1e-12)
            compared += 1
        else:
            assert value is None
    assert compared > 500


def test_indeling_change_is_visible_in_the_wijken(almere: Workspace) -> None:
    con = duckdb.connect(str(almere.warehouse_path), read_only=True)
    try:
        counts = dict(
            con.execute(
                "SELECT year(period_start), count(*) FROM observations WHERE indicator = 'bijstand_per_1000' "
                "AND area_level = 'wijk' GROUP BY 1"
            ).fetchall()
        )
        gemeente = con.execute(
            "SELECT count(DISTINCT year(period_start)) FROM observations WHERE indicator = 'bijstand_per_1000' "
            "AND area_code = 'GM0034' AND value IS NOT NULL"
        ).fetchall()[0][0]
    finally:
        con.close()
    assert counts[2021] == 6
    assert counts[2022] == 71
    assert gemeente == len(counts)  # one continuous gemeente series


def test_the_2022_re_division_is_recorded_as_a_break(almere: Workspace) -> None:
    breaks = {(b.year, b.level.value): b for b in breaks_list(almere.warehouse_path)}
    wijk = breaks[(2022, "wijk")]
    assert (wijk.previous, wijk.removed + wijk.kept, wijk.added + wijk.kept) == (2021, 6, 71)
    assert wijk.sentence.startswith("In 2022 is de wijkindeling gewijzigd (")
    assert (2022, "buurt") in breaks
    assert all(year == 2022 or level == "buurt" for year, level in breaks)  # buurten also changed in 2019–2021


def test_utrecht_has_no_break(kwb_workspace: Workspace) -> None:
    assert breaks_list(kwb_workspace.warehouse_path) == []

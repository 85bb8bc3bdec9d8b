"""Where CBS publishes a ratio, that is the figure; elsewhere it is computed from the counts.

Checked cell by cell against CBS's real KWB OData files of Almere (2018–2024), read here with
the csv module, independently of Duiding's reader.
"""

from __future__ import annotations

import csv

import duckdb
import pytest

from duiding.demo.build import DATA
from tests.engine.published import WITHHELD, YEARS, cbs_ratio_workspace


def _cells(year: int) -> dict[str, dict[str, float | None]]:
    """By area code: the OData cells the test needs, by key stem (``WmoClientenRelatief``)."""
    with (DATA / "kwb-almere" / f"kwb_{year}_almere_odata.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    stems = ("WmoClienten", "WmoClientenRelatief", "AantalInwoners", "JongerenMetJeugdzorgInNatura", "k_0Tot15Jaar")
    found: dict[str, dict[str, float | None]] = {}
    for row in rows:
        cells: dict[str, float | None] = {}
        for column, text in row.items():
            stem = column.rsplit("_", 1)[0]
            if stem in (*stems, "k_15Tot25Jaar"):
                cells[stem] = float(text) if text.strip() else None
        found[row["Codering_3"].strip()] = cells
    return found


@pytest.fixture(scope="module")
def observations(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int, str], tuple]:  # type: ignore[type-arg]
    workspace = cbs_ratio_workspace(tmp_path_factory.mktemp("cbs-ratio") / "werkruimte")
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        rows = con.execute(
            "SELECT indicator, year(period_start), area_code, numerator, denominator, value, origin "
            "FROM observations WHERE breakdown = 'totaal'"
        ).fetchall()
    finally:
        con.close()
    return {(r[0], r[1], r[2]): r[3:] for r in rows}


def test_cbs_wmo_ratio_is_the_value_with_the_denominator_it_implies(observations) -> None:  # type: ignore[no-untyped-def]
    checked = 0
    for year in YEARS:
        for code, cells in _cells(year).items():
            if (year, code) == WITHHELD or cells.get("WmoClientenRelatief") is None or cells["WmoClienten"] is None:
                continue
            numerator, denominator, value, origin = observations[("wmo_clienten_per_1000_cbs", year, code)]
            assert origin == "cbs"
            assert value == pytest.approx(cells["WmoClientenRelatief"])
            assert numerator == cells["WmoClienten"]
            if cells["WmoClientenRelatief"]:
                assert denominator == pytest.approx(cells["WmoClienten"] * 1000 / cells["WmoClientenRelatief"])
            checked += 1
    assert checked > 300, checked  # every gemeente, wijk and buurt with a published ratio, 7 editions


def test_where_cbs_published_no_ratio_it_is_computed_from_the_counts(observations) -> None:  # type: ignore[no-untyped-def]
    year, code = WITHHELD
    cells = _cells(year)[code]
    assert cells["WmoClientenRelatief"] is not None, "the file publishes it; the test removed it"
    numerator, denominator, value, origin = observations[("wmo_clienten_per_1000_cbs", year, code)]
    assert origin == "berekend"
    assert (numerator, denominator) == (cells["WmoClienten"], cells["AantalInwoners"])
    assert value == pytest.approx(cells["WmoClienten"] / cells["AantalInwoners"] * 1000)  # type: ignore[operator]
    # CBS's own ratio rests on the unrounded counts (each rounded to a multiple of 5 here, so at
    # most 2.5 off) and is itself rounded to a whole number: it lies within those bounds
    n, d = cells["WmoClienten"], cells["AantalInwoners"]
    low, high = (n - 2.5) / (d + 2.5) * 1000 - 0.5, (n + 2.5) / (d - 2.5) * 1000 + 0.5  # type: ignore[operator]
    assert low <= cells["WmoClientenRelatief"] <= high


def test_the_youth_percentage_without_a_cbs_percentage_is_computed_and_marked(observations) -> None:  # type: ignore[no-untyped-def]
    """These files publish no PercentageJongerenMetJeugdzorg: every figure is computed, per 100 youths 0–24."""
    checked = 0
    for year in YEARS:
        for code, cells in _cells(year).items():
            youth = [cells.get("k_0Tot15Jaar"), cells.get("k_15Tot25Jaar")]
            care = cells.get("JongerenMetJeugdzorgInNatura")
            if care is None or None in youth or not sum(youth):  # type: ignore[arg-type]
                continue
            *_, value, origin = observations[("jongeren_met_jeugdzorg_pct", year, code)]
            assert origin == "berekend"
            assert value == pytest.approx(care / sum(youth) * 100)  # type: ignore[arg-type]
            checked += 1
    assert checked > 100, checked

"""The sum of wijken/buurten against the gemeente total, on real CBS files: the reason fits the direction.

The checks run on a DuckDB table made straight from the CBS files; the expected differences
and rounding bounds are computed here from the same files with the csv module.
"""

from __future__ import annotations

import csv

import duckdb
import pytest

from duiding.onboarding.totals import TotalCheck, totals_check
from tests.conftest import CBS_2023_XLS, TESTS

ALMERE_LONG = TESTS / "data" / "cbs" / "almere" / "kwb_almere_long.csv"
UTRECHT_VARIABLES = {"a_inw": "inwoners", "a_soz_wb": "bijstand_personen"}
UNASSIGNED = "niet aan een wijk of buurt kan toewijzen"
ROUNDED_APART = "CBS rondt elk gebied apart af op een vijftal"
Row = tuple[int, str, str, float | None]
Checked = tuple[list[Row], dict[tuple[int, str, str], TotalCheck]]


def _value(text: str | None) -> float | None:
    text = (text or "").strip()
    return None if text in ("", ".") else float(text)


def _almere_rows() -> list[Row]:
    with ALMERE_LONG.open(encoding="utf-8") as handle:
        return [
            (int(r["jaar"]), r["indicator"], r["regio_type"].lower(), _value(r["waarde"]))
            for r in csv.DictReader(handle)
            if r["eenheid"] == "aantal"
        ]


def _utrecht_rows() -> list[Row]:
    with CBS_2023_XLS.open(encoding="utf-8") as handle:
        return [
            (2023, name, r["recs"].lower(), _value(r[column]))
            for r in csv.DictReader(handle)
            for column, name in UTRECHT_VARIABLES.items()
        ]


def _checks(rows: list[Row]) -> dict[tuple[int, str, str], TotalCheck]:
    con = duckdb.connect()
    con.execute("CREATE TABLE src (year INTEGER, variable VARCHAR, level VARCHAR, unit VARCHAR, value DOUBLE)")
    con.executemany("INSERT INTO src VALUES (?, ?, ?, 'aantal', ?)", rows)
    return {(c.year, c.variable, c.level): c for c in totals_check(con, source_table="src")}


def _expected(rows: list[Row], key: tuple[int, str, str]) -> tuple[float, int, int]:
    """(sum minus gemeente, published areas, areas without a figure), straight from the file's rows."""
    year, variable, _level = key
    gemeente = next(v for y, n, lvl, v in rows if (y, n, lvl) == (year, variable, "gemeente"))
    areas = [v for y, n, lvl, v in rows if (y, n, lvl) == key]
    published = [v for v in areas if v is not None]
    assert gemeente is not None
    return sum(published) - gemeente, len(published), len(areas) - len(published)


@pytest.fixture(scope="module")
def almere() -> Checked:
    rows = _almere_rows()
    return rows, _checks(rows)


@pytest.fixture(scope="module")
def utrecht() -> Checked:
    rows = _utrecht_rows()
    return rows, _checks(rows)


def _assert_figures(rows: list[Row], check: TotalCheck) -> None:
    difference, published, missing = _expected(rows, (check.year, check.variable, check.level))
    assert check.difference == difference
    assert (check.areas - check.missing, check.missing) == (published, missing)
    assert check.bound == 2 * published
    assert check.within_rounding == (abs(difference) <= 2 * published)


def test_sum_above_the_total_beyond_rounding_never_blames_unassigned_inhabitants(almere: Checked) -> None:
    rows, checks = almere
    check = checks[(2021, "opleiding_laag", "wijk")]  # 5 published wijken sum 70 above the gemeente
    _assert_figures(rows, check)
    assert check.difference == 70 and not check.within_rounding
    text = check.sentence()
    assert "verschil +70; de afronding verklaart hooguit 10)" in text
    assert UNASSIGNED not in text and "hoger dan het gemeentetotaal" in text


def test_sum_above_the_total_within_rounding_says_each_area_is_rounded_apart(almere: Checked) -> None:
    rows, checks = almere
    check = checks[(2025, "leeftijd_65plus", "wijk")]  # 71 wijken, 55 above: within 2 × 71
    _assert_figures(rows, check)
    assert check.difference == 55 and check.within_rounding
    text = check.sentence()
    assert ROUNDED_APART in text and "de som hooguit 142" in text
    assert UNASSIGNED not in text


def test_sum_below_the_total_beyond_rounding_names_unassigned_inhabitants(utrecht: Checked) -> None:
    rows, checks = utrecht
    check = checks[(2023, "inwoners", "wijk")]
    _assert_figures(rows, check)
    assert check.difference == -192 and not check.within_rounding
    text = check.sentence()
    assert "verschil -192; de afronding verklaart hooguit 20)" in text
    assert "lager dan het gemeentetotaal" in text and UNASSIGNED in text


def test_suppressed_areas_explain_a_sum_below_but_not_above(utrecht: Checked, almere: Checked) -> None:
    for rows, checks in (utrecht, almere):
        for check in checks.values():
            _assert_figures(rows, check)
            text = check.sentence()
            if check.within_rounding:
                assert ROUNDED_APART in text and UNASSIGNED not in text
            elif check.difference > 0:
                assert UNASSIGNED not in text and "geheimgehouden" not in text
            else:
                assert UNASSIGNED in text
                assert ("geheimgehouden" in text) == (check.missing > 0)

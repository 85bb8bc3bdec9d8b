"""Computed rates equal what one works out by hand from the CBS publication."""

from __future__ import annotations

import duckdb
import pytest

from duiding.privacy import observation_list
from duiding.workspace import Workspace
from tests.conftest import CBS_2023_XLS, cbs_2023_rows

CASES = [
    ("bijstand_per_1000", "a_soz_wb"),
    ("ww_per_1000", "a_soz_ww"),
    ("ao_per_1000", "a_soz_ao"),
]


@pytest.mark.parametrize(("indicator", "cbs_column"), CASES)
def test_wijk_and_gemeente_rates_match_cbs_file(demo_workspace: Workspace, indicator: str, cbs_column: str) -> None:
    cbs = cbs_2023_rows()
    observations = [
        o
        for o in observation_list(demo_workspace, monitor="participatie", indicator=indicator)
        if o.period_start.year == 2023 and o.area_level in {"gemeente", "wijk"}
    ]
    assert len(observations) == 11  # Utrecht and its 10 wijken
    for o in observations:
        row = cbs[o.area_code]
        expected = int(row[cbs_column]) / int(row["a_inw"]) * 1000
        assert o.value == pytest.approx(expected, rel=1e-12), o.area_code
        assert o.numerator == int(row[cbs_column])
        assert o.denominator == int(row["a_inw"])


def test_bijstand_overvecht_by_hand(demo_workspace: Workspace) -> None:
    """Overvecht: 2 680 persons with bijstand among 34 910 inhabitants (KWB 2023)."""
    (overvecht,) = [
        o
        for o in observation_list(demo_workspace, monitor="participatie", indicator="bijstand_per_1000")
        if o.area_code == "WK034403"
    ]
    assert overvecht.area_name == "Wijk 03 Overvecht"
    assert round(overvecht.value or 0, 2) == 76.77


def test_every_unsuppressed_buurt_matches_a_hand_written_query(demo_workspace: Workspace) -> None:
    """All levels, checked with SQL written by hand over the CBS xls release."""
    expected = dict(
        duckdb.sql(
            f"""
            SELECT gwb_code_10, TRY_CAST(a_soz_wb AS DOUBLE) / TRY_CAST(a_inw AS DOUBLE) * 1000
            FROM read_csv('{CBS_2023_XLS}', all_varchar = true)
            WHERE TRY_CAST(a_soz_wb AS DOUBLE) >= 10 AND TRY_CAST(a_inw AS DOUBLE) >= 10
            """
        ).fetchall()
    )
    shown = {
        o.area_code: o.value
        for o in observation_list(demo_workspace, monitor="participatie", indicator="bijstand_per_1000")
        if o.period_start.year == 2023 and o.value is not None
    }
    assert shown.keys() == expected.keys()
    for code, value in shown.items():
        assert value == pytest.approx(expected[code], rel=1e-12), code

"""``spread``: the sample standard deviation of the values a mean rests on, against Python's
``statistics.stdev`` over the source rows; empty for every other figure and below two rows."""

from __future__ import annotations

import math
import shutil
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from duiding.definitions.models import PeriodGrain
from duiding.engine import compute
from duiding.periods import period_windows
from duiding.workspace import Workspace, workspace_open
from tests.engine.fixtures import fixture_workspace

QUARTERS = period_windows(PeriodGrain.QUARTER, date(2023, 1, 1), date(2023, 12, 31))
Key = tuple[date, str, str, str]
"""``(period_start, area_code, breakdown, breakdown_value)``."""


def _indicator(
    identifier: str, formula: dict[str, Any], breakdowns: list[dict[str, Any]] | None = None, grain: str = "quarter"
) -> dict[str, Any]:
    return {
        "id": identifier,
        "title": identifier,
        "definition": f"Test van de spreiding: {identifier}.",
        "level": "output",
        "unit": "aantal",
        "polarity": "neutral",
        "period_grain": grain,
        "area_levels": ["gemeente", "wijk", "buurt"],
        "breakdowns": [{**b, "area_levels": ["gemeente", "wijk", "buurt"]} for b in breakdowns or []],
        "formula": formula,
    }


TRAJECTEN = {"source": "jeugdhulp_trajecten", "column": "leeftijd", "period": "event"}
WACHTTIJD = {"kind": "duration", "source": "wijkteam_contacten", "start": "aanmelddatum", "end": "startdatum"}
CIJFER = {"kind": "score", "source": "clientervaring", "column": "cijfer"}
MEANS = [
    _indicator(
        "leeftijd_gemiddeld",
        {"kind": "statistic", **TRAJECTEN, "statistic": "mean"},
        [{"id": "aanbieder", "column": "aanbieder"}],
    ),
    _indicator("wachttijd_gemiddeld", {**WACHTTIJD, "statistic": "mean"}),
    _indicator(
        "cijfer_gemiddeld",
        {**CIJFER, "statistic": "mean"},
        [{"id": "geholpen", "column": "stelling_geholpen", "bins": [1, 3]}],
    ),
]
OTHERS = [
    _indicator("leeftijd_mediaan", {"kind": "statistic", **TRAJECTEN, "statistic": "median"}),
    _indicator("leeftijd_p90", {"kind": "statistic", **TRAJECTEN, "statistic": "percentile", "percentile": 90}),
    _indicator("wachttijd_mediaan", {**WACHTTIJD, "statistic": "median"}),
    _indicator("wachttijd_binnen_norm", {**WACHTTIJD, "statistic": "share_within", "norm_days": 56}),
    _indicator("cijfer_voldoende", {**CIJFER, "statistic": "share_at_least", "threshold": 6}),
    _indicator("trajecten", {"kind": "count", "measure": {"source": "jeugdhulp_trajecten", "period": "event"}}),
    _indicator(
        "verblijf_aandeel",
        {
            "kind": "rate",
            "numerator": {"source": "jeugdhulp_trajecten", "where": [{"column": "vorm", "equals": "verblijf"}]},
            "denominator": {"source": "jeugdhulp_trajecten"},
            "per": 100,
        },
    ),
    _indicator(
        "stapeling",
        {
            "kind": "stapeling",
            "parts": [
                {"source": "jeugdhulp_trajecten", "unit": "client_id", "label": "jeugdhulp"},
                {"source": "wmo_voorzieningen", "unit": "client_id", "label": "wmo"},
            ],
        },
        grain="year",  # validation takes a stapeling without denominator for published tables
    ),
]


@pytest.fixture(scope="module")
def spread_workspace(kwb_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    monitor = {
        "id": "spreiding",
        "title": "Spreiding",
        "purpose": ["leren"],
        "periods": {"start": "2023-01-01", "end": "2023-12-31"},
        "indicators": [*MEANS, *OTHERS],
    }
    return fixture_workspace(kwb_root, tmp_path_factory.mktemp("spreiding") / "werkruimte", monitor)


def _query(workspace: Workspace, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _observed(workspace: Workspace, indicator: str) -> dict[Key, tuple[float | None, float | None]]:
    """Per cell the engine's denominator (rows) and spread."""
    rows = _query(
        workspace,
        "SELECT period_start, area_code, breakdown, breakdown_value, denominator, spread FROM observations "
        "WHERE monitor = 'spreiding' AND indicator = ?",
        [indicator],
    )
    return {(r[0], r[1], r[2], r[3]): (r[4], r[5]) for r in rows}


def _by_cell(
    workspace: Workspace, rows: Iterable[tuple[str | None, date, float, Iterable[tuple[str, str]]]]
) -> dict[Key, list[float]]:
    """The values of each quarter × area × breakdown value, from rows (buurt, date, value, splits)."""
    known = {code for (code,) in _query(workspace, "SELECT code FROM areas WHERE year = 2023")}
    cells: dict[Key, list[float]] = defaultdict(list)
    for buurt, day, value, splits in rows:
        (start,) = [s for s, e in QUARTERS if s <= day <= e]
        areas = ["GM0344"] + ([f"WK{buurt[2:8]}", buurt] if buurt else [])
        for area in (a for a in areas if a in known):
            for split in (("totaal", "totaal"), *splits):
                cells[(start, area, *split)].append(value)
    return cells


def _leeftijd(workspace: Workspace) -> dict[Key, list[float]]:
    rows = _query(
        workspace,
        "SELECT buurt_code, start, leeftijd, aanbieder FROM src_jeugdhulp_trajecten "
        "WHERE leeftijd IS NOT NULL AND year(start) = 2023",
    )
    return _by_cell(workspace, ((b, d, float(v), [("aanbieder", a)]) for b, d, v, a in rows))


def _wachttijd(workspace: Workspace) -> dict[Key, list[float]]:
    rows = _query(
        workspace,
        "SELECT buurt_code, aanmelddatum, startdatum FROM src_wijkteam_contacten "
        "WHERE aanmelddatum IS NOT NULL AND year(startdatum) = 2023",
    )
    return _by_cell(workspace, ((b, end, float((end - begin).days), []) for b, begin, end in rows))  # anchor: end


def _cijfer(workspace: Workspace) -> dict[Key, list[float]]:
    rows = _query(
        workspace,
        "SELECT buurt_code, datum, cijfer, stelling_geholpen FROM src_clientervaring "
        "WHERE cijfer IS NOT NULL AND year(datum) = 2023",
    )
    return _by_cell(workspace, ((b, d, float(v), [("geholpen", "1-2" if s < 3 else "3+")]) for b, d, v, s in rows))


REFERENCE: dict[str, Callable[[Workspace], dict[Key, list[float]]]] = {
    "leeftijd_gemiddeld": _leeftijd,
    "wachttijd_gemiddeld": _wachttijd,
    "cijfer_gemiddeld": _cijfer,
}


@pytest.mark.parametrize("indicator", list(REFERENCE))
def test_spread_of_a_mean_is_the_sample_standard_deviation(spread_workspace: Workspace, indicator: str) -> None:
    observed = _observed(spread_workspace, indicator)
    cells = REFERENCE[indicator](spread_workspace)
    assert cells.keys() <= observed.keys()
    sizes = {len(values) for values in cells.values()}
    assert 1 in sizes and max(sizes) > 2, "cells of one row and of several, so the comparison means something"
    checked = 0
    for key, (rows, spread) in observed.items():
        values = cells.get(key, [])
        assert rows == len(values), key
        if len(values) < 2:
            assert spread is None, (key, values)
        else:
            assert spread is not None and math.isclose(spread, statistics.stdev(values), rel_tol=1e-9), key
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize("indicator", [i["id"] for i in OTHERS])
def test_figures_that_are_no_mean_have_no_spread(spread_workspace: Workspace, indicator: str) -> None:
    rows, with_spread = _query(
        spread_workspace,
        "SELECT count(*), count(spread) FROM observations WHERE monitor = 'spreiding' AND indicator = ?",
        [indicator],
    )[0]
    assert rows > 0 and with_spread == 0


def test_a_warehouse_from_before_spread_gets_it_and_computes_into_it(
    spread_workspace: Workspace, tmp_path: Path
) -> None:
    """An older warehouse gets ``spread`` as its last column; the insert names its columns."""
    columns = "indicator, period_start, area_code, breakdown, breakdown_value, numerator, denominator, value, spread"
    before = sorted(_query(spread_workspace, f"SELECT {columns} FROM observations"))
    shutil.copytree(spread_workspace.root, tmp_path / "oud")
    old = workspace_open(tmp_path / "oud")
    con = duckdb.connect(str(old.warehouse_path))
    try:
        con.execute("ALTER TABLE observations DROP COLUMN spread")  # as made before spread existed,
        con.execute("DROP TABLE schema_version")  # and so before schema versions
    finally:
        con.close()
    compute(old, monitor_id="spreiding")
    names = [row[0] for row in _query(old, "DESCRIBE observations")]
    assert names[-1] == "spread" and names.index("spread") > names.index("computed_at")
    assert sorted(_query(old, f"SELECT {columns} FROM observations")) == before

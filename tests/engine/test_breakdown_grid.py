"""Every area × every breakdown value has a row, and an empty cell is a real 0.

Each indicator is checked against a hand-written query over the source tables that builds the
full grid itself: the 2023 areas × the periods × the total and every breakdown value (those
occurring in any period, plus every bin label), with the counts of the rows that fall in
each cell, 0 where none do. An absent row would otherwise tell a reader "0" that the
secondary suppression never saw (docs/privacy.md).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import duckdb
import pytest

from duiding.workspace import Workspace
from tests.engine.fixtures import fixture_workspace

Key = tuple[str, str, str, str, str]
Figures = tuple[float | None, ...]

PERIODS = """
kwartalen(period_start, period_end) AS (VALUES
    (DATE '2023-01-01', DATE '2023-03-31'), (DATE '2023-04-01', DATE '2023-06-30'),
    (DATE '2023-07-01', DATE '2023-09-30'), (DATE '2023-10-01', DATE '2023-12-31')),
halfjaren(period_start, period_end) AS (VALUES
    (DATE '2023-01-01', DATE '2023-06-30'), (DATE '2023-07-01', DATE '2023-12-31')),
jaar(period_start, period_end) AS (VALUES (DATE '2023-01-01', DATE '2023-12-31')),
gebieden AS (SELECT level, code FROM areas WHERE year = 2023)
"""


def placed(splits: str) -> str:
    """Each row of ``splits`` once for every area it counts in: the gemeente always, its wijk
    and buurt when it has a buurt code (codes outside ``areas`` then simply match no cell)."""
    return f"""
    SELECT *, 'GM0344' AS code FROM {splits}
    UNION ALL SELECT *, 'WK' || substr(buurt_code, 3, 6) FROM {splits} WHERE buurt_code IS NOT NULL
    UNION ALL SELECT *, buurt_code FROM {splits} WHERE buurt_code IS NOT NULL
    """


AGE_BINS = [0, 4, 12, 18, 30]
AGE_LABELS = "('0-3'), ('4-11'), ('12-17'), ('18-29'), ('30+')"
AGE_GROUP = """CASE WHEN leeftijd < 4 THEN '0-3' WHEN leeftijd < 12 THEN '4-11' WHEN leeftijd < 18 THEN '12-17'
                    WHEN leeftijd < 30 THEN '18-29' ELSE '30+' END"""
ACTIVE = "t.start <= p.period_end AND (t.einde IS NULL OR t.einde >= p.period_start)"


def _indicator(
    identifier: str, grain: str, formula: dict[str, Any], breakdowns: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "id": identifier,
        "title": identifier,
        "definition": f"Test van het volledige raster: {identifier}.",
        "level": "output",
        "unit": "aantal",
        "polarity": "neutral",
        "period_grain": grain,
        "breakdowns": breakdowns,
        "formula": formula,
    }


VORM = {"id": "vorm", "column": "vorm"}
AANBIEDER = {"id": "aanbieder", "column": "aanbieder"}
LEEFTIJD = {"id": "leeftijdsgroep", "column": "leeftijd", "bins": AGE_BINS}

CASES: dict[str, tuple[dict[str, Any], str]] = {
    # a count by two breakdowns, one binned with a bin nobody falls in (30+)
    "nieuw_naar_vorm": (
        _indicator(
            "nieuw_naar_vorm",
            "quarter",
            {"kind": "count", "measure": {"source": "jeugdhulp_trajecten", "period": "event"}},
            [VORM, LEEFTIJD],
        ),
        f"""
        nieuw AS (
            SELECT p.period_start, t.* FROM kwartalen p JOIN src_jeugdhulp_trajecten t
              ON t.start BETWEEN p.period_start AND p.period_end
        ), splits AS (
            SELECT period_start, buurt_code, traject_id, 'totaal' AS breakdown, 'totaal' AS breakdown_value FROM nieuw
            UNION ALL SELECT period_start, buurt_code, traject_id, 'vorm', vorm FROM nieuw
            UNION ALL SELECT period_start, buurt_code, traject_id, 'leeftijdsgroep', {AGE_GROUP} FROM nieuw
        ), waarden AS (
            SELECT DISTINCT breakdown, breakdown_value FROM splits
            UNION SELECT 'leeftijdsgroep', label FROM (VALUES {AGE_LABELS}) v(label)
        ), geplaatst AS ({placed("splits")})
        SELECT p.period_start, g.level, g.code, w.breakdown, w.breakdown_value,
               count(x.traject_id) AS numerator, NULL AS denominator, count(x.traject_id) AS value
        FROM kwartalen p CROSS JOIN gebieden g CROSS JOIN waarden w
        LEFT JOIN geplaatst x ON x.period_start = p.period_start AND x.code = g.code
             AND x.breakdown = w.breakdown AND x.breakdown_value = w.breakdown_value
        GROUP BY ALL
        """,
    ),
    # a mean: an empty cell rests on 0 rows and has no value (and no spread)
    "leeftijd_naar_aanbieder": (
        _indicator(
            "leeftijd_naar_aanbieder",
            "quarter",
            {
                "kind": "statistic",
                "source": "jeugdhulp_trajecten",
                "column": "leeftijd",
                "statistic": "mean",
                "period": "event",
            },
            [AANBIEDER, LEEFTIJD],
        ),
        f"""
        nieuw AS (
            SELECT p.period_start, t.* FROM kwartalen p JOIN src_jeugdhulp_trajecten t
              ON t.start BETWEEN p.period_start AND p.period_end
            WHERE t.leeftijd IS NOT NULL
        ), splits AS (
            SELECT period_start, buurt_code, leeftijd, 'totaal' AS breakdown, 'totaal' AS breakdown_value FROM nieuw
            UNION ALL SELECT period_start, buurt_code, leeftijd, 'aanbieder', aanbieder FROM nieuw
            UNION ALL SELECT period_start, buurt_code, leeftijd, 'leeftijdsgroep', {AGE_GROUP} FROM nieuw
        ), waarden AS (
            SELECT DISTINCT breakdown, breakdown_value FROM splits
            UNION SELECT 'leeftijdsgroep', label FROM (VALUES {AGE_LABELS}) v(label)
        ), geplaatst AS ({placed("splits")})
        SELECT p.period_start, g.level, g.code, w.breakdown, w.breakdown_value,
               NULL AS numerator, count(x.leeftijd) AS denominator, avg(x.leeftijd) AS value,
               stddev_samp(x.leeftijd) AS spread
        FROM kwartalen p CROSS JOIN gebieden g CROSS JOIN waarden w
        LEFT JOIN geplaatst x ON x.period_start = p.period_start AND x.code = g.code
             AND x.breakdown = w.breakdown AND x.breakdown_value = w.breakdown_value
        GROUP BY ALL
        """,
    ),
    # a share within one source, split by a column of that source: aanbieder B never meets the
    # numerator's condition, yet its rows carry their real denominator (and a value of 0 %)
    "verblijf_bij_a_en_c": (
        _indicator(
            "verblijf_bij_a_en_c",
            "half_year",
            {
                "kind": "rate",
                "numerator": {
                    "source": "jeugdhulp_trajecten",
                    "where": [{"column": "vorm", "equals": "verblijf"}, {"column": "aanbieder", "in": ["A", "C"]}],
                },
                "denominator": {"source": "jeugdhulp_trajecten"},
                "per": 100,
            },
            [AANBIEDER],
        ),
        f"""
        actief AS (
            SELECT p.period_start, t.*, (t.vorm = 'verblijf' AND t.aanbieder IN ('A', 'C'))::INT AS teller
            FROM halfjaren p JOIN src_jeugdhulp_trajecten t ON {ACTIVE}
        ), splits AS (
            SELECT period_start, buurt_code, teller, 'totaal' AS breakdown, 'totaal' AS breakdown_value FROM actief
            UNION ALL SELECT period_start, buurt_code, teller, 'aanbieder', aanbieder FROM actief
        ), waarden AS (SELECT DISTINCT breakdown, breakdown_value FROM splits),
        geplaatst AS ({placed("splits")})
        SELECT p.period_start, g.level, g.code, w.breakdown, w.breakdown_value,
               coalesce(sum(x.teller), 0) AS numerator, count(x.teller) AS denominator,
               CASE WHEN count(x.teller) > 0 THEN coalesce(sum(x.teller), 0) / count(x.teller) * 100 END AS value
        FROM halfjaren p CROSS JOIN gebieden g CROSS JOIN waarden w
        LEFT JOIN geplaatst x ON x.period_start = p.period_start AND x.code = g.code
             AND x.breakdown = w.breakdown AND x.breakdown_value = w.breakdown_value
        GROUP BY ALL
        """,
    ),
    # a rate over a published (CBS) figure: every row gets the area's figure, and where CBS
    # published none (four buurten) it stays missing, also on a numerator of 0
    "verblijf_per_1000_bijstand": (
        _indicator(
            "verblijf_per_1000_bijstand",
            "year",
            {
                "kind": "rate",
                "numerator": {
                    "source": "jeugdhulp_trajecten",
                    "aggregation": "count_distinct",
                    "column": "client_id",
                    "where": [{"column": "vorm", "in": ["verblijf", "pleegzorg"]}],
                },
                "denominator": {"source": "cbs_kwb", "variable": "bijstand_personen"},
                "per": 1000,
            },
            [VORM],
        ),
        f"""
        actief AS (
            SELECT p.period_start, t.* FROM jaar p JOIN src_jeugdhulp_trajecten t ON {ACTIVE}
            WHERE t.vorm IN ('verblijf', 'pleegzorg')
        ), splits AS (
            SELECT period_start, buurt_code, client_id, 'totaal' AS breakdown, 'totaal' AS breakdown_value FROM actief
            UNION ALL SELECT period_start, buurt_code, client_id, 'vorm', vorm FROM actief
        ), waarden AS (SELECT DISTINCT breakdown, breakdown_value FROM splits),
        geplaatst AS ({placed("splits")})
        SELECT p.period_start, g.level, g.code, w.breakdown, w.breakdown_value,
               count(DISTINCT x.client_id) AS numerator, k.value AS denominator,
               CASE WHEN k.value > 0 THEN count(DISTINCT x.client_id) / k.value * 1000 END AS value
        FROM jaar p CROSS JOIN gebieden g CROSS JOIN waarden w
        LEFT JOIN geplaatst x ON x.period_start = p.period_start AND x.code = g.code
             AND x.breakdown = w.breakdown AND x.breakdown_value = w.breakdown_value
        LEFT JOIN src_cbs_kwb k ON k.area_code = g.code AND k.year = 2023 AND k.variable = 'bijstand_personen'
        GROUP BY 1, 2, 3, 4, 5, k.value
        """,
    ),
    # a rate over another registration that lacks the breakdown column: every breakdown row
    # gets the area's total denominator (0 where that source has nobody: no value)
    "jeugd_per_100_wmo": (
        _indicator(
            "jeugd_per_100_wmo",
            "year",
            {
                "kind": "rate",
                "numerator": {"source": "jeugdhulp_trajecten", "aggregation": "count_distinct", "column": "client_id"},
                "denominator": {"source": "wmo_voorzieningen", "aggregation": "count_distinct", "column": "client_id"},
                "per": 100,
            },
            [VORM],
        ),
        f"""
        actief AS (SELECT p.period_start, t.* FROM jaar p JOIN src_jeugdhulp_trajecten t ON {ACTIVE}),
        splits AS (
            SELECT period_start, buurt_code, client_id, 'totaal' AS breakdown, 'totaal' AS breakdown_value FROM actief
            UNION ALL SELECT period_start, buurt_code, client_id, 'vorm', vorm FROM actief
        ), waarden AS (SELECT DISTINCT breakdown, breakdown_value FROM splits),
        geplaatst AS ({placed("splits")}),
        wmo AS (SELECT p.period_start, t.buurt_code, t.client_id FROM jaar p JOIN src_wmo_voorzieningen t ON {ACTIVE}),
        wmo_geplaatst AS ({placed("wmo")}),
        noemer AS (
            SELECT p.period_start, g.code, count(DISTINCT x.client_id) AS n
            FROM jaar p CROSS JOIN gebieden g
            LEFT JOIN wmo_geplaatst x ON x.period_start = p.period_start AND x.code = g.code
            GROUP BY ALL
        ), teller AS (
            SELECT p.period_start, g.level, g.code, w.breakdown, w.breakdown_value, count(DISTINCT x.client_id) AS n
            FROM jaar p CROSS JOIN gebieden g CROSS JOIN waarden w
            LEFT JOIN geplaatst x ON x.period_start = p.period_start AND x.code = g.code
                 AND x.breakdown = w.breakdown AND x.breakdown_value = w.breakdown_value
            GROUP BY ALL
        )
        SELECT t.period_start, t.level, t.code, t.breakdown, t.breakdown_value, t.n, d.n,
               CASE WHEN d.n > 0 THEN t.n / d.n * 100 END
        FROM teller t JOIN noemer d USING (period_start, code)
        """,
    ),
}


def grid_monitor() -> dict[str, Any]:
    return {
        "id": "raster",
        "title": "Volledig raster",
        "purpose": ["leren"],
        "periods": {"start": "2023-01-01", "end": "2023-12-31"},
        "indicators": [_every_level(indicator) for indicator, _ in CASES.values()],
    }


EVERY_LEVEL = ["gemeente", "wijk", "buurt"]


def _every_level(indicator: dict[str, Any]) -> dict[str, Any]:
    """The indicator and its breakdowns for every area level (breakdowns stop at the wijk by default)."""
    breakdowns = [{**b, "area_levels": EVERY_LEVEL} for b in indicator.get("breakdowns", [])]
    return {**indicator, "area_levels": EVERY_LEVEL, **({"breakdowns": breakdowns} if breakdowns else {})}


@pytest.fixture(scope="module")
def grid_workspace(kwb_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return fixture_workspace(kwb_root, tmp_path_factory.mktemp("raster") / "werkruimte", grid_monitor())


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> dict[Key, Figures]:
    found: dict[Key, Figures] = {}
    for start, level, code, breakdown, value_of, *figures in con.execute(sql, params).fetchall():
        key = (str(start), level, code, breakdown, value_of)
        assert key not in found, f"two rows for {key}"
        found[key] = tuple(None if f is None else float(f) for f in figures)
    return found


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _counted(figures: Figures) -> float:
    """What a cell counted: its numerator, or for a statistic (no numerator) its rows."""
    return figures[0] if figures[0] is not None else figures[1] or 0.0


def _engine_and_expected(workspace: Workspace, name: str) -> tuple[dict[Key, Figures], dict[Key, Figures]]:
    check = CASES[name][1]
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        spread = ", spread" if "spread" in check else ""
        engine = _rows(
            con,
            "SELECT period_start, area_level, area_code, breakdown, breakdown_value, numerator, denominator, value"
            f"{spread} FROM observations WHERE monitor = 'raster' AND indicator = ?",
            [name],
        )
        expected = _rows(con, f"WITH {PERIODS}, {check}")
    finally:
        con.close()
    return engine, expected


@pytest.mark.parametrize("name", list(CASES))
def test_every_area_and_breakdown_value_has_a_row_with_real_zeros(grid_workspace: Workspace, name: str) -> None:
    engine, expected = _engine_and_expected(grid_workspace, name)
    split = [figures for key, figures in expected.items() if key[1] == "buurt" and key[3] != "totaal"]
    counted = [_counted(figures) for figures in split]
    assert 0 in counted and any(counted), "empty and filled buurt × breakdown cells, so the check means something"
    assert engine.keys() - expected.keys() == set()
    assert expected.keys() - engine.keys() == set(), "every area × breakdown value has a row"
    wrong = {k: (engine[k], f) for k, f in expected.items() if not all(map(_close, engine[k], f))}
    assert not wrong, sorted(wrong.items())[:5]


def test_a_buurt_without_anybody_shows_zero_in_every_breakdown_row(grid_workspace: Workspace) -> None:
    """The disclosure hole itself: a buurt total of 0 no longer comes with absent breakdown rows."""
    engine, _ = _engine_and_expected(grid_workspace, "nieuw_naar_vorm")
    values = {(key[3], key[4]) for key in engine if key[3] != "totaal"}
    assert ("leeftijdsgroep", "30+") in values and len({v for b, v in values if b == "vorm"}) == 3
    empty = [key for key, figures in engine.items() if key[1] == "buurt" and key[3] == "totaal" and figures[0] == 0]
    assert empty
    for start, level, code, _, _ in empty:
        assert all(engine[(start, level, code, *value)] == (0.0, None, 0.0) for value in values)


def test_a_value_of_one_period_has_empty_rows_in_the_others(grid_workspace: Workspace) -> None:
    """Breakdown values come from all periods: aanbieder B starts nothing in the third quarter."""
    engine, _ = _engine_and_expected(grid_workspace, "leeftijd_naar_aanbieder")
    b_rows = {key[0]: figures for key, figures in engine.items() if key[1:] == ("gemeente", "GM0344", "aanbieder", "B")}
    assert len(b_rows) == 4
    assert b_rows["2023-07-01"] == (None, 0.0, None, None), "rests on 0 rows: no mean, no spread"
    assert all(figures[1] and figures[2] is not None for start, figures in b_rows.items() if start != "2023-07-01")


def test_zero_numerators_keep_their_real_denominator(grid_workspace: Workspace) -> None:
    engine, _ = _engine_and_expected(grid_workspace, "verblijf_bij_a_en_c")
    b_rows = {key: figures for key, figures in engine.items() if key[3:] == ("aanbieder", "B")}
    assert b_rows and all(figures[0] == 0 for figures in b_rows.values())
    assert any(figures[1] and figures[1] > 0 and figures[2] == 0 for figures in b_rows.values())
    published, _ = _engine_and_expected(grid_workspace, "verblijf_per_1000_bijstand")
    missing = [f for key, f in published.items() if key[1] == "buurt" and key[3] != "totaal" and f[1] is None]
    assert missing and all(f == (0.0, None, None) for f in missing), "an unpublished CBS figure stays missing"


def test_breakdowns_stop_at_the_wijk_by_default(demo_workspace: Workspace) -> None:
    """Library breakdowns leave ``area_levels`` at its default: rows per gemeente and wijk, none per buurt."""
    from duiding.definitions import monitors_load
    from duiding.privacy import observation_list

    monitor = monitors_load(demo_workspace.monitors_dir)["jeugd"]
    split = [i for i in monitor.indicators if i.breakdowns]
    assert split and all(b.area_levels == ("gemeente", "wijk") for i in split for b in i.breakdowns)
    rows = observation_list(demo_workspace, monitor="jeugd", indicator=split[0].id)
    levels = {(o.area_level, o.breakdown != "totaal") for o in rows}
    assert levels == {("gemeente", False), ("gemeente", True), ("wijk", False), ("wijk", True), ("buurt", False)}

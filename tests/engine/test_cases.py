"""Each indicator kind against a hand-written query over the same fixtures (cases.yaml)."""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from duiding.definitions import monitor_load
from duiding.engine import compute, explain
from duiding.workspace import Workspace, workspace_open
from tests.engine.fixtures import fixture_sources, fixture_tables

SNAPSHOTS = Path(__file__).parent / "snapshots"
CASES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8"))
PERIOD_CTES = """
WITH kwartalen(period_start, period_end) AS (VALUES
    (DATE '2023-01-01', DATE '2023-03-31'), (DATE '2023-04-01', DATE '2023-06-30'),
    (DATE '2023-07-01', DATE '2023-09-30'), (DATE '2023-10-01', DATE '2023-12-31')),
jaar(period_start, period_end) AS (VALUES (DATE '2023-01-01', DATE '2023-12-31')),
wijken AS (SELECT code FROM areas WHERE year = 2023 AND level = 'wijk')
"""
Key = tuple[str, str, str, str, str]
Figures = tuple[float | None, ...]
"""numerator, denominator, value and, when the check query gives it, spread."""


def cases_monitor(cases: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": "cases",
        "title": "Engine cases",
        "purpose": ["leren"],
        "periods": {"start": "2023-01-01", "end": "2023-12-31"},
        "indicators": [case["indicator"] for case in cases],
    }


@pytest.fixture(scope="module")
def case_workspace(demo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("cases") / "werkruimte"
    shutil.copytree(demo_root, root)
    workspace = workspace_open(root)
    sources = fixture_sources(workspace.sources_dir)
    fixture_tables(workspace.warehouse_path, sources)
    path = workspace.monitors_dir / "cases.yaml"
    path.write_text(yaml.safe_dump(cases_monitor(CASES), allow_unicode=True, sort_keys=False), encoding="utf-8")
    monitor_load(path)
    compute(workspace, monitor_id="cases")
    return workspace


def _counted(numerator: float | None, denominator: float | None) -> bool:
    return (numerator or 0) > 0 or (numerator is None and (denominator or 0) > 0)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> dict[Key, Figures]:
    found: dict[Key, Figures] = {}
    for start, level, code, breakdown, value_of, *figures in con.execute(sql, params).fetchall():
        if _counted(figures[0], figures[1]):
            found[(str(start), level, code, breakdown, value_of)] = tuple(figures)
    return found


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_indicator_matches_hand_written_query(case_workspace: Workspace, case: dict[str, Any]) -> None:
    con = duckdb.connect(str(case_workspace.warehouse_path), read_only=True)
    try:
        levels = case["levels"]
        engine = _rows(
            con,
            "SELECT period_start, area_level, area_code, breakdown, breakdown_value, numerator, denominator, value, "
            "spread "
            "FROM observations WHERE monitor = 'cases' AND indicator = ? AND area_level IN "
            f"({', '.join('?' for _ in levels)})",
            [case["indicator"]["id"], *levels],
        )
        expected = _rows(con, f"{PERIOD_CTES} SELECT * FROM ({case['check']})")
    finally:
        con.close()
    assert expected, "the check query finds rows, so the comparison means something"
    assert engine.keys() == expected.keys()
    for key, figures in expected.items():
        found = engine[key][: len(figures)]
        assert all(_close(a, b) for a, b in zip(found, figures, strict=True)), (key, engine[key], figures)


@pytest.mark.parametrize("case", CASES, ids=[c["indicator"]["id"] for c in CASES])
def test_generated_sql_matches_snapshot(
    case_workspace: Workspace, case: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    """One SQL snapshot per case (every formula kind); regenerate with ``pytest --snapshot-update``."""
    indicator_id = case["indicator"]["id"]
    sql = explain(case_workspace, monitor_id="cases", indicator_id=indicator_id) + "\n"
    snapshot = SNAPSHOTS / f"{indicator_id}.duckdb.sql"
    if request.config.getoption("--snapshot-update"):
        snapshot.write_text(sql, encoding="utf-8")
    assert sql == snapshot.read_text(encoding="utf-8")

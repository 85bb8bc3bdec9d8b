"""Every library indicator computes on registrations shaped like its sources (synthetic rows)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from duiding.definitions.models import SourceKind
from duiding.engine import compute
from duiding.library import LIBRARY, library_monitors, library_sources
from duiding.workspace import Workspace, workspace_open
from tests.library.synthetic import synthetic_tables

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def library_workspace(demo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("library") / "werkruimte"
    shutil.copytree(demo_root, root)
    workspace = workspace_open(root)
    for kind, target in (("monitors", workspace.monitors_dir), ("sources", workspace.sources_dir)):
        for path in sorted((LIBRARY / kind).glob("*.yaml")):
            shutil.copyfile(path, target / path.name)
    synthetic_tables(workspace.warehouse_path, library_sources())
    result = compute(workspace)
    assert result.waiting == ()
    return workspace


def _query(workspace: Workspace, sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_every_registration_indicator_has_a_gemeente_figure(library_workspace: Workspace) -> None:
    sources = library_sources()
    found = {
        (monitor, indicator)
        for monitor, indicator in _query(
            library_workspace,
            "SELECT DISTINCT monitor, indicator FROM observations "
            "WHERE area_level = 'gemeente' AND breakdown = 'totaal' AND value IS NOT NULL",
        )
    }
    expected = {
        (monitor.id, indicator.id)
        for monitor in library_monitors().values()
        for indicator in monitor.indicators
        if any(sources[s].kind is SourceKind.MICRODATA for s in indicator.sources)
    }
    assert expected - found == set()


def test_vve_bereik_matches_a_hand_written_query(library_workspace: Workspace) -> None:
    computed = _query(
        library_workspace,
        "SELECT period_start, numerator, denominator, value FROM observations WHERE monitor = 'onderwijs' "
        "AND indicator = 'vve_bereik' AND area_level = 'gemeente' AND breakdown = 'totaal' AND denominator > 0 "
        "ORDER BY 1",
    )
    expected = _query(
        library_workspace,
        "SELECT make_date(year(peildatum), 1, 1), count(*) FILTER (deelname), count(*), "
        "count(*) FILTER (deelname) / count(*) * 100 FROM src_vve_deelname WHERE doelgroep GROUP BY 1 ORDER BY 1",
    )
    assert [row[:3] for row in computed] == [row[:3] for row in expected]
    assert [row[3] for row in computed] == pytest.approx([row[3] for row in expected])


def test_uitstroom_naar_werk_matches_a_hand_written_query(library_workspace: Workspace) -> None:
    computed = _query(
        library_workspace,
        "SELECT period_start, numerator, denominator FROM observations WHERE monitor = 'participatie' "
        "AND indicator = 'uitstroom_naar_werk' AND area_level = 'gemeente' AND breakdown = 'totaal' "
        "AND denominator > 0 ORDER BY 1",
    )
    expected = _query(
        library_workspace,
        "WITH jaren AS (SELECT DISTINCT make_date(y, 1, 1) AS b, make_date(y, 12, 31) AS e "
        "FROM (SELECT unnest(range(2022, 2028)) AS y)) "
        "SELECT b, count(*) FILTER (uitstroom_reden = 'werk')::DOUBLE, count(*)::DOUBLE "
        "FROM jaren JOIN src_bijstand_uitkeringen u ON u.einde BETWEEN b AND e "
        "GROUP BY 1 ORDER BY 1",
    )
    assert computed == expected

"""compute replaces observations atomically; explain shows the SQL."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from duiding.engine import Waiting, compute, explain
from duiding.errors import DuidingError
from duiding.workspace import Workspace
from tests.engine.fixtures import fixture_sources, fixture_tables

SNAPSHOTS = Path(__file__).parent / "snapshots"


def _observation_count(workspace: Workspace) -> int:
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        return int(con.execute("SELECT count(*) FROM observations").fetchall()[0][0])
    finally:
        con.close()


def test_compute_is_repeatable(workspace_copy: Workspace) -> None:
    before = _observation_count(workspace_copy)
    result = compute(workspace_copy)
    assert result.observations == before == _observation_count(workspace_copy)
    assert result.indicators == 3


def test_failed_compute_leaves_previous_observations(workspace_copy: Workspace) -> None:
    """A crash half-way (here: a source table that lost a column) changes nothing."""
    before = _observation_count(workspace_copy)
    sources = fixture_sources(workspace_copy.sources_dir)
    fixture_tables(workspace_copy.warehouse_path, sources)
    (workspace_copy.monitors_dir / "zzz.yaml").write_text(
        "id: zzz\ntitle: Laatste\npurpose: [leren]\nindicators:\n"
        "- id: verblijf\n  title: Verblijf\n  definition: Trajecten met verblijf.\n  level: output\n"
        "  unit: trajecten\n  polarity: neutral\n  formula:\n    kind: count\n"
        "    measure: {source: jeugdhulp_trajecten, where: [{column: vorm, equals: verblijf}]}\n",
        encoding="utf-8",
    )
    con = duckdb.connect(str(workspace_copy.warehouse_path))
    con.execute("ALTER TABLE src_jeugdhulp_trajecten DROP COLUMN vorm")
    con.close()
    with pytest.raises(DuidingError, match=r"Indicator 'zzz/verblijf' kon niet worden berekend .* niets veranderd"):
        compute(workspace_copy)
    assert _observation_count(workspace_copy) == before


def test_indicators_without_loaded_data_wait(workspace_copy: Workspace) -> None:
    fixture_sources(workspace_copy.sources_dir)  # defined, but never loaded
    (workspace_copy.monitors_dir / "wmo.yaml").write_text(
        "id: wmo\ntitle: Wmo\npurpose: [leren]\nindicators:\n"
        "- id: voorzieningen\n  title: Voorzieningen\n  definition: Lopende voorzieningen.\n  level: output\n"
        "  unit: voorzieningen\n  polarity: neutral\n  formula:\n    kind: count\n"
        "    measure: {source: wmo_voorzieningen}\n",
        encoding="utf-8",
    )
    result = compute(workspace_copy)
    assert result.waiting == (Waiting("wmo", "voorzieningen", ("wmo_voorzieningen",)),)
    assert result.indicators == 3
    with pytest.raises(DuidingError, match="wacht op gegevens: bron wmo_voorzieningen is nog niet geladen"):
        explain(workspace_copy, monitor_id="wmo", indicator_id="voorzieningen")


def test_unknown_monitor_is_a_dutch_error(kwb_workspace: Workspace) -> None:
    with pytest.raises(DuidingError, match=re.escape("Onbekende monitor 'jeugd'. Bekende monitors: participatie")):
        compute(kwb_workspace, monitor_id="jeugd")


def test_explain_matches_snapshot(kwb_workspace: Workspace, request: pytest.FixtureRequest) -> None:
    """The SQL a rate indicator becomes. Regenerate with ``pytest --snapshot-update``."""
    sql = explain(kwb_workspace, monitor_id="participatie", indicator_id="bijstand_per_1000") + "\n"
    snapshot = SNAPSHOTS / "rate_bijstand_per_1000.duckdb.sql"
    if request.config.getoption("--snapshot-update"):
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(sql, encoding="utf-8")
    assert sql == snapshot.read_text(encoding="utf-8")


def test_explained_sql_runs_and_gives_the_stored_observations(kwb_workspace: Workspace) -> None:
    sql = explain(kwb_workspace, monitor_id="participatie", indicator_id="bijstand_per_1000")
    con = duckdb.connect(str(kwb_workspace.warehouse_path), read_only=True)
    try:
        direct = con.execute(f"SELECT area_code, value FROM ({sql}) ORDER BY area_code").fetchall()
        stored = con.execute(
            "SELECT area_code, value FROM observations WHERE indicator = 'bijstand_per_1000' ORDER BY area_code"
        ).fetchall()
    finally:
        con.close()
    assert direct == stored

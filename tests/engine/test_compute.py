"""compute replaces observations atomically; explain shows the SQL."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from duiding.engine import compute, explain
from duiding.errors import DuidingError
from duiding.workspace import Workspace

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
    before = _observation_count(workspace_copy)
    path = workspace_copy.monitors_dir / "participatie.yaml"
    text = path.read_text(encoding="utf-8")
    # the last indicator now reads a source that was never loaded
    path.write_text(text.replace("source: cbs_kwb\n      variable: ao_uitkering", "source: uwv\n      variable: ao"))
    with pytest.raises(DuidingError, match="bron 'uwv'"):
        compute(workspace_copy)
    assert _observation_count(workspace_copy) == before


def test_unknown_monitor_is_a_dutch_error(demo_workspace: Workspace) -> None:
    with pytest.raises(DuidingError, match=re.escape("Onbekende monitor 'jeugd'. Bekende monitors: participatie")):
        compute(demo_workspace, monitor_id="jeugd")


def test_explain_matches_snapshot(demo_workspace: Workspace, request: pytest.FixtureRequest) -> None:
    """The SQL a rate indicator becomes. Regenerate with ``pytest --snapshot-update``."""
    sql = explain(demo_workspace, monitor_id="participatie", indicator_id="bijstand_per_1000") + "\n"
    snapshot = SNAPSHOTS / "rate_bijstand_per_1000.duckdb.sql"
    if request.config.getoption("--snapshot-update"):
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(sql, encoding="utf-8")
    assert sql == snapshot.read_text(encoding="utf-8")


def test_explained_sql_runs_and_gives_the_stored_observations(demo_workspace: Workspace) -> None:
    sql = explain(demo_workspace, monitor_id="participatie", indicator_id="bijstand_per_1000")
    con = duckdb.connect(str(demo_workspace.warehouse_path), read_only=True)
    try:
        direct = con.execute(f"SELECT area_code, value FROM ({sql}) ORDER BY area_code").fetchall()
        stored = con.execute(
            "SELECT area_code, value FROM observations WHERE indicator = 'bijstand_per_1000' ORDER BY area_code"
        ).fetchall()
    finally:
        con.close()
    assert direct == stored

"""The warehouse's schema version: made new, upgraded from an older Duiding, a newer one refused."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from duiding.errors import DuidingError
from duiding.privacy import observation_list
from duiding.warehouse import (
    OBSERVATION_COLUMNS,
    OBSERVATION_KEY,
    OBSERVATION_SUBJECT,
    SCHEMA_VERSION,
    schema_version_read,
    warehouse_connect,
    warehouse_transaction,
)
from duiding.workspace import Workspace

OLD_OBSERVATIONS = """
CREATE TABLE loads (
    load_id INTEGER PRIMARY KEY, source_id VARCHAR NOT NULL, file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL, row_count BIGINT NOT NULL, loaded_at TIMESTAMP NOT NULL,
    loaded_by VARCHAR NOT NULL, active BOOLEAN NOT NULL
);
CREATE TABLE observations (
    monitor VARCHAR NOT NULL, indicator VARCHAR NOT NULL, period_start DATE NOT NULL,
    period_end DATE NOT NULL, area_level VARCHAR NOT NULL, area_code VARCHAR NOT NULL,
    area_name VARCHAR NOT NULL, breakdown VARCHAR NOT NULL, breakdown_value VARCHAR NOT NULL,
    numerator DOUBLE, denominator DOUBLE, value DOUBLE, ci_low DOUBLE, ci_high DOUBLE,
    load_ids VARCHAR NOT NULL, computed_at TIMESTAMP NOT NULL
);
INSERT INTO loads VALUES (1, 'cbs_kwb', 'kwb.csv', 'abc', 3, TIMESTAMP '2024-01-01 12:00:00', 'systeem', true);
INSERT INTO observations VALUES ('participatie', 'bijstand', DATE '2023-01-01', DATE '2023-12-31', 'gemeente',
    'GM0344', 'Utrecht', 'totaal', 'totaal', 12.0, 1000.0, 12.0, NULL, NULL, '1', TIMESTAMP '2024-01-01 12:00:00');
"""
"""The warehouse of a Duiding from before schema versions, spread and origin: two tables, one row each."""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tables(path: Path) -> dict[str, list[str]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        return {name: [r[0] for r in con.execute(f'DESCRIBE "{name}"').fetchall()] for name in names}
    finally:
        con.close()


def _version_set(path: Path, version: int) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute("UPDATE schema_version SET version = ?", [version])
        con.execute("CHECKPOINT")
    finally:
        con.close()


def test_the_observation_key_lies_in_the_columns_in_their_order() -> None:
    assert tuple(c for c in OBSERVATION_SUBJECT if c in OBSERVATION_KEY) == OBSERVATION_KEY
    assert OBSERVATION_COLUMNS[: len(OBSERVATION_SUBJECT)] == OBSERVATION_SUBJECT


def test_a_new_warehouse_has_the_current_version(tmp_path: Path) -> None:
    path = tmp_path / "warehouse.duckdb"
    warehouse_connect(path).close()
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert con.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
        assert schema_version_read(con) == SCHEMA_VERSION
        columns = [r[0] for r in con.execute("DESCRIBE observations").fetchall()]
    finally:
        con.close()
    assert columns == list(OBSERVATION_COLUMNS)
    warehouse_connect(path).close()  # opening it again changes nothing
    assert _tables(path)["schema_version"] == ["version"]


def test_a_warehouse_of_an_older_duiding_is_upgraded_on_the_next_write_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    con.execute(OLD_OBSERVATIONS)
    con.close()
    before = _digest(path)
    con = warehouse_connect(path, read_only=True)  # a reader may read it but never upgrades it
    assert schema_version_read(con) == 0
    con.close()
    assert _digest(path) == before

    with warehouse_transaction(path) as con:
        con.execute("UPDATE observations SET spread = 1.5, origin = 'berekend'")  # the new columns are there
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert schema_version_read(con) == SCHEMA_VERSION
        assert con.execute("SELECT count(*) FROM schema_version").fetchall() == [(1,)]
        kept = con.execute(
            "SELECT monitor, indicator, area_code, numerator, denominator, value, load_ids, spread, origin "
            "FROM observations"
        ).fetchall()
        loads = con.execute("SELECT load_id, source_id, row_count FROM loads").fetchall()
    finally:
        con.close()
    assert kept == [("participatie", "bijstand", "GM0344", 12.0, 1000.0, 12.0, "1", 1.5, "berekend")]
    assert loads == [(1, "cbs_kwb", 3)]
    fresh = tmp_path / "new.duckdb"
    warehouse_connect(fresh).close()
    upgraded, made = _tables(path), _tables(fresh)
    assert set(upgraded) == set(made), "every table it lacked is made"
    assert set(upgraded["observations"]) == set(made["observations"])


def test_a_workspace_without_a_version_keeps_its_figures_through_the_upgrade(workspace_copy: Workspace) -> None:
    path = workspace_copy.warehouse_path
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE schema_version")
    con.execute("CHECKPOINT")
    con.close()
    before = observation_list(workspace_copy, monitor="participatie")
    assert before
    warehouse_connect(path).close()
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert schema_version_read(con) == SCHEMA_VERSION
    finally:
        con.close()
    assert observation_list(workspace_copy, monitor="participatie") == before


def test_a_warehouse_of_a_newer_duiding_is_refused_in_dutch_and_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "warehouse.duckdb"
    warehouse_connect(path).close()
    _version_set(path, SCHEMA_VERSION + 1)
    before = _digest(path)
    expected = (
        f"Deze werkruimte is gemaakt met een nieuwere versie van Duiding (schemaversie {SCHEMA_VERSION + 1}; "
        f"deze versie kent {SCHEMA_VERSION}). Werk Duiding bij"
    )
    for read_only in (False, True):
        with pytest.raises(DuidingError) as caught:
            warehouse_connect(path, read_only=read_only)
        assert str(caught.value).startswith(expected)
    with pytest.raises(DuidingError, match="nieuwere versie van Duiding"), warehouse_transaction(path):
        pytest.fail("a transaction on a newer warehouse never starts")
    assert _digest(path) == before
    assert not Path(f"{path}.wal").exists()
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert con.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION + 1,)]
    finally:
        con.close()

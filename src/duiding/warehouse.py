"""The warehouse: one DuckDB file per workspace holding loads, areas and observations.

Only ``ingest`` writes source tables, only ``geography`` writes ``areas``, only
``engine`` writes ``observations``, only ``privacy`` writes ``suppressions``,
``protections`` and ``disclosure_log``; everything that leaves the warehouse reads observations through
``duiding.privacy``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

SCHEMA = """
CREATE SEQUENCE IF NOT EXISTS load_ids START 1;
CREATE TABLE IF NOT EXISTS loads (
    load_id     INTEGER PRIMARY KEY,
    source_id   VARCHAR NOT NULL,
    file_name   VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL,
    row_count   BIGINT NOT NULL,
    loaded_at   TIMESTAMP NOT NULL,
    loaded_by   VARCHAR NOT NULL,
    active      BOOLEAN NOT NULL
);
CREATE TABLE IF NOT EXISTS load_quality (
    load_id     INTEGER NOT NULL,
    check_name  VARCHAR NOT NULL,
    subject     VARCHAR NOT NULL,
    message     VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS areas (
    year        INTEGER NOT NULL,
    level       VARCHAR NOT NULL,
    code        VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    parent_code VARCHAR,
    PRIMARY KEY (year, code)
);
CREATE TABLE IF NOT EXISTS area_breaks (
    year        INTEGER NOT NULL,
    level       VARCHAR NOT NULL,
    previous    INTEGER NOT NULL,
    added       INTEGER NOT NULL,
    removed     INTEGER NOT NULL,
    kept        INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS area_shapes (
    year        INTEGER NOT NULL,
    level       VARCHAR NOT NULL,
    code        VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    geometry    VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS suppressions (
    monitor         VARCHAR NOT NULL,
    indicator       VARCHAR NOT NULL,
    period_start    DATE NOT NULL,
    area_code       VARCHAR NOT NULL,
    breakdown       VARCHAR NOT NULL,
    breakdown_value VARCHAR NOT NULL,
    reason          VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS protections (
    monitor         VARCHAR NOT NULL,
    computed_at     TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS disclosure_log (
    logged_at       TIMESTAMP NOT NULL,
    user_name       VARCHAR NOT NULL,
    monitor         VARCHAR NOT NULL,
    purpose         VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS observations (
    monitor         VARCHAR NOT NULL,
    indicator       VARCHAR NOT NULL,
    period_start    DATE NOT NULL,
    period_end      DATE NOT NULL,
    area_level      VARCHAR NOT NULL,
    area_code       VARCHAR NOT NULL,
    area_name       VARCHAR NOT NULL,
    breakdown       VARCHAR NOT NULL,
    breakdown_value VARCHAR NOT NULL,
    numerator       DOUBLE,
    denominator     DOUBLE,
    value           DOUBLE,
    ci_low          DOUBLE,
    ci_high         DOUBLE,
    load_ids        VARCHAR NOT NULL,
    computed_at     TIMESTAMP NOT NULL
);
"""

TOTAL = "totaal"
"""``breakdown`` and ``breakdown_value`` of an observation that is not broken down."""


def warehouse_connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse file, creating the schema when writing."""
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    con = duckdb.connect(str(path))
    con.execute(SCHEMA)
    return con


@contextmanager
def warehouse_transaction(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A write connection inside one transaction: all of it lands, or none of it."""
    con = warehouse_connect(path)
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
    finally:
        con.close()


def loaded_sources(path: Path) -> set[str]:
    """Ids of the sources with an active load."""
    if not path.exists():
        return set()
    con = warehouse_connect(path, read_only=True)
    try:
        return {row[0] for row in con.execute("SELECT DISTINCT source_id FROM loads WHERE active").fetchall()}
    finally:
        con.close()

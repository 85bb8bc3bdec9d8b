"""The warehouse: one DuckDB file per workspace holding loads, areas and observations.

Only ``ingest`` writes source tables, only ``geography`` writes ``areas``, only
``engine`` writes ``observations``, only ``privacy`` writes ``suppressions``,
``protections`` and ``disclosure_log``, only ``analysis`` writes the analysis tables (``analyses``,
``intervals``, ``indicator_methods``, ``comparisons``, ``trends``, ``target_status``,
``signals``, ``forecast_models``, ``forecasts``, ``peer_groups``, ``peer_positions``), worked
out from protected observations only; everything that leaves the warehouse reads observations through
``duiding.privacy``.

Publishing (``warehouse_write``): readers (the web app, exports, reports) open
``warehouse.duckdb`` read-only, per request. A writer (load, refresh, init, demo, an
unprotected export) never writes that file in place: it takes the workspace's writer lock
(``warehouse.lock``, one writer at a time; a second waits a bounded time, then gets a Dutch
message), works on a copy in ``.werkkopie/`` and, only when everything succeeded, moves the
copy over ``warehouse.duckdb`` in one rename. Readers see the old state or the new, never a
mix; a writer that fails or is killed leaves the published file untouched.

Schema version (``SCHEMA_VERSION``, one row in ``schema_version``): a write connection makes
the tables of a new warehouse and brings an older one up to date in one transaction
(``SCHEMA``, then the steps of ``SCHEMA_UPGRADES`` from its version on); a warehouse of a newer
Duiding is refused, by readers too, before anything is written. The key and columns of an
observation are named once here (``OBSERVATION_KEY``, ``OBSERVATION_COLUMNS``, …), for the
tables and for every module that reads or writes them.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

import duckdb

from duiding.errors import DuidingError
from duiding.workspace import SETTINGS_FILE, Workspace

OBSERVATION_KEY: Final = ("monitor", "indicator", "period_start", "area_code", "breakdown", "breakdown_value")
"""What an observation is a figure of: one row of ``observations`` (and of ``intervals`` and
``suppressions``) per key and compute. A new key column goes here and in ``OBSERVATION_PLACE``,
with its type in ``_COLUMN_TYPES`` and a step in ``SCHEMA_UPGRADES`` for existing warehouses."""
MONITOR_OBSERVATION_KEY: Final = OBSERVATION_KEY[1:]
"""The key of an observation among those of one monitor (``OBSERVATION_KEY`` without ``monitor``):
the key of a suppression pattern and of the analysis frames."""
OBSERVATION_PLACE: Final = (
    "period_start",
    "period_end",
    "area_level",
    "area_code",
    "area_name",
    "breakdown",
    "breakdown_value",
)
"""Where an observation lies within its indicator: its period, area and breakdown value, with the
period's end and the area's level and name beside the key, in the order tables and exports show them."""
OBSERVATION_SUBJECT: Final = ("monitor", "indicator", *OBSERVATION_PLACE)
"""What an observation is about: monitor, indicator and place; the first columns of ``observations``
and of every export."""
OBSERVATION_FIGURES: Final = ("numerator", "denominator", "value", "ci_low", "ci_high")
"""The figures of an observation that are shown and exported (the interval comes from ``intervals``)."""
OBSERVATION_COLUMNS: Final = (*OBSERVATION_SUBJECT, *OBSERVATION_FIGURES, "spread", "load_ids", "computed_at", "origin")
"""The columns of ``observations``, in the table's order (``origin`` came last)."""
_COLUMN_TYPES: Final = {
    "monitor": "VARCHAR NOT NULL",
    "indicator": "VARCHAR NOT NULL",
    "period_start": "DATE NOT NULL",
    "period_end": "DATE NOT NULL",
    "area_level": "VARCHAR NOT NULL",
    "area_code": "VARCHAR NOT NULL",
    "area_name": "VARCHAR NOT NULL",
    "breakdown": "VARCHAR NOT NULL",
    "breakdown_value": "VARCHAR NOT NULL",
    "numerator": "DOUBLE",
    "denominator": "DOUBLE",
    "value": "DOUBLE",
    "ci_low": "DOUBLE",
    "ci_high": "DOUBLE",
    "spread": "DOUBLE",  # sample standard deviation of the values a mean rests on
    "load_ids": "VARCHAR NOT NULL",
    "computed_at": "TIMESTAMP NOT NULL",
    "origin": "VARCHAR",  # for a rate with the publisher's own ratio: 'cbs' (that ratio) or 'berekend' (none published)
}
"""The SQL type of every observation column."""


def _columns_sql(columns: Iterable[str]) -> str:
    """``monitor VARCHAR NOT NULL, …``: the column definitions of ``columns`` in a CREATE TABLE."""
    return ",\n    ".join(f"{column:<15} {_COLUMN_TYPES[column]}" for column in columns)


def observation_key_join(left: str, right: str) -> str:
    """``left.monitor = right.monitor AND …``: the SQL condition that rows of the tables aliased
    ``left`` and ``right`` are of the same observation."""
    return " AND ".join(f"{left}.{column} = {right}.{column}" for column in OBSERVATION_KEY)


def observation_key_order(alias: str) -> str:
    """``alias.monitor, alias.indicator, …``: an ORDER BY list in the order of the key."""
    return ", ".join(f"{alias}.{column}" for column in OBSERVATION_KEY)


SCHEMA = f"""
CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER NOT NULL    -- one row: SCHEMA_VERSION of the Duiding that last wrote the warehouse
);
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
    {_columns_sql(OBSERVATION_KEY)},
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
CREATE TABLE IF NOT EXISTS analyses (
    monitor         VARCHAR NOT NULL,
    computed_at     TIMESTAMP NOT NULL,
    analysed_at     TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS intervals (
    {_columns_sql((*OBSERVATION_KEY, "ci_low", "ci_high", "computed_at"))}
);
CREATE TABLE IF NOT EXISTS indicator_methods (
    monitor         VARCHAR NOT NULL,
    indicator       VARCHAR NOT NULL,
    interval_method VARCHAR NOT NULL,
    level           DOUBLE NOT NULL,
    computed_at     TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS comparisons (
    monitor         VARCHAR NOT NULL,
    indicator       VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,
    period_start    DATE NOT NULL,
    period_end      DATE NOT NULL,
    area_level      VARCHAR NOT NULL,
    area_code       VARCHAR NOT NULL,
    breakdown       VARCHAR NOT NULL,
    breakdown_value VARCHAR NOT NULL,
    reference_start DATE,
    reference_end   DATE,
    reference_code  VARCHAR NOT NULL,
    value           DOUBLE,
    reference       DOUBLE,
    difference      DOUBLE,
    p_value         DOUBLE,
    limit95_low     DOUBLE,
    limit95_high    DOUBLE,
    limit998_low    DOUBLE,
    limit998_high   DOUBLE,
    band            VARCHAR NOT NULL,
    significant     BOOLEAN NOT NULL,
    relevant        BOOLEAN NOT NULL,
    artefact        VARCHAR NOT NULL,
    computed_at     TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS trends (
    monitor         VARCHAR NOT NULL,
    indicator       VARCHAR NOT NULL,
    area_level      VARCHAR NOT NULL,
    area_code       VARCHAR NOT NULL,
    breakdown       VARCHAR NOT NULL,
    breakdown_value VARCHAR NOT NULL,
    first_start     DATE NOT NULL,
    last_start      DATE NOT NULL,
    points          INTEGER NOT NULL,
    slope           DOUBLE,
    slope_low       DOUBLE,
    slope_high      DOUBLE,
    p_value         DOUBLE,
    significant     BOOLEAN NOT NULL,
    computed_at     TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS target_status (
    monitor         VARCHAR NOT NULL,
    indicator       VARCHAR NOT NULL,
    area_code       VARCHAR NOT NULL,
    target_value    DOUBLE,
    direction       VARCHAR,
    target_by       DATE,
    status          VARCHAR NOT NULL,
    latest_start    DATE,
    latest_end      DATE,
    latest_value    DOUBLE,
    projected       DOUBLE,
    projected_low   DOUBLE,
    projected_high  DOUBLE,
    explanation     VARCHAR NOT NULL,
    computed_at     TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS signals (
    monitor         VARCHAR NOT NULL,
    indicator       VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,
    {_columns_sql(OBSERVATION_PLACE)},
    value           DOUBLE NOT NULL,
    reference       DOUBLE NOT NULL,
    p_value         DOUBLE NOT NULL,
    score           DOUBLE NOT NULL,
    rank            INTEGER NOT NULL,
    artefact        VARCHAR NOT NULL,
    sentence        VARCHAR NOT NULL,
    computed_at     TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS forecast_models (
    monitor         VARCHAR NOT NULL,
    indicator       VARCHAR NOT NULL,
    area_level      VARCHAR NOT NULL,
    area_code       VARCHAR NOT NULL,
    shown           BOOLEAN NOT NULL,
    model           VARCHAR NOT NULL,
    reason          VARCHAR NOT NULL,
    points          INTEGER NOT NULL,
    backtest_mae    DOUBLE,
    naive_mae       DOUBLE,
    computed_at     TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS forecasts (
    monitor         VARCHAR NOT NULL,
    indicator       VARCHAR NOT NULL,
    area_level      VARCHAR NOT NULL,
    area_code       VARCHAR NOT NULL,
    step            INTEGER NOT NULL,
    period_start    DATE NOT NULL,
    period_end      DATE NOT NULL,
    value           DOUBLE NOT NULL,
    pi_low          DOUBLE NOT NULL,
    pi_high         DOUBLE NOT NULL,
    level           DOUBLE NOT NULL,
    computed_at     TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS peer_groups (
    gemeente_code   VARCHAR NOT NULL,
    year            INTEGER NOT NULL,
    rank            INTEGER NOT NULL,
    peer_code       VARCHAR NOT NULL,
    peer_name       VARCHAR NOT NULL,
    distance        DOUBLE NOT NULL,
    method          VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS peer_positions (
    monitor         VARCHAR NOT NULL,
    indicator       VARCHAR NOT NULL,
    year            INTEGER NOT NULL,
    value           DOUBLE NOT NULL,
    rank            INTEGER NOT NULL,
    of_count        INTEGER NOT NULL,
    peer_median     DOUBLE NOT NULL,
    peer_low        DOUBLE NOT NULL,
    peer_high       DOUBLE NOT NULL,
    peer_values     VARCHAR NOT NULL,
    computed_at     TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS observations (
    {_columns_sql(OBSERVATION_COLUMNS)}
);
-- figures the analysis marks onbetrouwbaar (impossible, or an interval too wide to mean anything)
CREATE TABLE IF NOT EXISTS unreliable (
    {_columns_sql((*OBSERVATION_SUBJECT, "value", "ci_low", "ci_high"))},
    rule            VARCHAR NOT NULL,   -- impossible | too_wide
    reason          VARCHAR NOT NULL,   -- Dutch, shown with the figure
    computed_at     TIMESTAMP NOT NULL
);
-- the Nederland figure of each rate indicator (from the KWB's NL00 row) and where the gemeente lies
CREATE TABLE IF NOT EXISTS national_figures (
    monitor         VARCHAR NOT NULL,
    indicator       VARCHAR NOT NULL,
    period_start    DATE NOT NULL,
    period_end      DATE NOT NULL,
    value           DOUBLE NOT NULL,
    numerator       DOUBLE,
    denominator     DOUBLE,
    origin          VARCHAR NOT NULL,   -- computed | cbs
    gemeente_value  DOUBLE,
    position        VARCHAR NOT NULL,   -- higher | lower | within | '' (no verdict)
    computed_at     TIMESTAMP NOT NULL
);
"""
"""Every table of the warehouse in its current form (``SCHEMA_VERSION``); ``IF NOT EXISTS``, so on an
older warehouse it makes only the tables that one lacks."""

TOTAL = "totaal"
"""``breakdown`` and ``breakdown_value`` of an observation that is not broken down."""
ORIGIN_PUBLISHED = "cbs"
"""``origin`` of an observation whose value is the publisher's own ratio (a rate's ``published``)."""
ORIGIN_COMPUTED = "berekend"
"""``origin`` of an observation of such a rate where none was published: computed from the counts."""

SCHEMA_VERSION: Final = 2
"""The version of ``SCHEMA``, stored in ``schema_version``. A change to a table that older
warehouses already have raises it by one and adds the step to ``SCHEMA_UPGRADES``."""
SCHEMA_UPGRADES: Final = (
    # 0 → 1: observations of a warehouse made before spread existed get it (as their last column)
    "ALTER TABLE observations ADD COLUMN IF NOT EXISTS spread DOUBLE;",
    # 1 → 2: origin, for a rate with the publisher's own ratio
    "ALTER TABLE observations ADD COLUMN IF NOT EXISTS origin VARCHAR;",
)
"""Step ``n`` brings a warehouse of schema version ``n`` to ``n + 1``; version 0 is a warehouse of a
Duiding from before schema versions. The steps run after ``SCHEMA``, which has already made every
table the warehouse lacked in its current form, so a step leaves a current table as it is
(``IF NOT EXISTS``). Inserts name their columns: an upgraded table may have them in another order."""


class WarehouseNewerError(DuidingError):
    """The warehouse was written by a Duiding that knows a newer schema version than this one."""


def schema_version_read(con: duckdb.DuckDBPyConnection) -> int | None:
    """The schema version of an open warehouse: None when it has no tables yet (a new file), 0 when
    a Duiding from before schema versions wrote it."""
    tables = {
        row[0]
        for row in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    }
    if not tables:
        return None
    if "schema_version" not in tables:
        return 0
    found = con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0]
    return 0 if found is None else int(found)


def _schema_upgrade(con: duckdb.DuckDBPyConnection, version: int | None) -> None:
    """Make the tables of a new warehouse, or bring an older one to ``SCHEMA_VERSION``, in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(SCHEMA)
        if version is not None:
            for step in SCHEMA_UPGRADES[version:]:
                con.execute(step)
        con.execute("DELETE FROM schema_version")
        con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def warehouse_connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse file; for writing, make its tables or bring an older warehouse up to
    ``SCHEMA_VERSION`` first. A read-only connection never writes. A warehouse of a newer
    Duiding is refused either way, before anything is written (``WarehouseNewerError``)."""
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        version = schema_version_read(con)
        if version is not None and version > SCHEMA_VERSION:
            raise WarehouseNewerError(
                f"Deze werkruimte is gemaakt met een nieuwere versie van Duiding (schemaversie {version}; "
                f"deze versie kent {SCHEMA_VERSION}). Werk Duiding bij en probeer het opnieuw; de werkruimte is "
                "niet veranderd."
            )
        if not read_only and version != SCHEMA_VERSION:
            _schema_upgrade(con, version)
    except BaseException:
        con.close()
        raise
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


LOCK_FILE = "warehouse.lock"
"""The writer lock of a workspace (``fcntl.flock``; the kernel releases it when its process dies)."""
WORK_DIR = ".werkkopie"
"""The folder in the workspace where a writer works on its copy of the warehouse."""
LOCK_WAIT_ENV = "DUIDING_LOCK_WAIT"
"""Seconds a second writer waits for the first before giving up (default ``LOCK_WAIT_SECONDS``)."""
LOCK_WAIT_SECONDS = 10.0
_WAL = ".wal"
_held: set[Path] = set()
"""Working folders this process holds the lock of (so a nested ``warehouse_write`` reuses them)."""


class WarehouseBusyError(DuidingError):
    """Another process is writing this workspace's warehouse."""


def _lock_wait() -> float:
    try:
        return max(0.0, float(os.environ.get(LOCK_WAIT_ENV, LOCK_WAIT_SECONDS)))
    except ValueError:
        return LOCK_WAIT_SECONDS


def _holder(handle: int) -> str:
    try:
        return os.pread(handle, 32, 0).decode("ascii").strip() or "onbekend"
    except (OSError, UnicodeDecodeError):
        return "onbekend"


@contextmanager
def warehouse_lock(root: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold the workspace's writer lock; wait at most ``wait`` seconds for another writer."""
    handle = os.open(root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + (_lock_wait() if wait is None else wait)
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusyError(
                        f"Er wordt al geladen of berekend in deze werkruimte (door proces {_holder(handle)}); "
                        "probeer het over een paar minuten opnieuw."
                    ) from None
                time.sleep(0.1)
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield
        finally:
            os.ftruncate(handle, 0)
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


def _work_prepare(workspace: Workspace) -> Workspace:
    """A fresh working folder: the settings and definitions linked, the warehouse copied."""
    work = workspace.root / WORK_DIR
    shutil.rmtree(work, ignore_errors=True)  # left by a writer that was killed
    work.mkdir()
    for name in (SETTINGS_FILE, workspace.monitors_dir.name, workspace.sources_dir.name):
        if (workspace.root / name).exists():
            (work / name).symlink_to(Path("..") / name)
    published = workspace.warehouse_path
    if Path(f"{published}{_WAL}").exists():  # written in place by an older Duiding: fold the log in first
        con = duckdb.connect(str(published))
        con.execute("CHECKPOINT")
        con.close()
    if published.exists():
        shutil.copyfile(published, work / published.name)
    return Workspace(root=work, settings=workspace.settings)


def _publish(work: Workspace, target: Path) -> None:
    """Move the working warehouse over the published one in one rename, durably."""
    source = work.warehouse_path
    if not source.exists():
        return
    con = duckdb.connect(str(source))
    con.execute("CHECKPOINT")
    con.close()
    if Path(f"{source}{_WAL}").exists():
        raise RuntimeError(f"{source}{_WAL} bleef na CHECKPOINT bestaan; niets gepubliceerd.")
    with source.open("rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(source, target)
    folder = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


@contextmanager
def warehouse_write(workspace: Workspace, *, wait: float | None = None) -> Iterator[Workspace]:
    """Write the warehouse all or nothing: yields a workspace whose warehouse is a private copy.

    Holds the writer lock throughout. When the block ends without an error the copy replaces
    ``warehouse.duckdb`` in one rename; on an error (or when the process is killed) the
    published warehouse stays as it was. Inside a ``warehouse_write`` of the same workspace
    (``workspace`` is its working copy) it yields that copy unchanged.
    """
    if workspace.root in _held:
        yield workspace
        return
    with warehouse_lock(workspace.root, wait=wait):
        work = _work_prepare(workspace)
        _held.add(work.root)
        try:
            yield work
            _publish(work, workspace.warehouse_path)
        finally:
            _held.discard(work.root)
            shutil.rmtree(work.root, ignore_errors=True)

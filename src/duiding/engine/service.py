"""The engine's entry points: ``compute`` observations and ``explain`` an indicator's SQL.

Flow of ``compute``:

1. read the monitor definitions of the workspace;
2. compile each indicator to an Ibis expression (``compiler``);
3. execute every expression on the chosen backend, collecting Arrow tables;
4. replace the monitor's observations in one warehouse transaction: a failure at any
   step leaves the previous observations in place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import ibis
import pyarrow as pa

from duiding.definitions import monitors_load
from duiding.definitions.models import Indicator, Monitor
from duiding.engine.backends import Engine, engine_connect, engine_dialect
from duiding.engine.compiler import indicator_expression
from duiding.errors import DuidingError
from duiding.warehouse import warehouse_transaction
from duiding.workspace import Workspace

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, label)`` after each indicator."""


@dataclass(frozen=True)
class ComputeResult:
    monitors: tuple[str, ...]
    indicators: int
    observations: int


def _selected(workspace: Workspace, monitor_id: str | None) -> list[Monitor]:
    monitors = monitors_load(workspace.monitors_dir)
    if monitor_id is None:
        if not monitors:
            raise DuidingError(f"Geen monitors gevonden in {workspace.monitors_dir}.")
        return list(monitors.values())
    if monitor_id not in monitors:
        known = ", ".join(sorted(monitors)) or "geen"
        raise DuidingError(f"Onbekende monitor '{monitor_id}'. Bekende monitors: {known}.")
    return [monitors[monitor_id]]


def _check_sources(con: ibis.BaseBackend, monitor: Monitor, indicator: Indicator) -> None:
    tables = set(con.list_tables())
    for source in indicator.sources:
        if f"src_{source}" not in tables:
            raise DuidingError(
                f"Indicator '{monitor.id}/{indicator.id}' leest bron '{source}', maar die bron is nog niet geladen."
            )


def compute(
    workspace: Workspace,
    *,
    monitor_id: str | None = None,
    engine: Engine = Engine.DUCKDB,
    progress: Progress | None = None,
) -> ComputeResult:
    """Compute all observations of one monitor (or all) and store them atomically."""
    monitors = _selected(workspace, monitor_id)
    total = sum(len(m.indicators) for m in monitors)
    results: list[tuple[Monitor, Indicator, pa.Table]] = []
    con = engine_connect(engine, warehouse=workspace.warehouse_path)
    try:
        for monitor in monitors:
            for indicator in monitor.indicators:
                _check_sources(con, monitor, indicator)
                table = con.to_pyarrow(indicator_expression(con, indicator))
                results.append((monitor, indicator, table))
                if progress is not None:
                    progress(len(results), total, f"{monitor.id}/{indicator.id}")
    finally:
        con.disconnect()
    computed_at = datetime.now(UTC).replace(tzinfo=None)
    count = 0
    with warehouse_transaction(workspace.warehouse_path) as db:
        for monitor in monitors:
            db.execute("DELETE FROM observations WHERE monitor = ?", [monitor.id])
        for monitor, indicator, table in results:
            db.register("computed", table)
            db.execute(
                "INSERT INTO observations SELECT ?, ?, period_start, period_end, area_level, "
                "area_code, area_name, breakdown, breakdown_value, numerator, denominator, "
                "value, ci_low, ci_high, load_ids, ? FROM computed",
                [monitor.id, indicator.id, computed_at],
            )
            db.unregister("computed")
            count += table.num_rows
    return ComputeResult(tuple(m.id for m in monitors), total, count)


def explain(workspace: Workspace, *, monitor_id: str, indicator_id: str, engine: Engine = Engine.DUCKDB) -> str:
    """The SQL that ``indicator_id`` of ``monitor_id`` becomes on ``engine``."""
    monitor = _selected(workspace, monitor_id)[0]
    try:
        indicator = monitor.indicator(indicator_id)
    except KeyError:
        raise DuidingError(f"Monitor '{monitor_id}' heeft geen indicator '{indicator_id}'.") from None
    con = engine_connect(engine, warehouse=workspace.warehouse_path)
    try:
        _check_sources(con, monitor, indicator)
        return str(ibis.to_sql(indicator_expression(con, indicator), dialect=engine_dialect(engine)))
    finally:
        con.disconnect()

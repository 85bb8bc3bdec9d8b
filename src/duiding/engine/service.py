"""The engine's entry points: ``compute`` observations and ``explain`` an indicator's SQL.

Flow of ``compute``:

1. read the monitor and source definitions and check them against each other;
2. per indicator, choose the periods (the monitor's range, or the range of the data);
3. compile each indicator to an Ibis expression (``compiler``) and execute it on the
   chosen backend, collecting Arrow tables (with a progress callback);
4. replace the monitors' observations in one warehouse transaction: a failure at any
   step leaves the previous observations in place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import duckdb
import ibis
import ibis.expr.types as ir
import pyarrow as pa
from ibis.backends.duckdb import Backend as DuckDBBackend
from ibis.common.exceptions import IbisError

from duiding.definitions import monitors_load, sources_load
from duiding.definitions.models import AreaLevel, Indicator, Monitor, Source, SourceKind
from duiding.engine.backends import Engine, engine_connect, engine_dialect
from duiding.engine.compiler import OUTPUT, indicator_expression
from duiding.engine.context import AreaRow, CompileContext
from duiding.engine.validate import indicator_inputs, monitor_problems
from duiding.errors import DefinitionError, DuidingError
from duiding.periods import period_windows
from duiding.warehouse import warehouse_transaction
from duiding.workspace import Workspace

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, label)`` after each indicator."""


@dataclass(frozen=True)
class Waiting:
    """An indicator that cannot be computed yet: a source it reads has not been loaded."""

    monitor: str
    indicator: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ComputeResult:
    monitors: tuple[str, ...]
    indicators: int
    """Indicators computed."""
    observations: int
    waiting: tuple[Waiting, ...] = ()
    """Indicators that wait for data ('wacht op gegevens')."""
    computed_monitors: tuple[str, ...] = ()
    """The monitors of which at least one indicator was computed (the others wait for data)."""


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


def _context(con: DuckDBBackend, workspace: Workspace, sources: dict[str, Source], monitor: Monitor) -> CompileContext:
    rows = con.table("areas").to_pyarrow().to_pylist()
    areas = tuple(AreaRow(r["year"], AreaLevel(r["level"]), r["code"], r["name"]) for r in rows)
    return CompileContext(
        con=con,
        sources=sources,
        gemeente_code=workspace.settings.gemeente_code,
        areas=areas,
        period_range=monitor.periods,
    )


def _unloaded(con: DuckDBBackend, indicator: Indicator, sources: dict[str, Source]) -> tuple[str, ...]:
    tables = set(con.list_tables())
    return tuple(source for source in indicator_inputs(indicator, sources) if f"src_{source}" not in tables)


def _data_range(ctx: CompileContext, indicator: Indicator) -> tuple[date, date] | None:
    """First and last date in the registrations the indicator reads."""
    firsts: list[date] = []
    lasts: list[date] = []
    for source_id in indicator.sources:
        source = ctx.source(source_id)
        if source.kind is not SourceKind.MICRODATA or source.time is None:
            continue
        table = ctx.con.table(f"src_{source_id}")
        names = [n for n in (source.time.date, source.time.start, source.time.end) if n is not None]
        (found,) = ctx.con.to_pyarrow(
            table.aggregate(
                first=ibis.least(*[table[n] for n in names]).min(),
                last=ibis.greatest(*[table[n] for n in names]).max(),
            )
        ).to_pylist()
        if found["first"] is not None:
            firsts.append(found["first"])
            lasts.append(found["last"])
    if not firsts:
        return None
    return min(firsts), max(lasts)


def indicator_windows(ctx: CompileContext, indicator: Indicator) -> list[tuple[date, date]]:
    """The periods an indicator is computed for: the monitor's range, else the data's."""
    if ctx.period_range is not None:
        return period_windows(indicator.period_grain, ctx.period_range.start, ctx.period_range.end)
    found = _data_range(ctx, indicator)
    return period_windows(indicator.period_grain, *found) if found else []


def _expression(ctx: CompileContext, indicator: Indicator) -> ir.Table:
    return indicator_expression(ctx, indicator, indicator_windows(ctx, indicator))


def _lineage(con: DuckDBBackend, indicator: Indicator, sources: dict[str, Source]) -> str:
    loads = con.table("loads")
    active = loads.filter(loads.active & loads.source_id.isin(list(indicator_inputs(indicator, sources))))
    ids = sorted(int(i) for i in con.to_pyarrow(active.load_id).to_pylist())
    return ",".join(str(i) for i in ids)


def _execute(con: DuckDBBackend, ctx: CompileContext, monitor: Monitor, indicator: Indicator) -> pa.Table:
    try:
        return con.to_pyarrow(_expression(ctx, indicator))
    except (IbisError, duckdb.Error) as exc:
        raise DuidingError(
            f"Indicator '{monitor.id}/{indicator.id}' kon niet worden berekend ({exc}). "
            "Klopt de geladen bron nog met haar definitie? Er is niets veranderd."
        ) from exc


_INSERT = f"""
INSERT INTO observations (monitor, indicator, {", ".join(OUTPUT)}, ci_low, ci_high, load_ids, computed_at)
SELECT ?, ?, {", ".join(OUTPUT)}, NULL, NULL, ?, ? FROM computed
"""  # noqa: S608 - only the constant output column names are formatted in
"""Columns named, not by position: a warehouse made before a column was added has it last."""


def _checked(monitors: Sequence[Monitor], sources: dict[str, Source]) -> None:
    problems = [p for monitor in monitors for p in monitor_problems(monitor, sources)]
    if problems:
        raise DefinitionError(problems)


def compute_check(workspace: Workspace, *, monitor_id: str | None = None) -> None:
    """Raise the Dutch error ``compute`` would raise for these definitions, before any work starts."""
    _checked(_selected(workspace, monitor_id), sources_load(workspace.sources_dir))


def compute(
    workspace: Workspace,
    *,
    monitor_id: str | None = None,
    engine: Engine = Engine.DUCKDB,
    progress: Progress | None = None,
) -> ComputeResult:
    """Compute all observations of one monitor (or all) and store them atomically."""
    monitors = _selected(workspace, monitor_id)
    sources = sources_load(workspace.sources_dir)
    _checked(monitors, sources)
    total = sum(len(m.indicators) for m in monitors)
    results: list[tuple[Monitor, Indicator, pa.Table, str]] = []
    waiting: list[Waiting] = []
    con = engine_connect(engine, warehouse=workspace.warehouse_path)
    try:
        for monitor in monitors:
            ctx = _context(con, workspace, sources, monitor)
            for indicator in monitor.indicators:
                missing = _unloaded(con, indicator, sources)
                if missing:
                    waiting.append(Waiting(monitor.id, indicator.id, missing))
                else:
                    table = _execute(con, ctx, monitor, indicator)
                    results.append((monitor, indicator, table, _lineage(con, indicator, sources)))
                if progress is not None:
                    progress(len(results) + len(waiting), total, f"{monitor.id}/{indicator.id}")
    finally:
        con.disconnect()
    computed_at = datetime.now(UTC).replace(tzinfo=None)
    count = 0
    with warehouse_transaction(workspace.warehouse_path) as db:
        for monitor in monitors:
            db.execute("DELETE FROM observations WHERE monitor = ?", [monitor.id])
        for monitor, indicator, table, lineage in results:
            db.register("computed", table)
            db.execute(_INSERT, [monitor.id, indicator.id, lineage, computed_at])
            db.unregister("computed")
            count += table.num_rows
    computed_monitors = tuple(dict.fromkeys(monitor.id for monitor, *_ in results))
    return ComputeResult(tuple(m.id for m in monitors), len(results), count, tuple(waiting), computed_monitors)


_MEMTABLE = re.compile(r"ibis_\w*?memtable_[a-z0-9]+")


def _readable(sql: str) -> str:
    """Give Ibis' randomly named in-memory tables (periods, area grid) stable names."""
    names = list(dict.fromkeys(_MEMTABLE.findall(sql)))
    for number, name in enumerate(names, start=1):
        sql = sql.replace(name, f"duiding_memtable_{number}")
    if names:
        sql = "-- duiding_memtable_N: perioden en gebiedsraster, in het geheugen aangemaakt\n" + sql
    return sql


def explain(workspace: Workspace, *, monitor_id: str, indicator_id: str, engine: Engine = Engine.DUCKDB) -> str:
    """The SQL that ``indicator_id`` of ``monitor_id`` becomes on ``engine``."""
    monitor = _selected(workspace, monitor_id)[0]
    try:
        indicator = monitor.indicator(indicator_id)
    except KeyError:
        raise DuidingError(f"Monitor '{monitor_id}' heeft geen indicator '{indicator_id}'.") from None
    sources = sources_load(workspace.sources_dir)
    _checked([monitor], sources)
    con = engine_connect(engine, warehouse=workspace.warehouse_path)
    try:
        missing = _unloaded(con, indicator, sources)
        if missing:
            raise DuidingError(
                f"Indicator '{monitor.id}/{indicator.id}' wacht op gegevens: "
                f"bron {', '.join(missing)} is nog niet geladen."
            )
        ctx = _context(con, workspace, sources, monitor)
        return _readable(str(ibis.to_sql(_expression(ctx, indicator), dialect=engine_dialect(engine))))
    finally:
        con.disconnect()

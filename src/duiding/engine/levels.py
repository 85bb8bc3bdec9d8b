"""Aggregate rows to every area level and breakdown, and lay results over the area grid.

Each level is aggregated from the rows themselves, never by adding up smaller areas:
distinct counts stay distinct and gemeente totals include rows without a known buurt.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

import ibis
import ibis.expr.types as ir

from duiding.definitions.models import AreaLevel, Breakdown
from duiding.engine.context import CompileContext
from duiding.engine.rows import area_code_expr, bin_labels, breakdown_expr
from duiding.warehouse import TOTAL

BUURT = "_buurt"
"""Column every row table carries: the row's buurt code (or null)."""
KEYS = ("period_start", "period_end", "area_level", "area_code", "breakdown", "breakdown_value")
Metrics = Callable[[ir.Table], Mapping[str, ir.Value]]


def aggregate_levels(
    ctx: CompileContext,
    rows: ir.Table,
    *,
    levels: Sequence[AreaLevel],
    breakdowns: Sequence[Breakdown],
    metrics: Metrics,
) -> ir.Table:
    """One row per period × area × breakdown value, with ``metrics`` computed per group."""
    parts = []
    for level in levels:
        code = area_code_expr(rows, level, buurt=BUURT, gemeente_code=ctx.gemeente_code)
        for breakdown in (None, *[b for b in breakdowns if level in b.area_levels]):
            table = rows.mutate(
                area_level=ibis.literal(level.value),
                area_code=code,
                breakdown=ibis.literal(breakdown.id if breakdown else TOTAL),
                breakdown_value=breakdown_expr(rows, breakdown) if breakdown else ibis.literal(TOTAL),
            )
            table = table.filter(table.area_code.notnull())
            parts.append(table.group_by(list(KEYS)).aggregate(**metrics(table)))
    return ibis.union(*parts) if len(parts) > 1 else parts[0]


GRID_COLUMNS = ("period_start", "period_end", "area_level", "area_code", "area_name")
"""Columns of the area grid: every area of every period."""


def area_grid(ctx: CompileContext, windows: Sequence[tuple[date, date]], levels: Sequence[AreaLevel]) -> ir.Table:
    """Every area of the requested levels for every period, in the indeling of that period."""
    columns: dict[str, list[object]] = {k: [] for k in GRID_COLUMNS}
    for start, end in windows:
        year = ctx.area_year(start)
        for area in ctx.areas:
            if area.year == year and area.level in levels:
                for key, value in zip(columns, (start, end, area.level.value, area.code, area.name), strict=True):
                    columns[key].append(value)
    schema = {
        "period_start": "date",
        "period_end": "date",
        "area_level": "string",
        "area_code": "string",
        "area_name": "string",
    }
    return ibis.memtable(columns, schema=schema)


def breakdown_values(breakdowns: Sequence[Breakdown], *data: ir.Table) -> ir.Table | None:
    """``breakdown, breakdown_value`` of every value of ``breakdowns``; None without breakdowns.

    The values are those that occur in any of ``data`` (any period, any area) and, for a
    binned breakdown, every bin label, also of bins nobody falls in.
    """
    if not breakdowns:
        return None
    ids = [b.id for b in breakdowns]
    parts = [table.filter(table.breakdown.isin(ids)).select("breakdown", "breakdown_value") for table in data]
    labels = [(b.id, label) for b in breakdowns for label in bin_labels(b)]
    if labels:
        columns = {"breakdown": [b for b, _ in labels], "breakdown_value": [v for _, v in labels]}
        parts.append(ibis.memtable(columns, schema={"breakdown": "string", "breakdown_value": "string"}))
    return ibis.union(*parts, distinct=True) if len(parts) > 1 else parts[0].distinct()


def over_grid(grid: ir.Table, data: ir.Table, *, fill: Mapping[str, object], values: ir.Table | None) -> ir.Table:
    """Data laid over the full grid: every area × (the total and every breakdown value in ``values``).

    Cells without data get the ``fill`` values (e.g. a count of 0); metrics not in ``fill``
    (a mean of no rows) stay empty. So an absent row never stands for a zero. Rows for areas
    outside the grid (unknown codes) are dropped; the gemeente total still counts them.
    """
    cells = grid.mutate(breakdown=ibis.literal(TOTAL), breakdown_value=ibis.literal(TOTAL))
    if values is not None:
        cells = cells.union(grid.cross_join(values).select(*cells.columns))
    on = ["period_start", "area_level", "area_code", "breakdown", "breakdown_value"]
    joined = cells.left_join(data, on)
    metrics = {
        name: joined[name].fill_null(fill[name]) if name in fill else joined[name]
        for name in data.columns
        if name not in KEYS
    }
    return joined.select(*[cells[c] for c in (*GRID_COLUMNS, "breakdown", "breakdown_value")], **metrics)

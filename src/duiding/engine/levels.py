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
from duiding.engine.rows import area_code_expr, breakdown_expr
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
        for breakdown in (None, *breakdowns):
            table = rows.mutate(
                area_level=ibis.literal(level.value),
                area_code=code,
                breakdown=ibis.literal(breakdown.id if breakdown else TOTAL),
                breakdown_value=breakdown_expr(rows, breakdown) if breakdown else ibis.literal(TOTAL),
            )
            table = table.filter(table.area_code.notnull())
            parts.append(table.group_by(list(KEYS)).aggregate(**metrics(table)))
    return ibis.union(*parts) if len(parts) > 1 else parts[0]


def area_grid(ctx: CompileContext, windows: Sequence[tuple[date, date]], levels: Sequence[AreaLevel]) -> ir.Table:
    """Every area of the requested levels for every period, in the indeling of that period."""
    columns: dict[str, list[object]] = {k: [] for k in ("period_start", "period_end", "area_level", "area_code")}
    columns["area_name"] = []
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


def over_grid(grid: ir.Table, data: ir.Table, *, fill: Mapping[str, object]) -> ir.Table:
    """Data laid over the grid: areas without rows get the ``fill`` values (e.g. a count of 0).

    Totals cover every area of the grid; breakdown rows only where there is data. Rows for
    areas outside the grid (unknown codes) are dropped; the gemeente total still counts them.
    """
    on = ["period_start", "area_level", "area_code"]
    metric_names = [c for c in data.columns if c not in KEYS]
    totals = data.filter(data.breakdown == TOTAL)
    left = grid.left_join(totals, on)
    filled = {name: left[name].fill_null(fill[name]) if name in fill else left[name] for name in metric_names}
    total_part = left.select(
        *[grid[c] for c in ("period_start", "period_end", "area_level", "area_code", "area_name")],
        breakdown=ibis.literal(TOTAL),
        breakdown_value=ibis.literal(TOTAL),
        **filled,
    )
    split = data.filter(data.breakdown != TOTAL)
    inner = split.join(grid, on)
    split_part = inner.select(
        *[grid[c] for c in ("period_start", "period_end", "area_level", "area_code", "area_name")],
        breakdown=split.breakdown,
        breakdown_value=split.breakdown_value,
        **{name: split[name] for name in metric_names},
    )
    return total_part.union(split_part)

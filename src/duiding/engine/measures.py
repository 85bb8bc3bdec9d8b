"""Measures: a published variable per year and area, or an aggregation of registration rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import assert_never

import ibis
import ibis.expr.types as ir

from duiding.definitions.models import (
    POSTCODE_SOURCE,
    Aggregation,
    AreaLevel,
    Breakdown,
    Condition,
    Measure,
    PeriodSemantics,
    SourceKind,
)
from duiding.engine.context import CompileContext
from duiding.engine.levels import BUURT, aggregate_levels
from duiding.engine.rows import filtered, rows_in_periods


def is_aggregate(ctx: CompileContext, measure: Measure) -> bool:
    return ctx.source(measure.source).kind is SourceKind.AGGREGATE


def source_rows(ctx: CompileContext, source_id: str) -> ir.Table:
    """A microdata source's rows with the common ``_buurt`` column added.

    Rows that carry a postcode get the buurt of that postcode in the most recent postcode
    table; a postcode that is not in it leaves ``_buurt`` empty, so the row counts for the
    gemeente only, like a row without a buurt code.
    """
    source = ctx.source(source_id)
    table = ctx.con.table(f"src_{source_id}")
    assert source.area is not None
    if not source.area_is_postcode:
        return table.mutate(**{BUURT: table[source.area].cast("string")})
    mapping = ctx.con.table(f"src_{POSTCODE_SOURCE}")
    latest = mapping.filter(mapping.year == mapping.year.max())
    latest = latest.select(_postcode=latest.postcode, **{BUURT: latest.buurt_code})
    joined = table.left_join(latest, table[source.area] == latest._postcode)
    return joined.select(*table.columns, BUURT)


def registration_rows(
    ctx: CompileContext,
    source_id: str,
    where: tuple[Condition, ...],
    periods: ir.Table,
    period: PeriodSemantics | None,
) -> ir.Table:
    """The rows of a registration that meet ``where``, joined to every period they belong to."""
    return rows_in_periods(filtered(source_rows(ctx, source_id), where), ctx.source(source_id), periods, period)


def published_measure(ctx: CompileContext, measure: Measure) -> ir.Table:
    """year, period, area and ``amount`` of a published variable (or the sum of several).

    A missing value stays missing; a sum of variables is missing when any part is.
    """
    names = list(measure.variables)
    table = ctx.con.table(f"src_{measure.source}")
    table = table.filter(table.variable.isin(names))
    grouped = table.group_by([table.year, table.level, table.area_code]).aggregate(
        total=table.value.sum(), present=table.value.count(), area_name=table.area_name.max()
    )
    return grouped.select(
        year=grouped.year,
        period_start=ibis.date(grouped.year, 1, 1),
        period_end=ibis.date(grouped.year, 12, 31),
        area_level=grouped.level,
        area_code=grouped.area_code,
        area_name=grouped.area_name,
        amount=ibis.ifelse(grouped.present == len(names), grouped.total, ibis.null("float64")),
    )


def _amount(table: ir.Table, measure: Measure) -> ir.NumericValue:
    match measure.aggregation:
        case Aggregation.COUNT:
            return table.count().cast("float64")
        case Aggregation.COUNT_DISTINCT:
            return table[measure.column].nunique().cast("float64")
        case Aggregation.SUM:
            return table[measure.column].sum().cast("float64")
        case other:
            assert_never(other)


def registration_measure(
    ctx: CompileContext,
    measure: Measure,
    periods: ir.Table,
    *,
    levels: Sequence[AreaLevel],
    breakdowns: Sequence[Breakdown],
) -> ir.Table:
    """Aggregated rows of a microdata source per period × area × breakdown value, as ``amount``."""
    rows = registration_rows(ctx, measure.source, measure.where, periods, measure.period)
    columns = {c.name for c in ctx.source(measure.source).columns}
    usable = [b for b in breakdowns if b.column in columns]
    return aggregate_levels(
        ctx, rows, levels=levels, breakdowns=usable, metrics=lambda t: {"amount": _amount(t, measure)}
    )

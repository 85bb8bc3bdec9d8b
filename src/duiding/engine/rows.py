"""Rows of a microdata source, filtered and placed in periods and areas."""

from __future__ import annotations

from datetime import date
from typing import assert_never

import ibis
import ibis.expr.types as ir

from duiding.definitions.models import (
    AreaLevel,
    Breakdown,
    Condition,
    PeriodSemantics,
    Source,
)

UNKNOWN = "onbekend"
"""Breakdown value of rows whose breakdown column is empty."""


def _literal(value: object) -> ir.Value:
    return ibis.literal(value)


def condition_expr(table: ir.Table, condition: Condition) -> ir.BooleanValue:
    """One condition as an Ibis predicate."""
    column = table[condition.column]
    parts: list[ir.BooleanValue] = []
    if condition.equals is not None:
        parts.append(column == _literal(condition.equals))
    if condition.in_ is not None:
        parts.append(column.isin(list(condition.in_)))
    if condition.not_in is not None:
        parts.append(column.notin(list(condition.not_in)) | column.isnull())
    if condition.at_least is not None:
        parts.append(column >= _literal(condition.at_least))
    if condition.at_most is not None:
        parts.append(column <= _literal(condition.at_most))
    if condition.missing is not None:
        parts.append(column.isnull() if condition.missing else column.notnull())
    result = parts[0]
    for part in parts[1:]:
        result = result & part
    return result


def filtered(table: ir.Table, conditions: tuple[Condition, ...]) -> ir.Table:
    for condition in conditions:
        table = table.filter(condition_expr(table, condition))
    return table


def default_semantics(source: Source) -> PeriodSemantics:
    assert source.time is not None  # checked by Source validation for microdata
    return PeriodSemantics.EVENT if source.time.date is not None else PeriodSemantics.ACTIVE


def rows_in_periods(
    table: ir.Table,
    source: Source,
    periods: ir.Table,
    semantics: PeriodSemantics | None,
    *,
    event_column: str | None = None,
) -> ir.Table:
    """Each row joined to every period it belongs to (a row may belong to several)."""
    assert source.time is not None
    time = source.time
    start = table[event_column or time.date or time.start]
    end = table[time.end] if time.end is not None and event_column is None else None
    how = semantics or default_semantics(source)
    if event_column is not None or time.date is not None:
        how = PeriodSemantics.EVENT  # a dated row is a moment: it belongs to the period it falls in
    match how:
        case PeriodSemantics.EVENT:
            predicates = [start >= periods.period_start, start <= periods.period_end]
        case PeriodSemantics.ACTIVE:
            still = end.isnull() | (end >= periods.period_start) if end is not None else ibis.literal(True)
            predicates = [start <= periods.period_end, still]
        case PeriodSemantics.SNAPSHOT:
            still = end.isnull() | (end >= periods.period_end) if end is not None else ibis.literal(True)
            predicates = [start <= periods.period_end, still]
        case PeriodSemantics.ENDED:
            if end is None:
                raise ValueError(f"bron '{source.id}' heeft geen einddatum; 'ended' kan niet")
            predicates = [end >= periods.period_start, end <= periods.period_end]
        case other:
            assert_never(other)
    return table.join(periods, predicates)


def area_code_expr(table: ir.Table, level: AreaLevel, *, buurt: str, gemeente_code: str) -> ir.StringValue:
    """The code of the area of ``level`` a row lies in, derived from its buurt code."""
    code = table[buurt]
    match level:
        case AreaLevel.BUURT:
            return code
        case AreaLevel.WIJK:
            return ibis.ifelse(code.isnull(), ibis.null("string"), ibis.literal("WK").concat(code.substr(2, 6)))
        case AreaLevel.GEMEENTE:
            return ibis.literal(gemeente_code)
        case other:
            assert_never(other)


def breakdown_expr(table: ir.Table, breakdown: Breakdown) -> ir.StringValue:
    """The breakdown value of each row: the column's value, or its bin label."""
    column = table[breakdown.column]
    if not breakdown.bins:
        return column.cast("string").fill_null(UNKNOWN)
    cases = []
    for (low, high), label in zip(_bounds(breakdown), bin_labels(breakdown), strict=True):
        condition = column >= low if high is None else (column >= low) & (column < high)
        cases.append((condition, label))
    return ibis.cases(*cases, else_=ibis.literal(UNKNOWN))


def bin_labels(breakdown: Breakdown) -> list[str]:
    """The label of every bin of a binned breakdown (``0-3``, ``4-11``, ``18+``); none without bins."""
    return [f"{_num(low)}+" if high is None else f"{_num(low)}-{_num(high - 1)}" for low, high in _bounds(breakdown)]


def _bounds(breakdown: Breakdown) -> list[tuple[float, float | None]]:
    """``(low, high)`` of every bin; the last has no upper bound (None)."""
    bounds = list(breakdown.bins)
    return list(zip(bounds, [*bounds[1:], None], strict=True)) if bounds else []


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def periods_table(windows: list[tuple[date, date]]) -> ir.Table:
    return ibis.memtable(
        {"period_start": [w[0] for w in windows], "period_end": [w[1] for w in windows]},
        schema={"period_start": "date", "period_end": "date"},
    )

"""Indicator definitions → Ibis expressions, one function per formula kind.

Every expression yields the columns ``period_start, period_end, area_level, area_code,
area_name, breakdown, breakdown_value, numerator, denominator, value, spread, origin``; the
service adds monitor, indicator, intervals and lineage. ``spread`` is the sample standard
deviation of the values a mean rests on (empty for every other figure). ``origin`` says, for a
rate with a ``published`` ratio, whether the value is the publisher's (``cbs``) or computed
from numerator and denominator because none was published (``berekend``); empty otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import assert_never

import ibis
import ibis.expr.types as ir

from duiding.definitions.models import (
    Breakdown,
    CountFormula,
    DurationFormula,
    Indicator,
    PeriodSemantics,
    RateFormula,
    ScoreFormula,
    StapelingFormula,
    StatisticFormula,
)
from duiding.engine.context import CompileContext
from duiding.engine.levels import BUURT, Metrics, aggregate_levels, area_grid, breakdown_values, over_grid
from duiding.engine.measures import (
    is_aggregate,
    published_measure,
    registration_measure,
    registration_rows,
    source_rows,
)
from duiding.engine.rows import filtered, periods_table, rows_in_periods
from duiding.warehouse import OBSERVATION_PLACE, ORIGIN_COMPUTED, ORIGIN_PUBLISHED, TOTAL

OUTPUT = (*OBSERVATION_PLACE, "numerator", "denominator", "value", "spread", "origin")
FIGURES = OUTPUT[:-1]
"""The output columns every formula yields; ``origin`` is added where a formula does not set it."""
NULL = ibis.null("float64")


def _ratio(numerator: ir.NumericValue, denominator: ir.NumericValue, per: float) -> ir.NumericValue:
    return ibis.ifelse(denominator.notnull() & (denominator > 0), numerator / denominator * per, NULL)


def _rows(table: ir.Table) -> ir.NumericValue:
    """Number of rows in a group, as a float like every other metric."""
    return table.count().cast("float64")


def _count_true(condition: ir.BooleanValue) -> ir.NumericValue:
    """Number of rows in a group for which ``condition`` holds."""
    return condition.cast("int64").sum().cast("float64")


def _per_area(
    ctx: CompileContext,
    indicator: Indicator,
    rows: ir.Table,
    windows: Sequence[tuple[date, date]],
    metrics: Metrics,
    *,
    fill: dict[str, object],
    breakdowns: Sequence[Breakdown] | None = None,
) -> ir.Table:
    """``metrics`` per period × area × breakdown value, laid over the area grid (``fill`` where empty)."""
    used = indicator.breakdowns if breakdowns is None else breakdowns
    data = aggregate_levels(ctx, rows, levels=indicator.area_levels, breakdowns=used, metrics=metrics)
    grid = area_grid(ctx, windows, indicator.area_levels)
    return over_grid(grid, data, fill=fill, values=breakdown_values(used, data))


def _finish(
    table: ir.Table,
    *,
    numerator: ir.Value,
    denominator: ir.Value,
    value: ir.Value,
    spread: ir.Value = NULL,
) -> ir.Table:
    """The output columns, in order: the keys of ``table`` and the given figures."""
    base = {c: table[c] for c in OBSERVATION_PLACE}
    figures = {"numerator": numerator, "denominator": denominator, "value": value, "spread": spread}
    return table.select(**base, **figures).select(*FIGURES)


def _spread(values: ir.NumericValue) -> ir.NumericValue:
    """Sample standard deviation (ddof 1) of the values a mean rests on; empty below two rows."""
    return values.std(how="sample")


def _published_rate(ctx: CompileContext, indicator: Indicator, formula: RateFormula) -> ir.Table:
    """A rate of published counts; where the publisher's own ratio (``published``) is there for a
    year and area, that ratio is the value and the denominator is the one it implies."""
    numerator = published_measure(ctx, formula.numerator)
    denominator = published_measure(ctx, formula.denominator).rename(den_amount="amount")
    joined = numerator.left_join(
        denominator, [numerator.year == denominator.year, numerator.area_code == denominator.area_code]
    )
    levels = [level.value for level in indicator.area_levels]
    joined = joined.filter(joined.area_level.isin(levels))
    computed = _ratio(joined.amount, joined.den_amount, formula.per)
    keys = {
        "period_start": joined.period_start,
        "period_end": joined.period_end,
        "area_level": joined.area_level,
        "area_code": joined.area_code,
        "area_name": joined.area_name,
        "breakdown": ibis.literal(TOTAL),
        "breakdown_value": ibis.literal(TOTAL),
    }
    if formula.published is None:
        return joined.select(
            **keys, numerator=joined.amount, denominator=joined.den_amount, value=computed, spread=NULL
        )
    base = joined.select(
        "year", "period_start", "period_end", "area_level", "area_code", "area_name", "amount", "den_amount"
    )
    ratio = published_measure(ctx, formula.published).select(ratio_year="year", ratio_area="area_code", ratio="amount")
    joined = base.left_join(ratio, [base.year == ratio.ratio_year, base.area_code == ratio.ratio_area])
    computed = _ratio(joined.amount, joined.den_amount, formula.per)
    has = joined.ratio.notnull()
    implied = ibis.ifelse(
        has & (joined.ratio > 0) & joined.amount.notnull(),
        joined.amount * formula.per / joined.ratio,
        joined.den_amount,
    )
    keys = {key: joined[key] if key in joined.columns else value for key, value in keys.items()}
    return joined.select(
        **keys,
        numerator=joined.amount,
        denominator=implied,
        value=ibis.ifelse(has, joined.ratio, computed),
        spread=NULL,
        origin=ibis.cases(
            (has, ibis.literal(ORIGIN_PUBLISHED)), (computed.notnull(), ibis.literal(ORIGIN_COMPUTED)), else_=None
        ),
    )


def _registration_rate(
    ctx: CompileContext, indicator: Indicator, formula: RateFormula, windows: Sequence[tuple[date, date]]
) -> ir.Table:
    periods = periods_table(list(windows))
    levels = indicator.area_levels
    grid = area_grid(ctx, windows, levels)
    breakdowns = indicator.breakdowns
    counted = registration_measure(ctx, formula.numerator, periods, levels=levels, breakdowns=breakdowns)
    if is_aggregate(ctx, formula.denominator):
        numerator = over_grid(grid, counted, fill={"amount": 0.0}, values=breakdown_values(breakdowns, counted))
        denominator = published_measure(ctx, formula.denominator)
        joined = numerator.left_join(
            denominator,
            [
                numerator.period_start.year() == denominator.year,
                numerator.area_code == denominator.area_code,
            ],
        )
    else:
        den_source = ctx.source(formula.denominator.source)
        den_columns = {c.name for c in den_source.columns}
        den_breakdowns = [b for b in breakdowns if b.column in den_columns]
        shared = [TOTAL, *(b.id for b in den_breakdowns)]
        population = registration_measure(ctx, formula.denominator, periods, levels=levels, breakdowns=den_breakdowns)
        # a value the denominator has but the numerator lacks is a real 0 of the numerator
        numerator = over_grid(
            grid, counted, fill={"amount": 0.0}, values=breakdown_values(breakdowns, counted, population)
        )
        denominator = over_grid(
            grid, population, fill={"amount": 0.0}, values=breakdown_values(den_breakdowns, counted, population)
        )
        own = numerator.breakdown.isin(shared)
        numerator = numerator.mutate(
            den_breakdown=ibis.ifelse(own, numerator.breakdown, ibis.literal(TOTAL)),
            den_breakdown_value=ibis.ifelse(own, numerator.breakdown_value, ibis.literal(TOTAL)),
        )
        joined = numerator.left_join(
            denominator,
            [
                numerator.period_start == denominator.period_start,
                numerator.area_level == denominator.area_level,
                numerator.area_code == denominator.area_code,
                numerator.den_breakdown == denominator.breakdown,
                numerator.den_breakdown_value == denominator.breakdown_value,
            ],
        )
    return joined.select(
        **{c: numerator[c] for c in OBSERVATION_PLACE},
        numerator=numerator.amount,
        denominator=denominator.amount,
        value=_ratio(numerator.amount, denominator.amount, formula.per),
        spread=NULL,
    )


def _count(
    ctx: CompileContext, indicator: Indicator, formula: CountFormula, windows: Sequence[tuple[date, date]]
) -> ir.Table:
    if is_aggregate(ctx, formula.measure):
        table = published_measure(ctx, formula.measure)
        table = table.filter(table.area_level.isin([level.value for level in indicator.area_levels]))
        table = table.mutate(breakdown=ibis.literal(TOTAL), breakdown_value=ibis.literal(TOTAL))
        return _finish(table, numerator=table.amount, denominator=NULL, value=table.amount)
    periods = periods_table(list(windows))
    levels = indicator.area_levels
    data = registration_measure(ctx, formula.measure, periods, levels=levels, breakdowns=indicator.breakdowns)
    values = breakdown_values(indicator.breakdowns, data)
    table = over_grid(area_grid(ctx, windows, levels), data, fill={"amount": 0.0}, values=values)
    return _finish(table, numerator=table.amount, denominator=NULL, value=table.amount)


def _statistic(
    ctx: CompileContext, indicator: Indicator, formula: StatisticFormula, windows: Sequence[tuple[date, date]]
) -> ir.Table:
    rows = registration_rows(ctx, formula.source, formula.where, periods_table(list(windows)), formula.period)
    rows = rows.filter(rows[formula.column].notnull())

    def metrics(t: ir.Table) -> dict[str, ir.Value]:
        column = t[formula.column].cast("float64")
        match formula.statistic:
            case "mean":
                return {"n": _rows(t), "statistic": column.mean(), "spread": _spread(column)}
            case "median":
                return {"n": _rows(t), "statistic": column.median()}
            case "percentile":
                return {"n": _rows(t), "statistic": column.quantile((formula.percentile or 50) / 100)}

    table = _per_area(ctx, indicator, rows, windows, metrics, fill={"n": 0.0})
    return _finish(table, numerator=NULL, denominator=table.n, value=table.statistic, spread=_spread_of(table))


def _spread_of(table: ir.Table) -> ir.Value:
    """The ``spread`` metric of a statistic table, or empty where the statistic is no mean."""
    return table.spread if "spread" in table.columns else NULL


def _share_or_statistic(
    ctx: CompileContext,
    indicator: Indicator,
    rows: ir.Table,
    windows: Sequence[tuple[date, date]],
    metrics: Metrics,
    *,
    share: bool,
) -> ir.Table:
    """Per area either a share (``hits`` of ``n``, in %) or a ``statistic`` resting on ``n`` rows
    (with its ``spread`` when ``metrics`` gives one)."""
    if share:
        table = _per_area(ctx, indicator, rows, windows, metrics, fill={"n": 0.0, "hits": 0.0})
        return _finish(table, numerator=table.hits, denominator=table.n, value=_ratio(table.hits, table.n, 100))
    table = _per_area(ctx, indicator, rows, windows, metrics, fill={"n": 0.0})
    return _finish(table, numerator=NULL, denominator=table.n, value=table.statistic, spread=_spread_of(table))


def _duration(
    ctx: CompileContext, indicator: Indicator, formula: DurationFormula, windows: Sequence[tuple[date, date]]
) -> ir.Table:
    source = ctx.source(formula.source)
    rows = filtered(source_rows(ctx, formula.source), formula.where)
    rows = rows.filter(rows[formula.start].notnull() & rows[formula.end].notnull())
    anchor = formula.end if formula.anchor == "end" else formula.start
    rows = rows_in_periods(rows, source, periods_table(list(windows)), PeriodSemantics.EVENT, event_column=anchor)
    rows = rows.mutate(_days=rows[formula.end].delta(rows[formula.start], unit="day").cast("float64"))

    def metrics(t: ir.Table) -> dict[str, ir.Value]:
        days = t._days
        match formula.statistic:
            case "median":
                return {"n": _rows(t), "statistic": days.median()}
            case "mean":
                return {"n": _rows(t), "statistic": days.mean(), "spread": _spread(days)}
            case "share_within":
                return {"n": _rows(t), "hits": _count_true(days <= (formula.norm_days or 0))}

    return _share_or_statistic(ctx, indicator, rows, windows, metrics, share=formula.statistic == "share_within")


def _score(
    ctx: CompileContext, indicator: Indicator, formula: ScoreFormula, windows: Sequence[tuple[date, date]]
) -> ir.Table:
    rows = registration_rows(ctx, formula.source, formula.where, periods_table(list(windows)), formula.period)
    rows = rows.filter(rows[formula.column].notnull())
    share = formula.statistic == "share_at_least"

    def metrics(t: ir.Table) -> dict[str, ir.Value]:
        column = t[formula.column].cast("float64")
        if share:
            return {"n": _rows(t), "hits": _count_true(column >= (formula.threshold or 0))}
        return {"n": _rows(t), "statistic": column.mean(), "spread": _spread(column)}

    return _share_or_statistic(ctx, indicator, rows, windows, metrics, share=share)


def _stapeling(
    ctx: CompileContext, indicator: Indicator, formula: StapelingFormula, windows: Sequence[tuple[date, date]]
) -> ir.Table:
    periods = periods_table(list(windows))
    parts = []
    for part in formula.parts:
        rows = registration_rows(ctx, part.source, part.where, periods, formula.period)
        parts.append(
            rows.select(
                period_start=rows.period_start,
                period_end=rows.period_end,
                unit=rows[part.unit].cast("string"),
                kind=ibis.literal(part.label),
                **{BUURT: rows[BUURT]},
            )
        )
    union = ibis.union(*parts)
    units = union.group_by(["period_start", "period_end", "unit"]).aggregate(
        kinds=union.kind.nunique(), **{BUURT: union[BUURT].min()}
    )

    def metrics(t: ir.Table) -> dict[str, ir.Value]:
        return {"hits": _count_true(t.kinds >= formula.min_kinds), "n": _rows(t)}

    table = _per_area(ctx, indicator, units, windows, metrics, fill={"hits": 0.0, "n": 0.0}, breakdowns=())
    if formula.denominator is None:
        return _finish(table, numerator=table.hits, denominator=table.n, value=_ratio(table.hits, table.n, formula.per))
    population = published_measure(ctx, formula.denominator)
    joined = table.left_join(
        population, [table.period_start.year() == population.year, table.area_code == population.area_code]
    )
    return joined.select(
        **{c: table[c] for c in OBSERVATION_PLACE},
        numerator=table.hits,
        denominator=population.amount,
        value=_ratio(table.hits, population.amount, formula.per),
        spread=NULL,
    )


def indicator_expression(
    ctx: CompileContext, indicator: Indicator, windows: Sequence[tuple[date, date]] = ()
) -> ir.Table:
    """The Ibis expression computing every observation of ``indicator`` over ``windows``.

    ``windows`` are the periods for registration data; published (aggregate) data bring
    their own years.
    """
    table = _formula_expression(ctx, indicator, windows)
    if "origin" not in table.columns:
        table = table.mutate(origin=ibis.null("string"))
    return _published_levels(indicator, table.select(*OUTPUT))


def _published_levels(indicator: Indicator, table: ir.Table) -> ir.Table:
    """Only the breakdown rows of the area levels each breakdown is published for (``area_levels``)."""
    limited = [b for b in indicator.breakdowns if set(b.area_levels) != set(indicator.area_levels)]
    if not limited:
        return table
    keep = table.breakdown == TOTAL
    for breakdown in indicator.breakdowns:
        keep |= (table.breakdown == breakdown.id) & table.area_level.isin([lv.value for lv in breakdown.area_levels])
    return table.filter(keep)


def _formula_expression(ctx: CompileContext, indicator: Indicator, windows: Sequence[tuple[date, date]]) -> ir.Table:
    formula = indicator.formula
    match formula:
        case RateFormula():
            if is_aggregate(ctx, formula.numerator):
                return _published_rate(ctx, indicator, formula)
            return _registration_rate(ctx, indicator, formula, windows)
        case CountFormula():
            return _count(ctx, indicator, formula, windows)
        case StatisticFormula():
            return _statistic(ctx, indicator, formula, windows)
        case DurationFormula():
            return _duration(ctx, indicator, formula, windows)
        case ScoreFormula():
            return _score(ctx, indicator, formula, windows)
        case StapelingFormula():
            return _stapeling(ctx, indicator, formula, windows)
        case _:
            assert_never(formula)

"""Indicator definitions → Ibis expressions.

Every expression yields the observation columns (without monitor, indicator and
computed_at, which the service adds): one row per period × area × breakdown value.
"""

from __future__ import annotations

from typing import assert_never

import ibis
import ibis.expr.types as ir
from ibis.backends.duckdb import Backend as DuckDBBackend

from duiding.definitions.models import Indicator, RateFormula
from duiding.warehouse import TOTAL


def _aggregate_variable(con: DuckDBBackend, source: str, variable: str, name: str) -> ir.Table:
    """One variable of an aggregate source: year, area and its value (missing stays missing)."""
    table = con.table(f"src_{source}")
    return table.filter(table.variable == variable).select(
        year=table.year,
        area_level=table.level,
        area_code=table.area_code,
        area_name=table.area_name,
        **{name: table.value, f"{name}_load": table.load_id},
    )


def _rate(con: DuckDBBackend, indicator: Indicator, formula: RateFormula) -> ir.Table:
    numerator = _aggregate_variable(con, formula.numerator.source, formula.numerator.variable, "numerator")
    denominator = _aggregate_variable(
        con, formula.denominator.source, formula.denominator.variable, "denominator"
    ).select("year", "area_code", "denominator", "denominator_load")
    joined = numerator.left_join(denominator, ["year", "area_code"])
    levels = [level.value for level in indicator.area_levels]
    usable = joined.denominator.notnull() & (joined.denominator > 0)
    value = ibis.ifelse(usable, joined.numerator / joined.denominator * formula.per, ibis.null("float64"))
    loads = ibis.ifelse(
        joined.denominator_load.isnull() | (joined.denominator_load == joined.numerator_load),
        joined.numerator_load.cast("string"),
        joined.numerator_load.cast("string").concat(",", joined.denominator_load.cast("string")),
    )
    return joined.filter(joined.area_level.isin(levels)).select(
        period_start=ibis.date(joined.year, 1, 1),
        period_end=ibis.date(joined.year, 12, 31),
        area_level=joined.area_level,
        area_code=joined.area_code,
        area_name=joined.area_name,
        breakdown=ibis.literal(TOTAL),
        breakdown_value=ibis.literal(TOTAL),
        numerator=joined.numerator,
        denominator=joined.denominator,
        value=value,
        ci_low=ibis.null("float64"),
        ci_high=ibis.null("float64"),
        load_ids=loads,
    )


def indicator_expression(con: DuckDBBackend, indicator: Indicator) -> ir.Table:
    """The Ibis expression computing every observation of ``indicator``."""
    formula = indicator.formula
    match formula:
        case RateFormula():
            return _rate(con, indicator, formula)
        case _:
            assert_never(formula)

"""Counts that several indicators publish: the same rows of the same source, counted the same way.

``aanmeldingen`` is the denominator of ``doorverwezen``; the median waiting time rests on the
same rows as the share started within the norm; three indicators count the trajectories that
ended. Anyone who reads the definitions knows these identities, so secondary suppression must
treat such a count as one table: one suppression status in every indicator that shows it, and
complementary cells chosen against the relations of all of them (``protect.group_pattern``).

A count is described by a ``CountKey``: the source, which rows belong to a period, the
conditions (``where``) and the columns that must be filled, and what is counted (rows, or
distinct values of a column). Two counts with the same key are the same count, whatever
indicator, formula kind or label they come from. Before two indicators are protected together
the observed counts are compared cell by cell (``protect``); counts that differ anywhere are
not linked, so a key that is too coarse can never make a table that does not add up.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from duiding.definitions.base import PeriodSemantics
from duiding.definitions.formulas import (
    Condition,
    CountFormula,
    DurationFormula,
    Measure,
    RateFormula,
    ScoreFormula,
    StapelingFormula,
    StatisticFormula,
)
from duiding.definitions.models import Indicator, Source, SourceKind

CountKey = tuple[str, ...]
"""What a count counts, in a canonical form (see the module text); equal keys, equal counts."""
NUMERATOR = 0
DENOMINATOR = 1


@dataclass(frozen=True)
class IndicatorCounts:
    """The keys of an indicator's numerator and denominator; None for a count that is not protected
    by secondary suppression (published tables) or that is not a plain count of rows (stapeling)."""

    numerator: CountKey | None
    denominator: CountKey | None

    def both(self) -> tuple[CountKey | None, CountKey | None]:
        return self.numerator, self.denominator


def _conditions(where: Iterable[Condition]) -> str:
    dumped = [json.dumps(c.model_dump(mode="json", by_alias=True, exclude_none=True), sort_keys=True) for c in where]
    return "[" + ",".join(sorted(dumped)) + "]"


def _period(source: Source, semantics: PeriodSemantics | None, anchor: str | None = None) -> tuple[str, str | None]:
    """Which rows belong to a period, as ``(kind, date column)``: an event on one date column, or
    an interval running in (``active``) or at the end of (``snapshot``) the period."""
    time = source.time
    if time is None:
        return ("unknown", None)
    if anchor is not None:
        return ("event", anchor)
    if time.date is not None:
        return ("event", time.date)
    how = semantics or PeriodSemantics.ACTIVE
    if how is PeriodSemantics.EVENT:
        return ("event", time.start)
    if how is PeriodSemantics.ENDED:
        return ("event", time.end)
    return (how.value, None)


def _filled(source: Source, columns: Iterable[str], period: tuple[str, str | None]) -> str:
    """The columns a counted row must have filled, leaving out those that always are: required
    columns and the date the period is taken from."""
    required = {c.name for c in source.columns if c.required}
    return ",".join(sorted(set(columns) - required - {period[1]}))


def _rows_key(
    source: Source,
    *,
    semantics: PeriodSemantics | None,
    where: Iterable[Condition],
    filled: Iterable[str] = (),
    counted: str = "count",
    anchor: str | None = None,
) -> CountKey:
    period = _period(source, semantics, anchor)
    return (source.id, counted, *[p or "" for p in period], _conditions(where), _filled(source, filled, period))


def _measure_key(measure: Measure | None, sources: Mapping[str, Source]) -> CountKey | None:
    source = sources.get(measure.source) if measure is not None else None
    if measure is None or source is None or source.kind is not SourceKind.MICRODATA:
        return None
    counted = measure.aggregation.value + (f":{measure.column}" if measure.column else "")
    filled = (measure.column,) if measure.column and measure.aggregation.value != "count" else ()
    return _rows_key(source, semantics=measure.period, where=measure.where, filled=filled, counted=counted)


def indicator_count_keys(indicator: Indicator, sources: Mapping[str, Source]) -> IndicatorCounts:
    """The keys of the counts an indicator publishes as numerator and denominator."""
    formula = indicator.formula
    grain = indicator.period_grain.value

    def graded(key: CountKey | None) -> CountKey | None:
        return None if key is None else (grain, *key)

    match formula:
        case CountFormula():
            return IndicatorCounts(graded(_measure_key(formula.measure, sources)), None)
        case RateFormula():
            return IndicatorCounts(
                graded(_measure_key(formula.numerator, sources)), graded(_measure_key(formula.denominator, sources))
            )
        case DurationFormula():
            source = sources.get(formula.source)
            if source is None:
                return IndicatorCounts(None, None)
            anchor = formula.end if formula.anchor == "end" else formula.start
            rows = _rows_key(
                source, semantics=None, where=formula.where, filled=(formula.start, formula.end), anchor=anchor
            )
            within = (*rows, f"within:{formula.start}:{formula.end}:{formula.norm_days}")
            return IndicatorCounts(graded(within) if formula.statistic == "share_within" else None, graded(rows))
        case ScoreFormula() | StatisticFormula():
            source = sources.get(formula.source)
            if source is None:
                return IndicatorCounts(None, None)
            rows = _rows_key(source, semantics=formula.period, where=formula.where, filled=(formula.column,))
            share = isinstance(formula, ScoreFormula) and formula.statistic == "share_at_least"
            at_least = (*rows, f"at_least:{formula.column}:{getattr(formula, 'threshold', None)}")
            return IndicatorCounts(graded(at_least) if share else None, graded(rows))
        case StapelingFormula():
            return IndicatorCounts(None, graded(_measure_key(formula.denominator, sources)))
    return IndicatorCounts(None, None)


def linked_groups(keys: Mapping[str, IndicatorCounts]) -> list[list[str]]:
    """The indicators in groups that share a count, directly or through another indicator;
    an indicator that shares nothing is a group of its own. Sorted, so the result is stable."""
    parent = {name: name for name in keys}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    first: dict[CountKey, str] = {}
    for name in sorted(keys):
        for key in keys[name].both():
            if key is None:
                continue
            if key in first:
                parent[root(name)] = root(first[key])
            else:
                first[key] = name
    groups: dict[str, list[str]] = {}
    for name in sorted(keys):
        groups.setdefault(root(name), []).append(name)
    return sorted(groups.values())

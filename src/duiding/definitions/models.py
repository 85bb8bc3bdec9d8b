"""All definition models in one namespace (they live in base, sources, formulas, monitors)."""

from __future__ import annotations

from duiding.definitions.base import (
    AreaLevel,
    Identifier,
    Level,
    PeriodGrain,
    PeriodSemantics,
    Polarity,
    Purpose,
    SourceKind,
)
from duiding.definitions.formulas import (
    FORMULA_KINDS,
    Aggregation,
    Condition,
    CountFormula,
    DurationFormula,
    Formula,
    Measure,
    RateFormula,
    ScoreFormula,
    StapelingFormula,
    StapelingPart,
    StatisticFormula,
    formula_labels,
    formula_sources,
)
from duiding.definitions.monitors import Breakdown, Disclosure, Indicator, Monitor, PeriodRange, Question, Target
from duiding.definitions.sources import POSTCODE_SOURCE, Column, ColumnType, Source, TimeColumns

__all__ = [
    "FORMULA_KINDS",
    "POSTCODE_SOURCE",
    "Aggregation",
    "AreaLevel",
    "Breakdown",
    "Column",
    "ColumnType",
    "Condition",
    "CountFormula",
    "Disclosure",
    "DurationFormula",
    "Formula",
    "Identifier",
    "Indicator",
    "Level",
    "Measure",
    "Monitor",
    "PeriodGrain",
    "PeriodRange",
    "PeriodSemantics",
    "Polarity",
    "Purpose",
    "Question",
    "RateFormula",
    "ScoreFormula",
    "Source",
    "SourceKind",
    "StapelingFormula",
    "StapelingPart",
    "StatisticFormula",
    "Target",
    "TimeColumns",
    "formula_labels",
    "formula_sources",
]

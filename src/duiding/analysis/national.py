"""Nederland as a reference: the national figure of an indicator from the KWB's Nederland (NL00) row.

A KWB download often carries the Nederland row; ``ingest.kwb`` keeps it apart in
``kwb_national``. For an indicator that is a rate of published variables, the national figure
is worked out exactly as the engine works out an area's: the sum of the numerator variables over
the sum of the denominator variables, times ``per`` — or, where the formula names CBS's own
ratio (``published``) and CBS published it for Nederland, that value. Counts have no national
reference (a national count is not comparable to a gemeente's).

The gemeente is set against Nederland with the gemeente's own 95%-interval: the national
figure rests on the whole population, so its own uncertainty is negligible, and a national
value outside the gemeente's interval is a difference that chance alone does not explain.
No verdict where the gemeente's figure is withheld, missing or *onbetrouwbaar*. The national
figures are CBS's published aggregates for all of Nederland; they hold nothing about any
person in the gemeente.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from duiding.definitions.models import Measure, Monitor, RateFormula, Source, SourceKind
from duiding.ingest.kwb import kwb_national_values
from duiding.warehouse import TOTAL
from duiding.workspace import Workspace

HIGHER = "higher"
LOWER = "lower"
WITHIN = "within"
NATIONAL_COLUMNS = [
    "indicator",
    "period_start",
    "period_end",
    "value",
    "numerator",
    "denominator",
    "origin",
    "gemeente_value",
    "position",
]
"""``origin``: ``computed`` (numerator/denominator × per) or ``cbs`` (CBS's published ratio);
``position``: ``higher``, ``lower``, ``within`` or '' (no verdict)."""

NationalValues = Mapping[str, Mapping[tuple[int, str], float]]
"""Per source id: (year, variable) → the Nederland value."""


def national_values(workspace: Workspace, monitor: Monitor, sources: dict[str, Source]) -> NationalValues:
    """The Nederland values of every aggregate source the monitor reads (empty where a source has none)."""
    wanted = {s for i in monitor.indicators for s in i.sources}
    return {
        source_id: kwb_national_values(workspace.warehouse_path, source_id=source_id)
        for source_id in sorted(wanted)
        if source_id in sources and sources[source_id].kind is SourceKind.AGGREGATE
    }


def _sum(values: NationalValues, measure: Measure, year: int) -> float:
    found = values.get(measure.source, {})
    parts = [found.get((year, variable)) for variable in measure.variables]
    if not parts or any(p is None for p in parts):
        return math.nan
    return float(sum(p for p in parts if p is not None))


def _national(formula: RateFormula, values: NationalValues, year: int) -> tuple[float, float, float, str]:
    """value, numerator, denominator and origin of Nederland in ``year`` (value NaN when unknown)."""
    numerator = _sum(values, formula.numerator, year)
    denominator = _sum(values, formula.denominator, year)
    published = getattr(formula, "published", None)
    if isinstance(published, Measure):
        own = _sum(values, published, year)
        if math.isfinite(own):
            return own, numerator, denominator, "cbs"
    if math.isfinite(numerator) and math.isfinite(denominator) and denominator > 0:
        return numerator / denominator * formula.per, numerator, denominator, "computed"
    return math.nan, numerator, denominator, "computed"


def national_figures(
    frame: pd.DataFrame, monitor: Monitor, values: NationalValues, *, gemeente_code: str, unreliable: pd.DataFrame
) -> pd.DataFrame:
    """Per rate indicator and period of the gemeente: the Nederland figure and where the gemeente lies."""
    if not any(values.values()) or frame.empty:
        return pd.DataFrame(columns=NATIONAL_COLUMNS)
    own = frame[(frame["area_code"] == gemeente_code) & (frame["breakdown"] == TOTAL)]
    marked = set()
    if not unreliable.empty:
        marked = {
            (r.indicator, pd.Timestamp(r.period_start))
            for r in unreliable.itertuples()
            if r.area_code == gemeente_code and r.breakdown == TOTAL
        }
    rows: list[dict[str, object]] = []
    for indicator in monitor.indicators:
        formula = indicator.formula
        if not isinstance(formula, RateFormula):
            continue
        for row in own[own["indicator"] == indicator.id].itertuples():
            start = pd.Timestamp(row.period_start)
            value, numerator, denominator, origin = _national(formula, values, start.year)
            if not math.isfinite(value):
                continue
            position = ""
            low, high = float(row.ci_low), float(row.ci_high)
            if bool(row.known) and (indicator.id, start) not in marked and math.isfinite(low) and math.isfinite(high):
                position = LOWER if high < value else HIGHER if low > value else WITHIN
            rows.append(
                {
                    "indicator": indicator.id,
                    "period_start": row.period_start,
                    "period_end": row.period_end,
                    "value": value,
                    "numerator": numerator,
                    "denominator": denominator,
                    "origin": origin,
                    "gemeente_value": float(row.value) if bool(row.known) else np.nan,
                    "position": position,
                }
            )
    return pd.DataFrame(rows, columns=NATIONAL_COLUMNS)


__all__ = ["HIGHER", "LOWER", "NATIONAL_COLUMNS", "WITHIN", "national_figures", "national_values"]

"""Signals: differences that are both more than chance and large enough to matter.

For a monitor and period the candidates are, per indicator, the comparison over time that
fits its grain (a year against the year before; shorter periods against the same period a
year earlier, so the season does not count as change), and the wijken, buurten and groups
that newly deviate from the gemeente or from their area's total (outside the 95% funnel
limits now, inside them in the period before: a lasting difference is shown with the
figures, not repeated as a signal every period). A candidate becomes a signal when

1. its p-value survives the Benjamini–Hochberg procedure at a false discovery rate of 5%
   over all candidates of the monitor in that period (so a monitor with hundreds of
   comparisons does not flag the 5% that differ by chance), and
2. the difference reaches the indicator's relevance threshold (``relevance``: an absolute
   difference in its unit, else a share of the reference value, default 10%).

Signals are ranked: real changes before possible artefacts, then by ``score`` =
min(difference / threshold, 5) × min(−log10 p, 10). Each carries one Dutch sentence.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from duiding.analysis.compare import GEMEENTE, GROUP, PREVIOUS, YEAR_AGO
from duiding.analysis.methods import Figure, indicator_method
from duiding.analysis.tests import benjamini_hochberg
from duiding.analysis.text import area_phrase, breakdown_label, digits_for
from duiding.definitions.models import Indicator, Monitor, PeriodGrain, Polarity
from duiding.numbers import with_unit
from duiding.periods import period_label
from duiding.warehouse import TOTAL

FALSE_DISCOVERY_RATE = 0.05


def relevance_threshold(comparisons: pd.DataFrame, monitor: Monitor) -> pd.Series:
    """The smallest difference that matters, per comparison (in the indicator's unit)."""
    absolute = {i.id: i.relevance.absolute for i in monitor.indicators}
    relative = {i.id: i.relevance.relative for i in monitor.indicators}
    fixed = comparisons["indicator"].map(absolute).astype("float64")
    share = comparisons["indicator"].map(relative).astype("float64") * comparisons["reference"].abs()
    return fixed.fillna(share)


def relevant(comparisons: pd.DataFrame, monitor: Monitor) -> pd.Series:
    """True where the difference reaches the threshold (a change from 0 always does)."""
    threshold = relevance_threshold(comparisons, monitor)
    difference = comparisons["difference"].abs()
    return ((difference >= threshold) & (difference > 0)).fillna(False).astype(bool)


def _main_time_kind(grain: PeriodGrain) -> str:
    return PREVIOUS if grain is PeriodGrain.YEAR else YEAR_AGO


def _newly_deviating(comparisons: pd.DataFrame) -> pd.Series:
    """True for a deviation (area or group) that was not there in the series' previous period.

    Wijken and groups often differ from the gemeente year after year; that is shown with the
    figures, not repeated as a signal every period. A deviation becomes a signal when it
    appears: the previous period was compared and lay within the 95% limits.
    """
    deviations = comparisons[comparisons["kind"].isin([GEMEENTE, GROUP])]
    order = deviations[["indicator", "period_start"]].drop_duplicates().sort_values(["indicator", "period_start"])
    order["position"] = order.groupby("indicator").cumcount()
    keys = ["indicator", "kind", "area_code", "breakdown", "breakdown_value"]
    ranked = deviations[[*keys, "period_start", "significant"]].merge(order, on=["indicator", "period_start"])
    before = ranked[[*keys, "position", "significant"]].assign(position=ranked["position"] + 1)
    joined = ranked.reset_index().merge(before, on=[*keys, "position"], how="left", suffixes=("", "_before"))
    new = joined["significant_before"].eq(False)
    return pd.Series(new.to_numpy(), index=joined["index"]).reindex(comparisons.index, fill_value=False)


def _candidates(comparisons: pd.DataFrame, monitor: Monitor) -> pd.DataFrame:
    main = comparisons["indicator"].map({i.id: _main_time_kind(i.period_grain) for i in monitor.indicators})
    time = (comparisons["kind"] == main) & (comparisons["breakdown"] == TOTAL)
    new = _newly_deviating(comparisons)
    area = (comparisons["kind"] == GEMEENTE) & (comparisons["breakdown"] == TOTAL) & new
    group = (comparisons["kind"] == GROUP) & new
    return comparisons[(time | area | group) & np.isfinite(comparisons["p_value"].astype(float))]


def signals_select(comparisons: pd.DataFrame, monitor: Monitor) -> pd.DataFrame:
    """The signals among ``comparisons`` (which carry ``relevant`` and ``artefact``), ranked, with sentences."""
    candidates = _candidates(comparisons, monitor)
    if candidates.empty:
        return candidates.assign(score=[], rank=[], sentence=[])
    discovered = pd.Series(False, index=candidates.index)
    for _, family in candidates.groupby("period_start"):
        discovered[family.index] = benjamini_hochberg(family["p_value"].to_numpy(float), FALSE_DISCOVERY_RATE)
    chosen = candidates[discovered & candidates["relevant"]].copy()
    if chosen.empty:
        return chosen.assign(score=[], rank=[], sentence=[])
    threshold = relevance_threshold(chosen, monitor).replace(0, np.nan)
    size = (chosen["difference"].abs() / threshold).fillna(5).clip(upper=5)
    certainty = (-np.log10(chosen["p_value"].astype(float).clip(lower=1e-300))).clip(upper=10)
    chosen["score"] = (size * certainty).round(6)
    chosen["is_artefact"] = chosen["artefact"] != ""
    chosen = chosen.sort_values(
        ["period_start", "is_artefact", "score", "indicator", "area_code", "breakdown_value"],
        ascending=[True, True, False, True, True, True],
    )
    chosen["rank"] = chosen.groupby("period_start").cumcount() + 1
    indicators = {i.id: i for i in monitor.indicators}
    chosen["sentence"] = [signal_sentence(row, indicators[row.indicator]) for row in chosen.itertuples()]
    return chosen.drop(columns=["is_artefact"])


def _change_word(row: object, indicator: Indicator) -> str:
    difference = float(row.difference)  # type: ignore[attr-defined]
    if indicator.polarity is Polarity.NEUTRAL:
        return ""
    better = (difference > 0) == (indicator.polarity is Polarity.HIGHER_IS_BETTER)
    return " Dat is een verbetering." if better else " Dat is een verslechtering."


def signal_sentence(row: object, indicator: Indicator) -> str:
    """One Dutch sentence for a signal, e.g. 'In wijk Overvecht steeg ‘…’ van 4,1% naar 6,3% (2023 → 2024);
    dit is meer dan toeval.'"""
    r = row
    value, reference = float(r.value), float(r.reference)  # type: ignore[attr-defined]
    digits = 0 if indicator_method(indicator).figure is Figure.COUNT else digits_for([value, reference])
    now, before = with_unit(value, indicator.unit, digits), with_unit(reference, indicator.unit, digits)
    label = period_label(r.period_start.date(), r.period_end.date())  # type: ignore[attr-defined]
    where = area_phrase(r.area_level, r.area_name)  # type: ignore[attr-defined]
    artefact = str(r.artefact)  # type: ignore[attr-defined]
    verdict = (
        f"dit valt samen met {artefact}, dus waarschijnlijk geen echte verandering."
        if artefact
        else "dit is meer dan toeval."
    )
    title = f"‘{indicator.title}’"
    higher = value > reference
    match r.kind:  # type: ignore[attr-defined]
        case "previous" | "year_ago":
            earlier = period_label(r.reference_start.date(), r.reference_end.date())  # type: ignore[attr-defined]
            verb = "steeg" if higher else "daalde"
            text = f"In {where} {verb} {title} van {before} naar {now} ({earlier} → {label}); {verdict}"
            return text + ("" if artefact else _change_word(r, indicator))
        case "gemeente":
            side = "hoger" if higher else "lager"
            return (
                f"In {where} is {title} nu {side} dan in de hele gemeente: {now} tegen {before} ({label}), "
                f"de periode ervoor nog niet; {verdict}"
            )
        case _:
            side = "hoger" if higher else "lager"
            group = f"{breakdown_label(indicator, r.breakdown).lower()} ‘{r.breakdown_value}’"  # type: ignore[attr-defined]
            return (
                f"Bij {group} in {where} is {title} nu {side} dan voor iedereen samen: {now} tegen {before} "
                f"({label}), de periode ervoor nog niet; {verdict}"
            )

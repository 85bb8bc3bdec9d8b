"""Reads of the stored analysis for one indicator page: what each figure means and how certain it is.

Everything here comes from ``duiding.analysis`` readers (worked out from protected figures
only) and the gate's intervals; the page works nothing out itself. A comparison is only
shown beside a figure that is itself published.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from duiding.analysis import Comparison, comparison_list, interval_method_get, trend_list
from duiding.analysis.intervals import METHOD_LABELS, IntervalMethod
from duiding.analysis.trend import MIN_POINTS
from duiding.charts import funnel_chart, position_word
from duiding.definitions.models import Indicator, Monitor, PeriodGrain
from duiding.privacy import ProtectedObservation
from duiding.warehouse import TOTAL
from duiding.web.monitoring import wording
from duiding.web.monitoring.outlook import Outlook, Peers, Target, outlook_get, peers_get, target_views
from duiding.workspace import Workspace


@dataclass(frozen=True)
class Change:
    """The key figure against the period it is compared with."""

    sentence: str
    verdict: str
    """'meer dan toeval' or 'binnen de toevalsmarge'."""
    artefact: str


@dataclass(frozen=True)
class AreaRow:
    observation: ProtectedObservation
    interval: str
    position: str
    """'hoger', 'lager', 'duidelijk hoger', 'duidelijk lager', 'binnen de marge' or '' (not compared)."""


@dataclass(frozen=True)
class Findings:
    interval: str
    """The gemeente's 95% interval, e.g. '27,8 – 28,9' ('' when there is none)."""
    change: Change | None
    trend: str
    wijken: list[AreaRow]
    buurten: list[AreaRow]
    funnel: dict[str, Any] | None
    targets: list[Target]
    outlook: Outlook | None
    peers: Peers | None
    method: str
    """How the intervals were worked out, in Dutch ('' when the analysis has not run)."""

    @property
    def analysed(self) -> bool:
        """True when the stored analysis belongs to the figures shown (every indicator then has a method)."""
        return self.method != ""

    @property
    def without_change(self) -> str:
        """Why the key figure has no change beside it ('' when it has one or the analysis has not run)."""
        if self.change or not self.analysed:
            return ""
        return "Er is geen eerdere periode met een cijfer om dit mee te vergelijken."

    @property
    def without_trend(self) -> str:
        if self.trend or not self.analysed:
            return ""
        return f"Voor een trend over de hele reeks zijn cijfers over minstens {MIN_POINTS} perioden nodig."

    @property
    def has_intervals(self) -> bool:
        return bool(self.interval) or any(row.interval for row in [*self.wijken, *self.buurten])

    @property
    def has_positions(self) -> bool:
        return any(row.position for row in self.wijken)


def _time_kind(grain: PeriodGrain) -> str:
    """The comparison over time that fits a grain: a year against the year before, else a year earlier."""
    return "previous" if grain is PeriodGrain.YEAR else "year_ago"


def _rows(observations: Sequence[ProtectedObservation], by_area: dict[str, Comparison], places: int) -> list[AreaRow]:
    return [
        AreaRow(
            o,
            "" if o.suppressed else wording.interval_text(o.ci_low, o.ci_high, places),
            "" if o.suppressed or o.value is None else position_word(by_area.get(o.area_code)),
        )
        for o in observations
    ]


def _change(
    comparisons: Sequence[Comparison], indicator: Indicator, gemeente: ProtectedObservation | None
) -> Change | None:
    """The gemeente figure against the period that fits the grain, among the period's comparisons."""
    if gemeente is None or gemeente.value is None:
        return None
    kind = _time_kind(indicator.period_grain)
    match = next((c for c in comparisons if c.kind == kind and c.area_code == gemeente.area_code), None)
    if match is None:
        return None
    return Change(wording.change_sentence(match, indicator), wording.verdict(match), match.artefact)


def _trend(ws: Workspace, monitor: Monitor, indicator: Indicator, gemeente_code: str) -> str:
    trends = trend_list(ws, monitor=monitor.id, indicator=indicator.id, area_code=gemeente_code)
    total = next((t for t in trends if t.breakdown == TOTAL), None)
    return wording.trend_sentence(total, indicator) if total else ""


def _method(ws: Workspace, monitor: Monitor, indicator: Indicator) -> str:
    found = interval_method_get(ws, monitor=monitor.id, indicator=indicator.id)
    if found is None:
        return ""
    try:
        return METHOD_LABELS[IntervalMethod(found[0])]
    except ValueError:
        return found[0]


def indicator_findings(
    ws: Workspace,
    *,
    monitor: Monitor,
    indicator: Indicator,
    period: tuple[date, date],
    gemeente: ProtectedObservation | None,
    areas: Sequence[ProtectedObservation],
    size_label: str,
) -> Findings:
    """What the stored analysis says about one indicator in one period (totals, gemeente and its areas)."""
    published = gemeente is not None and gemeente.value is not None
    stored = [
        c
        for c in comparison_list(
            ws, monitor=monitor.id, indicator=indicator.id, period_start=period[0], breakdown=TOTAL
        )
        if c.period_end == period[1]
    ]
    # limits around a withheld gemeente figure would give it away
    comparisons = [c for c in stored if c.kind == "gemeente" and published]
    by_area = {c.area_code: c for c in comparisons}
    places = wording.digits(indicator)
    code = gemeente.area_code if gemeente else ws.settings.gemeente_code
    funnel = funnel_chart(
        areas,
        comparisons,
        unit=indicator.unit,
        size_label=size_label,
        reference=gemeente,
        reference_label=f"Gemeente {ws.settings.gemeente_naam}",
    )
    return Findings(
        interval=wording.interval_text(gemeente.ci_low, gemeente.ci_high, places) if gemeente else "",
        change=_change(stored, indicator, gemeente),
        trend=_trend(ws, monitor, indicator, code),
        wijken=_rows([o for o in areas if o.area_level == "wijk"], by_area, places),
        buurten=_rows([o for o in areas if o.area_level == "buurt"], by_area, places),
        funnel=funnel,
        targets=target_views(ws, monitor, indicator),
        outlook=outlook_get(ws, monitor, indicator, code),
        peers=peers_get(ws, monitor, indicator),
        method=_method(ws, monitor, indicator),
    )

"""Reads of the stored analysis for one indicator page: what each figure means and how certain it is.

Everything here comes from ``duiding.analysis`` readers (worked out from protected figures
only) and the gate's intervals; the page works nothing out itself. A comparison is only
shown beside a figure that is itself published.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from duiding.analysis import (
    Comparison,
    comparison_list,
    interval_method_get,
    national_list,
    trend_list,
    unreliable_list,
)
from duiding.analysis.intervals import METHOD_LABELS, IntervalMethod
from duiding.analysis.trend import MIN_POINTS
from duiding.charts import funnel_chart, position_word
from duiding.definitions.models import Indicator, Monitor, PeriodGrain
from duiding.presentation import wording
from duiding.presentation.outlook import Outlook, Peers, Target, outlook_get, peers_get, target_views
from duiding.privacy import ProtectedObservation
from duiding.warehouse import TOTAL
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
    unreliable: str = ""
    """Why the figure is *onbetrouwbaar* ('' when it is not); such a figure is never compared."""


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
    unreliable: str = ""
    """Why the gemeente figure is *onbetrouwbaar* ('' when it is not)."""
    left_out: int = 0
    """Areas whose *onbetrouwbaar* figure the funnel chart leaves out."""
    national: str = ""
    """The Nederland figure and where the gemeente lies against it ('' without a Nederland row)."""

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
        return any(row.position or row.unreliable for row in self.wijken)

    @property
    def unreliable_count(self) -> int:
        """How many figures on the page are marked *onbetrouwbaar*."""
        return sum(1 for row in [*self.wijken, *self.buurten] if row.unreliable) + (1 if self.unreliable else 0)


def _time_kind(grain: PeriodGrain) -> str:
    """The comparison over time that fits a grain: a year against the year before, else a year earlier."""
    return "previous" if grain is PeriodGrain.YEAR else "year_ago"


def _rows(
    observations: Sequence[ProtectedObservation],
    by_area: dict[str, Comparison],
    places: int,
    marks: dict[str, str],
) -> list[AreaRow]:
    return [
        AreaRow(
            o,
            "" if o.suppressed else wording.interval_text(o.ci_low, o.ci_high, places),
            "" if o.suppressed or o.value is None or o.area_code in marks else position_word(by_area.get(o.area_code)),
            "" if o.suppressed else marks.get(o.area_code, ""),
        )
        for o in observations
    ]


def _marks(ws: Workspace, monitor: Monitor, indicator: Indicator, period_start: date) -> dict[str, str]:
    """Per area code the reason its total figure of the period is *onbetrouwbaar*."""
    return {
        m.area_code: m.reason
        for m in unreliable_list(ws, monitor=monitor.id, indicator=indicator.id)
        if m.period_start == period_start and m.breakdown == TOTAL
    }


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
    marks = _marks(ws, monitor, indicator, period[0])
    shown = [o for o in areas if o.area_code not in marks]
    funnel = funnel_chart(
        shown,
        comparisons,
        unit=indicator.unit,
        size_label=size_label,
        reference=gemeente,
        reference_label=f"Gemeente {ws.settings.gemeente_naam}",
    )
    return Findings(
        interval=wording.interval_text(gemeente.ci_low, gemeente.ci_high, places) if gemeente else "",
        change=None if code in marks else _change(stored, indicator, gemeente),
        trend=_trend(ws, monitor, indicator, code),
        wijken=_rows([o for o in areas if o.area_level == "wijk"], by_area, places, marks),
        buurten=_rows([o for o in areas if o.area_level == "buurt"], by_area, places, marks),
        funnel=funnel,
        targets=target_views(ws, monitor, indicator),
        outlook=outlook_get(ws, monitor, indicator, code),
        peers=peers_get(ws, monitor, indicator),
        method=_method(ws, monitor, indicator),
        unreliable=marks.get(code, "") if gemeente is not None and not gemeente.suppressed else "",
        left_out=len(areas) - len(shown),
        national=_national(ws, monitor, indicator, period, gemeente),
    )


def _national(
    ws: Workspace,
    monitor: Monitor,
    indicator: Indicator,
    period: tuple[date, date],
    gemeente: ProtectedObservation | None,
) -> str:
    """The Nederland sentence of the period; without a verdict beside a withheld gemeente figure."""
    for figure in national_list(ws, monitor=monitor.id, indicator=indicator.id):
        if (figure.period_start, figure.period_end) == period:
            if gemeente is None or gemeente.suppressed or gemeente.value is None:
                figure = replace(figure, position="")
            return wording.national_sentence(figure, indicator)
    return ""

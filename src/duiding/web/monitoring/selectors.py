"""Reads for the monitoring pages. Figures come only through ``duiding.privacy``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.http import Http404

from duiding.charts import area_bar_chart
from duiding.definitions import monitors_load, sources_load
from duiding.definitions.models import AreaLevel, Indicator, Level, Monitor, Polarity, Source, formula_labels
from duiding.errors import DuidingError
from duiding.geography import breaks_list
from duiding.periods import period_label
from duiding.privacy import (
    SUPPRESSION_EXPLANATION,
    ProtectedObservation,
    indicator_min_count,
    observation_latest,
    observation_list,
    observation_periods,
)
from duiding.warehouse import TOTAL, loaded_sources
from duiding.workspace import Workspace, workspace_open


def current_workspace() -> Workspace | None:
    """The workspace this server serves, or None when it is not set up."""
    try:
        return workspace_open(settings.DUIDING_WORKSPACE)
    except DuidingError:
        return None


def _workspace() -> Workspace:
    ws = current_workspace()
    if ws is None:
        raise Http404("Er is nog geen werkruimte ingericht.")
    return ws


POLARITY_TEXT = {
    Polarity.HIGHER_IS_BETTER: "Hoger is beter",
    Polarity.LOWER_IS_BETTER: "Lager is beter",
    Polarity.NEUTRAL: "Hoger of lager is op zich niet beter of slechter",
}
LEVEL_TEXT = {
    Level.MAATSCHAPPELIJK_RESULTAAT: "Maatschappelijk resultaat: hoe het met inwoners gaat",
    Level.OUTCOME: "Outcome: het effect voor inwoners",
    Level.OUTPUT: "Output: wat er geleverd is",
    Level.PROCES: "Proces: hoe het werk verloopt",
    Level.INPUT: "Input: middelen en randvoorwaarden",
}


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)

    @property
    def key(self) -> str:
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


@dataclass(frozen=True)
class IndicatorSummary:
    indicator: Indicator
    period: Period | None
    gemeente: ProtectedObservation | None
    suppression_text: str
    waiting_for: list[Source]
    """Sources the indicator needs that have not been loaded ('wacht op gegevens')."""


@dataclass(frozen=True)
class MonitorSummary:
    monitor: Monitor
    indicators: list[IndicatorSummary]


def monitor_summary_list() -> list[MonitorSummary]:
    """Every monitor with, per indicator, the gemeente figure of the latest period."""
    ws = _workspace()
    sources = sources_load(ws.sources_dir)
    loaded = loaded_sources(ws.warehouse_path)
    summaries = []
    for monitor in monitors_load(ws.monitors_dir).values():
        latest = observation_latest(ws, monitor=monitor.id)
        items = []
        for indicator in monitor.indicators:
            gemeente = latest.get(indicator.id)
            period = Period(gemeente.period_start, gemeente.period_end) if gemeente else None
            text = SUPPRESSION_EXPLANATION.format(min_count=indicator_min_count(ws, indicator, monitor))
            waiting = [sources[s] for s in indicator.sources if s not in loaded and s in sources]
            items.append(IndicatorSummary(indicator, period, gemeente, text, waiting))
        summaries.append(MonitorSummary(monitor, items))
    return summaries


@dataclass(frozen=True)
class IndicatorPage:
    monitor: Monitor
    indicator: Indicator
    question: str
    sources: list[Source]
    periods: list[Period]
    period: Period
    gemeente: ProtectedObservation | None
    wijken: list[ProtectedObservation]
    chart: dict[str, Any]
    min_count: int
    breaks: list[str]
    """Changes of wijk indeling within the indicator's periods, as sentences."""

    @property
    def suppression_text(self) -> str:
        return SUPPRESSION_EXPLANATION.format(min_count=self.min_count)

    @property
    def polarity_text(self) -> str:
        return POLARITY_TEXT[self.indicator.polarity]

    @property
    def level_text(self) -> str:
        return LEVEL_TEXT[self.indicator.level]

    @property
    def numerator_label(self) -> str | None:
        return formula_labels(self.indicator.formula)[0]

    @property
    def denominator_label(self) -> str | None:
        return formula_labels(self.indicator.formula)[1]

    @property
    def is_ratio(self) -> bool:
        """True when the value is numerator over denominator, so the key figure can say 'x op y'."""
        return self.numerator_label is not None and self.denominator_label is not None

    @property
    def simulated(self) -> bool:
        return any(source.simulated for source in self.sources)


def indicator_page(*, monitor_id: str, indicator_id: str, period: str | None) -> IndicatorPage:
    """Everything the indicator page shows, for one period (default: the latest)."""
    ws = _workspace()
    monitor = monitors_load(ws.monitors_dir).get(monitor_id)
    if monitor is None:
        raise Http404("Deze monitor bestaat niet.")
    try:
        indicator = monitor.indicator(indicator_id)
    except KeyError:
        raise Http404("Deze indicator bestaat niet.") from None
    periods = [Period(*p) for p in observation_periods(ws, monitor=monitor.id, indicator=indicator.id)]
    if not periods:
        raise Http404("Voor deze indicator zijn nog geen cijfers berekend.")
    chosen = next((p for p in periods if p.key == period), periods[0])
    rows = [
        o
        for o in observation_list(ws, monitor=monitor.id, indicator=indicator.id, period_start=chosen.start)
        if o.period_end == chosen.end and o.breakdown == TOTAL
    ]
    gemeente = next((o for o in rows if o.area_level == "gemeente"), None)
    wijken = [o for o in rows if o.area_level == "wijk"]
    all_sources = sources_load(ws.sources_dir)
    question = next((q.text for q in monitor.questions if q.id == indicator.question), "")
    return IndicatorPage(
        monitor=monitor,
        indicator=indicator,
        question=question,
        sources=[all_sources[s] for s in indicator.sources if s in all_sources],
        periods=periods,
        period=chosen,
        gemeente=gemeente,
        wijken=wijken,
        chart=area_bar_chart(
            wijken, unit=indicator.unit, reference=gemeente, reference_label=f"Gemeente {ws.settings.gemeente_naam}"
        ),
        min_count=indicator_min_count(ws, indicator, monitor),
        breaks=[
            b.sentence
            for b in breaks_list(ws.warehouse_path)
            if b.level is AreaLevel.WIJK and periods[-1].start.year < b.year <= periods[0].start.year
        ],
    )

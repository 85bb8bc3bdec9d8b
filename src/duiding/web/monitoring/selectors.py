"""Reads for the monitoring pages. Figures come only through ``duiding.privacy``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.http import Http404

from duiding.analysis import target_status_list
from duiding.charts import area_bar_chart
from duiding.definitions import monitors_load, sources_load
from duiding.definitions.models import AreaLevel, Indicator, Level, Monitor, Polarity, Source, formula_labels
from duiding.engine.validate import indicator_inputs
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
from duiding.warehouse import ORIGIN_COMPUTED, TOTAL, loaded_sources
from duiding.web.monitoring import wording
from duiding.web.monitoring.findings import Findings, indicator_findings
from duiding.web.monitoring.signals import SignalPage, signal_count, signal_overview
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
    target_status: str = ""
    """The status of its target(s) ('op koers', …), '' without a target or analysis."""

    @property
    def value_format(self) -> str:
        return wording.value_format(self.indicator)


@dataclass(frozen=True)
class MonitorSummary:
    monitor: Monitor
    indicators: list[IndicatorSummary]
    signals: int | None = None
    """Signals of the latest periods; None when the analysis is not current."""

    @property
    def has_targets(self) -> bool:
        return any(item.indicator.targets for item in self.indicators)


def monitor_summary_list() -> list[MonitorSummary]:
    """Every monitor with, per indicator, the gemeente figure of the latest period."""
    ws = _workspace()
    sources = sources_load(ws.sources_dir)
    loaded = loaded_sources(ws.warehouse_path)
    summaries = []
    for monitor in monitors_load(ws.monitors_dir).values():
        latest = observation_latest(ws, monitor=monitor.id)
        statuses = target_status_list(ws, monitor=monitor.id)
        items = []
        for indicator in monitor.indicators:
            gemeente = latest.get(indicator.id)
            period = Period(gemeente.period_start, gemeente.period_end) if gemeente else None
            text = SUPPRESSION_EXPLANATION.format(min_count=indicator_min_count(ws, indicator, monitor))
            waiting = [sources[s] for s in indicator.sources if s not in loaded and s in sources]
            status = ", ".join(s.status for s in statuses if s.indicator == indicator.id and indicator.targets)
            items.append(IndicatorSummary(indicator, period, gemeente, text, waiting, status))
        # the analysis stores a status for every indicator (also 'geen doel'): none means not current
        signals = signal_count(ws, monitor=monitor.id) if statuses else None
        summaries.append(MonitorSummary(monitor, items, signals))
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
    chart: dict[str, Any] | None
    """The wijk chart; None when no wijk has a figure to draw (all withheld or missing)."""
    min_count: int
    breaks: list[str]
    """Changes of wijk indeling within the indicator's periods, as sentences."""
    findings: Findings
    """What the stored analysis says: intervals, comparisons, trend, target, forecast, peers."""

    @property
    def suppression_text(self) -> str:
        return SUPPRESSION_EXPLANATION.format(min_count=self.min_count)

    @property
    def value_format(self) -> str:
        return wording.value_format(self.indicator)

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
    def size_label(self) -> str:
        """What an area's size is for this indicator (the funnel's x axis): its denominator."""
        return self.denominator_label or "Aantal"

    @property
    def is_ratio(self) -> bool:
        """True when the value is numerator over denominator, so the key figure can say 'x op y'."""
        return self.numerator_label is not None and self.denominator_label is not None

    @property
    def simulated(self) -> bool:
        return any(source.simulated for source in self.sources)

    @property
    def origin_text(self) -> str:
        """For a rate with the publisher's own ratio: which figures are that ratio, which computed."""
        published = getattr(self.indicator.formula, "published", None)
        if published is None:
            return ""
        rows = [o for o in (self.gemeente, *self.wijken) if o is not None and o.origin]
        computed = [o.area_name for o in rows if o.origin == ORIGIN_COMPUTED]
        how = (
            f"Duiding berekent het uit de aantallen: {(self.numerator_label or 'teller').lower()} gedeeld door "
            f"{(self.denominator_label or 'noemer').lower()}"
        )
        if not computed:
            return f"Elk cijfer hier is het cijfer zoals het CBS het publiceert ({published.label or 'CBS'})."
        if len(computed) == len(rows):
            return f"Het CBS publiceert dit cijfer voor deze periode niet. {how}."
        named = f": {', '.join(computed)}" if len(computed) <= 5 else ""
        return (
            f"Waar het CBS dit cijfer publiceert, is het het CBS-cijfer ({published.label or 'CBS'}). "
            f"Voor {len(computed)} van de {len(rows)} gebieden publiceert het CBS het niet{named}; {how}."
        )


def _monitor(ws: Workspace, monitor_id: str) -> Monitor:
    monitor = monitors_load(ws.monitors_dir).get(monitor_id)
    if monitor is None:
        raise Http404("Deze monitor bestaat niet.")
    return monitor


def signal_page(*, monitor_id: str) -> SignalPage:
    """The latest signals of one monitor."""
    ws = _workspace()
    return signal_overview(ws, _monitor(ws, monitor_id))


def indicator_page(*, monitor_id: str, indicator_id: str, period: str | None) -> IndicatorPage:
    """Everything the indicator page shows, for one period (default: the latest)."""
    ws = _workspace()
    monitor = _monitor(ws, monitor_id)
    try:
        indicator = monitor.indicator(indicator_id)
    except KeyError:
        raise Http404("Deze indicator bestaat niet.") from None
    periods = [Period(*p) for p in observation_periods(ws, monitor=monitor.id, indicator=indicator.id)]
    if not periods:
        loaded = loaded_sources(ws.warehouse_path)
        sources = sources_load(ws.sources_dir)
        missing = [s for s in indicator_inputs(indicator, sources) if s not in loaded]
        if missing:
            names = ", ".join(f"'{sources[s].title if s in sources else s}' ({s})" for s in missing)
            raise Http404(
                f"Deze indicator wacht op gegevens: de bron {names} is nog niet geladen. De analist laadt ze "
                "met 'duiding load'; daarna staan hier de cijfers."
            )
        raise Http404("Voor deze indicator zijn nog geen cijfers berekend.")
    # the full key, or only the start date (a link typed or shared by hand); else the latest
    chosen = next((p for p in periods if period in (p.key, p.start.isoformat())), periods[0])
    rows = [
        o
        for o in observation_list(ws, monitor=monitor.id, indicator=indicator.id, period_start=chosen.start)
        if o.period_end == chosen.end and o.breakdown == TOTAL
    ]
    gemeente = next((o for o in rows if o.area_level == "gemeente"), None)
    wijken = [o for o in rows if o.area_level == "wijk"]
    all_sources = sources_load(ws.sources_dir)
    findings = indicator_findings(
        ws,
        monitor=monitor,
        indicator=indicator,
        period=(chosen.start, chosen.end),
        gemeente=gemeente,
        areas=[o for o in rows if o.area_level in ("wijk", "buurt")],
        size_label=formula_labels(indicator.formula)[1] or "Aantal",
    )
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
        )
        if any(o.value is not None for o in wijken)
        else None,
        min_count=indicator_min_count(ws, indicator, monitor),
        breaks=[
            b.sentence
            for b in breaks_list(ws.warehouse_path)
            if b.level is AreaLevel.WIJK and periods[-1].start.year < b.year <= periods[0].start.year
        ],
        findings=findings,
    )

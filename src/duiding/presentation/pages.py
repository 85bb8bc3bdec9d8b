"""Page models: what a page, a report chapter or an API response shows, read once.

Figures come only through ``duiding.privacy``, from the stored protection pattern: a model
never runs the suppression solver (a pattern that does not belong to the current figures
raises ``ProtectionPending``, "wordt bijgewerkt"). A missing monitor, indicator or figure
raises ``NotFound`` with a Dutch sentence for the reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from duiding.analysis import target_status_list
from duiding.charts import SeriesPoint, area_bar_chart, time_series_chart
from duiding.definitions import monitors_load, sources_load
from duiding.definitions.models import (
    AreaLevel,
    CountFormula,
    Indicator,
    Level,
    Monitor,
    Polarity,
    Source,
    formula_labels,
)
from duiding.engine.validate import indicator_inputs
from duiding.geography import breaks_list
from duiding.numbers import with_unit
from duiding.periods import period_find, period_key, period_label
from duiding.presentation import wording
from duiding.presentation.breakdowns import BreakdownView, breakdown_view
from duiding.presentation.errors import BadParameter, NotFound
from duiding.presentation.findings import Findings, indicator_findings
from duiding.presentation.maps import area_map
from duiding.presentation.overview import MonitorOverview, monitor_overview
from duiding.presentation.profile import WijkProfile, wijk_profile
from duiding.presentation.signals import SignalPage, signal_count, signal_overview
from duiding.privacy import (
    SUPPRESSION_EXPLANATION,
    ProtectedObservation,
    ProtectionPending,
    indicator_min_count,
    observation_latest,
    observation_list,
    observation_periods,
)
from duiding.warehouse import ORIGIN_COMPUTED, TOTAL, loaded_sources
from duiding.workspace import Workspace

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
        return period_key(self.start, self.end)


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
    simulated: bool = False
    """Its figures come from generated demonstration data (marked on every list)."""

    @property
    def value_format(self) -> str:
        return wording.value_format(self.indicator)


@dataclass(frozen=True)
class MonitorSummary:
    monitor: Monitor
    indicators: list[IndicatorSummary]
    signals: int | None = None
    """Signals of the latest periods; None when the analysis is not current."""
    pending: str = ""
    """Why the figures are not shown yet ("worden bijgewerkt"), '' when they are."""

    @property
    def has_targets(self) -> bool:
        return any(item.indicator.targets for item in self.indicators)


def monitor_summary_list(ws: Workspace) -> list[MonitorSummary]:
    """Every monitor with, per indicator, the gemeente figure of the latest period."""
    sources = sources_load(ws.sources_dir)
    loaded = loaded_sources(ws.warehouse_path)
    summaries = []
    for monitor in monitors_load(ws.monitors_dir).values():
        try:
            latest = observation_latest(ws, monitor=monitor.id, solve=False)
        except ProtectionPending as pending:
            summaries.append(MonitorSummary(monitor, [], None, str(pending)))
            continue
        statuses = target_status_list(ws, monitor=monitor.id)
        items = []
        for indicator in monitor.indicators:
            gemeente = latest.get(indicator.id)
            period = Period(gemeente.period_start, gemeente.period_end) if gemeente else None
            text = SUPPRESSION_EXPLANATION.format(min_count=indicator_min_count(ws, indicator, monitor))
            waiting = [sources[s] for s in indicator.sources if s not in loaded and s in sources]
            status = ", ".join(s.status for s in statuses if s.indicator == indicator.id and indicator.targets)
            simulated = any(sources[s].simulated for s in indicator.sources if s in sources)
            items.append(IndicatorSummary(indicator, period, gemeente, text, waiting, status, simulated))
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
    maps: list[tuple[str, str, dict[str, Any]]]
    """Choropleth maps of the wijken and the buurten (level, title, spec); empty without boundaries."""
    breakdown: BreakdownView | None
    """The figures by one breakdown for one area (None when the indicator has no breakdown)."""
    series: list[SeriesPoint]
    """The gemeente figure of every period, oldest first, then the forecast."""
    series_chart: dict[str, Any] | None
    """The time-series chart; None when fewer than two periods have a figure to draw."""
    series_target: str
    """The target the chart draws as a line, in words ('' when it draws none)."""
    gemeente_line: bool
    """True when the wijk chart draws the gemeente figure as a line (not for counts: a wijk
    count is a part of the gemeente count, not comparable with it)."""

    @property
    def suppression_text(self) -> str:
        return SUPPRESSION_EXPLANATION.format(min_count=self.min_count)

    @property
    def value_format(self) -> str:
        return wording.value_format(self.indicator)

    @property
    def wijken_left_out(self) -> int:
        """Wijken the bar chart has no bar for: their figure is withheld or not published."""
        return sum(1 for o in self.wijken if o.value is None)

    @property
    def forecast_level(self) -> str:
        """How sure the forecast's band is, e.g. '95%' ('' without a forecast in the series)."""
        outlook = self.findings.outlook
        if outlook is None or not outlook.shown or not outlook.points:
            return ""
        return f"{outlook.points[0].level:.0%}"

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


def _period_chosen(periods: list[Period], asked: str | None) -> Period:
    """The period asked for by its full key or its start date (a link typed or shared by hand);
    the latest when none is asked for. A period the indicator has no figures for is refused."""
    if not asked:
        return periods[0]
    found = period_find([(p.start, p.end) for p in periods], asked)
    if found is None:
        shown = ", ".join(p.label for p in periods[:8]) + (" …" if len(periods) > 8 else "")
        raise BadParameter(
            f"Voor de periode '{asked[:40]}' heeft deze indicator geen cijfers. Kies een periode uit de lijst op "
            f"de pagina ({shown}), of laat de periode weg voor de nieuwste."
        )
    return Period(*found)


def _monitor(ws: Workspace, monitor_id: str) -> Monitor:
    monitor = monitors_load(ws.monitors_dir).get(monitor_id)
    if monitor is None:
        raise NotFound("Deze monitor bestaat niet.")
    return monitor


def monitor_page(ws: Workspace, *, monitor_id: str) -> MonitorOverview:
    """One monitor at a glance: purpose, key figures, and per question its indicators by level."""
    return monitor_overview(ws, _monitor(ws, monitor_id), sources=sources_load(ws.sources_dir), level_text=LEVEL_TEXT)


def profile_page(ws: Workspace, *, monitor_id: str, area: str | None) -> WijkProfile:
    """Every indicator of one monitor for one wijk (``area``), or the wijken to choose from."""
    return wijk_profile(ws, _monitor(ws, monitor_id), area=area)


def signal_page(ws: Workspace, *, monitor_id: str) -> SignalPage:
    """The latest signals of one monitor."""
    return signal_overview(ws, _monitor(ws, monitor_id))


def indicator_page(
    ws: Workspace,
    *,
    monitor_id: str,
    indicator_id: str,
    period: str | None,
    breakdown: str | None = None,
    area: str | None = None,
) -> IndicatorPage:
    """Everything the indicator page shows, for one period (default: the latest), with one
    breakdown (default: the first) for one area (default: the gemeente)."""
    monitor = _monitor(ws, monitor_id)
    try:
        indicator = monitor.indicator(indicator_id)
    except KeyError:
        raise NotFound("Deze indicator bestaat niet.") from None
    periods = [Period(*p) for p in observation_periods(ws, monitor=monitor.id, indicator=indicator.id)]
    if not periods:
        loaded = loaded_sources(ws.warehouse_path)
        sources = sources_load(ws.sources_dir)
        missing = [s for s in indicator_inputs(indicator, sources) if s not in loaded]
        if missing:
            names = ", ".join(f"'{sources[s].title if s in sources else s}' ({s})" for s in missing)
            raise NotFound(
                f"Deze indicator wacht op gegevens: de bron {names} is nog niet geladen. De analist laadt ze "
                "met 'duiding load'; daarna staan hier de cijfers."
            )
        raise NotFound("Voor deze indicator zijn nog geen cijfers berekend.")
    chosen = _period_chosen(periods, period)
    everything = [
        o
        for o in observation_list(
            ws, monitor=monitor.id, indicator=indicator.id, period_start=chosen.start, solve=False
        )
        if o.period_end == chosen.end
    ]
    rows = [o for o in everything if o.breakdown == TOTAL]
    split = breakdown_view(
        indicator, everything, breakdown=breakdown, area=area, gemeente_code=ws.settings.gemeente_code
    )
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
    series = _series(ws, monitor, indicator, findings)
    breaks = [
        (date(b.year, 1, 1), b.sentence)
        for b in breaks_list(ws.warehouse_path)
        if b.level is AreaLevel.WIJK and periods[-1].start.year < b.year <= periods[0].start.year
    ]
    chart, target_text = _series_chart(series, indicator, findings, ws.settings.gemeente_code, breaks)
    gemeente_line = not isinstance(indicator.formula, CountFormula)
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
            wijken,
            unit=indicator.unit,
            reference=gemeente if gemeente_line else None,
            reference_label=f"Gemeente {ws.settings.gemeente_naam}",
        )
        if any(o.value is not None for o in wijken)
        else None,
        min_count=indicator_min_count(ws, indicator, monitor),
        breaks=[sentence for _, sentence in breaks],
        findings=findings,
        series=series,
        breakdown=split,
        maps=_maps(ws, indicator, rows, chosen),
        series_chart=chart,
        series_target=target_text,
        gemeente_line=gemeente_line,
    )


def _maps(
    ws: Workspace, indicator: Indicator, rows: list[ProtectedObservation], period: Period
) -> list[tuple[str, str, dict[str, Any]]]:
    """A map per area level that has boundaries and figures, titled in Dutch."""
    found = []
    for level, plural in ((AreaLevel.WIJK, "wijk"), (AreaLevel.BUURT, "buurt")):
        spec = area_map(
            ws,
            observations=[o for o in rows if o.area_level == level.value],
            level=level,
            year=period.start.year,
            unit=indicator.unit,
            digits=wording.digits(indicator),
        )
        if spec is not None:
            found.append((plural, f"{indicator.title} per {plural}, {period.label}", spec))
    return found


def _series(ws: Workspace, monitor: Monitor, indicator: Indicator, findings: Findings) -> list[SeriesPoint]:
    """The gemeente figure of every period with its interval, oldest first, then the forecast."""
    measured = sorted(
        (
            o
            for o in observation_list(
                ws, monitor=monitor.id, indicator=indicator.id, area_level="gemeente", solve=False
            )
            if o.breakdown == TOTAL
        ),
        key=lambda o: (o.period_start, o.period_end),
    )
    points = [
        SeriesPoint(
            o.period_start,
            period_label(o.period_start, o.period_end),
            o.value,
            o.ci_low,
            o.ci_high,
            withheld=o.suppressed,
        )
        for o in measured
    ]
    outlook = findings.outlook
    if outlook is not None and outlook.shown:
        points += [
            SeriesPoint(p.period_start, period_label(p.period_start, p.period_end), p.value, p.pi_low, p.pi_high, True)
            for p in outlook.points
        ]
    return points


def _series_chart(
    series: list[SeriesPoint],
    indicator: Indicator,
    findings: Findings,
    gemeente_code: str,
    breaks: list[tuple[date, str]],
) -> tuple[dict[str, Any] | None, str]:
    """The time-series chart (None for fewer than two measured figures) and its target in words."""
    if sum(1 for p in series if p.value is not None and not p.forecast) < 2:
        return None, ""
    target = next(
        (t for t in findings.targets if t.status.area_code == gemeente_code and t.status.target_value is not None),
        None,
    )
    value = target.status.target_value if target else None
    label = f"Doel voor {target.by}" if target and target.by else "Doel"
    places = wording.digits(indicator)
    chart = time_series_chart(
        series, unit=indicator.unit, target=value, target_label=label, digits=places, breaks=breaks
    )
    return chart, f"{label}: {with_unit(value, indicator.unit, places)}" if value is not None else ""

"""The monitor overview: its purpose and questions first, each question's indicators by level,
need-to-know first, with the latest figure, its interval, a sparkline, target status and signals."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from duiding.analysis import signal_latest, target_status_list
from duiding.definitions.models import Indicator, Level, Monitor, Purpose, Source
from duiding.numbers import with_unit
from duiding.periods import period_label
from duiding.presentation import wording
from duiding.privacy import SUPPRESSION_EXPLANATION, ProtectedObservation, indicator_min_count, observation_list
from duiding.warehouse import TOTAL
from duiding.workspace import Workspace

PURPOSE_TEXT = {
    Purpose.SIGNALEREN: "signaleren: zien wat verandert",
    Purpose.LEREN: "leren en verbeteren",
    Purpose.STUREN: "sturen op doelen",
    Purpose.VERANTWOORDEN: "verantwoorden aan raad en inwoners",
    Purpose.VOORSPELLEN: "vooruitkijken",
}
LEVEL_ORDER = {level: rank for rank, level in enumerate(Level)}
"""Maatschappelijk resultaat first, input last: the chain read from what matters to inhabitants."""
KEY_FIGURES = 6
"""At most this many key figures at the top: more information is not always better."""
SPARK_WIDTH, SPARK_HEIGHT = 96, 24


@dataclass(frozen=True)
class Sparkline:
    points: str
    """The SVG polyline's points, e.g. '0,20 32,12 64,4'."""
    label: str
    """For screen readers: 'verloop 2019–2024: van 7,4 naar 7,4 rapportcijfer'."""


@dataclass(frozen=True)
class OverviewItem:
    indicator: Indicator
    period: str
    latest: ProtectedObservation | None
    interval: str
    sparkline: Sparkline | None
    target_status: str
    signals: int
    simulated: bool
    suppression_text: str

    @property
    def value_format(self) -> str:
        return wording.value_format(self.indicator)


@dataclass(frozen=True)
class OverviewQuestion:
    text: str
    levels: list[tuple[str, list[OverviewItem]]]
    """(level in words, its indicators), from maatschappelijk resultaat to input."""


@dataclass(frozen=True)
class MonitorOverview:
    monitor: Monitor
    purposes: list[str]
    key_figures: list[OverviewItem]
    """The need-to-know indicators with a figure (at most ``KEY_FIGURES``)."""
    questions: list[OverviewQuestion]
    analysed: bool


def _sparkline(series: list[ProtectedObservation], indicator: Indicator) -> Sparkline | None:
    shown = [o for o in series if o.value is not None]
    if len(shown) < 2:
        return None
    values = [o.value for o in shown if o.value is not None]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = SPARK_WIDTH / (len(shown) - 1)
    points = " ".join(
        f"{i * step:.1f},{SPARK_HEIGHT - 2 - (v - low) / span * (SPARK_HEIGHT - 4):.1f}" for i, v in enumerate(values)
    )
    places = wording.digits(indicator)
    first, last = shown[0], shown[-1]
    label = (
        f"verloop {period_label(first.period_start, first.period_end)} tot "
        f"{period_label(last.period_start, last.period_end)}: van {with_unit(values[0], indicator.unit, places)} "
        f"naar {with_unit(values[-1], indicator.unit, places)}"
    )
    return Sparkline(points, label)


def monitor_overview(
    ws: Workspace, monitor: Monitor, *, sources: dict[str, Source], level_text: dict[Level, str]
) -> MonitorOverview:
    """One monitor at a glance: one read of its gemeente figures, its target status and its signals."""
    rows = [
        o for o in observation_list(ws, monitor=monitor.id, area_level="gemeente", solve=False) if o.breakdown == TOTAL
    ]
    series: dict[str, list[ProtectedObservation]] = {}
    for o in sorted(rows, key=lambda o: (o.period_start, o.period_end)):
        series.setdefault(o.indicator, []).append(o)
    statuses = target_status_list(ws, monitor=monitor.id)
    signals = Counter(s.indicator for s in signal_latest(ws, monitor=monitor.id))
    items = {}
    for indicator in monitor.indicators:
        own = series.get(indicator.id, [])
        with_value = [o for o in own if o.value is not None or o.suppressed]
        latest = with_value[-1] if with_value else None
        places = wording.digits(indicator)
        items[indicator.id] = OverviewItem(
            indicator=indicator,
            period=period_label(latest.period_start, latest.period_end) if latest else "",
            latest=latest,
            interval=wording.interval_text(latest.ci_low, latest.ci_high, places) if latest else "",
            sparkline=_sparkline(own, indicator),
            target_status=", ".join(
                s.status
                for s in statuses
                if s.indicator == indicator.id and indicator.targets and s.status != "geen doel"
            ),
            signals=signals[indicator.id],
            simulated=any(sources[s].simulated for s in indicator.sources if s in sources),
            suppression_text=SUPPRESSION_EXPLANATION.format(min_count=indicator_min_count(ws, indicator, monitor)),
        )
    questions = []
    known = {q.id for q in monitor.questions}
    groups = [(q.text, [i for i in monitor.indicators if i.question == q.id]) for q in monitor.questions]
    groups.append(("Overige indicatoren", [i for i in monitor.indicators if i.question not in known]))
    for text, members in groups:
        if not members:
            continue
        ordered = sorted(members, key=lambda i: (LEVEL_ORDER[i.level], not i.need_to_know))
        levels: dict[Level, list[OverviewItem]] = {}
        for indicator in ordered:
            levels.setdefault(indicator.level, []).append(items[indicator.id])
        questions.append(OverviewQuestion(text, [(level_text[level], found) for level, found in levels.items()]))
    key = [
        items[i.id]
        for i in sorted(monitor.indicators, key=lambda i: LEVEL_ORDER[i.level])
        if i.need_to_know and items[i.id].latest is not None
    ]
    return MonitorOverview(
        monitor=monitor,
        purposes=[PURPOSE_TEXT[p] for p in monitor.purpose],
        key_figures=key[:KEY_FIGURES],
        questions=questions,
        analysed=bool(statuses),
    )

"""Reads for the signals page: the latest signals of a monitor, as the analysis layer ranked them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from duiding.analysis import Signal, signal_latest, target_status_list
from duiding.analysis.signals import FALSE_DISCOVERY_RATE
from duiding.analysis.text import nl_date
from duiding.definitions.models import Monitor
from duiding.periods import period_key, period_label
from duiding.privacy import observation_periods, observation_stamp
from duiding.workspace import Workspace

KIND_TEXT = {
    "previous": "verandering ten opzichte van de periode ervoor",
    "year_ago": "verandering ten opzichte van een jaar eerder",
    "gemeente": "verschil met de hele gemeente",
    "group": "verschil tussen groepen",
}
ARTEFACT_MARK = "mogelijk registratie-effect"


@dataclass(frozen=True)
class SignalItem:
    signal: Signal
    indicator_title: str
    period: str
    """The period the signal is about, e.g. '2023' or '1e kwartaal 2024'."""
    period_key: str
    """The indicator page's ``periode`` parameter for that period."""
    kind: str
    latest: str = ""
    """The indicator's latest period when the signal is about an earlier one ('' when it is the latest)."""

    @property
    def artefact(self) -> bool:
        return self.signal.artefact != ""


@dataclass(frozen=True)
class SignalPage:
    monitor: Monitor
    signals: list[SignalItem]
    analysed: bool
    """False when the analysis does not belong to the current figures (then there are no signals to show)."""
    computed_on: str
    """When the figures the signals rest on were computed, e.g. '3 juni 2025'."""
    false_discovery_rate: str
    artefact_mark: str = ARTEFACT_MARK


def _later(latest: tuple[date, date] | None, signal: Signal) -> str:
    if latest is None or latest == (signal.period_start, signal.period_end):
        return ""
    return period_label(*latest)


def signal_count(ws: Workspace, *, monitor: str) -> int:
    """How many signals the latest periods of ``monitor`` have."""
    return len(signal_latest(ws, monitor=monitor))


def signal_overview(ws: Workspace, monitor: Monitor) -> SignalPage:
    """The latest signals of ``monitor``, ranked (real changes before possible registration effects)."""
    titles = {i.id: i.title for i in monitor.indicators}
    found = [s for s in signal_latest(ws, monitor=monitor.id) if s.indicator in titles]
    latest = {}
    for indicator in {s.indicator for s in found}:
        periods = observation_periods(ws, monitor=monitor.id, indicator=indicator)
        latest[indicator] = periods[0] if periods else None
    items = [
        SignalItem(
            signal=s,
            indicator_title=titles[s.indicator],
            period=period_label(s.period_start, s.period_end),
            period_key=period_key(s.period_start, s.period_end),
            kind=KIND_TEXT.get(s.kind, s.kind),
            latest=_later(latest[s.indicator], s),
        )
        for s in found
    ]
    stamp = observation_stamp(ws, monitor=monitor.id)
    return SignalPage(
        monitor=monitor,
        signals=items,
        # the analysis stores a target status for every indicator (also 'geen doel'): none means not current
        analysed=bool(target_status_list(ws, monitor=monitor.id)),
        computed_on=nl_date(stamp.date()) if stamp else "",
        false_discovery_rate=f"{FALSE_DISCOVERY_RATE:.0%}",
    )

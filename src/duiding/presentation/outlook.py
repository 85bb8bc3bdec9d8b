"""Reads of the stored analysis that look beyond one period: targets, forecast, comparable gemeenten."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from duiding.analysis import (
    ForecastModel,
    ForecastRow,
    PeerStanding,
    Status,
    forecast_list,
    peer_standing_get,
    target_status_list,
)
from duiding.analysis.text import nl_date
from duiding.definitions.models import Indicator, Monitor
from duiding.numbers import nl_number, with_unit
from duiding.periods import period_label
from duiding.presentation import wording
from duiding.workspace import Workspace


@dataclass(frozen=True)
class Target:
    status: Status
    by: str
    """The target date in words, e.g. '31 december 2026'."""
    note: str


@dataclass(frozen=True)
class ForecastLine:
    period: str
    value: str
    interval: str


@dataclass(frozen=True)
class Outlook:
    shown: bool
    text: str
    """The model and backtest in words, or why there is no forecast."""
    lines: list[ForecastLine]
    points: tuple[ForecastRow, ...] = ()
    """The forecast itself, for the time-series chart."""


@dataclass(frozen=True)
class PeerLine:
    name: str
    value: str
    own: bool


@dataclass(frozen=True)
class Peers:
    standing: PeerStanding
    value: str
    rank: str
    median: str
    low: str
    high: str
    lines: list[PeerLine]
    """The peers and the gemeente itself, highest value first."""


def target_views(ws: Workspace, monitor: Monitor, indicator: Indicator) -> list[Target]:
    """The status of each target of ``indicator`` (none when it has no target)."""
    if not indicator.targets:
        return []
    notes: dict[tuple[date | None, str], str] = {
        (t.by, t.area or ws.settings.gemeente_code): t.note for t in indicator.targets
    }
    return [
        Target(s, nl_date(s.target_by) if s.target_by else "", notes.get((s.target_by, s.area_code), ""))
        for s in target_status_list(ws, monitor=monitor.id, indicator=indicator.id)
        if s.status != "geen doel"
    ]


def _forecast_line(point: ForecastRow, indicator: Indicator, places: int) -> ForecastLine:
    return ForecastLine(
        period_label(point.period_start, point.period_end),
        with_unit(point.value, indicator.unit, places),
        wording.interval_text(point.pi_low, point.pi_high, places),
    )


def outlook_get(ws: Workspace, monitor: Monitor, indicator: Indicator, gemeente_code: str) -> Outlook | None:
    """The forecast for the gemeente, or why there is none; None when the analysis has not run."""
    models, points = forecast_list(ws, monitor=monitor.id, indicator=indicator.id, area_code=gemeente_code)
    model: ForecastModel | None = next(iter(models), None)
    if model is None:
        return None
    if not model.shown:
        return Outlook(False, model.reason, [])
    places = wording.digits(indicator)
    lines = [_forecast_line(p, indicator, places) for p in points]
    return Outlook(True, wording.model_text(model, indicator), lines, tuple(points))


def peers_get(ws: Workspace, monitor: Monitor, indicator: Indicator) -> Peers | None:
    """The gemeente among comparable municipalities (reference year), when that can be said."""
    standing = peer_standing_get(ws, monitor=monitor.id, indicator=indicator.id)
    if standing is None:
        return None
    unit = indicator.unit
    own = (ws.settings.gemeente_code, ws.settings.gemeente_naam, standing.value)
    everyone = sorted([*standing.peers, own], key=lambda p: (-p[2], p[1]))
    return Peers(
        standing=standing,
        value=with_unit(standing.value, unit),
        rank=wording.rank_text(standing.rank, standing.of_count),
        median=with_unit(standing.peer_median, unit),
        low=with_unit(standing.peer_low, unit),
        high=with_unit(standing.peer_high, unit),
        lines=[PeerLine(name, nl_number(value, 1), code == own[0]) for code, name, value in everyone],
    )

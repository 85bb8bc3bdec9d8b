"""Reading stored analysis for pages and reports (selectors); nothing is recomputed here.

Each reader returns rows only when the stored analysis belongs to the monitor's current
observations; otherwise (observations recomputed, analysis not yet run) it returns nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from duiding.privacy import observation_stamp
from duiding.warehouse import warehouse_connect
from duiding.workspace import Workspace


@dataclass(frozen=True)
class Signal:
    monitor: str
    indicator: str
    kind: str
    """``previous``, ``year_ago``, ``gemeente`` or ``group``."""
    period_start: date
    period_end: date
    area_level: str
    area_code: str
    area_name: str
    breakdown: str
    breakdown_value: str
    value: float
    reference: float
    p_value: float
    score: float
    rank: int
    artefact: str
    """Why the change may come from how figures were registered, or ``''``."""
    sentence: str


@dataclass(frozen=True)
class Comparison:
    indicator: str
    kind: str
    period_start: date
    period_end: date
    area_level: str
    area_code: str
    breakdown: str
    breakdown_value: str
    reference_start: date | None
    reference_end: date | None
    reference_code: str
    value: float
    reference: float
    difference: float
    p_value: float | None
    limit95_low: float | None
    limit95_high: float | None
    limit998_low: float | None
    limit998_high: float | None
    band: str
    significant: bool
    relevant: bool
    artefact: str


@dataclass(frozen=True)
class Status:
    indicator: str
    area_code: str
    target_value: float | None
    direction: str | None
    target_by: date | None
    status: str
    latest_start: date | None
    latest_end: date | None
    latest_value: float | None
    projected: float | None
    projected_low: float | None
    projected_high: float | None
    explanation: str


@dataclass(frozen=True)
class ForecastRow:
    area_level: str
    area_code: str
    step: int
    period_start: date
    period_end: date
    value: float
    pi_low: float
    pi_high: float
    level: float


@dataclass(frozen=True)
class ForecastModel:
    area_level: str
    area_code: str
    shown: bool
    model: str
    reason: str
    points: int
    backtest_mae: float | None
    naive_mae: float | None


@dataclass(frozen=True)
class Trend:
    area_level: str
    area_code: str
    breakdown: str
    breakdown_value: str
    first_start: date
    last_start: date
    points: int
    slope: float | None
    slope_low: float | None
    slope_high: float | None
    p_value: float | None
    significant: bool


@dataclass(frozen=True)
class PeerStanding:
    indicator: str
    year: int
    value: float
    rank: int
    of_count: int
    peer_median: float
    peer_low: float
    peer_high: float
    peers: tuple[tuple[str, str, float], ...]
    """``(code, name, value)`` of each comparable municipality, sorted by value."""
    method: str


@dataclass(frozen=True)
class Unreliable:
    """A figure marked *onbetrouwbaar*: impossible, or an interval too wide to mean anything."""

    indicator: str
    period_start: date
    period_end: date
    area_level: str
    area_code: str
    area_name: str
    breakdown: str
    breakdown_value: str
    value: float | None
    ci_low: float | None
    ci_high: float | None
    rule: str
    """``impossible`` or ``too_wide``."""
    reason: str
    """Dutch, shown with the figure."""


def _nan_to_none(value: Any) -> Any:
    return None if isinstance(value, float) and value != value else value


def _file_state(path: Path) -> tuple[int, ...]:
    """Changes whenever the warehouse is written (its file or its write-ahead log)."""
    wal = path.with_name(path.name + ".wal")
    states = [f.stat() for f in (path, wal) if f.exists()]
    return tuple(n for st in states for n in (st.st_mtime_ns, st.st_size))


@lru_cache(maxsize=256)
def _current(workspace: Workspace, monitor: str, state: tuple[int, ...]) -> datetime | None:
    """The ``computed_at`` of the monitor's observations when its stored analysis belongs to
    them, else None. Cached per state of the warehouse file, so a page that reads several
    parts of the analysis asks once."""
    stamp = observation_stamp(workspace, monitor=monitor)
    if stamp is None:
        return None
    con = warehouse_connect(workspace.warehouse_path, read_only=True)
    try:
        analysed = con.execute("SELECT max(computed_at) FROM analyses WHERE monitor = ?", [monitor]).fetchall()
    finally:
        con.close()
    return stamp if analysed and analysed[0][0] == stamp else None


def _rows(workspace: Workspace, monitor: str, query: str, params: list[object]) -> list[tuple[Any, ...]]:
    """Rows of ``query`` when the stored analysis of ``monitor`` is current, else none."""
    if not workspace.warehouse_path.exists():
        return []
    stamp = _current(workspace, monitor, _file_state(workspace.warehouse_path))
    if stamp is None:
        return []
    con = warehouse_connect(workspace.warehouse_path, read_only=True)
    try:
        return [tuple(_nan_to_none(v) for v in row) for row in con.execute(query, [*params, stamp]).fetchall()]
    finally:
        con.close()


def _where(base: str, filters: dict[str, object]) -> tuple[str, list[object]]:
    query, params = base, []
    for column, wanted in filters.items():
        if wanted is not None:
            query += f" AND {column} = ?"
            params.append(wanted)
    return query, params


_SIGNAL = (
    "monitor, indicator, kind, period_start, period_end, area_level, area_code, area_name, breakdown, "
    "breakdown_value, value, reference, p_value, score, rank, artefact, sentence"
)


def signal_list(
    workspace: Workspace, *, monitor: str, indicator: str | None = None, period_start: date | None = None
) -> list[Signal]:
    """The signals of a monitor (optionally one indicator or period), newest period first, by rank."""
    query, params = _where(
        f"SELECT {_SIGNAL} FROM signals WHERE monitor = ?",  # noqa: S608 - constant names
        {"indicator": indicator, "period_start": period_start},
    )
    query += " AND computed_at = ? ORDER BY period_start DESC, rank"
    return [Signal(*row) for row in _rows(workspace, monitor, query, [monitor, *params])]


def signal_latest(workspace: Workspace, *, monitor: str) -> list[Signal]:
    """The signals of each indicator's latest period (none for an indicator whose latest period
    has none), ranked over the monitor as a whole: real changes first, then by score."""
    query = (
        f"SELECT {_SIGNAL} FROM signals s WHERE monitor = ? AND period_start = ("  # noqa: S608
        "SELECT max(c.period_start) FROM comparisons c WHERE c.monitor = s.monitor AND c.indicator = s.indicator "
        "AND c.computed_at = s.computed_at) AND computed_at = ?"
    )
    found = [Signal(*row) for row in _rows(workspace, monitor, query, [monitor])]
    return sorted(found, key=lambda s: (s.artefact != "", -s.score, s.indicator, s.area_code))


_COMPARISON = (
    "indicator, kind, period_start, period_end, area_level, area_code, breakdown, breakdown_value, "
    "reference_start, reference_end, reference_code, value, reference, difference, p_value, limit95_low, "
    "limit95_high, limit998_low, limit998_high, band, significant, relevant, artefact"
)


def comparison_list(
    workspace: Workspace,
    *,
    monitor: str,
    indicator: str,
    period_start: date | None = None,
    kind: str | None = None,
    area_code: str | None = None,
    breakdown: str | None = None,
) -> list[Comparison]:
    """Stored comparisons of one indicator, ordered by period, kind and area."""
    query, params = _where(
        f"SELECT {_COMPARISON} FROM comparisons WHERE monitor = ? AND indicator = ?",  # noqa: S608
        {"period_start": period_start, "kind": kind, "area_code": area_code, "breakdown": breakdown},
    )
    query += " AND computed_at = ? ORDER BY period_start, kind, area_code, breakdown, breakdown_value"
    return [Comparison(*row) for row in _rows(workspace, monitor, query, [monitor, indicator, *params])]


_STATUS = (
    "indicator, area_code, target_value, direction, target_by, status, latest_start, latest_end, latest_value, "
    "projected, projected_low, projected_high, explanation"
)


def target_status_list(workspace: Workspace, *, monitor: str, indicator: str | None = None) -> list[Status]:
    """The status of every target of a monitor (one ``geen doel`` row for an indicator without targets)."""
    query, params = _where(
        f"SELECT {_STATUS} FROM target_status WHERE monitor = ?",  # noqa: S608
        {"indicator": indicator},
    )
    query += " AND computed_at = ? ORDER BY indicator, target_by, area_code"
    return [Status(*row) for row in _rows(workspace, monitor, query, [monitor, *params])]


def forecast_list(
    workspace: Workspace, *, monitor: str, indicator: str, area_code: str | None = None
) -> tuple[list[ForecastModel], list[ForecastRow]]:
    """Per area whether a forecast is shown (and why), and the forecast points of those shown."""
    model_query, params = _where(
        "SELECT area_level, area_code, shown, model, reason, points, backtest_mae, naive_mae FROM forecast_models "
        "WHERE monitor = ? AND indicator = ?",
        {"area_code": area_code},
    )
    models = _rows(
        workspace, monitor, model_query + " AND computed_at = ? ORDER BY area_code", [monitor, indicator, *params]
    )
    point_query, params = _where(
        "SELECT area_level, area_code, step, period_start, period_end, value, pi_low, pi_high, level FROM forecasts "
        "WHERE monitor = ? AND indicator = ?",
        {"area_code": area_code},
    )
    points = _rows(
        workspace, monitor, point_query + " AND computed_at = ? ORDER BY area_code, step", [monitor, indicator, *params]
    )
    return [ForecastModel(*row) for row in models], [ForecastRow(*row) for row in points]


def trend_list(workspace: Workspace, *, monitor: str, indicator: str, area_code: str | None = None) -> list[Trend]:
    """The trend over the whole series of one indicator per area (totals)."""
    query, params = _where(
        "SELECT area_level, area_code, breakdown, breakdown_value, first_start, last_start, points, slope, "
        "slope_low, slope_high, p_value, significant FROM trends WHERE monitor = ? AND indicator = ?",
        {"area_code": area_code},
    )
    query += " AND computed_at = ? ORDER BY area_code, breakdown, breakdown_value"
    return [Trend(*row) for row in _rows(workspace, monitor, query, [monitor, indicator, *params])]


def interval_method_get(workspace: Workspace, *, monitor: str, indicator: str) -> tuple[str, float] | None:
    """``(method, level)`` of an indicator's intervals, e.g. ``('wilson', 0.95)``."""
    rows = _rows(
        workspace,
        monitor,
        "SELECT interval_method, level FROM indicator_methods WHERE monitor = ? AND indicator = ? AND computed_at = ?",
        [monitor, indicator],
    )
    return (str(rows[0][0]), float(rows[0][1])) if rows else None


def peer_standing_get(workspace: Workspace, *, monitor: str, indicator: str) -> PeerStanding | None:
    """Where the gemeente stands among comparable municipalities for ``indicator``, if it can be said."""
    rows = _rows(
        workspace,
        monitor,
        "SELECT p.indicator, p.year, p.value, p.rank, p.of_count, p.peer_median, p.peer_low, p.peer_high, "
        "p.peer_values, coalesce((SELECT any_value(method) FROM peer_groups g WHERE g.year = p.year "
        "AND g.gemeente_code = ?), '') FROM peer_positions p WHERE p.monitor = ? AND p.indicator = ? "
        "AND p.computed_at = ?",
        [workspace.settings.gemeente_code, monitor, indicator],
    )
    if not rows:
        return None
    row = rows[0]
    peers = tuple((p["code"], p["name"], float(p["value"])) for p in json.loads(row[8]))
    return PeerStanding(*row[:8], peers=peers, method=row[9])  # type: ignore[misc]


def peer_group_list(workspace: Workspace) -> list[tuple[int, str, str, float]]:
    """The comparable municipalities of the workspace's gemeente: ``(rank, code, name, distance)``."""
    if not workspace.warehouse_path.exists():
        return []
    con = warehouse_connect(workspace.warehouse_path, read_only=True)
    try:
        rows = con.execute(
            "SELECT rank, peer_code, peer_name, distance FROM peer_groups WHERE gemeente_code = ? ORDER BY rank",
            [workspace.settings.gemeente_code],
        ).fetchall()
    finally:
        con.close()
    return [(int(r[0]), str(r[1]), str(r[2]), float(r[3])) for r in rows]


def unreliable_list(workspace: Workspace, *, monitor: str, indicator: str | None = None) -> list[Unreliable]:
    """The figures of a monitor (optionally one indicator) marked *onbetrouwbaar*, by indicator, period, area."""
    query, params = _where(
        "SELECT indicator, period_start, period_end, area_level, area_code, area_name, breakdown, breakdown_value, "
        "value, ci_low, ci_high, rule, reason FROM unreliable WHERE monitor = ?",
        {"indicator": indicator},
    )
    query += " AND computed_at = ? ORDER BY indicator, period_start, area_level, area_code, breakdown, breakdown_value"
    return [Unreliable(*row) for row in _rows(workspace, monitor, query, [monitor, *params])]


@dataclass(frozen=True)
class UnreliableGroup:
    """For the quality report: the figures of one indicator and area level marked for one rule."""

    monitor: str
    indicator: str
    area_level: str
    rule: str
    count: int
    examples: tuple[Unreliable, ...]
    """The first few, by period and area."""


def unreliable_summary(workspace: Workspace, *, monitors: Sequence[str], examples: int = 3) -> list[UnreliableGroup]:
    """Per monitor, indicator, area level and rule: how many figures are marked *onbetrouwbaar*, and a few of them."""
    groups: dict[tuple[str, str, str, str], list[Unreliable]] = {}
    for monitor in monitors:
        for mark in unreliable_list(workspace, monitor=monitor):
            groups.setdefault((monitor, mark.indicator, mark.area_level, mark.rule), []).append(mark)
    return [
        UnreliableGroup(*key, count=len(found), examples=tuple(found[:examples]))
        for key, found in sorted(groups.items())
    ]


@dataclass(frozen=True)
class NationalFigure:
    """The Nederland figure of a rate indicator in one period, and where the gemeente lies against it."""

    indicator: str
    period_start: date
    period_end: date
    value: float
    numerator: float | None
    denominator: float | None
    origin: str
    """``computed`` (numerator / denominator × per, as for every area) or ``cbs`` (CBS's own ratio)."""
    gemeente_value: float | None
    position: str
    """``higher``, ``lower`` (the national value lies outside the gemeente's 95%-interval), ``within`` or ''."""


def national_list(workspace: Workspace, *, monitor: str, indicator: str | None = None) -> list[NationalFigure]:
    """The Nederland figures of a monitor (optionally one indicator), by indicator and period."""
    query, params = _where(
        "SELECT indicator, period_start, period_end, value, numerator, denominator, origin, gemeente_value, position "
        "FROM national_figures WHERE monitor = ?",
        {"indicator": indicator},
    )
    query += " AND computed_at = ? ORDER BY indicator, period_start"
    return [NationalFigure(*row) for row in _rows(workspace, monitor, query, [monitor, *params])]

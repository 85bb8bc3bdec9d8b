"""The analysis tables in the warehouse: written in one transaction per run, read by pages and reports.

Every row carries the ``computed_at`` of the observations it was worked out from; the
readers return nothing for a monitor whose observations changed since (the analysis is then
stale and ``duiding compute`` runs it again).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb
import numpy as np
import pandas as pd

from duiding.analysis.compare import OUTPUT as COMPARISON_OUTPUT
from duiding.analysis.methods import indicator_method
from duiding.analysis.national import NATIONAL_COLUMNS
from duiding.analysis.outlook import SeriesForecast
from duiding.analysis.peers import PeerGroup, PeerPosition
from duiding.analysis.plausibility import MARK_COLUMNS
from duiding.analysis.targets import TargetStatus
from duiding.definitions.models import Monitor
from duiding.warehouse import MONITOR_OBSERVATION_KEY, OBSERVATION_PLACE, warehouse_transaction
from duiding.workspace import Workspace

MONITOR_TABLES = (
    "analyses",
    "intervals",
    "indicator_methods",
    "comparisons",
    "trends",
    "target_status",
    "signals",
    "forecast_models",
    "forecasts",
    "peer_positions",
    "unreliable",
    "national_figures",
)
"""Tables with a ``monitor`` column, replaced per monitor."""


@dataclass(frozen=True)
class AnalysisResult:
    """Everything worked out for one monitor, before it is stored."""

    monitor: Monitor
    computed_at: datetime
    frame: pd.DataFrame
    comparisons: pd.DataFrame
    signals: pd.DataFrame
    trends: pd.DataFrame
    statuses: tuple[TargetStatus, ...]
    forecasts: tuple[SeriesForecast, ...]
    peer_group: PeerGroup | None
    peer_positions: tuple[tuple[str, PeerPosition], ...]
    unreliable: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MARK_COLUMNS))
    """Figures marked *onbetrouwbaar* (``plausibility.unreliable_marks``)."""
    national: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=NATIONAL_COLUMNS))
    """The Nederland figure per rate indicator and period (``national.national_figures``)."""


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    con.register("incoming", frame)
    columns = ", ".join(frame.columns)
    con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming")  # noqa: S608 - our own names
    con.unregister("incoming")


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def _interval_rows(result: AnalysisResult) -> pd.DataFrame:
    frame = result.frame[np.isfinite(result.frame["ci_low"]) | np.isfinite(result.frame["ci_high"])]
    rows = frame[[*MONITOR_OBSERVATION_KEY, "ci_low", "ci_high"]].copy()
    return _dates(rows, "period_start")


def _method_rows(result: AnalysisResult, level: float) -> pd.DataFrame:
    methods = [(i.id, indicator_method(i).interval.value, level) for i in result.monitor.indicators]
    return pd.DataFrame(methods, columns=["indicator", "interval_method", "level"])


_COMPARISON_COLUMNS = [
    *(c for c in COMPARISON_OUTPUT if c not in ("area_name", "figure", "load_ids", "reference_load_ids")),
    "relevant",
    "artefact",
]
"""The columns of ``comparisons`` (the monitor and stamp are added on insert)."""
_SIGNAL_COLUMNS = [
    "indicator",
    "kind",
    *OBSERVATION_PLACE,
    "value",
    "reference",
    "p_value",
    "score",
    "rank",
    "artefact",
    "sentence",
]


def _comparison_rows(result: AnalysisResult) -> pd.DataFrame:
    rows = result.comparisons[_COMPARISON_COLUMNS].copy()
    rows["significant"] = rows["significant"].astype(bool)
    rows["relevant"] = rows["relevant"].astype(bool)
    return _dates(rows, "period_start", "period_end", "reference_start", "reference_end")


def _status_rows(statuses: Sequence[TargetStatus]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "indicator": s.indicator,
                "area_code": s.area_code,
                "target_value": s.target.value if s.target else None,
                "direction": s.target.direction if s.target else None,
                "target_by": s.target.by if s.target else None,
                "status": s.status,
                "latest_start": s.latest_start,
                "latest_end": s.latest_end,
                "latest_value": s.latest_value,
                "projected": s.projected,
                "projected_low": s.projected_low,
                "projected_high": s.projected_high,
                "explanation": s.explanation,
            }
            for s in statuses
        ]
    )


def _forecast_rows(forecasts: Sequence[SeriesForecast]) -> tuple[pd.DataFrame, pd.DataFrame]:
    models = pd.DataFrame(
        [
            {
                "indicator": f.indicator,
                "area_level": f.area_level,
                "area_code": f.area_code,
                "shown": f.forecast.shown,
                "model": f.forecast.model,
                "reason": f.forecast.reason,
                "points": f.forecast.points_used,
                "backtest_mae": f.forecast.backtest_mae,
                "naive_mae": f.forecast.naive_mae,
            }
            for f in forecasts
        ]
    )
    points = pd.DataFrame(
        [
            {
                "indicator": f.indicator,
                "area_level": f.area_level,
                "area_code": f.area_code,
                "step": point.step,
                "period_start": period[0],
                "period_end": period[1],
                "value": point.value,
                "pi_low": point.low,
                "pi_high": point.high,
                "level": f.forecast.level,
            }
            for f in forecasts
            if f.forecast.shown
            for point, period in zip(f.forecast.points, f.periods, strict=True)
        ]
    )
    return models, points


def _peer_rows(positions: Sequence[tuple[str, PeerPosition]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "indicator": indicator,
                "year": p.year,
                "value": p.value,
                "rank": p.rank,
                "of_count": p.of,
                "peer_median": p.median,
                "peer_low": p.low,
                "peer_high": p.high,
                "peer_values": json.dumps(
                    [{"code": c, "name": n, "value": v} for c, n, v in p.peer_values], ensure_ascii=False
                ),
            }
            for indicator, p in positions
        ]
    )


def _group_rows(group: PeerGroup) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "gemeente_code": group.gemeente_code,
                "year": group.year,
                "rank": peer.rank,
                "peer_code": peer.code,
                "peer_name": peer.name,
                "distance": peer.distance,
                "method": group.method,
            }
            for peer in group.peers
        ]
    )


def _tables(result: AnalysisResult, level: float) -> dict[str, pd.DataFrame]:
    models, points = _forecast_rows(result.forecasts)
    return {
        "intervals": _interval_rows(result),
        "indicator_methods": _method_rows(result, level),
        "comparisons": _comparison_rows(result),
        "trends": _dates(result.trends.copy(), "first_start", "last_start"),
        "target_status": _status_rows(result.statuses),
        "signals": _dates(result.signals[_SIGNAL_COLUMNS].copy(), "period_start", "period_end"),
        "forecast_models": models,
        "forecasts": points,
        "peer_positions": _peer_rows(result.peer_positions),
        "unreliable": _dates(result.unreliable[MARK_COLUMNS].copy(), "period_start", "period_end"),
        "national_figures": _dates(result.national[NATIONAL_COLUMNS].copy(), "period_start", "period_end"),
    }


def analysis_store(
    workspace: Workspace, monitors: Sequence[str], results: Sequence[AnalysisResult], *, level: float = 0.95
) -> None:
    """Replace the analysis of ``monitors`` by ``results`` in one transaction (a monitor without result is emptied)."""
    analysed_at = datetime.now(UTC).replace(tzinfo=None)
    with warehouse_transaction(workspace.warehouse_path) as con:
        for monitor in monitors:
            for table in MONITOR_TABLES:
                con.execute(f"DELETE FROM {table} WHERE monitor = ?", [monitor])  # noqa: S608 - constant names
        groups = {r.peer_group.gemeente_code: r.peer_group for r in results if r.peer_group is not None}
        for code, group in groups.items():
            con.execute("DELETE FROM peer_groups WHERE gemeente_code = ?", [code])
            _insert(con, "peer_groups", _group_rows(group))
        for result in results:
            for table, frame in _tables(result, level).items():
                if not frame.empty:
                    _insert(con, table, frame.assign(monitor=result.monitor.id, computed_at=result.computed_at))
            con.execute("INSERT INTO analyses VALUES (?, ?, ?)", [result.monitor.id, result.computed_at, analysed_at])

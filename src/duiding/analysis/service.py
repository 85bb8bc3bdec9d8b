"""The analysis layer's entry point: ``analysis_compute`` after every compute and protection.

Flow, per monitor:

1. read the monitor's observations through the gate (``duiding.privacy``): suppressed
   figures arrive empty and stay out of every calculation below;
2. the 95% interval of every figure (``intervals``, method per formula kind: ``methods``),
   widened for the publisher's rounding, and the figures marked *onbetrouwbaar*
   (``plausibility``), which get no verdict in a comparison and no signal;
   the Nederland figure of each rate where a KWB file carried the NL00 row (``national``);
3. comparisons over time, between areas and between groups, each with its test
   (``compare``), marked as possible artefact where registration or indeling changed
   (``artefacts``), and whether the difference is large enough to matter;
4. signals for every period (``signals``), the trend over each series (``trend``), the
   status of every target (``targets``), forecasts for the gemeente and its wijken
   (``outlook``), and the gemeente among comparable municipalities (``peers``);
5. everything is stored in one warehouse transaction with the ``computed_at`` of the
   observations it was worked out from (``store``), so pages and reports read it without
   recomputing and never show analysis of figures that have since changed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import as_completed
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from duiding.analysis.artefacts import artefact_reasons
from duiding.analysis.compare import PREVIOUS, YEAR_AGO, area_comparisons, group_comparisons, time_comparisons
from duiding.analysis.frame import observation_frame
from duiding.analysis.intervals import IntervalMethod, observation_interval
from duiding.analysis.national import national_figures, national_values
from duiding.analysis.outlook import SeriesForecast, indicator_forecasts
from duiding.analysis.peering import monitor_peer_positions
from duiding.analysis.peers import PeerGroup, PeerPosition, peer_group
from duiding.analysis.plausibility import comparisons_without_unreliable, unreliable_marks, widen_for_rounding
from duiding.analysis.signals import relevant, signals_select
from duiding.analysis.store import AnalysisResult, analysis_store
from duiding.analysis.targets import TargetStatus, indicator_target_statuses
from duiding.analysis.trend import series_trends
from duiding.definitions import monitors_load, sources_load
from duiding.definitions.models import Monitor, Source
from duiding.geography import breaks_list
from duiding.privacy import observation_list, observation_stamp
from duiding.warehouse import TOTAL
from duiding.workers import worker_pool
from duiding.workspace import Workspace, workspace_open

LEVEL = 0.95


@dataclass(frozen=True)
class AnalysisSummary:
    """What one run produced, for the command line."""

    monitors: tuple[str, ...]
    intervals: int
    comparisons: int
    signals: int
    forecasts: int
    targets: dict[str, int]
    """Number of targets per status."""


def _intervals(frame: pd.DataFrame) -> pd.DataFrame:
    low, high = np.full(len(frame), np.nan), np.full(len(frame), np.nan)
    for method in IntervalMethod:
        mask = (frame["interval"] == method.value).to_numpy() & frame["known"].to_numpy()
        if not mask.any():
            continue
        part = frame[mask]
        low[mask], high[mask] = observation_interval(
            method,
            numerator=part["numerator"].to_numpy(float),
            denominator=part["denominator"].to_numpy(float),
            value=part["value"].to_numpy(float),
            spread=part["spread"].to_numpy(float),
            per=part["per"].to_numpy(float),
            level=LEVEL,
        )
    return frame.assign(ci_low=low, ci_high=high)


def _comparisons(
    frame: pd.DataFrame, monitor: Monitor, sources: dict[str, Source], workspace: Workspace
) -> pd.DataFrame:
    grains = {i.id: i.period_grain for i in monitor.indicators}
    parts = [time_comparisons(frame, grains), area_comparisons(frame), group_comparisons(frame)]
    found = [p for p in parts if not p.empty]
    comparisons = pd.concat(found, ignore_index=True) if found else parts[0]
    comparisons["relevant"] = relevant(comparisons, monitor) if not comparisons.empty else []
    over_time = comparisons["kind"].isin([PREVIOUS, YEAR_AGO])
    reasons = artefact_reasons(comparisons[over_time], monitor, sources, breaks_list(workspace.warehouse_path))
    comparisons["artefact"] = ""
    comparisons.loc[over_time, "artefact"] = reasons
    return comparisons


def monitor_analyse(workspace: Workspace, monitor: Monitor, sources: dict[str, Source]) -> AnalysisResult | None:
    """Everything the analysis layer works out for one monitor, not yet stored (None: no observations)."""
    stamp = observation_stamp(workspace, monitor=monitor.id)
    if stamp is None:
        return None
    frame = _intervals(observation_frame(observation_list(workspace, monitor=monitor.id), monitor))
    frame = widen_for_rounding(frame, monitor, sources)
    unreliable = unreliable_marks(frame, monitor)
    comparisons = comparisons_without_unreliable(_comparisons(frame, monitor, sources, workspace), unreliable)
    signals = signals_select(comparisons, monitor)
    grains = {i.id: i.period_grain for i in monitor.indicators}
    trends = series_trends(frame[frame["breakdown"] == TOTAL], grains)
    gemeente = workspace.settings.gemeente_code
    statuses: list[TargetStatus] = []
    forecasts: list[SeriesForecast] = []
    for indicator in monitor.indicators:
        statuses += indicator_target_statuses(indicator, frame, gemeente)
        forecasts += indicator_forecasts(indicator, frame)
    group: PeerGroup | None = peer_group(gemeente)
    positions: list[tuple[str, PeerPosition]] = monitor_peer_positions(monitor, sources, group)
    national = national_figures(
        frame, monitor, national_values(workspace, monitor, sources), gemeente_code=gemeente, unreliable=unreliable
    )
    return AnalysisResult(
        monitor=monitor,
        computed_at=stamp,
        frame=frame,
        comparisons=comparisons,
        signals=signals,
        trends=trends,
        statuses=tuple(statuses),
        forecasts=tuple(forecasts),
        peer_group=group,
        peer_positions=tuple(positions),
        unreliable=unreliable,
        national=national,
    )


def _monitor_result(root: str, name: str) -> AnalysisResult | None:
    """One monitor's analysis (runs in a worker process)."""
    workspace = workspace_open(Path(root))
    return monitor_analyse(workspace, monitors_load(workspace.monitors_dir)[name], sources_load(workspace.sources_dir))


def analysis_compute(
    workspace: Workspace,
    *,
    monitors: Sequence[str] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> AnalysisSummary:
    """Analyse ``monitors`` (default all) from their protected observations and store the results.

    Monitors are analysed in parallel processes (one per core), then stored in one transaction.
    """
    definitions = monitors_load(workspace.monitors_dir)
    names = [n for n in (list(monitors) if monitors is not None else list(definitions)) if n in definitions]
    found: dict[str, AnalysisResult | None] = {}
    workers = max(1, min(len(names), os.cpu_count() or 1))
    with worker_pool(workers) as pool:
        futures = {pool.submit(_monitor_result, str(workspace.root), name): name for name in names}
        for done, future in enumerate(as_completed(futures), start=1):
            found[futures[future]] = future.result()
            if progress is not None:
                progress(done, len(names), f"geanalyseerd: {futures[future]}")
    results = [result for name in names if (result := found[name]) is not None]
    analysis_store(workspace, names, results)
    statuses = [s.status for r in results for s in r.statuses]
    return AnalysisSummary(
        monitors=tuple(names),
        intervals=sum(int(np.isfinite(r.frame["ci_low"]).sum()) for r in results),
        comparisons=sum(len(r.comparisons) for r in results),
        signals=sum(len(r.signals) for r in results),
        forecasts=sum(1 for r in results for f in r.forecasts if f.forecast.shown),
        targets={status: statuses.count(status) for status in sorted(set(statuses))},
    )

"""``refresh``: compute, protect and analyse, published in one step.

The one sequence behind ``duiding compute``, the demo build and ``duiding init``: the
engine computes the observations, the privacy gate works out what to withhold, the analysis
works out intervals, comparisons and signals. All three run on the working copy of one
``warehouse_write``, so readers see the previous figures until all three have finished and
then the new ones at once; a refresh that fails or is killed publishes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from duiding.analysis import AnalysisSummary, analysis_compute
from duiding.engine import ComputeResult, compute
from duiding.engine.service import Progress, compute_check
from duiding.privacy import protection_compute
from duiding.warehouse import warehouse_write
from duiding.workspace import Workspace

Stage = Callable[[str], AbstractContextManager[Progress | None]]
"""Given a stage's Dutch label, a context that yields the progress callback of that stage."""
STAGES = ("Indicatoren berekenen", "Privacy beveiligen", "Analyseren")


@dataclass(frozen=True)
class Refreshed:
    computed: ComputeResult
    withheld: int
    """Cells withheld by primary and secondary suppression."""
    analysis: AnalysisSummary


def _no_progress(_label: str) -> AbstractContextManager[Progress | None]:
    return nullcontext(None)


def compute_stage(progress: Progress | None) -> Stage:
    """Stages that report ``progress`` while computing only (the demo build and ``init`` show one bar)."""
    return lambda label: nullcontext(progress if label == STAGES[0] else None)


def refresh(workspace: Workspace, *, monitor_id: str | None = None, stage: Stage | None = None) -> Refreshed:
    """Compute, protect and analyse one monitor (or all) and publish the result in one step."""
    stages = stage or _no_progress
    compute_check(workspace, monitor_id=monitor_id)  # a definition error names the workspace's own files
    with warehouse_write(workspace) as work:
        with stages(STAGES[0]) as progress:
            computed = compute(work, monitor_id=monitor_id, progress=progress)
        with stages(STAGES[1]) as progress:
            withheld = protection_compute(work, monitors=computed.monitors, progress=progress)
        with stages(STAGES[2]) as progress:
            analysis = analysis_compute(work, monitors=computed.monitors, progress=progress)
    return Refreshed(computed, withheld, analysis)

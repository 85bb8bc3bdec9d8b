"""Signals against a known truth: pure noise gives (almost) none, a planted change is found,
and a season that repeats every year is not mistaken for change."""

from __future__ import annotations

from pathlib import Path

import pytest

from duiding.analysis import comparison_list, signal_list
from duiding.workspace import Workspace, workspace_open
from tests.analysis.simulated import NOISE, PLANTED, PLANTED_FROM, PLANTED_WIJK, simulated_workspace

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("simulated") / "werkruimte"
    return workspace_open(simulated_workspace(root).root)


def test_pure_noise_gives_almost_no_signals(simulated: Workspace) -> None:
    signals = [s for s in signal_list(simulated, monitor="toets") if s.indicator.startswith(NOISE)]
    tested = [
        c
        for grain in ("year", "quarter")
        for c in comparison_list(simulated, monitor="toets", indicator=f"{NOISE}_{grain}")
        if c.p_value is not None
    ]
    assert len(tested) > 1000
    # without any real difference, ~5% of the comparisons are 'significant' at 0.05 on their own ...
    significant = sum(c.significant for c in tested if c.kind in ("previous", "year_ago"))
    assert significant > 0
    # ... but after the false-discovery control and the relevance threshold almost none is a signal
    assert len(signals) <= 2, [s.sentence for s in signals]


def test_a_planted_change_is_found(simulated: Workspace) -> None:
    signals = [s for s in signal_list(simulated, monitor="toets") if s.indicator.startswith(PLANTED)]
    yearly = [
        s
        for s in signals
        if s.indicator == f"{PLANTED}_year" and s.area_code == PLANTED_WIJK and s.period_start == PLANTED_FROM
    ]
    assert len(yearly) == 1
    (signal,) = yearly
    assert signal.kind == "previous" and signal.value > signal.reference
    assert signal.sentence.startswith("In Wijk 03 Overvecht steeg ‘Afgeronde trajecten")
    assert "dit is meer dan toeval" in signal.sentence and "verbetering" in signal.sentence
    assert signal.rank <= 3
    # the change is in Overvecht only: no signal over time elsewhere before or after it started
    elsewhere = [
        s
        for s in signals
        if s.kind in ("previous", "year_ago") and not s.area_code.startswith(("WK034403", "BU034403"))
    ]
    assert len(elsewhere) <= 2, [s.sentence for s in elsewhere]


def test_a_season_is_not_a_signal(simulated: Workspace) -> None:
    """The third quarter is always higher: quarter-on-quarter that is 'significant', but the
    signal compares with the same quarter a year earlier and stays silent."""
    gemeente = simulated.settings.gemeente_code
    quarterly = comparison_list(simulated, monitor="toets", indicator=f"{NOISE}_quarter", area_code=gemeente)
    season = [c for c in quarterly if c.kind == "previous" and c.breakdown == "totaal"]
    assert sum(c.significant for c in season) >= len(season) // 2
    year_ago = [c for c in quarterly if c.kind == "year_ago"]
    assert sum(c.significant for c in year_ago) <= 2
    signals = signal_list(simulated, monitor="toets", indicator=f"{NOISE}_quarter")
    assert [s for s in signals if s.area_code == gemeente] == []


def test_a_registration_change_is_marked_as_artefact(simulated: Workspace, tmp_path: Path) -> None:
    """Declare that the planted source changed its registration on the day the change starts:
    the same jump is then reported as a possible artefact, ranked after real changes."""
    import shutil

    from duiding.analysis import analysis_compute

    target = tmp_path / "werkruimte"
    shutil.copytree(simulated.root, target)
    workspace = workspace_open(target)
    source = workspace.sources_dir / f"{PLANTED}.yaml"
    source.write_text(
        source.read_text(encoding="utf-8")
        + "changes:\n- date: 2023-01-01\n  description: overgang naar een nieuw registratiesysteem\n",
        encoding="utf-8",
    )
    analysis_compute(workspace, monitors=["toets"])
    (signal,) = [
        s
        for s in signal_list(workspace, monitor="toets", indicator=f"{PLANTED}_year", period_start=PLANTED_FROM)
        if s.area_code == PLANTED_WIJK and s.kind == "previous"
    ]
    assert "nieuw registratiesysteem" in signal.artefact
    assert "waarschijnlijk geen echte verandering" in signal.sentence
    real = [s for s in signal_list(workspace, monitor="toets", period_start=PLANTED_FROM) if not s.artefact]
    assert all(s.rank < signal.rank for s in real)

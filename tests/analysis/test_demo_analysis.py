"""The analysis of the demo workspace, each statistic recomputed independently from the
protected figures (statsmodels, SciPy, NumPy), as a reader of the exports could."""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from duiding.analysis import (
    comparison_list,
    forecast_list,
    interval_method_get,
    peer_group_list,
    peer_standing_get,
    signal_latest,
    signal_list,
    target_status_list,
    trend_list,
)
from duiding.definitions import monitors_load
from duiding.definitions.models import Target
from duiding.privacy import ProtectedObservation, observation_list
from duiding.warehouse import TOTAL
from duiding.workspace import Workspace

SHARE = ("jeugd", "beeindigd_volgens_plan")
"""A share (rate per 100) from registrations: Wilson intervals, two-proportion tests."""
RATE = ("participatie", "bijstand_per_1000")
"""A rate per 1.000 inhabitants from CBS: exact Poisson intervals."""
MEAN = ("wijkteam", "waardering_wijkteam")
"""A mean score: t-intervals."""


def _totals(workspace: Workspace, monitor: str, indicator: str) -> list[ProtectedObservation]:
    return [
        o
        for o in observation_list(workspace, monitor=monitor, indicator=indicator)
        if o.breakdown == TOTAL and not o.suppressed and o.value is not None
    ]


def test_share_intervals_are_wilson(demo_workspace: Workspace) -> None:
    observations = _totals(demo_workspace, *SHARE)
    assert interval_method_get(demo_workspace, monitor=SHARE[0], indicator=SHARE[1]) == ("wilson", 0.95)
    assert len(observations) > 50
    for o in observations:
        assert o.numerator is not None and o.denominator is not None
        low, high = proportion_confint(o.numerator, o.denominator, alpha=0.05, method="wilson")
        assert o.ci_low == pytest.approx(low * 100, rel=1e-9)
        assert o.ci_high == pytest.approx(high * 100, rel=1e-9)


def test_rate_intervals_are_exact_poisson(demo_workspace: Workspace) -> None:
    observations = _totals(demo_workspace, *RATE)
    assert interval_method_get(demo_workspace, monitor=RATE[0], indicator=RATE[1]) == ("garwood", 0.95)
    widened = 0
    for o in observations:
        assert o.numerator is not None and o.denominator is not None
        # CBS rounds wijk and buurt counts to fives: a published multiple of 5 stands for ±2
        s = 2 if o.area_level in ("wijk", "buurt") and o.numerator % 5 == 0 else 0
        t = 2 if o.area_level in ("wijk", "buurt") and o.denominator % 5 == 0 else 0
        k_low, k_high = max(o.numerator - s, 0), o.numerator + s
        low = stats.chi2.ppf(0.025, 2 * k_low) / 2 if k_low > 0 else 0.0
        high = stats.chi2.ppf(0.975, 2 * k_high + 2) / 2
        assert o.ci_low == pytest.approx(low / (o.denominator + t) * 1000, rel=1e-9)
        assert o.ci_high == pytest.approx(high / (o.denominator - t) * 1000, rel=1e-9)
        assert o.ci_low <= o.value <= o.ci_high
        widened += (s or t) > 0
    assert widened > 20


def test_mean_intervals_are_t(demo_workspace: Workspace) -> None:
    observations = _totals(demo_workspace, *MEAN)
    assert interval_method_get(demo_workspace, monitor=MEAN[0], indicator=MEAN[1]) == ("t", 0.95)
    checked = 0
    for o in observations:
        if o.spread is None:
            assert o.ci_low is None
            continue
        assert o.denominator is not None and o.value is not None
        low, high = stats.t.interval(0.95, o.denominator - 1, loc=o.value, scale=o.spread / np.sqrt(o.denominator))
        assert (o.ci_low, o.ci_high) == (pytest.approx(low), pytest.approx(high))
        checked += 1
    assert checked > 20


def test_suppressed_cells_have_no_interval_and_no_comparison(demo_workspace: Workspace) -> None:
    observations = observation_list(demo_workspace, monitor=SHARE[0], indicator=SHARE[1])
    suppressed = {(o.period_start, o.area_code, o.breakdown, o.breakdown_value) for o in observations if o.suppressed}
    assert suppressed
    assert all(o.ci_low is None and o.ci_high is None for o in observations if o.suppressed)
    for c in comparison_list(demo_workspace, monitor=SHARE[0], indicator=SHARE[1]):
        assert (c.period_start, c.area_code, c.breakdown, c.breakdown_value) not in suppressed
        if c.kind in ("previous", "year_ago"):
            assert (c.reference_start, c.area_code, c.breakdown, c.breakdown_value) not in suppressed


def test_change_over_time_is_tested_like_statsmodels(demo_workspace: Workspace) -> None:
    observations = {(o.period_start, o.area_code): o for o in _totals(demo_workspace, *SHARE)}
    comparisons = [
        c
        for c in comparison_list(demo_workspace, monitor=SHARE[0], indicator=SHARE[1], kind="previous")
        if c.breakdown == TOTAL
    ]
    assert len(comparisons) > 40
    for c in comparisons:
        now, before = observations[(c.period_start, c.area_code)], observations[(c.reference_start, c.area_code)]
        assert c.difference == pytest.approx(now.value - before.value)  # type: ignore[operator]
        _, p = proportions_ztest([before.numerator, now.numerator], [before.denominator, now.denominator])
        assert c.p_value == pytest.approx(p if np.isfinite(p) else 1.0, rel=1e-7, abs=1e-12)
        assert c.significant == (c.p_value < 0.05)


def _central(less: float, greater: float) -> float:
    return min(1.0, 2 * min(less, greater))


def test_wijken_against_the_gemeente_use_exact_funnel_limits(demo_workspace: Workspace) -> None:
    observations = {(o.period_start, o.area_code): o for o in _totals(demo_workspace, *SHARE)}
    gemeente = demo_workspace.settings.gemeente_code
    comparisons = comparison_list(demo_workspace, monitor=SHARE[0], indicator=SHARE[1], kind="gemeente")
    assert {c.area_level for c in comparisons} == {"wijk", "buurt"}
    for c in comparisons:
        area, whole = observations[(c.period_start, c.area_code)], observations[(c.period_start, gemeente)]
        assert c.reference == pytest.approx(whole.value)
        p0, n, x = whole.value / 100, round(area.denominator), round(area.numerator)  # type: ignore[operator, arg-type]
        less = stats.binomtest(x, n, p0, alternative="less").pvalue
        greater = stats.binomtest(x, n, p0, alternative="greater").pvalue
        assert c.p_value == pytest.approx(_central(less, greater), rel=1e-6, abs=1e-12)
        # a value inside the 95% limits is not called a difference; outside the 99.8% limits it is an alarm
        value, low95, high95, low998, high998 = (
            area.value,
            c.limit95_low,
            c.limit95_high,
            c.limit998_low,
            c.limit998_high,
        )
        assert None not in (value, low95, high95, low998, high998)
        inside95 = low95 <= value <= high95  # type: ignore[operator]
        inside998 = low998 <= value <= high998  # type: ignore[operator]
        assert c.significant == (not inside95)
        assert c.band == ("binnen" if inside95 else "95" if inside998 else "99.8")
        assert low998 <= low95 <= high95 <= high998  # type: ignore[operator]


def test_trend_matches_weighted_least_squares(demo_workspace: Workspace) -> None:
    gemeente = demo_workspace.settings.gemeente_code
    series = sorted(_totals(demo_workspace, *SHARE), key=lambda o: o.period_start)
    series = [o for o in series if o.area_code == gemeente]
    (trend,) = trend_list(demo_workspace, monitor=SHARE[0], indicator=SHARE[1], area_code=gemeente)
    t = np.array([(o.period_start - series[0].period_start).days / 365.25 for o in series])
    y = np.array([o.value for o in series], dtype=float)
    se = np.array([(o.ci_high - o.ci_low) / (2 * stats.norm.ppf(0.975)) for o in series])  # type: ignore[operator]
    fit = sm.WLS(y, sm.add_constant(t), weights=1 / se**2).fit()
    assert trend.points == len(series)
    assert trend.slope == pytest.approx(fit.params[1], rel=1e-9)
    scale = fit.scale
    if scale > 1:  # the scatter decides: statsmodels' own standard error and t-test
        assert trend.p_value == pytest.approx(fit.pvalues[1], rel=1e-6)
    else:  # the intervals decide: the standard error at scale 1, normal test
        fixed = sm.WLS(y, sm.add_constant(t), weights=1 / se**2).fit(cov_type="fixed scale")
        assert trend.p_value == pytest.approx(fixed.pvalues[1], rel=1e-6)


def test_target_status_follows_the_projection(demo_workspace: Workspace) -> None:
    monitors = monitors_load(demo_workspace.monitors_dir)
    seen = set()
    for monitor in monitors.values():
        statuses = target_status_list(demo_workspace, monitor=monitor.id)
        assert {s.indicator for s in statuses} == {i.id for i in monitor.indicators}
        for status in statuses:
            seen.add(status.status)
            indicator = monitor.indicator(status.indicator)
            if not indicator.targets:
                assert status.status == "geen doel"
                continue
            target = indicator.targets[0]
            series = sorted(_totals(demo_workspace, monitor.id, indicator.id), key=lambda o: o.period_start)
            series = [o for o in series if o.area_code == status.area_code]
            last = series[-1]
            assert status.latest_value == pytest.approx(last.value)

            def meets(value: float, target: Target = target) -> bool:
                return value >= target.value if target.direction == "at_least" else value <= target.value

            if meets(last.value):  # type: ignore[arg-type]
                assert status.status == "behaald"
                continue
            # independent projection: weighted straight line through (period end, value) by numpy
            t = np.array([(o.period_end - date(2000, 1, 1)).days / 365.25 for o in series])
            y = np.array([o.value for o in series], dtype=float)
            se = np.array([(o.ci_high - o.ci_low) / (2 * stats.norm.ppf(0.975)) for o in series])  # type: ignore[operator]
            slope, intercept = np.polyfit(t, y, 1, w=1 / se)
            projected = intercept + slope * (target.by - date(2000, 1, 1)).days / 365.25
            assert status.projected == pytest.approx(projected, rel=1e-6)
            assert status.status == ("op koers" if meets(projected) else "niet op koers")
            assert status.explanation.startswith("Doel: ")
    assert "geen doel" in seen and seen & {"behaald", "op koers", "niet op koers"}


def test_forecasts_follow_the_series(demo_workspace: Workspace) -> None:
    gemeente = demo_workspace.settings.gemeente_code
    models, points = forecast_list(demo_workspace, monitor=SHARE[0], indicator=SHARE[1], area_code=gemeente)
    (model,) = models
    assert model.reason
    series = [o for o in _totals(demo_workspace, *SHARE) if o.area_code == gemeente]
    assert model.points == len(series)
    if model.shown:
        assert [p.step for p in points] == list(range(1, len(points) + 1))
        assert points[0].period_start.year == max(o.period_start for o in series).year + 1
        for point in points:
            assert 0 <= point.pi_low <= point.value <= point.pi_high <= 100
    else:
        assert points == []
    shown = 0
    for monitor in monitors_load(demo_workspace.monitors_dir).values():
        for indicator in monitor.indicators:
            models, points = forecast_list(demo_workspace, monitor=monitor.id, indicator=indicator.id)
            shown += sum(m.shown for m in models)
            assert all(m.reason for m in models)
    assert shown > 20


def test_signals_are_ranked_sentences_about_real_differences(demo_workspace: Workspace) -> None:
    signals = signal_list(demo_workspace, monitor="participatie")
    assert signals
    for period in {s.period_start for s in signals}:
        ranks = [s.rank for s in signals if s.period_start == period]
        assert sorted(ranks) == list(range(1, len(ranks) + 1))
    for s in signals:
        assert s.p_value < 0.05
        assert s.sentence.endswith(("toeval.", "verbetering.", "verslechtering.", "verandering."))
        assert s.area_name in s.sentence
    latest = signal_latest(demo_workspace, monitor="participatie")
    assert latest and all(s.artefact == "" for s in latest[:1])


def test_peer_position_of_utrecht(demo_workspace: Workspace) -> None:
    group = peer_group_list(demo_workspace)
    assert len(group) == 10
    assert [rank for rank, *_ in group] == list(range(1, 11))
    standing = peer_standing_get(demo_workspace, monitor=RATE[0], indicator=RATE[1])
    assert standing is not None and standing.year == 2015
    values = sorted([p[2] for p in standing.peers] + [standing.value], reverse=True)
    assert standing.rank == values.index(standing.value) + 1
    assert standing.peer_median == pytest.approx(float(np.median([p[2] for p in standing.peers])))
    assert {code for code, *_ in standing.peers} <= {code for _, code, *_ in group}
    assert "2015" in standing.method


def test_analysis_is_stale_after_a_new_compute(demo_root: object, tmp_path: object) -> None:
    """Analysis belongs to the observations it came from: once they change, readers return nothing."""
    import shutil
    from pathlib import Path

    from duiding.workspace import workspace_open

    target = Path(str(tmp_path)) / "werkruimte"
    shutil.copytree(Path(str(demo_root)), target)
    workspace = workspace_open(target)
    assert signal_list(workspace, monitor="participatie")
    con = duckdb.connect(str(workspace.warehouse_path))
    con.execute("UPDATE analyses SET computed_at = computed_at - INTERVAL 1 SECOND")
    con.close()
    assert signal_list(workspace, monitor="participatie") == []
    assert target_status_list(workspace, monitor="participatie") == []

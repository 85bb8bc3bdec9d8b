"""Primary suppression at the gate: small cells never leave the warehouse."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from duiding.cli import main
from duiding.definitions import monitor_dump, monitor_load
from duiding.engine import compute
from duiding.errors import DuidingError
from duiding.privacy import (
    PrimaryRule,
    indicator_min_count,
    observation_latest,
    observation_list,
    observation_list_unprotected,
)
from duiding.privacy.rules import count_round, ratio_per
from duiding.workspace import Workspace, workspace_open
from tests.conftest import privacy_changed


def _raw(workspace: Workspace) -> dict[tuple[str, str, str], tuple[float | None, float | None, float | None]]:
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        rows = con.execute(
            "SELECT indicator, area_code, period_start::VARCHAR, numerator, denominator, value FROM observations"
        ).fetchall()
    finally:
        con.close()
    return {(i, a, p): (n, d, v) for i, a, p, n, d, v in rows}


def test_small_counts_are_suppressed_and_the_rest_passes_unchanged(kwb_workspace: Workspace) -> None:
    raw = _raw(kwb_workspace)
    protected = observation_list(kwb_workspace, monitor="participatie")
    assert len(protected) == len(raw)
    suppressed = 0
    for o in protected:
        numerator, denominator, value = raw[(o.indicator, o.area_code, o.period_start.isoformat())]
        small = any(c is not None and c < 10 for c in (numerator, denominator))
        assert o.suppressed is small
        if small:
            suppressed += 1
            assert (o.numerator, o.denominator, o.value, o.ci_low, o.ci_high) == (None,) * 5
        else:
            assert (o.numerator, o.denominator, o.value) == (numerator, denominator, value)
    assert suppressed > 0, "Utrecht has buurten with fewer than 10 persons with a benefit"


def test_zero_is_a_small_count() -> None:
    rule = PrimaryRule(min_count=10)
    assert rule.suppresses(0, 1000)
    assert rule.suppresses(9, 1000)
    assert not rule.suppresses(10, 1000)
    assert rule.suppresses(10, 9)
    assert not rule.suppresses(None, 1000)


def test_workspace_and_indicator_thresholds_apply(workspace_copy: Workspace) -> None:
    privacy_changed(workspace_copy, min_count=300)
    path = workspace_copy.monitors_dir / "participatie.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  need_to_know: true\n", "  need_to_know: true\n  disclosure:\n    min_count: 1000\n"
        ),
        encoding="utf-8",
    )
    workspace = workspace_open(workspace_copy.root)
    wijken = {
        (o.indicator, o.area_code): o for o in observation_list(workspace, monitor="participatie", area_level="wijk")
    }
    # West: 710 persons with bijstand, under the indicator's own threshold of 1 000
    assert wijken[("bijstand_per_1000", "WK034401")].suppressed
    assert not wijken[("bijstand_per_1000", "WK034403")].suppressed  # Overvecht: 2 680
    ww = [o for (ind, _), o in wijken.items() if ind == "ww_per_1000"]
    raw = _raw(workspace)
    for o in ww:
        numerator = raw[(o.indicator, o.area_code, o.period_start.isoformat())][0]
        assert o.suppressed is (numerator is not None and numerator < 300)
    assert {o.suppressed for o in ww} == {True, False}


def test_a_monitor_threshold_sits_between_workspace_and_indicator(workspace_copy: Workspace) -> None:
    path = workspace_copy.monitors_dir / "participatie.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "\nindicators:\n", "\ndisclosure:\n  min_count: 300\nindicators:\n", 1
    )
    text = text.replace("  need_to_know: true\n", "  need_to_know: true\n  disclosure:\n    min_count: 1000\n", 1)
    path.write_text(text, encoding="utf-8")
    definition = monitor_load(path)
    assert definition.disclosure.min_count == 300
    assert monitor_dump(definition).count("min_count") == 2  # round trip keeps both
    wijken = {
        (o.indicator, o.area_code): o
        for o in observation_list(workspace_copy, monitor="participatie", area_level="wijk")
    }
    raw = _raw(workspace_copy)
    for (indicator, _), o in wijken.items():
        numerator = raw[(indicator, o.area_code, o.period_start.isoformat())][0]
        threshold = 1000 if indicator == "bijstand_per_1000" else 300
        assert o.suppressed is (numerator is not None and numerator < threshold), (indicator, o.area_code)
    assert indicator_min_count(workspace_copy, definition.indicators[1], definition) == 300
    assert indicator_min_count(workspace_copy, definition.indicators[1]) == 10


def test_observations_without_definition_are_never_shown(workspace_copy: Workspace) -> None:
    (workspace_copy.monitors_dir / "participatie.yaml").unlink()
    assert observation_list(workspace_copy, monitor="participatie") == []


def test_latest_totals_match_the_full_list(kwb_workspace: Workspace) -> None:
    latest = observation_latest(kwb_workspace, monitor="participatie")
    full = observation_list(kwb_workspace, monitor="participatie", area_level="gemeente")
    assert set(latest) == {"bijstand_per_1000", "ww_per_1000", "ao_per_1000"}
    for indicator, observation in latest.items():
        newest = max(o.period_start for o in full if o.indicator == indicator and o.value is not None)
        (expected,) = [o for o in full if o.indicator == indicator and o.period_start == newest]
        assert observation == expected


def test_unprotected_figures_only_with_a_purpose_and_every_use_is_logged(workspace_copy: Workspace) -> None:
    with pytest.raises(DuidingError, match="reden van minstens tien tekens"):
        observation_list_unprotected(workspace_copy, monitor="participatie", purpose="kijk", user="analist")
    raw = observation_list_unprotected(
        workspace_copy, monitor="participatie", purpose="controle levering CBS 2023", user="analist"
    )
    protected = observation_list(workspace_copy, monitor="participatie")
    assert len(raw) == len(protected) and not any(o.suppressed for o in raw)
    small = [o for o in raw if o.numerator is not None and o.numerator < 10]
    assert small  # the analist sees what the public never does
    con = duckdb.connect(str(workspace_copy.warehouse_path), read_only=True)
    try:
        log = con.execute("SELECT user_name, monitor, purpose FROM disclosure_log").fetchall()
    finally:
        con.close()
    assert log == [("analist", "participatie", "controle levering CBS 2023")]  # the refused call left no trace


def test_cli_unprotected_export_warns_and_is_logged(workspace_copy: Workspace, tmp_path: Path) -> None:
    target = tmp_path / "onbeschermd.csv"
    args = ["export", "-w", str(workspace_copy.root), "--monitor", "participatie", "--format", "csv", "-o", str(target)]
    result = CliRunner().invoke(main, [*args, "--onbeschermd", "controle uitschieters wijk West"])
    assert result.exit_code == 0, result.output
    assert "LET OP: onbeschermde cijfers" in result.output
    assert "true" not in target.read_text(encoding="utf-8").split("\n", 2)[1].split(",")[-1:]
    con = duckdb.connect(str(workspace_copy.warehouse_path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM disclosure_log").fetchall() == [(1,)]
    finally:
        con.close()


def test_counts_can_be_rounded_to_fives_as_cbs_does(workspace_copy: Workspace) -> None:
    assert [count_round(v, 5) for v in (0, 2, 2.5, 3, 7, 12.5, 367947)] == [0, 0, 5, 5, 5, 15, 367945]
    assert count_round(None, 5) is None and count_round(13, 1) == 13
    privacy_changed(workspace_copy, min_count=10, round_to=5)
    (workspace_copy.monitors_dir / "tellen.yaml").write_text(
        "id: tellen\ntitle: Tellen\npurpose: [signaleren]\nindicators:\n"
        "- id: inwoners\n  title: Inwoners\n  definition: Aantal inwoners.\n  level: input\n  unit: inwoners\n"
        "  polarity: neutral\n  formula: {kind: count, measure: {source: cbs_kwb, variable: inwoners}}\n",
        encoding="utf-8",
    )
    workspace = workspace_open(workspace_copy.root)
    compute(workspace, monitor_id="tellen")
    raw = {(o.indicator, o.area_code, o.period_start): o for o in observation_list(workspace_copy, monitor="tellen")}
    rounded = observation_list(workspace, monitor="tellen")
    assert rounded and all(o.numerator is not None and o.numerator % 5 == 0 for o in rounded if not o.suppressed)
    assert all(o.value == o.numerator for o in rounded)
    gemeente = next(o for o in rounded if o.area_code == "GM0344" and o.period_start.year == 2023)
    assert gemeente.numerator == 367945  # CBS: 367 947
    rates = [o for o in observation_list(workspace, monitor="participatie") if not o.suppressed and o.value]
    exact = {
        (o.indicator, o.area_code, o.period_start): o for o in observation_list(workspace_copy, monitor="participatie")
    }
    per = {i.id: i.formula.per for i in monitor_load(workspace.monitors_dir / "participatie.yaml").indicators}
    for o in rates:  # a rate is the ratio of the rounded counts: it tells nothing they do not
        assert o.numerator is not None and o.denominator is not None and o.denominator % 5 == 0
        assert o.value == pytest.approx(o.numerator / o.denominator * per[o.indicator])
    assert any(o.value != exact[(o.indicator, o.area_code, o.period_start)].value for o in rates)
    assert raw  # the same observations unrounded before the setting


def _pinned(numerator: float, denominator: float, value: float, rule: Callable[[int, int], float], step: int) -> int:
    """How many count pairs an attacker who knows the publication ``rule`` finds: pairs that round to
    the published counts and for which the rule gives the published value (1: the row gives its
    unrounded counts away)."""
    half = step // 2
    pairs = [
        (n, d)
        for n in range(max(0, int(numerator) - half), int(numerator) + half + 1)
        for d in range(max(1, int(denominator) - half), int(denominator) + half + 1)
        if count_round(n, step) == numerator and count_round(d, step) == denominator
    ]
    return sum(1 for n, d in pairs if abs(rule(n, d) - value) < 1e-9)


def test_no_rounded_rate_gives_its_exact_counts_away(demo_workspace: Workspace, tmp_path: Path) -> None:
    """Registrations (the demo's), rounded to fives: an exact ratio beside rounded counts would pin
    many rows to their one true pair; the ratio of the rounded counts pins none."""
    shutil.copytree(demo_workspace.root, tmp_path / "w")
    root = tmp_path / "w"
    unrounded = workspace_open(root)
    rounded = privacy_changed(unrounded, round_to=5)
    monitor = monitor_load(root / "monitors" / "jeugd.yaml")
    per = {i.id: ratio_per(i) for i in monitor.indicators}
    exact = {
        (o.indicator, o.area_code, o.period_start, o.breakdown_value): o
        for o in observation_list(unrounded, monitor="jeugd")
    }
    checked = attacked = 0
    for o in observation_list(rounded, monitor="jeugd"):
        ratio = per[o.indicator]
        if ratio is None or o.suppressed or o.value is None or o.origin == "cbs" or not o.denominator:
            continue
        true = exact[(o.indicator, o.area_code, o.period_start, o.breakdown_value)]

        def published(n: int, d: int, ratio: float = ratio) -> float:  # Duiding's rule
            rounded_d = count_round(d, 5) or 0
            return (count_round(n, 5) or 0) / rounded_d * ratio if rounded_d else float("nan")

        def exact_ratio(n: int, d: int, ratio: float = ratio) -> float:  # the rule before: the exact ratio
            return n / d * ratio

        assert o.numerator is not None and o.denominator is not None
        assert _pinned(o.numerator, o.denominator, o.value, published, 5) > 1, o
        assert true.value is not None
        attacked += _pinned(o.numerator, o.denominator, true.value, exact_ratio, 5) == 1
        checked += 1
    assert checked > 500, checked
    assert attacked > checked / 2, (attacked, checked)

"""Protection that keeps what is safe: totals are spared where smaller cells can protect, and the
information loss is reported as the gate shows it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from duiding.cli import main
from duiding.definitions import monitors_load, sources_load
from duiding.numbers import nl_number
from duiding.privacy import observation_list
from duiding.privacy.hypercube import hypercube_suppress
from duiding.privacy.loss import information_loss
from duiding.privacy.protect import indicator_counts
from duiding.privacy.tables import CountRow, table_from_observations
from duiding.workspace import Workspace, workspace_open
from tests.privacy.test_secondary import GM, PROTECTION, T, assert_protected, buurt, cell, primary_of, wijk

WIJK_TOTALS_BEFORE = 0.0897
"""Share of safe wijk totals the demo hid by secondary suppression before totals were spared (507 of
5 654), measured on this demo; the issue asks for at most half of it."""


def test_small_buurten_protect_each_other_instead_of_hiding_their_wijk() -> None:
    # wijk 1: five buurten, every one small; wijk 2: two large ones
    small, large = (6, 4, 3, 5, 7), (40, 25)
    rows: list[CountRow] = [("gemeente", GM, *T, sum(small) + sum(large))]
    rows += [("wijk", wijk(1), *T, sum(small)), ("wijk", wijk(2), *T, sum(large))]
    rows += [("buurt", buurt(1, n), *T, c) for n, c in enumerate(small, start=1)]
    rows += [("buurt", buurt(2, n), *T, c) for n, c in enumerate(large, start=1)]
    table = table_from_observations(rows)
    primary = primary_of(table)
    pattern = hypercube_suppress(table, primary, protection=PROTECTION)
    assert cell(wijk(1)) not in pattern and cell(GM) not in pattern
    assert_protected(table, primary, pattern)


def test_a_gemeente_cell_spread_thin_over_wijken_is_protected_without_the_gemeente_total() -> None:
    # an aanbieder with 3 trajectories over three wijken, and a wijk with only small cells: no
    # rectangle protects its 0 without a total, a longer cycle through the other wijken does
    values = {wijk(1): (1, 30, 12), wijk(2): (1, 25, 14), wijk(3): (1, 28, 16), wijk(4): (0, 6, 5)}
    columns = ("klein", "groot", "midden")
    totals = {area: sum(v) for area, v in values.items()}
    rows: list[CountRow] = [("gemeente", GM, *T, sum(totals.values()))]
    gemeente = [sum(v[i] for v in values.values()) for i in range(3)]
    rows += [("gemeente", GM, "aanbieder", name, count) for name, count in zip(columns, gemeente, strict=True)]
    for area, counts in values.items():
        rows.append(("wijk", area, *T, totals[area]))
        rows += [("wijk", area, "aanbieder", name, count) for name, count in zip(columns, counts, strict=True)]
    table = table_from_observations(rows)
    primary = primary_of(table)
    pattern = hypercube_suppress(table, primary, protection=PROTECTION)
    assert cell(GM) not in pattern
    assert_protected(table, primary, pattern)


def test_no_gemeente_total_and_few_wijk_totals_are_hidden_for_protection(demo_workspace: Workspace) -> None:
    loss = {(x.area_level, x.breakdown): x for x in information_loss(demo_workspace)}
    assert loss[("gemeente", "totaal")].safe > 100 and loss[("gemeente", "totaal")].hidden == 0
    wijk_totals = loss[("wijk", "totaal")]
    assert wijk_totals.safe > 1000 and wijk_totals.share <= WIJK_TOTALS_BEFORE / 2, wijk_totals


def test_the_reported_loss_is_what_the_gate_withholds(demo_workspace: Workspace) -> None:
    """Counted again from what the gate publishes: safe cells are those not withheld as primary."""
    sources = sources_load(demo_workspace.sources_dir)
    safe: Counter[tuple[str, str]] = Counter()
    hidden: Counter[tuple[str, str]] = Counter()
    for monitor in monitors_load(demo_workspace.monitors_dir).values():
        for indicator in monitor.indicators:
            counts = indicator_counts(indicator, sources)
            if not (counts.numerator or counts.denominator):
                continue
            for o in observation_list(demo_workspace, monitor=monitor.id, indicator=indicator.id):
                if o.reason != "primary":
                    safe[(o.area_level, o.breakdown)] += 1
                    hidden[(o.area_level, o.breakdown)] += o.reason == "secondary"
    reported = {(x.area_level, x.breakdown): (x.safe, x.hidden) for x in information_loss(demo_workspace)}
    assert reported == {key: (safe[key], hidden[key]) for key in safe}
    assert sum(hidden.values()) > 1000


def test_quality_reports_the_loss_per_level_and_breakdown(demo_root: Path) -> None:
    result = CliRunner().invoke(main, ["quality", "--workspace", str(demo_root)])
    assert result.exit_code == 0, result.output
    assert "Informatieverlies door secundaire geheimhouding" in result.output
    for loss in information_loss(workspace_open(demo_root)):
        what = "totalen" if loss.breakdown == "totaal" else f"naar {loss.breakdown}"
        line = f"{loss.area_level}, {what}: {nl_number(loss.hidden, 0)} van {nl_number(loss.safe, 0)} "
        assert line in result.output
    assert any(loss.safe >= 1000 for loss in information_loss(workspace_open(demo_root)))  # thousands get a dot

"""Secondary suppression through the gate: what the gate publishes resists the attacker."""

from __future__ import annotations

import shutil
from collections import defaultdict
from datetime import date
from pathlib import Path

import duckdb
from hypothesis import given, settings

from duiding.definitions import monitors_load, sources_load
from duiding.privacy import observation_list
from duiding.privacy.gate import suppression_pattern
from duiding.privacy.hypercube import hypercube_suppress
from duiding.privacy.protect import indicator_counts, table_suppress
from duiding.privacy.secondary import attack, exposures, floors, secondary_repair
from duiding.privacy.tables import AdditiveTable, CellKey, table_from_observations
from duiding.workspace import Workspace, workspace_open
from tests.privacy.test_secondary import PROTECTION, assert_protected, observation_tables, primary_of

SAMPLE = 12
"""Demo tables attacked (each attack solves two linear programmes per withheld cell)."""


def _unprotectable(table: AdditiveTable, keys: set[CellKey]) -> set[CellKey]:
    """Cells nobody can protect by withholding: pinned down with every cell withheld.

    In the demo these are buurten with 0 whose breakdown rows the engine does not write:
    the absent rows give the zero away (see docs/privacy.md, limits).
    """
    everything = attack(table, set(table.candidates))
    return {k for k in keys if everything[k][1] - table.cells[k] < PROTECTION - 1e-6}


def _groups(workspace: Workspace) -> list[tuple[str, str, date]]:
    """A sample of tables with small numerators, of indicators over registrations (the CBS ones are
    published by CBS already and get primary suppression only)."""
    sources = sources_load(workspace.sources_dir)
    counted = {
        (m.id, i.id)
        for m in monitors_load(workspace.monitors_dir).values()
        for i in m.indicators
        if indicator_counts(i, sources).numerator
    }
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        return [
            tuple(row)  # type: ignore[misc]
            for row in con.execute(
                "SELECT monitor, indicator, period_start FROM observations GROUP BY monitor, indicator, period_start "
                "HAVING count(*) FILTER (WHERE numerator < 10) > 0 AND count(*) < 1000 "
                "ORDER BY hash(any_value(monitor) || any_value(indicator) || CAST(any_value(period_start) AS VARCHAR)) "
                "LIMIT ?",
                [SAMPLE * 3],
            ).fetchall()
            if (row[0], row[1]) in counted
        ][:SAMPLE]
    finally:
        con.close()


def test_what_the_gate_publishes_resists_the_attacker(demo_workspace: Workspace) -> None:
    checked = 0
    for monitor, indicator, start in _groups(demo_workspace):
        published = observation_list(demo_workspace, monitor=monitor, indicator=indicator, period_start=start)
        con = duckdb.connect(str(demo_workspace.warehouse_path), read_only=True)
        try:
            raw = con.execute(
                "SELECT area_level, area_code, breakdown, breakdown_value, numerator FROM observations "
                "WHERE monitor = ? AND indicator = ? AND period_start = ?",
                [monitor, indicator, start],
            ).fetchall()
        finally:
            con.close()
        table = table_from_observations(raw)
        withheld = {(o.area_code, o.breakdown, o.breakdown_value) for o in published if o.suppressed}
        primary = {k for k in table.candidates if table.cells[k] < PROTECTION}
        assert primary <= withheld
        intervals, floor = attack(table, withheld), floors(table, primary)
        exposed = {
            k
            for k in primary
            if intervals[k][1] - table.cells[k] < PROTECTION - 1e-6
            or table.cells[k] - intervals[k][0] < min(PROTECTION, table.cells[k] - floor[k]) - 1e-6
        }
        lost = exposed & _unprotectable(table, exposed)
        assert exposed == lost, (monitor, indicator, start, sorted(exposed - lost)[:5])
        assert all(table.cells[k] == 0 for k in lost)
        checked += len(primary)
    assert checked > 500


def test_the_gemeente_total_is_not_withheld_for_its_small_cells(demo_workspace: Workspace) -> None:
    latest = observation_list(demo_workspace, monitor="jeugd", indicator="nieuwe_trajecten", area_level="gemeente")
    totals = [o for o in latest if o.breakdown == "totaal"]
    assert totals and not any(o.suppressed for o in totals)
    secondary = [o for o in observation_list(demo_workspace, monitor="jeugd", indicator="nieuwe_trajecten") if o.reason]
    assert {o.reason for o in secondary} == {"primary", "secondary"}


def test_published_cbs_tables_get_no_secondary_suppression(kwb_workspace: Workspace) -> None:
    reasons = {o.reason for o in observation_list(kwb_workspace, monitor="participatie")}
    assert "secondary" not in reasons and "primary" in reasons


def test_a_stale_or_missing_stored_pattern_is_worked_out_again(demo_root: Path, tmp_path: Path) -> None:
    root = tmp_path / "werkruimte"
    shutil.copytree(demo_root, root)
    workspace = workspace_open(root)
    stored = suppression_pattern(workspace, monitor="wmo", indicator="nieuwe_voorzieningen")
    con = duckdb.connect(str(workspace.warehouse_path))
    try:
        con.execute("DELETE FROM protections")  # as if protection_compute never ran after compute
        con.execute("DELETE FROM suppressions")
    finally:
        con.close()
    worked_out = suppression_pattern(workspace, monitor="wmo", indicator="nieuwe_voorzieningen")
    assert worked_out == stored and len(stored) > 100
    per_reason: dict[str, int] = defaultdict(int)
    for reason in stored.values():
        per_reason[reason] += 1
    assert per_reason["secondary"] > 0


@settings(max_examples=60, deadline=None)
@given(observation_tables())
def test_the_gate_protects_random_tables_and_twice_the_same(table: AdditiveTable) -> None:
    primary = primary_of(table)
    pattern = table_suppress(table, primary, protection=PROTECTION, withheld=set(primary))
    assert_protected(table, primary, pattern)
    assert table_suppress(table, primary, protection=PROTECTION, withheld=set(primary)) == pattern


def test_a_single_small_wijk_takes_the_cheapest_wijk_that_protects_it() -> None:
    rows = [("gemeente", "GM0001", "totaal", "totaal", 103.0)]
    rows += [("wijk", f"WK0001{i:02d}", "totaal", "totaal", v) for i, v in enumerate((3.0, 40.0, 60.0), 1)]
    table = table_from_observations(rows)
    pattern = hypercube_suppress(table, {("WK000101", "totaal", "totaal")}, protection=PROTECTION)
    assert pattern == {("WK000101", "totaal", "totaal"), ("WK000102", "totaal", "totaal")}
    assert attack(table, pattern)[("WK000101", "totaal", "totaal")] == (0.0, 43.0)


def test_a_zero_cannot_give_its_partner_room_so_a_third_cell_follows() -> None:
    """Beside a withheld 0, the complementary cell could only move down: it gets its own partner."""
    rows = [("gemeente", "GM0001", "totaal", "totaal", 100.0)]
    rows += [("wijk", f"WK0001{i:02d}", "totaal", "totaal", v) for i, v in enumerate((0.0, 40.0, 60.0), 1)]
    table = table_from_observations(rows)
    pattern = hypercube_suppress(table, {("WK000101", "totaal", "totaal")}, protection=PROTECTION)
    assert pattern == {(f"WK0001{i:02d}", "totaal", "totaal") for i in (1, 2, 3)}


@settings(max_examples=60, deadline=None)
@given(observation_tables())
def test_the_hypercube_method_with_its_guard_protects_random_tables(table: AdditiveTable) -> None:
    # Small tables normally get the exact model; here the sub-table method and its global guard
    # must hold on their own, also where a cell adds up in a buurt's total and its breakdown.
    primary = primary_of(table)
    assert_protected(table, primary, hypercube_suppress(table, primary, protection=PROTECTION))


def test_the_guard_widens_what_one_sub_table_at_a_time_left_too_narrow() -> None:
    # Gemeente 100 = wijken 4 + 46 + 50. Withholding the small wijk alone pins it exactly
    # (100 - 46 - 50); the guard finds that over the whole table and adds the cheapest partner,
    # a wijk, not the gemeente total.
    rows = [("gemeente", "GM0001", "totaal", "totaal", 100.0)]
    rows += [("wijk", f"WK0001{i:02d}", "totaal", "totaal", v) for i, v in enumerate((4.0, 46.0, 50.0), 1)]
    table = table_from_observations(rows)
    small, middle = ("WK000101", "totaal", "totaal"), ("WK000102", "totaal", "totaal")
    assert exposures(table, {small}, {small}, protection=PROTECTION) == [
        (small, -1, 4.0),
        (small, 1, PROTECTION),
    ]
    repaired = secondary_repair(table, {small}, {small}, protection=PROTECTION, cost=lambda key: table.cells[key] + 1)
    assert repaired == {small, middle}
    assert_protected(table, {small}, repaired)
    assert exposures(table, {small}, repaired, protection=PROTECTION) == []


def test_the_guard_withholds_a_total_when_only_a_total_protects() -> None:
    # A gemeente with one wijk: the wijk equals the gemeente, so the total must go too.
    rows = [("gemeente", "GM0001", "totaal", "totaal", 5.0), ("wijk", "WK000101", "totaal", "totaal", 5.0)]
    table = table_from_observations(rows)
    wijk, gemeente = ("WK000101", "totaal", "totaal"), ("GM0001", "totaal", "totaal")
    pattern = secondary_repair(table, {wijk}, {wijk}, protection=PROTECTION, cost=lambda key: table.cells[key] + 1)
    assert pattern == {wijk, gemeente}
    assert_protected(table, {wijk}, pattern)


def test_a_buurt_total_and_its_breakdown_together_do_not_pin_a_small_cell() -> None:
    # Found by hypothesis: each sub-table protects a buurt's 3 'verblijf', but its buurt's total
    # and its wijk's 'verblijf' column add up in two sub-tables at once and bound it from below
    # at 1. The global guard must widen it to the full [0, 13].
    vorm = ("ambulant", "pleegzorg", "verblijf")
    counts = {
        ("gemeente", "GM0001"): (11, 12, 25, 48),
        ("wijk", "WK000101"): (1, 10, 11, 22),
        ("wijk", "WK000102"): (10, 1, 13, 24),
        ("buurt", "BU00010101"): (0, 0, 0, 0),
        ("buurt", "BU00010102"): (0, 0, 1, 1),
        ("buurt", "BU00010103"): (1, 10, 10, 21),
        ("buurt", "BU00010201"): (10, 0, 3, 13),
        ("buurt", "BU00010202"): (0, 1, 10, 11),
    }
    rows = []
    for (level, code), (*parts, total) in counts.items():
        rows.append((level, code, "totaal", "totaal", float(total)))
        rows += [(level, code, "vorm", value, float(n)) for value, n in zip(vorm, parts, strict=True)]
    table = table_from_observations(rows)
    assert table.cells[("~GM0001", "totaal", "totaal")] == 2.0  # 48 - 22 - 24, hidden
    primary = primary_of(table)
    pattern = table_suppress(table, primary, protection=PROTECTION, withheld=set(primary))
    assert_protected(table, primary, pattern)
    assert exposures(table, primary, pattern, protection=PROTECTION) == []

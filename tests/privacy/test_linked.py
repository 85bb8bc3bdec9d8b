"""Protection across indicators: an attacker who knows which indicators publish the same count.

The attacker here is written for this test: the identities are listed by hand from the demo's
definitions (as anybody reading them would), every cell any indicator publishes is known (exactly,
or with ``round_to = 5`` only up to its rounding), and a linear programme over all relations of the
shared count bounds each withheld cell.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pytest
from scipy.optimize import linprog
from scipy.sparse import csr_array

from duiding.privacy import observation_list
from duiding.privacy.rules import count_round
from duiding.privacy.tables import AdditiveTable, CellKey, table_from_observations
from duiding.workspace import Workspace, workspace_open
from tests.conftest import privacy_changed

PROTECTION = 10
"""The demo's threshold: a withheld small cell must stay open at least 10 up and down to 0 or 10 less."""
NUMERATOR, DENOMINATOR = "numerator", "denominator"
IDENTITIES: list[tuple[str, list[tuple[str, str]]]] = [
    ("wijkteam", [("aanmeldingen", NUMERATOR), ("doorverwezen", DENOMINATOR)]),
    ("wijkteam", [("wachttijd_binnen_norm", DENOMINATOR), ("wachttijd_mediaan", DENOMINATOR)]),
    (
        "jeugd",
        [
            ("beeindigd_volgens_plan", DENOMINATOR),
            ("voortijdig_beeindigd", DENOMINATOR),
            ("duur_beeindigde_trajecten", DENOMINATOR),
        ],
    ),
    ("onderwijs", [("doelgroeppeuters", NUMERATOR), ("vve_bereik", DENOMINATOR)]),
]
"""Counts the demo publishes in more than one indicator: the same rows, the same filter, the same period."""
PERIODS = 4
"""Periods attacked per identity (the busiest ones: most withheld small cells)."""


def _raw(workspace: Workspace, monitor: str, members: list[tuple[str, str]], start: date) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        return {
            indicator: con.execute(
                f"SELECT area_level, area_code, breakdown, breakdown_value, {role} FROM observations "
                "WHERE monitor = ? AND indicator = ? AND period_start = ?",
                [monitor, indicator, start],
            ).fetchall()
            for indicator, role in members
        }
    finally:
        con.close()


def _busiest(workspace: Workspace, monitor: str, members: list[tuple[str, str]]) -> list[date]:
    indicator, role = members[0]
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        rows = con.execute(
            f"SELECT period_start FROM observations WHERE monitor = ? AND indicator = ? GROUP BY period_start "
            f"ORDER BY count(*) FILTER (WHERE {role} < {PROTECTION}) DESC, period_start LIMIT ?",
            [monitor, indicator, PERIODS],
        ).fetchall()
    finally:
        con.close()
    return [row[0] for row in rows]


def _shared_table(raw: dict[str, list[tuple]]) -> AdditiveTable:
    """The shared count over the cells of every indicator that publishes it; the identity must hold."""
    cells: dict[CellKey, tuple] = {}
    for rows in raw.values():
        for row in rows:
            key = (row[1], row[2], row[3])
            if key in cells:
                assert cells[key][4] == row[4], ("the identity does not hold", key, cells[key], row)
            cells[key] = row
    return table_from_observations(cells.values())


def _published(workspace: Workspace, monitor: str, members: list[tuple[str, str]], start: date) -> dict:
    """Per indicator and cell: None when withheld, else the published count."""
    found: dict[str, dict[CellKey, float | None]] = {}
    for indicator, role in members:
        observations = observation_list(workspace, monitor=monitor, indicator=indicator, period_start=start)
        found[indicator] = {
            (o.area_code, o.breakdown, o.breakdown_value): None if o.suppressed else getattr(o, role)
            for o in observations
        }
    return found


def _bounds(table: AdditiveTable, known: dict[CellKey, tuple[float, float]], keys: Iterable[CellKey]) -> dict:
    """Least and greatest value of each of ``keys`` given the additivity and what is known."""
    order = sorted(table.cells)
    where = {k: i for i, k in enumerate(order)}
    rows, cols, data = [], [], []
    for r, constraint in enumerate(table.constraints):
        for key, sign in ((constraint.total, 1.0), *((p, -1.0) for p in constraint.parts)):
            rows.append(r)
            cols.append(where[key])
            data.append(sign)
    matrix = csr_array((data, (rows, cols)), shape=(len(table.constraints), len(order)))
    limits = [known.get(k, (table.cells[k], table.cells[k]) if k in table.known else (0.0, None)) for k in order]
    found = {}
    for key in keys:
        ends = []
        for sense in (1.0, -1.0):
            objective = np.zeros(len(order))
            objective[where[key]] = sense
            result = linprog(objective, A_eq=matrix, b_eq=np.zeros(len(table.constraints)), bounds=limits)
            assert result.status in (0, 3), result.message
            ends.append(sense * result.fun if result.status == 0 else sense * -np.inf)
        found[key] = (ends[0], ends[1])
    return found


def _attack(workspace: Workspace, truth: Workspace, *, step: int) -> tuple[int, list, list]:
    """Attack every identity; return the small cells attacked, those narrowed down and the shared
    cells whose status differs between the indicators that publish them."""
    attacked, exposed, differing = 0, [], []
    for monitor, members in IDENTITIES:
        for start in _busiest(truth, monitor, members):
            table = _shared_table(_raw(truth, monitor, members, start))
            published = _published(workspace, monitor, members, start)
            for key in table.cells:
                statuses = {published[i][key] is None for i, _ in members if key in published[i]}
                if len(statuses) > 1:
                    differing.append((monitor, start, key))
            known: dict[CellKey, tuple[float, float]] = {}
            for cells in published.values():
                for key, value in cells.items():
                    if value is not None and key in table.cells:
                        half = step // 2
                        known[key] = (max(0.0, value - half), value + half) if step > 1 else (value, value)
            small = [k for k in table.candidates if k not in known and table.cells[k] < PROTECTION]
            everything = _bounds(table, {}, small)  # what no suppression can hide
            bounds = _bounds(table, known, small)
            for key in small:
                value, (low, high) = table.cells[key], bounds[key]
                down = min(PROTECTION, value - everything[key][0])
                narrowed = high - value < PROTECTION - 1e-6 or value - low < down - 1e-6
                if narrowed and everything[key][1] - value >= PROTECTION - 1e-6:  # protectable, yet narrowed
                    exposed.append((monitor, start, key, value, low, high))
            attacked += len(small)
    return attacked, exposed, differing


def test_a_shared_count_cannot_be_narrowed_down_through_another_indicator(demo_workspace: Workspace) -> None:
    attacked, exposed, differing = _attack(demo_workspace, demo_workspace, step=1)
    assert not differing, differing[:5]
    assert not exposed, exposed[:5]
    assert attacked > 200, attacked


@pytest.fixture(scope="module")
def rounded_workspace(demo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A copy of the demo that publishes counts rounded to fives (the pattern stays the same)."""
    root = tmp_path_factory.mktemp("afgerond") / "werkruimte"
    shutil.copytree(demo_root, root)
    return privacy_changed(workspace_open(root), round_to=5)


def test_with_rounding_a_shared_count_is_not_narrowed_down_either(
    rounded_workspace: Workspace, demo_workspace: Workspace
) -> None:
    published = observation_list(rounded_workspace, monitor="wijkteam", indicator="aanmeldingen")
    assert all(o.numerator % 5 == 0 for o in published if not o.suppressed and o.numerator is not None)
    assert count_round(12, 5) == 10
    attacked, exposed, differing = _attack(rounded_workspace, demo_workspace, step=5)
    assert not differing and not exposed, (differing[:3], exposed[:3])
    assert attacked > 200, attacked


def test_the_identities_are_the_ones_the_definitions_imply(demo_root: Path) -> None:
    """Each listed identity holds cell by cell in the demo (else the attacker above would be wrong)."""
    workspace = workspace_open(demo_root)
    for monitor, members in IDENTITIES:
        for start in _busiest(workspace, monitor, members):
            raw = _raw(workspace, monitor, members, start)
            assert all(raw.values()), (monitor, start)
            _shared_table(raw)

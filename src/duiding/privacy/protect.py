"""The suppression pattern of every table: primary cells, and the cells that protect them.

A table is one indicator in one period: every area level and every breakdown value. Its
counts are modelled as additive tables (``tables``): the numerator of counts, rates,
stapeling and shares, and the denominator when it comes from registrations (the number of
persons or rows a figure rests on). The primary cells are those the primary rule withholds;
the exact model (``secondary``, for tables up to ``EXACT_LIMIT`` cells) or the hypercube
method (``hypercube``, for larger ones) adds the cells needed so that none of them can be
worked out from the published figures; for a rate numerator and denominator get one
pattern. Indicators that read only published tables (CBS) get no secondary suppression:
CBS protected those figures before publishing them, and anyone can read them there.

``protection_compute`` runs after ``duiding compute`` and stores the pattern in
``suppressions`` with the ``computed_at`` of the observations it protects; the gate uses a
stored pattern only when it belongs to the current observations and works it out itself
otherwise, so a figure is never shown unprotected.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import date, datetime
from multiprocessing import get_context
from pathlib import Path

import pyarrow as pa

from duiding.definitions import monitors_load, sources_load
from duiding.definitions.models import (
    CountFormula,
    DurationFormula,
    Indicator,
    Measure,
    RateFormula,
    ScoreFormula,
    Source,
    SourceKind,
    StapelingFormula,
    StatisticFormula,
)
from duiding.privacy.hypercube import hypercube_suppress
from duiding.privacy.rules import PrimaryRule, indicator_min_count
from duiding.privacy.secondary import secondary_suppress
from duiding.privacy.tables import AdditiveTable, CellKey, CountRow, table_from_observations
from duiding.warehouse import TOTAL, warehouse_connect, warehouse_transaction
from duiding.workspace import Workspace, workspace_open

PRIMARY = "primary"
SECONDARY = "secondary"
Row = tuple[str, str, str, str, float | None, float | None]
"""``(area_level, area_code, breakdown, breakdown_value, numerator, denominator)``."""


@dataclass(frozen=True)
class Counts:
    """Which of an indicator's figures are additive counts that secondary suppression protects."""

    numerator: bool
    denominator: bool


def _micro(measure: Measure | None, sources: dict[str, Source]) -> bool:
    source = sources.get(measure.source) if measure is not None else None
    return source is not None and source.kind is SourceKind.MICRODATA


def indicator_counts(indicator: Indicator, sources: dict[str, Source]) -> Counts:
    """The additive counts of an indicator; none for one that reads published tables only."""
    formula = indicator.formula
    match formula:
        case CountFormula():
            return Counts(_micro(formula.measure, sources), False)
        case RateFormula():
            return Counts(_micro(formula.numerator, sources), _micro(formula.denominator, sources))
        case StapelingFormula():
            return Counts(True, formula.denominator is None or _micro(formula.denominator, sources))
        case DurationFormula():
            return Counts(formula.statistic == "share_within", True)
        case ScoreFormula():
            return Counts(formula.statistic == "share_at_least", True)
        case StatisticFormula():
            return Counts(False, True)
    return Counts(False, False)


def _table(rows: Sequence[Row], index: int) -> AdditiveTable:
    counts: list[CountRow] = [(r[0], r[1], r[2], r[3], r[5] if index else r[4]) for r in rows]
    return table_from_observations(counts)


EXACT_LIMIT = 200
"""Tables with at most this many cells get the exact model; larger ones the hypercube method."""


def _broken_down(table: AdditiveTable) -> bool:
    return any(key[1] != TOTAL for key in table.cells)


def table_suppress(
    table: AdditiveTable, primary: set[CellKey], *, protection: float, withheld: set[CellKey], exact: bool = True
) -> set[CellKey]:
    """The cells to withhold in one count table: exact when small enough, without breakdowns (and
    ``exact``), else the hypercube method. Breakdowns make the exact model's integer programme
    slow (minutes per table), so tables with breakdowns always take the hypercube method."""
    inside = set(table.candidates) | table.known
    if exact and len(table.cells) <= EXACT_LIMIT and not _broken_down(table):
        found = secondary_suppress(
            table, primary & inside, protection=protection, suppressed=(withheld - primary) & inside
        )
    else:
        found = hypercube_suppress(table, primary, protection=protection, withheld=withheld)
    return (found | withheld) - table.hidden


def table_pattern(rows: Sequence[Row], *, rule: PrimaryRule, counts: Counts) -> dict[CellKey, str]:
    """Withheld cells of one table with the reason: primary or secondary."""
    primary = {(r[1], r[2], r[3]) for r in rows if rule.suppresses(r[4], r[5])}
    if not primary:
        return {}
    pattern = set(primary)
    try:
        tables = [_table(rows, i) for i, used in enumerate((counts.numerator, counts.denominator)) if used]
    except ValueError:
        tables = []  # counts that cannot be modelled: withhold every cell below the gemeente
        pattern |= {(r[1], r[2], r[3]) for r in rows if r[0] != "gemeente"}
    while tables:
        before = len(pattern)
        for table in tables:
            single = len(tables) == 1  # linked counts (a rate) take the fast method for both
            pattern = table_suppress(table, primary, protection=rule.min_count, withheld=pattern, exact=single)
        if len(pattern) == before or len(tables) == 1:
            break  # one table: the hypercube's result is already a fixed point
    present = {(r[1], r[2], r[3]) for r in rows}
    return {key: PRIMARY if key in primary else SECONDARY for key in pattern & present}


GroupKey = tuple[str, date]
"""``(indicator, period_start)``."""


def monitor_patterns(
    rows: Iterable[tuple[str, date, str, str, str, str, float | None, float | None]],
    *,
    rules: dict[str, PrimaryRule],
    counts: dict[str, Counts],
) -> dict[GroupKey, dict[CellKey, str]]:
    """The pattern per table, from observation rows ``(indicator, period_start, level, area, …)``."""
    groups: dict[GroupKey, list[Row]] = defaultdict(list)
    for indicator, start, *rest in rows:
        groups[(indicator, start)].append(tuple(rest))  # type: ignore[arg-type]
    found = {}
    for key, group in sorted(groups.items()):
        rule, used = rules.get(key[0]), counts.get(key[0], Counts(False, False))
        if rule is not None:
            found[key] = table_pattern(group, rule=rule, counts=used)
    return found


def monitor_protection_inputs(workspace: Workspace, monitor: str) -> tuple[dict[str, PrimaryRule], dict[str, Counts]]:
    definition = monitors_load(workspace.monitors_dir).get(monitor)
    if definition is None:
        return {}, {}
    sources = sources_load(workspace.sources_dir)
    rules = {i.id: PrimaryRule(min_count=indicator_min_count(workspace, i, definition)) for i in definition.indicators}
    return rules, {i.id: indicator_counts(i, sources) for i in definition.indicators}


def monitor_observation_rows(
    workspace: Workspace, monitor: str, indicator: str | None = None, period_start: date | None = None
) -> tuple[list[tuple[str, date, str, str, str, str, float | None, float | None]], datetime | None]:
    """The rows secondary suppression needs, and when they were computed."""
    con = warehouse_connect(workspace.warehouse_path, read_only=True)
    try:
        query = (
            "SELECT indicator, period_start, area_level, area_code, breakdown, breakdown_value, numerator, "
            "denominator FROM observations WHERE monitor = ?"
        )
        params: list[object] = [monitor]
        for column, wanted in (("indicator", indicator), ("period_start", period_start)):
            if wanted is not None:
                query += f" AND {column} = ?"
                params.append(wanted)
        rows = con.execute(query, params).fetchall()
        stamp = con.execute("SELECT max(computed_at) FROM observations WHERE monitor = ?", [monitor]).fetchall()
    finally:
        con.close()
    return rows, stamp[0][0]


def _monitor_stored(root: str, monitor: str) -> tuple[list[tuple[object, ...]], datetime | None]:
    """One monitor's withheld cells as rows of ``suppressions`` (runs in a worker process)."""
    workspace = workspace_open(Path(root))
    rows, stamp = monitor_observation_rows(workspace, monitor)
    if stamp is None:
        return [], None
    rules, counts = monitor_protection_inputs(workspace, monitor)
    stored: list[tuple[object, ...]] = []
    for (indicator, start), pattern in monitor_patterns(rows, rules=rules, counts=counts).items():
        stored += [(monitor, indicator, start, *key, reason) for key, reason in sorted(pattern.items())]
    return stored, stamp


def protection_compute(
    workspace: Workspace,
    *,
    monitors: Sequence[str] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> int:
    """Work out and store the suppression pattern of every table of ``monitors`` (default all).

    Monitors are protected in parallel processes (one per core). Returns the number of
    withheld cells.
    """
    names = list(monitors) if monitors is not None else list(monitors_load(workspace.monitors_dir))
    results: dict[str, tuple[list[tuple[object, ...]], datetime | None]] = {}
    workers = max(1, min(len(names), os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        futures = {pool.submit(_monitor_stored, str(workspace.root), name): name for name in names}
        for done, future in enumerate(as_completed(futures)):
            results[futures[future]] = future.result()
            if progress is not None:
                progress(done + 1, len(names), f"beveiligd: {futures[future]}")
    stored = [row for name in names for row in results[name][0]]
    stamps = [(name, stamp) for name in names if (stamp := results[name][1]) is not None]
    table = pa.table(
        {
            column: [row[i] for row in stored]
            for i, column in enumerate(
                ("monitor", "indicator", "period_start", "area_code", "breakdown", "breakdown_value", "reason")
            )
        },
        schema=pa.schema(
            [
                ("monitor", pa.string()),
                ("indicator", pa.string()),
                ("period_start", pa.date32()),
                ("area_code", pa.string()),
                ("breakdown", pa.string()),
                ("breakdown_value", pa.string()),
                ("reason", pa.string()),
            ]
        ),
    )
    with warehouse_transaction(workspace.warehouse_path) as con:
        for monitor in names:
            con.execute("DELETE FROM suppressions WHERE monitor = ?", [monitor])
            con.execute("DELETE FROM protections WHERE monitor = ?", [monitor])
        con.register("incoming_suppressions", table)
        con.execute("INSERT INTO suppressions SELECT * FROM incoming_suppressions")
        con.unregister("incoming_suppressions")
        if stamps:
            con.executemany("INSERT INTO protections VALUES (?, ?)", stamps)
    return len(stored)

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
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import as_completed
from dataclasses import dataclass
from datetime import date, datetime
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
from duiding.privacy.links import DENOMINATOR, NUMERATOR, IndicatorCounts, indicator_count_keys, linked_groups
from duiding.privacy.rules import PrimaryRule, indicator_min_count
from duiding.privacy.secondary import secondary_suppress
from duiding.privacy.tables import AdditiveTable, CellKey, CountRow, table_from_observations
from duiding.warehouse import TOTAL, warehouse_connect, warehouse_transaction
from duiding.workers import worker_pool
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
    return group_pattern({"": rows}, rules={"": rule}, counts={"": counts}, keys={})[""]


def _linked_tables(
    members: Mapping[str, Sequence[Row]], counts: Mapping[str, Counts], keys: Mapping[str, IndicatorCounts]
) -> list[list[CountRow]]:
    """The count tables of a group of indicators, one per distinct count: a count that several
    indicators publish (same key, same value in every cell both have) is one table over the cells
    of all of them. A count whose values differ from another with its key somewhere is kept apart."""
    tables: dict[object, dict[CellKey, CountRow]] = {}
    for name in sorted(members):
        used = (counts[name].numerator, counts[name].denominator)
        key_of = keys.get(name, IndicatorCounts(None, None)).both()
        for role in (NUMERATOR, DENOMINATOR):
            if not used[role]:
                continue
            rows: dict[CellKey, CountRow] = {
                (r[1], r[2], r[3]): (r[0], r[1], r[2], r[3], r[5] if role else r[4]) for r in members[name]
            }
            shared = key_of[role]
            table = tables.get(shared) if shared is not None else None
            agrees = table is not None and all(table[cell][4] == row[4] for cell, row in rows.items() if cell in table)
            if table is not None and agrees:
                table.update(rows)
            else:
                tables[shared if shared is not None and table is None else (name, role)] = rows
    return [list(rows.values()) for _, rows in sorted(tables.items(), key=lambda item: repr(item[0]))]


def group_pattern(
    members: Mapping[str, Sequence[Row]],
    *,
    rules: Mapping[str, PrimaryRule],
    counts: Mapping[str, Counts],
    keys: Mapping[str, IndicatorCounts],
) -> dict[str, dict[CellKey, str]]:
    """Withheld cells, with the reason, of the tables of indicators that share counts (``links``),
    for one period: one pattern over all their count tables, so a shared count has one status
    wherever it is shown and is protected against the relations of every table it is part of.
    A cell is primary for the indicator whose own rule withholds it, secondary for the others."""
    primary_of = {
        name: {(r[1], r[2], r[3]) for r in rows if rules[name].suppresses(r[4], r[5])} for name, rows in members.items()
    }
    primary = set().union(*primary_of.values())
    present = {name: {(r[1], r[2], r[3]) for r in rows} for name, rows in members.items()}
    if not primary:
        return {name: {} for name in members}
    protection = max(rules[name].min_count for name in members)
    pattern = set(primary)
    try:
        tables = [table_from_observations(rows) for rows in _linked_tables(members, counts, keys)]
    except ValueError:
        tables = []  # counts that cannot be modelled: withhold every cell below the gemeente
        pattern |= {(r[1], r[2], r[3]) for rows in members.values() for r in rows if r[0] != "gemeente"}
    while tables:
        before = len(pattern)
        for table in tables:
            single = len(tables) == 1  # linked counts (a rate, shared counts) take the fast method
            pattern = table_suppress(table, primary, protection=protection, withheld=pattern, exact=single)
        if len(pattern) == before or len(tables) == 1:
            break  # one table: the hypercube's result is already a fixed point
    return {
        name: {key: PRIMARY if key in primary_of[name] else SECONDARY for key in pattern & present[name]}
        for name in members
    }


GroupKey = tuple[str, date]
"""``(indicator, period_start)``."""


def protection_groups(rules: Mapping[str, PrimaryRule], keys: Mapping[str, IndicatorCounts]) -> list[list[str]]:
    """The indicators with a rule in groups protected together (``links.linked_groups``)."""
    return linked_groups({name: keys.get(name, IndicatorCounts(None, None)) for name in rules})


def monitor_patterns(
    rows: Iterable[tuple[str, date, str, str, str, str, float | None, float | None]],
    *,
    rules: dict[str, PrimaryRule],
    counts: dict[str, Counts],
    keys: Mapping[str, IndicatorCounts] | None = None,
) -> dict[GroupKey, dict[CellKey, str]]:
    """The pattern per table, from observation rows ``(indicator, period_start, level, area, …)``;
    indicators that share a count (``keys``, from ``links``) are protected together per period."""
    keys = keys or {}
    groups: dict[GroupKey, list[Row]] = defaultdict(list)
    for indicator, start, *rest in rows:
        groups[(indicator, start)].append(tuple(rest))  # type: ignore[arg-type]
    linked_sets = protection_groups(rules, keys)
    found: dict[GroupKey, dict[CellKey, str]] = {}
    for start in sorted({start for _, start in groups}):
        for linked in linked_sets:
            members = {name: groups[(name, start)] for name in linked if (name, start) in groups}
            if not members:
                continue
            used = {name: counts.get(name, Counts(False, False)) for name in members}
            patterns = group_pattern(members, rules=rules, counts=used, keys=keys)
            found.update({(name, start): pattern for name, pattern in patterns.items()})
    return dict(sorted(found.items()))


@dataclass(frozen=True)
class ProtectionInputs:
    """What protecting a monitor's tables needs: per indicator its primary rule, which of its counts
    secondary suppression protects, and what those counts count (to link shared counts)."""

    rules: dict[str, PrimaryRule]
    counts: dict[str, Counts]
    keys: dict[str, IndicatorCounts]

    def linked(self, indicator: str) -> list[str]:
        """The indicators protected together with ``indicator`` (itself included)."""
        return next((g for g in protection_groups(self.rules, self.keys) if indicator in g), [indicator])


def monitor_protection_inputs(workspace: Workspace, monitor: str) -> ProtectionInputs:
    definition = monitors_load(workspace.monitors_dir).get(monitor)
    if definition is None:
        return ProtectionInputs({}, {}, {})
    sources = sources_load(workspace.sources_dir)
    rules = {i.id: PrimaryRule(min_count=indicator_min_count(workspace, i, definition)) for i in definition.indicators}
    counts = {i.id: indicator_counts(i, sources) for i in definition.indicators}
    keys = {i.id: indicator_count_keys(i, sources) for i in definition.indicators}
    return ProtectionInputs(rules, counts, keys)


def monitor_observation_rows(
    workspace: Workspace,
    monitor: str,
    indicators: Collection[str] | None = None,
    period_start: date | None = None,
) -> tuple[list[tuple[str, date, str, str, str, str, float | None, float | None]], datetime | None]:
    """The rows secondary suppression needs (of ``indicators``, default all), and when they were computed."""
    con = warehouse_connect(workspace.warehouse_path, read_only=True)
    try:
        query = (
            "SELECT indicator, period_start, area_level, area_code, breakdown, breakdown_value, numerator, "
            "denominator FROM observations WHERE monitor = ?"
        )
        params: list[object] = [monitor]
        if indicators is not None:
            query += " AND list_contains(?, indicator)"
            params.append(sorted(indicators))
        if period_start is not None:
            query += " AND period_start = ?"
            params.append(period_start)
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
    inputs = monitor_protection_inputs(workspace, monitor)
    stored: list[tuple[object, ...]] = []
    patterns = monitor_patterns(rows, rules=inputs.rules, counts=inputs.counts, keys=inputs.keys)
    for (indicator, start), pattern in patterns.items():
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
    with worker_pool(workers) as pool:
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

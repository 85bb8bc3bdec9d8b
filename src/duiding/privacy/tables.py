"""Additive count tables: the model secondary suppression works on (see docs/privacy-secondary.md).

A table is a set of cells holding counts, tied by constraints "total = sum of parts". Only
counts add up: the numerators of count indicators, and the numerators and denominators of
rates, each as its own table over the same keys. Ratios are never modelled; the gate
suppresses the ratio (and its interval) of every cell whose counts it suppresses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from duiding.geography.areas import area_parent_code
from duiding.warehouse import TOTAL

CellKey = tuple[str, str, str]
"""``(area_code, breakdown, breakdown_value)``, as in the ``observations`` table."""

CountRow = tuple[str, str, str, str, float | None]
"""``(area_level, area_code, breakdown, breakdown_value, count)`` of one indicator and period."""

UNKNOWN_AREA = "~"
"""Prefix of the hidden area holding what a parent counts beyond its children (``~GM0344``)."""
REMAINDER = "~"
"""Breakdown value of the hidden cell holding what a total counts beyond its breakdown values."""
_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Constraint:
    """``total`` equals the sum of ``parts``."""

    total: CellKey
    parts: tuple[CellKey, ...]


@dataclass(frozen=True)
class AdditiveTable:
    """Cells with their counts and the additivity constraints between them."""

    cells: Mapping[CellKey, float]
    constraints: tuple[Constraint, ...]
    hidden: frozenset[CellKey] = field(default_factory=frozenset)
    """Remainder cells nobody publishes: an attacker only knows they are not negative."""
    known: frozenset[CellKey] = field(default_factory=frozenset)
    """Cells an attacker knows that are no rows, so cannot be withheld: a breakdown row a level
    publishes but the rows lack (0; the engine writes the full grid, so only in hand-made
    tables) and negative remainders (persons counted in two parts)."""

    def __post_init__(self) -> None:
        for constraint in self.constraints:
            keys = (constraint.total, *constraint.parts)
            if missing := [key for key in keys if key not in self.cells]:
                raise ValueError(f"constraint names unknown cells: {missing}")
            gap = self.cells[constraint.total] - sum(self.cells[key] for key in constraint.parts)
            if abs(gap) > _TOLERANCE * max(1.0, abs(self.cells[constraint.total])):
                raise ValueError(f"{constraint.total} is not the sum of its parts (off by {gap})")
        if negative := sorted(k for k, v in self.cells.items() if v < 0 and k not in self.known):
            raise ValueError(f"negative counts: {negative}")

    @property
    def candidates(self) -> list[CellKey]:
        """The cells that are published unless suppressed, in key order."""
        return sorted(k for k in self.cells if k not in self.hidden and k not in self.known)


def table_from_observations(rows: Iterable[CountRow], *, remainders_known: bool = False) -> AdditiveTable:
    """The additive table of one indicator, one period and one kind of count.

    Areas are tied to the nearest present ancestor (buurt → wijk → gemeente) for every
    column both levels publish: a breakdown published for the gemeente and the wijken but
    not for the buurten ties wijken to the gemeente only (a level publishes a breakdown when
    any of its areas has a row for it). Each breakdown is taken as exhaustive, so per area
    its values add up to the total. Where a parent or total counts more than its parts (rows
    without buurt, an unpublished breakdown value), the difference is a hidden remainder
    cell; where it counts less (a person counted in two buurten or two values), the
    difference is taken as known, which only makes the attacker stronger. With
    ``remainders_known`` every remainder is known (when, say, the persons without buurt are
    published per indicator). A breakdown row a level publishes but the engine did not write
    is a known 0. A count of None (not available) is left out: its cell reads as 0 and its
    value goes into the remainder of its parent, which is what an attacker can infer about
    it as well.
    """
    values: dict[CellKey, float] = {}
    level_of: dict[str, str] = {}
    published: dict[str, set[str]] = defaultdict(set)
    """Per level, the breakdowns it has rows for."""
    for level, code, breakdown, value, count in rows:
        level_of[code] = level
        if breakdown != TOTAL:
            published[level].add(breakdown)
        if count is not None:
            values[(code, breakdown, value)] = float(count)
    areas = sorted({key[0] for key in values})
    all_columns = sorted({(key[1], key[2]) for key in values} | {(TOTAL, TOTAL)})

    def columns_of(level: str) -> list[tuple[str, str]]:
        return [c for c in all_columns if c[0] == TOTAL or c[0] in published[level]]

    cells: dict[CellKey, float] = {
        (a, *col): values.get((a, *col), 0.0) for a in areas for col in columns_of(level_of[a])
    }
    known = {key for key in cells if key not in values}
    children = _children(areas)
    shared = {
        parent: [c for c in columns_of(level_of[parent]) if all(c in columns_of(level_of[k]) for k in kids)]
        for parent, kids in children.items()
    }
    remainders = _unknown_areas(cells, children, shared)
    areas += _added(children)
    remainders |= _unknown_values(cells, areas, all_columns)
    columns = {a: sorted((k[1], k[2]) for k in cells if k[0] == a) for a in areas}
    constraints = [
        Constraint((area, TOTAL, TOTAL), tuple((area, *col) for col in columns[area] if col[0] == breakdown))
        for area in sorted(areas)
        for breakdown in sorted({col[0] for col in columns[area]} - {TOTAL})
    ]
    constraints += [
        Constraint((parent, *col), tuple((kid, *col) for kid in kids))
        for parent, kids in sorted(children.items())
        for col in sorted(set(columns[parent]).intersection(*(columns[kid] for kid in kids)))
    ]
    hidden = {key for key in remainders if cells[key] >= 0 and not remainders_known}
    return AdditiveTable(cells, tuple(constraints), frozenset(hidden), frozenset(known | (remainders - hidden)))


def _unknown_areas(
    cells: dict[CellKey, float], children: dict[str, list[str]], shared: dict[str, list[tuple[str, str]]]
) -> set[CellKey]:
    """Add a hidden child ``~parent`` to every parent that its children do not add up to, in
    the columns parent and children both publish."""
    added: set[CellKey] = set()
    for parent, kids in sorted(children.items()):
        columns = shared[parent]
        rest = {col: cells[(parent, *col)] - sum(cells[(kid, *col)] for kid in kids) for col in columns}
        if any(abs(r) > _TOLERANCE for r in rest.values()):
            unknown = UNKNOWN_AREA + parent
            cells.update({(unknown, *col): r for col, r in rest.items()})
            added.update((unknown, *col) for col in columns)
            kids.append(unknown)
    return added


def _unknown_values(cells: dict[CellKey, float], areas: list[str], columns: list[tuple[str, str]]) -> set[CellKey]:
    """Add a hidden value ``~`` to every breakdown whose values do not add up to the total,
    for every area that has that breakdown."""
    added: set[CellKey] = set()
    with_breakdown = {(key[0], key[1]) for key in cells}
    for breakdown in sorted({col[0] for col in columns} - {TOTAL}):
        parts = [col for col in columns if col[0] == breakdown]
        mine = [a for a in areas if (a, breakdown) in with_breakdown]
        rest = {a: cells[(a, TOTAL, TOTAL)] - sum(cells.get((a, *col), 0.0) for col in parts) for a in mine}
        if any(abs(r) > _TOLERANCE for r in rest.values()):
            cells.update({(a, breakdown, REMAINDER): r for a, r in rest.items()})
            added.update((a, breakdown, REMAINDER) for a in mine)
    return added


def _added(children: dict[str, list[str]]) -> list[str]:
    return [kid for kids in children.values() for kid in kids if kid.startswith(UNKNOWN_AREA)]


def _children(areas: list[str]) -> dict[str, list[str]]:
    """Per present area its present children, skipping a level that has no rows."""
    present = set(areas)
    children: dict[str, list[str]] = defaultdict(list)
    for area in areas:
        parent = area_parent_code(area)
        while parent is not None and parent not in present:
            parent = area_parent_code(parent)
        if parent is not None:
            children[parent].append(area)
    return dict(children)

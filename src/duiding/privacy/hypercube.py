"""Secondary suppression for large linked tables: the hypercube method, sub-table by sub-table.

A Duiding table links areas (gemeente → wijken → buurten) and breakdowns (values → totaal).
It splits into two-dimensional sub-tables: one parent area with its children, by one
breakdown's values with the total. Protecting each of them, and repeating until nothing
changes, is how statistical offices protect large hierarchical tables (τ-Argus' modular
and hypercube methods, after Giessing & Repsilber and De Wolf's HiTaS).

For each withheld cell X of a sub-table the method looks for a rectangle (X's row and one
other, X's column and one other) whose four cells are all withheld (or hidden remainders).
Along such a rectangle an attacker can move any amount d without breaking a sum: X goes up
by d while the cells with the opposite sign go down. So X cannot be pinned down closer than
the smallest count among those cells. A rectangle protects X when that room is at least the
protection level upwards and at least ``min(protection, X)`` downwards. Where no such
rectangle exists the cheapest one is withheld (cost: the counts it adds, margins weighing
far more), which may in turn need protecting elsewhere: hence the repetition.

Every withheld cell gets such a rectangle, not only the primary ones: a primary cell one
that protects it, a complementary cell one with room both ways, so that it cannot be
recovered exactly in one sub-table and then used against a primary cell in another. Deterministic (keys are sorted,
ties go to the first key) and fast: milliseconds for a table of thousands of cells.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Set
from dataclasses import dataclass
from itertools import product

from duiding.privacy.secondary import attack, secondary_repair, secondary_suppress
from duiding.privacy.tables import AdditiveTable, CellKey
from duiding.warehouse import TOTAL

MARGIN_WEIGHT = 1000.0
"""How much more withholding a margin (a parent row or a total column) costs than a part."""
_TOTAL = (TOTAL, TOTAL)


@dataclass(frozen=True)
class SubTable:
    """A parent area with its children, by one breakdown's values and the total column."""

    rows: tuple[str, ...]
    """The parent first, then its children (hidden remainder areas included)."""
    columns: tuple[tuple[str, str], ...]
    """The total column first, then the breakdown's values (hidden remainder included)."""

    def keys(self) -> list[CellKey]:
        return [(row, *column) for row, column in product(self.rows, self.columns)]


def sub_tables(table: AdditiveTable) -> list[SubTable]:
    """The two-dimensional sub-tables of ``table``, parents before their children.

    Per parent area one sub-table per breakdown that its children publish too (the total
    column and that breakdown's values); a parent whose children publish no breakdown (the
    buurten of a wijk when breakdowns stop at the wijk) gets one sub-table of its total column.
    """
    children: dict[str, set[str]] = defaultdict(set)
    shared: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    """Per parent, per breakdown, the values it shares with its children."""
    for constraint in table.constraints:
        area, breakdown, value = constraint.total
        kids = {part[0] for part in constraint.parts if part[0] != area}
        if kids:
            children[area] |= kids
            if breakdown != TOTAL:
                shared[area][breakdown].add(value)
    depth = {a: (a.startswith("GM") and 0) or (a.startswith("WK") and 1) or 2 for a in children}
    found = []
    for parent in sorted(children, key=lambda a: (depth[a], a)):
        rows = (parent, *sorted(children[parent]))
        breakdowns: list[str | None] = [*sorted(shared[parent])] or [None]
        for chosen in breakdowns:
            values = sorted(shared[parent][chosen]) if chosen else []
            columns = [_TOTAL] + [(chosen, v) for v in values if chosen]
            found.append(SubTable(rows, tuple(columns)))
    return found


def _sign(first: str, other: str, margin: str) -> int:
    """+1 when the other row (column) moves with the first, -1 when against it."""
    return 1 if (first == margin) != (other == margin) else -1


def _rooms(table: AdditiveTable, cycle: dict[CellKey, int]) -> tuple[float, float]:
    """How far the first cell can move up and down along the cycle with every count ≥ 0."""
    up = min((table.cells[k] for k, s in cycle.items() if s < 0), default=float("inf"))
    down = min(table.cells[k] for k, s in cycle.items() if s > 0)
    return up, down


def _cycles(sub: SubTable, key: CellKey) -> list[dict[CellKey, int]]:
    """Every rectangle (or, with one column, pair) through ``key`` with the signs of a move."""
    row, column = key[0], (key[1], key[2])
    parent = sub.rows[0]
    found = []
    other_columns: list[tuple[str, str] | None] = [c for c in sub.columns if c != column] or [None]
    for other_row, other_column in product([r for r in sub.rows if r != row], other_columns):
        a = _sign(row, other_row, parent)
        if other_column is None:
            found.append({key: 1, (other_row, *column): a})
            continue
        b = _sign(column[0], other_column[0], TOTAL) if TOTAL in (column[0], other_column[0]) else -1
        found.append({key: 1, (row, *other_column): b, (other_row, *column): a, (other_row, *other_column): a * b})
    return found


def _protected(table: AdditiveTable, cycle: dict[CellKey, int], key: CellKey, protection: float) -> bool:
    up, down = _rooms(table, cycle)
    if protection <= 0:  # a complementary cell: it must only not be pinned down
        return up > 0 and down > 0
    return up >= protection and down >= min(protection, table.cells[key])


def _cost(table: AdditiveTable, cycle: dict[CellKey, int], unknown: Set[CellKey], sub: SubTable) -> float:
    cost = 0.0
    for key in cycle:
        if key not in unknown:
            margin = key[0] == sub.rows[0] or (key[1], key[2]) == _TOTAL
            cost += (table.cells[key] + 1) * (MARGIN_WEIGHT if margin else 1)
    return cost


def _total(key: CellKey) -> bool:
    return (key[1], key[2]) == _TOTAL


def _spared(key: CellKey, sub: SubTable) -> bool:
    """Whether the exact model should try to protect without ``key``: an area's total, in a sub-table
    by a breakdown; in a sub-table of totals only (buurten of a wijk), the parent's total."""
    return _total(key) and (len(sub.columns) > 1 or key[0] == sub.rows[0])


def _siblings(
    table: AdditiveTable, sub: SubTable, key: CellKey, protection: float, unknown: Set[CellKey]
) -> set[CellKey] | None:
    """``_without_totals`` for children of one published parent total (buurten of a wijk): ``key``
    can rise by as much as its withheld siblings can fall together, and fall as far as any of them
    can rise (without bound). So withhold the largest published siblings until the withheld ones hold
    at least ``protection`` persons; None when all of them together do not."""
    siblings = [(row, *sub.columns[0]) for row in sub.rows[1:] if (row, *sub.columns[0]) != key]
    siblings = [k for k in siblings if k in table.cells and k not in table.known]
    room = sum(table.cells[k] for k in siblings if k in unknown or k in table.hidden)
    added: set[CellKey] = set()
    for sibling in sorted((k for k in siblings if k not in unknown), key=lambda k: (-table.cells[k], k)):
        if room >= protection:
            break
        added.add(sibling)
        room += table.cells[sibling]
    return added if room >= protection else None


def _without_totals(
    table: AdditiveTable, sub: SubTable, key: CellKey, protection: float, unknown: Set[CellKey]
) -> set[CellKey] | None:
    """The cheapest cells of the sub-table that protect ``key`` without withholding a total it spares
    (``_spared``): the exact model on the sub-table, with those totals taken as known; empty when
    what is withheld protects it already; None when only a total can. A rectangle needs a total
    when its row and column hold only small cells; a longer cycle through larger cells elsewhere in
    the sub-table (or several small buurten instead of their wijk) often does without."""
    if len(sub.columns) == 1:
        return _siblings(table, sub, key, protection, unknown)
    every = sub.keys()
    inside = {k for k in every if k in table.cells and k not in table.known}
    constraints = [
        c for c in table.constraints if c.total in inside and all(part in inside for part in c.parts) and c.parts
    ]
    kept = {k for c in constraints for k in (c.total, *c.parts)}
    if key not in kept:
        return None
    known = {k for k in kept if _spared(k, sub) and k not in unknown}
    small = AdditiveTable(
        {k: table.cells[k] for k in kept},
        tuple(constraints),
        hidden=frozenset(kept & table.hidden),
        known=frozenset(known),
    )
    withheld = (unknown & kept) - table.hidden - known
    rest = set(small.candidates) - withheld
    if not rest:  # everything the model may withhold is withheld: protected, unless the known totals pin it
        low, high = attack(small, withheld)[key]
        value = small.cells[key]
        return set() if high - value >= protection and value - low >= min(protection, value) else None
    found = secondary_suppress(small, {key}, protection=protection, suppressed=withheld)
    added = found - unknown
    if added >= rest:
        return None  # the model withholds everything when it finds no pattern: leave it to the rectangle
    return None if any(_spared(k, sub) for k in added) else added


def hypercube_suppress(
    table: AdditiveTable, primary: Set[CellKey], *, protection: float, withheld: Set[CellKey] = frozenset()
) -> set[CellKey]:
    """Every cell to withhold: the primary cells, ``withheld`` (cells withheld already, e.g. for
    the other count of a rate) and the cells added to protect them.

    Sub-table by sub-table first; then the attacker over the whole table checks every primary
    cell, because cells that add up in more than one sub-table (a buurt's total with its
    breakdown, a hidden remainder) can move less than each sub-table alone allows. Where it
    narrows one down, ``secondary_repair`` withholds more, and the sub-tables protect those cells
    in turn, until the attacker finds nothing."""
    primary = set(primary) - table.known
    withheld = (set(withheld) | primary) - table.known
    subs = [(sub, set(sub.keys())) for sub in sub_tables(table)]
    done: set[tuple[int, CellKey]] = set()
    """Cells already protected in a sub-table: withholding more never undoes that."""
    margins = {c.total for c in table.constraints}
    while True:
        withheld = _sub_table_rounds(table, subs, primary, withheld, done, protection)
        repaired = secondary_repair(
            table,
            primary,
            withheld,
            protection=protection,
            cost=lambda k: (table.cells[k] + 1) * (MARGIN_WEIGHT if k in margins else 1.0),
        )
        if repaired <= withheld:
            return withheld
        withheld |= repaired


def _sub_table_rounds(
    table: AdditiveTable,
    subs: list[tuple[SubTable, set[CellKey]]],
    primary: set[CellKey],
    withheld: set[CellKey],
    done: set[tuple[int, CellKey]],
    protection: float,
) -> set[CellKey]:
    """Protect every withheld cell in each sub-table it is part of, until nothing changes."""
    changed = True
    while changed:
        changed = False
        for number, (sub, keys) in enumerate(subs):
            for key in sorted(keys & withheld):
                if (number, key) in done:
                    continue
                unknown = withheld | table.hidden
                usable = [c for c in _cycles(sub, key) if all(k in table.cells and k not in table.known for k in c)]
                need = protection if key in primary else 0.0
                good = [c for c in usable if _protected(table, c, key, need)]
                if any(set(c) <= unknown for c in good):
                    done.add((number, key))
                    continue
                choice = min(good or usable, key=lambda c: (_cost(table, c, unknown, sub), sorted(c)), default=None)
                if choice is None:
                    done.add((number, key))  # nothing in this sub-table can protect it
                    continue
                added = set(choice) - unknown
                if good and any(_spared(k, sub) for k in added):
                    exact = _without_totals(table, sub, key, need or 1.0, unknown)
                    added = added if exact is None else exact
                withheld |= added
                changed = changed or bool(added)
                done.add((number, key))  # protected now, or as well as this sub-table allows
    return withheld

"""Secondary suppression: no suppressed cell can be narrowed down from the published ones.

The method is the cell-suppression model of Fischetti and Salazar-González (1999, 2000),
solved by Benders decomposition with SciPy's HiGHS: a master integer programme chooses
which cells to suppress at least cost; for every primary cell and direction the attacker's
linear programme checks the choice, and its dual gives a cut when the cell is exposed.
``attack`` is that attacker on its own. See docs/privacy-secondary.md.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass
from functools import cache

import highspy
import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_array

from duiding.privacy.tables import AdditiveTable, CellKey

_MAX_ROUNDS = 200
_NODE_LIMIT = 100_000
_TOLERANCE = 1e-6


def attack(table: AdditiveTable, suppressed: Set[CellKey]) -> dict[CellKey, tuple[float, float]]:
    """Per suppressed cell the least and greatest value consistent with everything published.

    The attacker knows the constraints, every published and known cell and that counts and
    hidden remainders are not negative; the upper bound is ``inf`` when nothing bounds it.
    """
    bound = _attacker(table, suppressed)
    return {key: (bound(key, -1), bound(key, 1)) for key in sorted(suppressed)}


def floors(table: AdditiveTable, keys: Set[CellKey]) -> dict[CellKey, float]:
    """Per cell the least value an attacker finds with the whole table withheld.

    0, unless known remainders give a lower bound away (a gemeente counting 3 persons more
    than its wijken is at least 3): no suppression can hide that, so protection stops there.
    """
    if not any(table.cells[key] for key in table.known):
        return dict.fromkeys(keys, 0.0)
    bound = _attacker(table, set(table.candidates))
    return {key: bound(key, -1) for key in sorted(keys)}


def _attacker(table: AdditiveTable, suppressed: Set[CellKey]) -> Callable[[CellKey, int], float]:
    """The attacker's min (``sense`` -1) or max (1) of one withheld cell."""
    return _Attacker(table, suppressed).bound


class _Attacker:
    """The attacker's linear programme over one table with ``suppressed`` withheld.

    One HiGHS model per table and pattern; each question changes only the objective, so the
    simplex starts from the last optimal basis (a few pivots instead of a solve from scratch).
    ``point`` is the last table the attacker found: it is consistent with everything published.
    """

    def __init__(self, table: AdditiveTable, suppressed: Set[CellKey]) -> None:
        if foreign := sorted(set(suppressed) - set(table.candidates)):
            raise ValueError(f"not publishable cells of this table: {foreign[:5]}")
        free = sorted(set(suppressed) | table.hidden)
        self.index = {k: i for i, k in enumerate(free)}
        published = sorted(k for k in table.cells if k not in self.index)
        values = np.array([table.cells[k] for k in published], dtype=float)
        rhs = -_matrix(table, {k: i for i, k in enumerate(published)}) @ values
        matrix = _matrix(table, self.index).tocsc()
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = len(free), len(table.constraints)
        lp.col_cost_, lp.col_lower_ = np.zeros(len(free)), np.zeros(len(free))
        lp.col_upper_ = np.full(len(free), highspy.kHighsInf)
        lp.row_lower_ = lp.row_upper_ = np.asarray(rhs, dtype=float)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = matrix.indptr, matrix.indices, matrix.data
        self.model = _highs()
        self.model.passModel(lp)
        self.asked: int | None = None
        self.point = np.array([table.cells[k] for k in free], dtype=float)  # the true table

    def bound(self, key: CellKey, sense: int) -> float:
        column = self.index[key]
        if self.asked is not None:
            self.model.changeColCost(self.asked, 0.0)
        self.model.changeColCost(column, -float(sense))
        self.asked = column
        self.model.run()
        status = self.model.getModelStatus()
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return sense * np.inf
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"attacker LP failed: {self.model.modelStatusToString(status)}")
        self.point = np.asarray(self.model.getSolution().col_value)
        return float(self.point[column])


@cache
def _banner_heard() -> None:
    """HiGHS prints its banner on standard output when a process makes its first model."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _highs() -> highspy.Highs:
    """A silent HiGHS model on one thread (the tables are protected in parallel processes)."""
    _banner_heard()
    model = highspy.Highs()
    model.silent()
    model.setOptionValue("threads", 1)
    return model


def secondary_suppress(
    table: AdditiveTable,
    primary: Set[CellKey],
    *,
    protection: float,
    suppressed: Set[CellKey] = frozenset(),
) -> set[CellKey]:
    """The cells to suppress: ``primary``, ``suppressed`` and the complementary cells they need.

    Every primary cell with count ``a`` gets an attacker interval reaching at least
    ``a + protection`` and at most ``a - min(protection, a - floor)``, where the floor is
    what the attacker knows with everything withheld (see ``floors``; mostly 0).
    ``suppressed`` are cells withheld already (e.g. for a linked table): they stay
    withheld and need no protection.
    Keys the table knows but cannot withhold (``known``) are passed through untouched.
    Cells cost their count plus one, times one plus the number of constraints they total,
    so small cells go first and margins last; ties fall to the first key.
    """
    if foreign := sorted((primary | suppressed) - set(table.candidates) - table.known):
        raise ValueError(f"not publishable cells of this table: {foreign[:5]}")
    given = set(primary | suppressed)
    primary, suppressed = primary - table.known, suppressed - table.known
    if not primary:
        return given
    problem = _Problem.build(table, primary, protection, floors(table, primary))
    cuts = problem.local_cuts()
    pattern = problem.master(primary | suppressed, cuts)
    safe: dict[tuple[CellKey, int, float], set[CellKey]] = {}  # need → a pattern that met it
    for _ in range(_MAX_ROUNDS):
        if pattern is None:
            break
        new = []
        for need in problem.needs:
            if need in safe and safe[need] <= pattern:
                continue  # withholding more never helps the attacker
            if (cut := problem.cut(pattern, *need)) is None:
                safe[need] = pattern
            else:
                new.append(cut)
        if not new:
            return pattern | given
        cuts += new
        pattern = problem.master(primary | suppressed, cuts)
    return set(table.candidates) | given  # no pattern found: withhold the whole table


def secondary_suppress_linked(
    tables: Sequence[AdditiveTable], primary: Set[CellKey], *, protection: float
) -> set[CellKey]:
    """One pattern protecting ``primary`` in every table over the same keys (a rate's counts)."""
    pattern = set(primary)
    while True:
        before = len(pattern)
        for table in tables:
            pattern = secondary_suppress(table, primary, protection=protection, suppressed=pattern)
        if len(pattern) == before:
            return pattern


def exposures(
    table: AdditiveTable, primary: Set[CellKey], pattern: Set[CellKey], *, protection: float
) -> list[tuple[CellKey, int, float]]:
    """The primary cells the attacker narrows down with ``pattern`` withheld: per cell and direction
    (+1 up, -1 down) the width it needs, as ``secondary_suppress`` asks it (``floors`` included).

    Every table the attacker finds is consistent with what is published, so it shows every cell
    it moves far enough to be safe in that direction: only the others need a programme of their own.
    """
    primary = set(primary) - table.known
    if not primary:
        return []
    floor = floors(table, primary)
    attacker = _Attacker(table, (set(pattern) | primary) - table.known)
    open_needs: dict[tuple[CellKey, int], float] = {}
    for key in sorted(primary):
        open_needs[key, 1] = protection
        if (down := min(protection, table.cells[key] - floor[key])) > _TOLERANCE:
            open_needs[key, -1] = down
    found = []
    for key, sense in list(open_needs):
        if (key, sense) not in open_needs:
            continue  # a table found before already moved it far enough
        need = open_needs.pop((key, sense))
        if sense * (attacker.bound(key, sense) - table.cells[key]) < need - _TOLERANCE:
            found.append((key, sense, need))
        for (other, direction), width in list(open_needs.items()):
            if direction * (attacker.point[attacker.index[other]] - table.cells[other]) >= width - _TOLERANCE:
                del open_needs[other, direction]
    return sorted(found)


def secondary_repair(
    table: AdditiveTable,
    primary: Set[CellKey],
    pattern: Set[CellKey],
    *,
    protection: float,
    cost: Callable[[CellKey], float],
) -> set[CellKey]:
    """``pattern`` with the cells it takes to protect every primary cell against the attacker
    over the whole table: a guard behind a method that checks parts of a table at a time.

    Per exposed cell and direction the attacker's dual (the cut of ``secondary_suppress``) tells
    how much withholding each published cell would widen the interval; cells are taken cheapest
    per unit of widening (by ``cost``) until it is wide enough. A need that even the whole table
    withheld cannot meet (a zero the absent rows give away) is left as it is.
    """
    pattern = (set(pattern) | set(primary)) - table.known
    needs = exposures(table, primary, pattern, protection=protection)
    if not needs:
        return pattern
    problem = _Problem.build(table, set(primary) - table.known, protection, floors(table, set(primary) - table.known))
    everything = set(problem.candidates)
    for need in needs:
        if problem.cut(everything, *need) is not None:
            continue  # nothing protects it
        while (found := problem.cut(pattern, *need)) is not None:
            weights, rhs = found
            order = sorted(
                (i for i, k in enumerate(problem.candidates) if k not in pattern and weights[i] > _TOLERANCE),
                key=lambda i: (cost(problem.candidates[i]) / min(float(weights[i]), rhs), problem.candidates[i]),
            )
            if not order:
                break
            reached = 0.0
            for i in order:
                pattern.add(problem.candidates[i])
                reached += weights[i]
                if reached >= rhs - _TOLERANCE:
                    break
    return pattern


@dataclass(frozen=True)
class _Problem:
    table: AdditiveTable
    keys: list[CellKey]
    """Every cell, in key order: the columns of ``matrix``."""
    where: dict[CellKey, int]
    matrix: csr_array
    candidates: list[CellKey]
    cost: np.ndarray
    needs: list[tuple[CellKey, int, float]]
    """Per primary cell and direction (+1 up, -1 down) the required width."""
    big: float

    @classmethod
    def build(
        cls, table: AdditiveTable, primary: Set[CellKey], protection: float, floor: dict[CellKey, float]
    ) -> _Problem:
        keys = sorted(table.cells)
        candidates = table.candidates
        totals = dict.fromkeys(candidates, 0)
        for constraint in table.constraints:
            if constraint.total in totals:
                totals[constraint.total] += 1
        tie = 1.0 / (len(candidates) + 1) ** 2
        cost = np.array([(table.cells[k] + 1) * (1 + totals[k]) + i * tie for i, k in enumerate(candidates)])
        needs = [(key, 1, protection) for key in sorted(primary)]
        needs += [(key, -1, min(protection, table.cells[key] - floor[key])) for key in sorted(primary)]
        big = sum(abs(v) for v in table.cells.values()) + protection + 1
        where = {key: i for i, key in enumerate(keys)}
        return cls(
            table, keys, where, _matrix(table, where), candidates, cost, [n for n in needs if n[2] > _TOLERANCE], big
        )

    def local_cuts(self) -> list[tuple[np.ndarray, float]]:
        """Cuts from one constraint at a time: a cell moves only if its partners there can move back.

        Raising a part needs a withheld total or parts that can drop (by their count); lowering
        it needs a total that can drop or parts that can rise. A constraint with a hidden cell
        is left to the attacker's programme.
        """
        cells, column = self.table.cells, {key: i for i, key in enumerate(self.candidates)}
        cuts = []
        for constraint in self.table.constraints:
            keys = (constraint.total, *constraint.parts)
            if any(key in self.table.hidden for key in keys):
                continue
            for key, sense, need in self.needs:
                if key not in keys:
                    continue
                weights = np.zeros(len(self.candidates))
                for other in keys:
                    if other != key and other in column:
                        both_parts = constraint.total not in (key, other)
                        drops = sense > 0 if both_parts else sense < 0
                        weights[column[other]] = min(cells[other], need) if drops else need
                cuts.append((weights, need))
        return cuts

    def cut(self, pattern: set[CellKey], key: CellKey, sense: int, need: float) -> tuple[np.ndarray, float] | None:
        """A cut the pattern violates when ``key`` cannot move ``need`` in direction ``sense``, else None.

        The attacker's deviation ``y`` from the true table keeps every constraint, is 0 on
        published cells and keeps counts non-negative (``y >= -count``); ``big`` caps rises.
        Any duals of its constraints bound what it reaches for every pattern (weak duality):
        a cell adds ``big * up + count * down`` when suppressed, which is the cut's weight.
        """
        cells, where = self.table.cells, self.where
        lower = np.array([-cells[k] for k in self.keys])
        upper = np.full(len(self.keys), self.big)
        target = where[key]
        if sense > 0:
            upper[target] = need
        else:
            lower[target] = -need
        free = [where[k] for k in sorted(pattern | self.table.hidden)]
        bounds = list(zip(lower[free], upper[free], strict=True))
        value, duals = _optimum(
            self.matrix[:, free], np.zeros(len(self.table.constraints)), bounds, free.index(target), sense
        )
        if sense * value >= need - _TOLERANCE:
            return None
        reduced = -(self.matrix.T @ duals)
        reduced[target] += sense
        up, down = np.maximum(reduced, 0.0), np.maximum(-reduced, 0.0)
        rhs = need - sum(
            up[where[k]] * upper[where[k]] - down[where[k]] * lower[where[k]] for k in sorted(self.table.hidden | {key})
        )
        weights = np.array(
            [0.0 if k == key else self.big * up[where[k]] + cells[k] * down[where[k]] for k in self.candidates]
        )
        weights = np.minimum(weights, max(rhs, 0.0))  # a binary needs no weight above the right-hand side
        chosen = np.array([k in pattern for k in self.candidates])
        if rhs <= _TOLERANCE or weights[chosen].sum() >= rhs - _TOLERANCE:
            return (~chosen).astype(float), 1.0  # numerically not separable: ask for one more cell
        return weights, rhs

    def master(self, fixed: Set[CellKey], cuts: list[tuple[np.ndarray, float]]) -> set[CellKey] | None:
        """The cheapest pattern satisfying every cut, or None when there is none."""
        lower = np.array([1.0 if k in fixed else 0.0 for k in self.candidates])
        constraints = [LinearConstraint(np.array([c for c, _ in cuts]), [r for _, r in cuts], np.inf)] if cuts else []
        result = milp(
            self.cost,
            integrality=np.ones(len(self.candidates)),
            bounds=Bounds(lower, 1.0),
            constraints=constraints,
            options={"mip_rel_gap": 0.0, "node_limit": _NODE_LIMIT},  # a node limit, unlike time, is deterministic
        )
        if result.x is None:
            return None
        return {k for k, x in zip(self.candidates, result.x, strict=True) if x > 0.5}


def _matrix(table: AdditiveTable, index: dict[CellKey, int]) -> csr_array:
    """One row per constraint, total minus parts, over the cells in ``index``."""
    rows, cols, data = [], [], []
    for r, constraint in enumerate(table.constraints):
        for key, sign in ((constraint.total, 1.0), *((part, -1.0) for part in constraint.parts)):
            if key in index:
                rows.append(r)
                cols.append(index[key])
                data.append(sign)
    return csr_array((data, (rows, cols)), shape=(len(table.constraints), len(index)))


def _optimum(
    matrix: csr_array, rhs: np.ndarray, bounds: Sequence[tuple[float | None, float | None]], column: int, sense: int
) -> tuple[float, np.ndarray]:
    """Max (``sense`` 1) or min (-1) of one variable, and the duals of the constraints."""
    objective = np.zeros(matrix.shape[1])
    objective[column] = -sense
    result = linprog(objective, A_eq=matrix, b_eq=rhs, bounds=bounds, method="highs")
    if result.status == 3:
        return sense * np.inf, np.zeros(matrix.shape[0])
    if result.status != 0:
        raise RuntimeError(f"attacker LP failed: {result.message}")
    return float(result.x[column]), -np.asarray(result.eqlin.marginals)

"""Secondary suppression, proven by attack: an adversary solving the published table learns too little."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duiding.privacy.secondary import attack, floors, secondary_suppress, secondary_suppress_linked
from duiding.privacy.tables import AdditiveTable, CellKey, Constraint, CountRow, table_from_observations

THRESHOLD = 10
PROTECTION = 10
T = ("totaal", "totaal")
GM = "GM0001"


def cell(area: str, breakdown: str = "totaal", value: str = "totaal") -> CellKey:
    return (area, breakdown, value)


def wijk(n: int) -> str:
    return f"WK0001{n:02d}"


def buurt(w: int, n: int) -> str:
    return f"BU0001{w:02d}{n:02d}"


def three_wijken(
    gemeente: float, counts: tuple[float, float, float], *, remainders_known: bool = False
) -> AdditiveTable:
    rows: list[CountRow] = [("gemeente", GM, *T, gemeente)]
    rows += [("wijk", wijk(i), *T, count) for i, count in enumerate(counts, start=1)]
    return table_from_observations(rows, remainders_known=remainders_known)


def primary_of(table: AdditiveTable) -> set[CellKey]:
    return {key for key in table.candidates if table.cells[key] < THRESHOLD}


def assert_protected(table: AdditiveTable, primary: set[CellKey], pattern: set[CellKey]) -> None:
    assert primary <= pattern
    intervals, floor = attack(table, pattern), floors(table, primary)
    for key in primary:
        low, high = intervals[key]
        actual = table.cells[key]
        assert low - 1e-6 <= actual <= high + 1e-6
        assert high - actual >= PROTECTION - 1e-6, (key, actual, low, high)
        assert actual - low >= min(PROTECTION, actual - floor[key]) - 1e-6, (key, actual, low, high)


# The attacker, checked against intervals solved by hand.


def test_attacker_on_one_sum() -> None:
    table = AdditiveTable(
        {cell("t"): 10, cell("a"): 2, cell("b"): 5, cell("c"): 3},
        (Constraint(cell("t"), (cell("a"), cell("b"), cell("c"))),),
    )
    # a + b = 10 - 3, both at least 0
    assert attack(table, {cell("a"), cell("b")}) == {cell("a"): (0.0, 7.0), cell("b"): (0.0, 7.0)}
    # the total and a part withheld: the other part only has a lower bound
    assert attack(table, {cell("t"), cell("a")}) == {cell("t"): (8.0, math.inf), cell("a"): (0.0, math.inf)}


def test_attacker_on_a_two_by_two_table_with_margins() -> None:
    # x11 x12 | 10      the four inner cells withheld: x11 = s, x12 = 10 - s,
    # x21 x22 | 20      x21 = 12 - s, x22 = 8 + s with 0 <= s <= 10
    # 12  18  | 30
    inner = {"x11": 4, "x12": 6, "x21": 8, "x22": 12}
    cells = {cell(k): float(v) for k, v in inner.items()} | {
        cell(k): float(v) for k, v in (("r1", 10), ("r2", 20), ("c1", 12), ("c2", 18), ("all", 30))
    }
    constraints = tuple(
        Constraint(cell(total), (cell(a), cell(b)))
        for total, a, b in (
            ("r1", "x11", "x12"),
            ("r2", "x21", "x22"),
            ("c1", "x11", "x21"),
            ("c2", "x12", "x22"),
            ("all", "r1", "r2"),
            ("all", "c1", "c2"),
        )
    )
    found = attack(AdditiveTable(cells, constraints), {cell(k) for k in inner})
    assert {key[0]: interval for key, interval in found.items()} == {
        "x11": (0, 10),
        "x12": (0, 10),
        "x21": (2, 12),
        "x22": (8, 18),
    }


def test_attacker_treats_a_remainder_as_unknown_but_not_negative() -> None:
    table = three_wijken(62, (4, 25, 30))  # 3 persons without a known buurt
    assert table.hidden == {cell("~" + GM)}
    assert attack(table, {cell(wijk(1))}) == {cell(wijk(1)): (0.0, 7.0)}


# Hand-made tables.


def test_one_small_wijk_takes_the_cheapest_other_wijk_along_and_never_the_total() -> None:
    table = three_wijken(59, (4, 25, 30))
    primary = {cell(wijk(1))}
    # published alone, the gemeente minus the other wijken gives the small one away
    assert attack(table, primary) == {cell(wijk(1)): (4.0, 4.0)}
    pattern = secondary_suppress(table, primary, protection=PROTECTION)
    assert pattern == {cell(wijk(1)), cell(wijk(2))}
    assert attack(table, pattern)[cell(wijk(1))] == (0.0, 29.0)
    assert_protected(table, primary, pattern)


def test_a_zero_cannot_protect_and_is_itself_protected() -> None:
    # withholding the empty wijk 2 with wijk 1 leaves wijk 1 within [0, 2]
    table = three_wijken(45, (2, 0, 43))
    assert secondary_suppress(table, {cell(wijk(1))}, protection=PROTECTION) == {cell(wijk(1)), cell(wijk(3))}
    # an empty wijk is a small count: it needs a partner that can give it 10 persons
    table = three_wijken(45, (0, 30, 15))
    pattern = secondary_suppress(table, {cell(wijk(1))}, protection=PROTECTION)
    assert pattern == {cell(wijk(1)), cell(wijk(3))}
    assert attack(table, pattern)[cell(wijk(1))] == (0.0, 15.0)


def test_persons_without_a_known_wijk_protect_only_when_they_are_enough() -> None:
    few = three_wijken(60, (4, 25, 30))
    assert secondary_suppress(few, {cell(wijk(1))}, protection=PROTECTION) == {cell(wijk(1)), cell(wijk(2))}
    many = three_wijken(80, (4, 25, 30))
    assert secondary_suppress(many, {cell(wijk(1))}, protection=PROTECTION) == {cell(wijk(1))}
    # unless their number is published elsewhere
    counted = three_wijken(80, (4, 25, 30), remainders_known=True)
    assert counted.known == {cell("~" + GM)}
    assert secondary_suppress(counted, {cell(wijk(1))}, protection=PROTECTION) == {cell(wijk(1)), cell(wijk(2))}


def test_what_a_known_remainder_gives_away_is_not_protected_further() -> None:
    # 3 persons without a known wijk, and that number is published: the gemeente has at least 3
    table = three_wijken(5, (0, 2, 0), remainders_known=True)
    gemeente = cell(GM)
    assert floors(table, {gemeente, cell(wijk(2))}) == {gemeente: 3.0, cell(wijk(2)): 0.0}
    pattern = secondary_suppress(table, {gemeente}, protection=PROTECTION)
    assert pattern == {gemeente, cell(wijk(2))}  # the only wijk that can take the 2 above the floor
    assert attack(table, pattern)[gemeente] == (3.0, math.inf)


def test_persons_counted_in_two_wijken_are_a_known_correction() -> None:
    table = three_wijken(50, (4, 25, 30))  # 9 persons moved between wijken within the period
    assert not table.hidden
    assert table.cells[cell("~" + GM)] == -9
    assert cell("~" + GM) in table.known
    pattern = secondary_suppress(table, {cell(wijk(1))}, protection=PROTECTION)
    assert pattern == {cell(wijk(1)), cell(wijk(2))}
    assert attack(table, pattern)[cell(wijk(1))] == (0.0, 29.0)


VORM = ("ambulant", "verblijf", "pleegzorg")


def vorm_table() -> AdditiveTable:
    #            ambulant verblijf pleegzorg
    counts = {wijk(1): [20, 3, 15], wijk(2): [30, 12, 25], wijk(3): [40, 18, 35]}
    counts[GM] = [sum(column) for column in zip(*counts.values(), strict=True)]
    rows: list[CountRow] = []
    for area, values in counts.items():
        level = "gemeente" if area == GM else "wijk"
        rows.append((level, area, *T, sum(values)))
        rows += [(level, area, "vorm", name, count) for name, count in zip(VORM, values, strict=True)]
    return table_from_observations(rows)


def test_suppression_propagates_across_areas_and_breakdown_at_once() -> None:
    table = vorm_table()
    assert len(table.constraints) == 4 + 4  # totaal = Σ vorm per area; gemeente = Σ wijken per column
    primary = {cell(wijk(1), "vorm", "verblijf")}
    pattern = secondary_suppress(table, primary, protection=PROTECTION)
    # the cheapest rectangle: a second vorm in wijk 1, a second wijk for verblijf, and their corner
    assert pattern == {
        cell(wijk(1), "vorm", "verblijf"),
        cell(wijk(1), "vorm", "pleegzorg"),
        cell(wijk(2), "vorm", "verblijf"),
        cell(wijk(2), "vorm", "pleegzorg"),
    }
    assert_protected(table, primary, pattern)


def test_a_rate_gets_one_pattern_for_its_numerator_and_denominator() -> None:
    numerator, denominator = three_wijken(59, (4, 25, 30)), three_wijken(120, (40, 8, 72))
    primary = {cell(wijk(1)), cell(wijk(2))}  # wijk 1 by its numerator, wijk 2 by its denominator
    # each table alone is content with wijk 1 and 2 withheld for the other's sake ...
    assert secondary_suppress(numerator, {cell(wijk(1))}, protection=PROTECTION) == primary
    assert secondary_suppress(denominator, {cell(wijk(2))}, protection=PROTECTION) == primary
    # ... but both cells are primary in both: the denominator of wijk 1 (40) lies within 48 - 8
    pattern = secondary_suppress_linked([numerator, denominator], primary, protection=PROTECTION)
    assert pattern == {cell(wijk(1)), cell(wijk(2)), cell(wijk(3))}
    assert_protected(numerator, primary, pattern)
    assert_protected(denominator, primary, pattern)


def test_the_builder_ties_buurten_wijken_and_gemeente_and_marks_missing_rows() -> None:
    rows: list[CountRow] = [
        ("gemeente", GM, *T, 30),
        ("wijk", wijk(1), *T, 30),
        ("buurt", buurt(1, 1), *T, 12),
        ("buurt", buurt(1, 2), *T, 18),
        ("gemeente", GM, "vorm", "ambulant", 30),
        ("wijk", wijk(1), "vorm", "ambulant", 30),
        ("buurt", buurt(1, 1), "vorm", "ambulant", 12),
        ("buurt", buurt(1, 2), "vorm", "ambulant", 18),
        ("gemeente", GM, "vorm", "verblijf", 0),
        ("buurt", buurt(1, 2), "vorm", "verblijf", None),  # not available: read as 0
    ]
    table = table_from_observations(rows)
    assert table.known == {cell(a, "vorm", "verblijf") for a in (wijk(1), buurt(1, 1), buurt(1, 2))}
    assert not table.hidden
    assert Constraint(cell(wijk(1)), (cell(buurt(1, 1)), cell(buurt(1, 2)))) in table.constraints
    assert Constraint(cell(GM, "vorm", "ambulant"), (cell(wijk(1), "vorm", "ambulant"),)) in table.constraints


def test_an_unpublished_breakdown_value_is_a_hidden_column_tied_across_areas() -> None:
    rows: list[CountRow] = []
    for level, area, ambulant, verblijf, total in (
        ("gemeente", GM, 32, 15, 50),
        ("wijk", wijk(1), 12, 5, 20),  # 3 persons with a vorm that is not published
        ("wijk", wijk(2), 20, 10, 30),
    ):
        rows += [(level, area, *T, total), (level, area, "vorm", "ambulant", ambulant)]
        rows.append((level, area, "vorm", "verblijf", verblijf))
    table = table_from_observations(rows)
    assert {key: table.cells[key] for key in table.hidden} == {
        cell(GM, "vorm", "~"): 3,
        cell(wijk(1), "vorm", "~"): 3,
        cell(wijk(2), "vorm", "~"): 0,
    }
    assert Constraint(cell(GM, "vorm", "~"), (cell(wijk(1), "vorm", "~"), cell(wijk(2), "vorm", "~"))) in (
        table.constraints
    )
    primary = {cell(wijk(1), "vorm", "verblijf")}
    assert_protected(table, primary, secondary_suppress(table, primary, protection=PROTECTION))


def test_a_table_that_does_not_add_up_is_refused() -> None:
    with pytest.raises(ValueError, match="not the sum"):
        AdditiveTable({cell("t"): 5, cell("a"): 2}, (Constraint(cell("t"), (cell("a"),)),))


def test_only_rows_can_be_withheld() -> None:
    table = three_wijken(62, (4, 25, 30))
    for key in (cell("~" + GM), cell("WK999999")):
        with pytest.raises(ValueError, match="not publishable"):
            secondary_suppress(table, {key}, protection=PROTECTION)
        with pytest.raises(ValueError, match="not publishable"):
            attack(table, {key})


# Random tables: whatever the counts, the attack fails.


@st.composite
def observation_tables(draw: st.DrawFn) -> AdditiveTable:
    values = draw(st.sampled_from([(), VORM[:2], VORM]))
    columns = [("vorm", v) for v in values] or [T]
    count = st.integers(min_value=0, max_value=60)
    buurten = {
        (w, b): [draw(count) for _ in columns]
        for w in range(1, draw(st.integers(2, 5)) + 1)
        for b in range(1, draw(st.integers(1, 4)) + 1)
    }
    # persons without buurt (positive) or counted in two wijken (negative)
    without_buurt = draw(st.lists(st.integers(-8, 15), min_size=len(columns), max_size=len(columns)))
    omit_empty = draw(st.booleans())  # the engine writes no empty breakdown rows
    areas: dict[tuple[str, str], list[int]] = {("buurt", buurt(w, b)): c for (w, b), c in buurten.items()}
    for w in sorted({w for w, _ in buurten}):
        parts = [c for (pw, _), c in buurten.items() if pw == w]
        areas[("wijk", wijk(w))] = [sum(p[i] for p in parts) for i in range(len(columns))]
    wijken = [c for (level, _), c in areas.items() if level == "wijk"]
    areas[("gemeente", GM)] = [max(0, sum(p[i] for p in wijken) + without_buurt[i]) for i in range(len(columns))]
    rows: list[CountRow] = []
    for (level, code), counts in areas.items():
        rows.append((level, code, *T, sum(counts)))
        if values:
            rows += [(level, code, *col, n) for col, n in zip(columns, counts, strict=True) if n or not omit_empty]
    return table_from_observations(rows, remainders_known=draw(st.booleans()))


@settings(max_examples=60, deadline=None)
@given(observation_tables())
def test_no_primary_cell_can_be_narrowed_down_in_random_tables(table: AdditiveTable) -> None:
    primary = primary_of(table)
    pattern = secondary_suppress(table, primary, protection=PROTECTION)
    assert_protected(table, primary, pattern)
    assert secondary_suppress(table, primary, protection=PROTECTION) == pattern

"""Property tests: period semantics and margins against a plain-Python reference."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import ibis
import pyarrow as pa
from hypothesis import example, given, settings
from hypothesis import strategies as st

from duiding.definitions.models import AreaLevel, Indicator, PeriodGrain, PeriodSemantics, Source
from duiding.engine.compiler import indicator_expression
from duiding.engine.context import AreaRow, CompileContext
from duiding.periods import period_windows

BUURTEN = {"BU03440111": "WK034401", "BU03440112": "WK034401", "BU03440311": "WK034403"}
AREAS = (
    AreaRow(2023, AreaLevel.GEMEENTE, "GM0344", "Utrecht"),
    AreaRow(2023, AreaLevel.WIJK, "WK034401", "West"),
    AreaRow(2023, AreaLevel.WIJK, "WK034403", "Overvecht"),
    *(AreaRow(2023, AreaLevel.BUURT, code, code) for code in BUURTEN),
)
SOURCE = Source.model_validate(
    {
        "id": "trajecten",
        "title": "Trajecten",
        "kind": "microdata",
        "publisher": "test",
        "attribution": "test",
        "columns": [
            {"name": "client_id", "type": "pseudonym"},
            {"name": "buurt_code", "type": "buurt", "required": False},
            {"name": "start", "type": "date"},
            {"name": "einde", "type": "date", "required": False},
        ],
        "area": "buurt_code",
        "time": {"start": "start", "end": "einde"},
    }
)
SNAPSHOT, QUARTER, YEAR = PeriodSemantics.SNAPSHOT, PeriodGrain.QUARTER, PeriodGrain.YEAR
FIRST, LAST = date(2022, 1, 1), date(2024, 12, 31)

# period boundaries are where semantics differ, so they are drawn often
BOUNDARIES = [d for m in range(1, 13) for d in (date(2023, m, 1), date(2023, m, 1) - timedelta(days=1))]
days = st.one_of(
    st.sampled_from([*BOUNDARIES, date(2023, 12, 31), date(2024, 1, 1)]),
    st.integers(0, (LAST - FIRST).days).map(lambda n: FIRST + timedelta(days=n)),
)
end_offsets = st.one_of(st.none(), st.integers(0, 400), st.sampled_from(BOUNDARIES))


def _end(start: date, offset: int | date | None) -> date | None:
    """An end date on or after the start: a number of days later, or a boundary date."""
    if offset is None:
        return None
    if isinstance(offset, date):
        return max(offset, start)
    return start + timedelta(days=offset)


rows_strategy = st.lists(
    st.tuples(
        st.integers(1, 12).map(lambda n: f"C{n:02d}"),
        st.sampled_from([*BUURTEN, None, "BU03449999"]),
        days,
        end_offsets,
    ).map(lambda r: (r[0], r[1], r[2], _end(r[2], r[3]))),
    min_size=1,
    max_size=40,
)


def _run(rows: list[tuple[str, str | None, date, date | None]], formula: dict[str, object], grain: PeriodGrain):
    con = ibis.duckdb.connect()
    raw = con.con  # the DuckDB connection under Ibis
    raw.register(
        "generated",
        pa.table(
            {
                "client_id": [r[0] for r in rows],
                "buurt_code": pa.array([r[1] for r in rows], pa.string()),
                "start": [r[2] for r in rows],
                "einde": pa.array([r[3] for r in rows], pa.date32()),
            }
        ),
    )
    raw.execute("CREATE TABLE src_trajecten AS SELECT * FROM generated")
    ctx = CompileContext(con=con, sources={"trajecten": SOURCE}, gemeente_code="GM0344", areas=AREAS)
    indicator = Indicator.model_validate(
        {
            "id": "x",
            "title": "x",
            "definition": "x",
            "level": "output",
            "unit": "x",
            "polarity": "neutral",
            "period_grain": grain,
            "formula": formula,
        }
    )
    windows = period_windows(grain, date(2023, 1, 1), date(2023, 12, 31))
    result = con.to_pyarrow(indicator_expression(ctx, indicator, windows)).to_pylist()
    return windows, {(r["period_start"], r["area_code"]): r["numerator"] for r in result}


def _belongs(row: tuple[str, str | None, date, date | None], window: tuple[date, date], how: PeriodSemantics) -> bool:
    start, end = row[2], row[3]
    if how is PeriodSemantics.EVENT:
        return window[0] <= start <= window[1]
    if how is PeriodSemantics.ACTIVE:
        return start <= window[1] and (end is None or end >= window[0])
    if how is PeriodSemantics.ENDED:
        return end is not None and window[0] <= end <= window[1]
    return start <= window[1] and (end is None or end >= window[1])


@settings(max_examples=30, deadline=None)
@example(rows=[("C01", "BU03440111", date(2023, 1, 5), date(2023, 3, 31))], how=SNAPSHOT, grain=QUARTER)
@example(rows=[("C01", None, date(2023, 3, 31), date(2023, 4, 1))], how=PeriodSemantics.ACTIVE, grain=QUARTER)
@example(rows=[("C02", "BU03440112", date(2022, 5, 1), date(2023, 1, 1))], how=PeriodSemantics.ACTIVE, grain=YEAR)
@example(rows=[("C03", "BU03440311", date(2023, 4, 1), None)], how=PeriodSemantics.EVENT, grain=PeriodGrain.MONTH)
@given(
    rows=rows_strategy,
    how=st.sampled_from(list(PeriodSemantics)),
    grain=st.sampled_from([PeriodGrain.MONTH, PeriodGrain.QUARTER, PeriodGrain.YEAR, PeriodGrain.ROLLING_12_MONTHS]),
)
def test_period_semantics_match_their_definition(rows, how, grain) -> None:  # type: ignore[no-untyped-def]
    windows, found = _run(rows, {"kind": "count", "measure": {"source": "trajecten", "period": how.value}}, grain)
    for window in windows:
        expected = sum(_belongs(row, window, how) for row in rows)
        assert found[(window[0], "GM0344")] == expected


@settings(max_examples=30, deadline=None)
@given(rows=rows_strategy)
def test_margins_come_from_the_data_not_from_adding_cells(rows) -> None:  # type: ignore[no-untyped-def]
    formula = {
        "kind": "count",
        "measure": {"source": "trajecten", "aggregation": "count_distinct", "column": "client_id"},
    }
    windows, found = _run(rows, formula, PeriodGrain.YEAR)
    (window,) = windows
    active = [row for row in rows if _belongs(row, window, PeriodSemantics.ACTIVE)]
    per_wijk: dict[str, set[str]] = defaultdict(set)
    per_buurt: dict[str, set[str]] = defaultdict(set)
    for client, buurt, _, _ in active:
        if buurt in BUURTEN:
            per_wijk[BUURTEN[buurt]].add(client)
            per_buurt[buurt].add(client)
    # the gemeente counts every distinct client, also those without a (known) buurt
    assert found[(window[0], "GM0344")] == len({row[0] for row in active})
    for wijk in ("WK034401", "WK034403"):
        assert found[(window[0], wijk)] == len(per_wijk[wijk])
    for buurt in BUURTEN:
        assert found[(window[0], buurt)] == len(per_buurt[buurt])  # zero where nobody lives: a real 0
    assert "BU03449999" not in {code for _, code in found}, "unknown codes are not shown as areas"

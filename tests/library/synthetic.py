"""Small, seeded registrations that fit the library's source definitions (for smoke tests only)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from duiding.definitions.models import Column, ColumnType, Source, SourceKind

SQL_TYPES = {
    ColumnType.INTEGER: "BIGINT",
    ColumnType.NUMBER: "DOUBLE",
    ColumnType.DATE: "DATE",
    ColumnType.BOOLEAN: "BOOLEAN",
}
FIRST_DAY = date(2022, 1, 1)
PERSONS = 80
"""Size of the pool of person pseudonyms shared by all registrations, so that stapeling occurs."""


def _value(column: Column, row: int, previous_date: date | None, buurten: list[str], rng: random.Random) -> Any:
    if not column.required and rng.random() < 0.25:
        return None
    match column.type:
        case ColumnType.DATE:
            if previous_date is None:
                return FIRST_DAY + timedelta(days=rng.randrange(3 * 365))
            return previous_date + timedelta(days=rng.randrange(1, 400))
        case ColumnType.BUURT:
            return rng.choice(buurten)
        case ColumnType.BOOLEAN:
            return rng.random() < 0.6
        case ColumnType.INTEGER | ColumnType.NUMBER:
            low = int(column.minimum or 0)
            high = int(column.maximum if column.maximum is not None else 100)
            return rng.randint(low, high) if column.type is ColumnType.INTEGER else rng.uniform(low, high)
        case ColumnType.PSEUDONYM if column.name == "huishouden_id":
            return f"h{rng.randrange(PERSONS) // 2}"
        case ColumnType.PSEUDONYM | ColumnType.BSN:
            return f"p{rng.randrange(PERSONS)}"
        case _ if column.allowed:
            return rng.choice(column.allowed)
        case _ if column.name == "school_id":
            return f"school{rng.randrange(6)}"
        case _:
            return f"{column.name}{row}" if column.name.endswith("_id") else rng.choice(["a", "b", "c"])


def _rows(source: Source, buurten: list[str], rng: random.Random, count: int) -> list[list[Any]]:
    rows = []
    for row in range(count):
        values: list[Any] = []
        previous_date: date | None = None
        for column in source.columns:
            value = _value(column, row, previous_date, buurten, rng)
            if column.type is ColumnType.DATE and value is not None:
                previous_date = value
            values.append(value)
        rows.append(values)
    return rows


def synthetic_tables(warehouse: Path, sources: dict[str, Source], *, seed: int = 2023, rows: int = 400) -> None:
    """Create ``src_<id>`` for every registration in ``sources`` and record it as an active load."""
    rng = random.Random(seed)
    con = duckdb.connect(str(warehouse))
    try:
        buurten = [r[0] for r in con.execute("SELECT code FROM areas WHERE level = 'buurt' ORDER BY code").fetchall()]
        load_id = con.execute("SELECT coalesce(max(load_id), 0) FROM loads").fetchall()[0][0]
        for source in sources.values():
            if source.kind is not SourceKind.MICRODATA:
                continue
            load_id += 1
            columns = ", ".join(f"{c.name} {SQL_TYPES.get(c.type, 'VARCHAR')}" for c in source.columns)
            con.execute(f"CREATE OR REPLACE TABLE src_{source.id} (load_id INTEGER, {columns})")
            marks = ", ".join("?" for _ in range(len(source.columns) + 1))
            data = _rows(source, buurten, rng, rows)
            con.executemany(f"INSERT INTO src_{source.id} VALUES ({marks})", [[load_id, *r] for r in data])
            con.execute(
                "INSERT INTO loads VALUES (?, ?, 'synthetisch', 'synthetisch', ?, now(), 'test', true)",
                [load_id, source.id, len(data)],
            )
    finally:
        con.close()

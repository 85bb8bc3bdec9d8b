"""Execution backends. Engine-specific code lives here, chosen by an Enum."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import assert_never

import ibis
from ibis.backends.duckdb import Backend as DuckDBBackend


class Engine(StrEnum):
    """Where indicator expressions run."""

    DUCKDB = "duckdb"
    """The embedded default: the workspace's DuckDB warehouse file."""


def engine_connect(engine: Engine, *, warehouse: Path) -> DuckDBBackend:
    """An Ibis backend reading the warehouse (read-only: the engine writes through DuckDB)."""
    match engine:
        case Engine.DUCKDB:
            return ibis.duckdb.connect(str(warehouse), read_only=True)
        case _:
            assert_never(engine)


def engine_dialect(engine: Engine) -> str:
    """The SQL dialect ``explain`` renders for an engine."""
    match engine:
        case Engine.DUCKDB:
            return "duckdb"
        case _:
            assert_never(engine)

"""Benchmarks: speed and memory measured against a baseline in the same run (``duiding bench``)."""

from __future__ import annotations

from duiding.bench.load import DEFAULT_ROWS, BenchError, LoadBench, Run, bench_load

__all__ = ["DEFAULT_ROWS", "BenchError", "LoadBench", "Run", "bench_load"]

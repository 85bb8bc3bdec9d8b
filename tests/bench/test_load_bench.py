"""The load benchmark: a valid generated file, a load in bounded memory, and the command.

Memory is asserted, time is not: speed is reported by ``duiding bench load`` as a ratio to a
baseline measured in the same run, never checked against a clock.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from duiding.bench import DEFAULT_ROWS, BenchError, bench_load
from duiding.bench.load import SOURCE_ID, bench_csv_write, bench_workspace_create
from duiding.cli import BENCH_ROWS, main
from duiding.definitions import sources_load
from duiding.errors import LoadError
from duiding.ingest import source_load_file
from duiding.ingest.microdata import MEMORY_ENV
from duiding.ingest.pseudonym import bsn_valid
from duiding.library import LIBRARY

BUURTEN = ("BU03440000", "BU03440101")


def test_generated_file_is_valid_seeded_and_in_the_column_order_of_the_source(tmp_path: Path) -> None:
    first = bench_csv_write(tmp_path / "a.csv", rows=3000, buurten=BUURTEN, seed=7)
    again = bench_csv_write(tmp_path / "b.csv", rows=3000, buurten=BUURTEN, seed=7)
    other = bench_csv_write(tmp_path / "c.csv", rows=3000, buurten=BUURTEN, seed=8)
    assert first.read_bytes() == again.read_bytes() != other.read_bytes()
    with first.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    source = sources_load(LIBRARY / "sources")[SOURCE_ID]
    assert list(rows[0]) == [c.name for c in source.file_columns]
    assert len(rows) == 3000
    assert all(bsn_valid(row["bsn"]) for row in rows)
    assert {row["buurt_code"] for row in rows} == {*BUURTEN, ""}
    assert 1000 < len({row["bsn"] for row in rows}) < 3000  # some clients have more than one voorziening


@pytest.mark.slow
def test_a_four_times_bigger_file_loads_in_hardly_more_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Peak memory stops growing with the file once DuckDB reaches the load's memory limit.

    The limit is lowered to 256 MB so that happens at test sizes; by default it is 256 MB per DuckDB
    thread (512 MB on two cores, reached at about 1.5 million rows). Without a limit the peak of
    the bigger load is about twice that of the smaller one.
    """
    monkeypatch.setenv(MEMORY_ENV, "256MB")  # the load runs in a child process, which inherits it
    small = bench_load(tmp_path, rows=500_000)
    big = bench_load(tmp_path, rows=2_000_000)
    assert (small.rows_loaded, big.rows_loaded) == (500_000, 2_000_000)
    assert big.file_bytes > 3.9 * small.file_bytes
    assert big.load.peak_bytes < 1.5 * small.load.peak_bytes, (small.load.peak_bytes, big.load.peak_bytes)
    assert [step[1:] for step in big.load.steps] == [
        (0, 4, "inlezen"),
        (1, 4, "controleren"),
        (2, 4, "pseudonimiseren"),
        (3, 4, "opslaan"),
        (4, 4, "klaar"),
    ]


def test_command_prints_the_table_and_the_ratios(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["bench", "load", "--rows", "5000", "--workspace", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "verhouding tijd (laden / basislijn):" in result.output
    assert "verhouding geheugen (laden / basislijn):" in result.output
    assert "5.000 rijen in het magazijn" in result.output
    again = CliRunner().invoke(main, ["bench", "load", "--rows", "5000", "--workspace", str(tmp_path)])
    assert again.exit_code == 1
    assert "bestaat al" in again.output


def test_cli_default_is_the_benchmark_default() -> None:
    assert BENCH_ROWS == DEFAULT_ROWS


def test_rows_out_of_range_are_refused(tmp_path: Path) -> None:
    with pytest.raises(BenchError, match="tussen 1 en"):
        bench_load(tmp_path, rows=0)


def test_memory_limit_from_the_environment_must_be_an_amount(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = bench_workspace_create(tmp_path / "werkruimte")
    path = bench_csv_write(tmp_path / "wmo.csv", rows=10, buurten=BUURTEN, seed=1)
    monkeypatch.setenv(MEMORY_ENV, "veel")
    with pytest.raises(LoadError, match=f"{MEMORY_ENV}='veel' is geen hoeveelheid geheugen"):
        source_load_file(workspace, source_id=SOURCE_ID, path=path)

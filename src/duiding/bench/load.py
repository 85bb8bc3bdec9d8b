"""How fast, and in how much memory, a large registration file loads.

Steps:

1. make a new workspace with Utrecht's real KWB (so buurt codes are checked against a real
   indeling) and the library's Wmo source;
2. write a valid CSV of ``rows`` Wmo-voorzieningen (``rows.wmo_rows_sql``), streamed to disk by DuckDB;
3. measure, each in its own Python process so that a peak is that run's alone, the baseline
   (DuckDB counting the rows of the file, every column as text) and Duiding's full load
   (``source_load_file``: stage, check every row, pseudonymise, swap);
4. count the rows in the warehouse and return both runs; ratios are load / baseline.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from duiding.bench.rows import MAX_ROWS, wmo_rows_sql
from duiding.demo.build import DEMO_GEMEENTE, KWB_UTRECHT
from duiding.errors import DuidingError
from duiding.ingest import kwb_long_load
from duiding.library import LIBRARY
from duiding.warehouse import warehouse_connect
from duiding.workspace import Workspace, WorkspaceSettings, workspace_create

SOURCE_ID = "wmo_voorzieningen"
"""The library source the benchmark loads: a registration with a BSN, a buurt, dates and a key."""
BENCH_KEY = "duiding-benchmark-sleutel-niet-geheim"
"""Pseudonymisation key of the benchmark (its BSNs are generated; the key need not be secret)."""
DEFAULT_ROWS = 10_000_000
STEPS = ("werkruimte maken", "bestand schrijven", "basislijn meten", "laden meten")
Step = Callable[[int, int, str], None]

_PEAK = """
import json, resource, sys, time
def peak():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))
    except OSError:
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return kib if sys.platform == "darwin" else kib * 1024
def report(rows, start, steps):
    print(json.dumps({"rows": rows, "seconds": time.perf_counter() - start, "peak": peak(), "steps": steps}))
"""
"""The child's own peak memory. Not ``RUSAGE_CHILDREN`` or ``wait4``: Linux keeps the high-water mark
across ``exec``, so those include the parent's memory at the moment it started the child."""
BASELINE_CHILD = (
    _PEAK  # noqa: S608 - Python code for the child, which quotes the file name itself
    + """
import duckdb
start = time.perf_counter()
file = sys.argv[1].replace("'", "''")
rows = duckdb.connect().execute(f"SELECT count(*) FROM read_csv('{file}', header = true, all_varchar = true)")
report(rows.fetchall()[0][0], start, [])
"""
)
"""The baseline: what DuckDB alone needs to read the file."""
LOAD_CHILD = (
    _PEAK
    + """
from pathlib import Path
from duiding.ingest import source_load_file
from duiding.workspace import workspace_open
root, source_id, path, key = sys.argv[1:5]
steps = []
start = time.perf_counter()
def progress(done, total, item):
    steps.append([time.perf_counter() - start, done, total, item])
workspace = workspace_open(Path(root))
result = source_load_file(workspace, source_id=source_id, path=Path(path), progress=progress, key=key.encode())
report(result.rows, start, steps)
"""
)
"""Duiding's load as ``duiding load`` runs it, noting when the progress bar moves."""


class BenchError(DuidingError):
    """A benchmark that could not run, or did not load what it wrote."""


@dataclass(frozen=True)
class Run:
    """One measured process."""

    seconds: float
    """Wall time of the measured work (not of starting Python and importing)."""
    peak_bytes: int
    """Peak resident memory of the process."""
    rows: int
    steps: tuple[tuple[float, int, int, str], ...] = ()
    """Progress reports: (seconds since the start, done, total, label)."""

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else math.inf


@dataclass(frozen=True)
class LoadBench:
    """What ``bench_load`` measured."""

    rows: int
    file_bytes: int
    baseline: Run
    load: Run
    rows_loaded: int
    """Rows in the source table of the warehouse after the load."""
    workspace: Path

    @property
    def time_ratio(self) -> float:
        return self.load.seconds / self.baseline.seconds

    @property
    def memory_ratio(self) -> float:
        return self.load.peak_bytes / self.baseline.peak_bytes


def bench_workspace_create(root: Path) -> Workspace:
    """A new workspace holding Utrecht's real KWB and the library's Wmo source."""
    if root.exists():
        raise BenchError(f"{root} bestaat al; de benchmark laadt in een nieuwe werkruimte. Kies een andere map.")
    code, name = DEMO_GEMEENTE
    workspace = workspace_create(root=root, settings=WorkspaceSettings(gemeente_code=code, gemeente_naam=name))
    for source_id in ("cbs_kwb", SOURCE_ID):
        shutil.copyfile(LIBRARY / "sources" / f"{source_id}.yaml", workspace.sources_dir / f"{source_id}.yaml")
    kwb_long_load(workspace.warehouse_path, source_id="cbs_kwb", path=KWB_UTRECHT, loaded_by="duiding bench")
    return workspace


def _first_column(workspace: Workspace, sql: str) -> list[object]:
    con = warehouse_connect(workspace.warehouse_path, read_only=True)
    try:
        return [row[0] for row in con.execute(sql).fetchall()]
    finally:
        con.close()


def _buurten(workspace: Workspace) -> list[str]:
    """Buurt codes in every year of the workspace's indeling (so no row is outside its year's indeling)."""
    codes = _first_column(
        workspace,
        "SELECT code FROM areas WHERE level = 'buurt' GROUP BY code "
        "HAVING count(DISTINCT year) = (SELECT count(DISTINCT year) FROM areas) ORDER BY code",
    )
    return [str(code) for code in codes]


def bench_csv_write(path: Path, *, rows: int, buurten: Sequence[str], seed: int = 2024) -> Path:
    """Write ``rows`` valid Wmo-voorzieningen to ``path`` (atomically); the same seed gives the same file."""
    temporary = path.with_name(path.name + ".tmp")
    target = str(temporary).replace("'", "''")
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")  # the command shows its own
        con.execute(f"COPY ({wmo_rows_sql(rows=rows, buurten=buurten, seed=seed)}) TO '{target}' (HEADER)")
    finally:
        con.close()
    temporary.replace(path)
    return path


def _measure(code: str, *args: str) -> Run:
    """Run ``code`` in a new Python process and read what it reports on its last line."""
    child = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)
    if child.returncode != 0:
        lines = child.stderr.strip().splitlines() or [""]
        raise BenchError(f"De meting is mislukt (exitcode {child.returncode}): {lines[-1]}")
    found = json.loads(child.stdout.strip().splitlines()[-1])
    steps = tuple((float(s), int(d), int(t), str(i)) for s, d, t, i in found["steps"])
    return Run(seconds=float(found["seconds"]), peak_bytes=int(found["peak"]), rows=int(found["rows"]), steps=steps)


def bench_load(folder: Path, *, rows: int = DEFAULT_ROWS, seed: int = 2024, progress: Step | None = None) -> LoadBench:
    """Write a file of ``rows`` rows in ``folder``, load it into a new workspace there and measure.

    The file is kept and reused by a later run with the same rows and seed; the workspace is
    ``folder/werkruimte-<rows>`` and must not exist yet.
    """

    def step(number: int) -> None:
        if progress is not None:
            progress(number, len(STEPS), STEPS[number] if number < len(STEPS) else "klaar")

    if not 1 <= rows <= MAX_ROWS:
        raise BenchError(f"Het aantal rijen moet tussen 1 en {MAX_ROWS} liggen.")
    folder.mkdir(parents=True, exist_ok=True)
    step(0)
    workspace = bench_workspace_create(folder / f"werkruimte-{rows}")
    step(1)
    path = folder / f"{SOURCE_ID}-{rows}-{seed}.csv"
    if not path.is_file():
        bench_csv_write(path, rows=rows, buurten=_buurten(workspace), seed=seed)
    step(2)
    baseline = _measure(BASELINE_CHILD, str(path))
    step(3)
    load = _measure(LOAD_CHILD, str(workspace.root), SOURCE_ID, str(path), BENCH_KEY)
    step(4)
    (loaded,) = _first_column(workspace, f"SELECT count(*) FROM src_{SOURCE_ID}")  # noqa: S608 - a constant
    if not isinstance(loaded, int) or not baseline.rows == load.rows == loaded == rows:
        raise BenchError(f"{rows} rijen geschreven, maar {baseline.rows} gelezen en {loaded} geladen.")
    size = path.stat().st_size
    return LoadBench(rows, size, baseline, load, rows_loaded=loaded, workspace=workspace.root)

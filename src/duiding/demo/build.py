"""Build the demo workspace: the standard monitor library over real CBS figures for Utrecht
and simulated registrations, loaded through the same path a gemeente's files take.

Steps:

1. create the workspace (settings, the library's monitors over 2019–2024 and its sources;
   registrations are marked *gesimuleerd* with their own credit line);
2. load the real CBS KWB file;
3. simulate the registrations into a temporary folder, load each one (validation, BSN
   pseudonyms) and delete the files, so no BSN stays behind;
4. compute every indicator, protect the figures and analyse them (intervals, comparisons,
   signals, targets, forecasts) with ``refresh``.

Steps 2–4 run on one working copy of the warehouse (``warehouse_write``): the web app sees
the previous demo until the new one is complete.

Safe to run twice: an unchanged file is not loaded again and observations are replaced
atomically. The pseudonymisation key is the one in the environment, else a demo key in
the user's configuration folder (never in the workspace).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from duiding.definitions import monitor_dump, monitors_load, source_dump, sources_load
from duiding.definitions.models import PeriodRange, SourceKind
from duiding.demo.registrations import demo_registrations_write
from duiding.engine import ComputeResult
from duiding.engine.service import Progress
from duiding.geography.boundaries import boundaries_load
from duiding.ingest import LoadResult, kwb_long_load, source_load_file
from duiding.ingest.pseudonym import KEY_ENV, KEY_FILE_ENV, key_file_create, key_load
from duiding.library import LIBRARY
from duiding.onboarding import InitResult, gemeente_init
from duiding.refresh import compute_stage, refresh
from duiding.warehouse import warehouse_write
from duiding.workspace import Workspace, WorkspaceSettings, workspace_create

HERE = Path(__file__).parent
DATA = HERE / "data"
KWB_UTRECHT = DATA / "kwb-utrecht" / "kwb_utrecht_long.csv"
DEMO_GEMEENTE = ("GM0344", "Utrecht")
ALMERE = "GM0034"
"""The second demo gemeente: aggregate-only, set up by ``duiding init`` from the CBS files as published."""
DEMO_PERIODS = PeriodRange(start=date(2019, 1, 1), end=date(2024, 12, 31))
"""The simulated registrations cover 2019–2024 (rows still running in 2019 may start earlier)."""
SIMULATED_ATTRIBUTION = "Bron: gesimuleerde demonstratiegegevens (geen echte personen)"
Say = Callable[[str], None]


@dataclass(frozen=True)
class DemoResult:
    workspace: Workspace
    load: LoadResult
    registrations: tuple[LoadResult, ...]
    computed: ComputeResult


def demo_key() -> bytes:
    """The key from the environment, or the demo key file in the user's configuration folder."""
    if os.environ.get(KEY_ENV) or os.environ.get(KEY_FILE_ENV):
        return key_load()
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return key_file_create(config / "duiding" / "demo-pseudonym.key").read_bytes().strip()


def _definitions(workspace: Workspace) -> None:
    for monitor in monitors_load(LIBRARY / "monitors").values():
        monitor = monitor.model_copy(update={"periods": DEMO_PERIODS})
        (workspace.monitors_dir / f"{monitor.id}.yaml").write_text(monitor_dump(monitor), encoding="utf-8")
    for source in sources_load(LIBRARY / "sources").values():
        if source.kind is SourceKind.MICRODATA:
            source = source.model_copy(update={"simulated": True, "attribution": SIMULATED_ATTRIBUTION})
        (workspace.sources_dir / f"{source.id}.yaml").write_text(source_dump(source), encoding="utf-8")


def _loads(work: Workspace, tell: Say) -> tuple[LoadResult, list[LoadResult]]:
    """The real CBS file and the simulated registrations, through the normal ingest."""
    load = kwb_long_load(work.warehouse_path, source_id="cbs_kwb", path=KWB_UTRECHT, loaded_by="duiding demo")
    tell(f"cbs_kwb: {load.rows} rijen geladen" if not load.unchanged else "cbs_kwb: ongewijzigd")
    key = demo_key()
    sources = sources_load(work.sources_dir)
    loads = []
    with tempfile.TemporaryDirectory(prefix="duiding-demo-") as folder:
        tell("Registraties simuleren …")
        files = demo_registrations_write(Path(folder), sources=sources, kwb=KWB_UTRECHT)
        for source_id, path in sorted(files.items()):
            result = source_load_file(work, source_id=source_id, path=path, loaded_by="duiding demo", key=key)
            loads.append(result)
            tell(f"{source_id}: {'ongewijzigd' if result.unchanged else f'{result.rows} rijen geladen'}")
    return load, loads


def demo_build(root: Path, *, progress: Progress | None = None, say: Say | None = None) -> DemoResult:
    """Create or refresh the demo workspace in ``root``."""
    tell = say or (lambda _: None)
    code, name = DEMO_GEMEENTE
    workspace = workspace_create(
        root=root, settings=WorkspaceSettings(gemeente_code=code, gemeente_naam=name, demo=True)
    )
    _definitions(workspace)
    with warehouse_write(workspace) as work:  # the whole build is published at once, or not at all
        load, loads = _loads(work, tell)
        for path in sorted((DATA / "cbs-grenzen-2014").glob(f"*_{code}.geojson")):  # wijk and buurt maps
            boundaries_load(work.warehouse_path, path=path, gemeente_code=code)
        computed = refresh(work, stage=compute_stage(progress)).computed
    return DemoResult(workspace, load, tuple(loads), computed)


def demo_almere_build(root: Path, *, progress: Progress | None = None, say: Say | None = None) -> InitResult:
    """Almere from its real KWB editions 2018–2025 and 2014 boundaries, through ``duiding init``.

    No registrations: it shows what any gemeente gets from CBS data alone, including the
    2022 re-division of its wijken recorded as a break.
    """
    result = gemeente_init(
        root,
        gemeente_code=ALMERE,
        kwb_files=tuple(sorted((DATA / "kwb-almere").glob("kwb_*_almere_odata.csv"))),
        boundary_files=tuple(sorted((DATA / "cbs-grenzen-2014").glob(f"*_{ALMERE}.geojson"))),
        progress=progress,
        say=say,
    )
    settings = replace(result.workspace.settings, demo=True)
    return replace(result, workspace=workspace_create(root=result.workspace.root, settings=settings))

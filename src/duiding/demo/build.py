"""Build the demo workspace: the standard monitor library over the CBS files in ``demo/data``.

Safe to run twice: definitions are rewritten, an unchanged source file is not loaded
again, and observations are replaced atomically.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from duiding.engine import ComputeResult, compute
from duiding.engine.service import Progress
from duiding.ingest import LoadResult, kwb_long_load
from duiding.library import LIBRARY
from duiding.workspace import Workspace, WorkspaceSettings, workspace_create

HERE = Path(__file__).parent
DATA = HERE / "data"
KWB_UTRECHT = DATA / "kwb-utrecht" / "kwb_utrecht_long.csv"
DEMO_GEMEENTE = ("GM0344", "Utrecht")


@dataclass(frozen=True)
class DemoResult:
    workspace: Workspace
    load: LoadResult
    computed: ComputeResult


def demo_build(root: Path, *, progress: Progress | None = None) -> DemoResult:
    """Create or refresh the demo workspace in ``root``."""
    code, name = DEMO_GEMEENTE
    workspace = workspace_create(
        root=root, settings=WorkspaceSettings(gemeente_code=code, gemeente_naam=name, demo=True)
    )
    for folder, target in (
        (LIBRARY / "monitors", workspace.monitors_dir),
        (LIBRARY / "sources", workspace.sources_dir),
    ):
        for path in sorted(folder.glob("*.yaml")):
            shutil.copyfile(path, target / path.name)
    load = kwb_long_load(workspace.warehouse_path, source_id="cbs_kwb", path=KWB_UTRECHT, loaded_by="duiding demo")
    computed = compute(workspace, progress=progress)
    return DemoResult(workspace, load, computed)

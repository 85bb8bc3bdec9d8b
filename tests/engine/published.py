"""An Almere workspace over CBS's real KWB OData files 2018–2024, with the two CBS-based rates
that have a published ratio; in one area and year the published Wmo ratio is removed."""

from __future__ import annotations

from pathlib import Path

from duiding.definitions import monitor_dump, monitor_load
from duiding.definitions.models import Monitor
from duiding.demo.build import DATA
from duiding.engine import compute
from duiding.ingest.kwb import kwb_long_load
from duiding.ingest.kwb_raw import kwb_long_write, kwb_release_read
from duiding.library import LIBRARY
from duiding.privacy import protection_compute
from duiding.workspace import Workspace, WorkspaceSettings, workspace_create

YEARS = range(2018, 2025)
WITHHELD = (2023, "WK003401")
"""The one area and year whose published Wmo ratio is removed, so the figure must be computed."""


def cbs_monitor() -> Monitor:
    picked = []
    for name, indicator_id in (("wmo", "wmo_clienten_per_1000_cbs"), ("jeugd", "jongeren_met_jeugdzorg_pct")):
        indicator = monitor_load(LIBRARY / "monitors" / f"{name}.yaml").indicator(indicator_id)
        picked.append(indicator.model_copy(update={"question": None}))
    return Monitor(id="cbs", title="CBS-cijfers", purpose=("signaleren",), indicators=tuple(picked))


def cbs_ratio_workspace(root: Path) -> Workspace:
    workspace = workspace_create(root=root, settings=WorkspaceSettings(gemeente_code="GM0034", gemeente_naam="Almere"))
    (workspace.sources_dir / "cbs_kwb.yaml").write_text(
        (LIBRARY / "sources" / "cbs_kwb.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (workspace.monitors_dir / "cbs.yaml").write_text(monitor_dump(cbs_monitor()), encoding="utf-8")
    releases = []
    for year in YEARS:
        release = kwb_release_read(DATA / "kwb-almere" / f"kwb_{year}_almere_odata.csv", gemeente_code="GM0034")
        if year == WITHHELD[0]:
            release.rows[:] = [
                r
                for r in release.rows
                if not (r["gwb_code"] == WITHHELD[1] and r["indicator"] == "wmo_clienten_per_1000_inw")
            ]
        releases.append(release)
    long = root.parent / "kwb_long.csv"
    kwb_long_write(releases, long)
    kwb_long_load(workspace.warehouse_path, source_id="cbs_kwb", path=long)
    compute(workspace)
    protection_compute(workspace)
    return workspace

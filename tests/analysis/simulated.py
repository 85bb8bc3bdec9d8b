"""A workspace of simulated trajectories with a known truth, for testing what the analysis finds.

Utrecht's real areas (from the KWB file), one registration of trajectories per buurt and
year, each ending *afgerond* with a probability that is the same everywhere and every year
(pure noise, with a season in the quarters), and a second registration that is identical
except that in one wijk from 2023 on the probability is clearly higher (a planted change).
Both go through the product's own path: load (validation), compute, protection, analysis.
"""

from __future__ import annotations

import csv
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

from duiding.analysis import analysis_compute
from duiding.demo.build import KWB_UTRECHT
from duiding.engine import compute
from duiding.geography import area_list
from duiding.ingest import kwb_long_load, source_load_file
from duiding.library import LIBRARY
from duiding.privacy import protection_compute
from duiding.workspace import Workspace, WorkspaceSettings, workspace_create

NOISE = "trajecten_ruis"
PLANTED = "trajecten_verandering"
PLANTED_WIJK = "WK034403"
"""Overvecht: where the planted change happens."""
PLANTED_FROM = date(2023, 1, 1)
BASE = 0.30
SEASON = {1: -0.08, 2: 0.0, 3: 0.12, 4: -0.04}
"""Added to the probability by quarter: a season that repeats every year."""
PLANTED_STEP = 0.25
PER_BUURT = 70
"""Trajectories per buurt per year (Poisson mean)."""
YEARS = range(2019, 2025)

SOURCE = """id: {id}
title: Trajecten ({title})
kind: microdata
publisher: Test
attribution: 'Bron: gesimuleerde testgegevens'
simulated: true
row: traject
columns:
- name: traject_id
  type: string
- name: buurt_code
  type: buurt
- name: einddatum
  type: date
- name: afgerond
  type: boolean
key: [traject_id]
area: buurt_code
time:
  date: einddatum
"""

INDICATOR = """- id: {id}
  title: Afgeronde trajecten ({title}, {grain})
  definition: Aandeel trajecten dat volgens plan is afgerond.
  level: outcome
  unit: '%'
  polarity: higher_is_better
  period_grain: {grain}
  formula:
    kind: rate
    numerator:
      source: {source}
      where:
      - {{column: afgerond, equals: true}}
    denominator:
      source: {source}
    per: 100
  relevance:
    absolute: 3
"""

MONITOR_HEAD = """id: toets
title: Toetsmonitor
purpose: [signaleren]
periods:
  start: 2019-01-01
  end: 2024-12-31
indicators:
"""


def _poisson(rng: random.Random, mean: float) -> int:
    count, total = 0, rng.expovariate(1.0)
    while total < mean:
        count += 1
        total += rng.expovariate(1.0)
    return count


def trajectories_write(path: Path, buurten: list[str], *, planted: bool, seed: int) -> None:
    """One row per trajectory: buurt, end date, afgerond (seeded, so always the same file)."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["traject_id", "buurt_code", "einddatum", "afgerond"])
        number = 0
        for year in YEARS:
            for buurt in buurten:
                for _ in range(_poisson(rng, PER_BUURT)):
                    day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
                    chance = BASE + SEASON[(day.month - 1) // 3 + 1]
                    if planted and buurt.startswith("BU" + PLANTED_WIJK[2:]) and day >= PLANTED_FROM:
                        chance += PLANTED_STEP
                    number += 1
                    writer.writerow(
                        [f"t{number}", buurt, day.isoformat(), "true" if rng.random() < chance else "false"]
                    )


def simulated_workspace(root: Path) -> Workspace:
    """Build, load, compute, protect and analyse the simulated workspace in ``root``."""
    workspace = workspace_create(root=root, settings=WorkspaceSettings(gemeente_code="GM0344", gemeente_naam="Utrecht"))
    shutil.copyfile(LIBRARY / "sources" / "cbs_kwb.yaml", workspace.sources_dir / "cbs_kwb.yaml")
    kwb_long_load(workspace.warehouse_path, source_id="cbs_kwb", path=KWB_UTRECHT)
    monitor = MONITOR_HEAD
    for source, title in ((NOISE, "ruis"), (PLANTED, "verandering")):
        (workspace.sources_dir / f"{source}.yaml").write_text(SOURCE.format(id=source, title=title), encoding="utf-8")
        for grain in ("year", "quarter"):
            monitor += INDICATOR.format(id=f"{source}_{grain}", title=title, grain=grain, source=source)
    (workspace.monitors_dir / "toets.yaml").write_text(monitor, encoding="utf-8")
    buurten = [a.code for a in area_list(workspace.warehouse_path, year=2023) if a.level.value == "buurt"]
    for seed, (source, planted) in enumerate(((NOISE, False), (PLANTED, True)), start=7):
        path = root.parent / f"{source}.csv"
        trajectories_write(path, buurten, planted=planted, seed=seed)
        source_load_file(workspace, source_id=source, path=path, loaded_by="test")
    computed = compute(workspace)
    protection_compute(workspace, monitors=computed.monitors)
    analysis_compute(workspace, monitors=computed.monitors)
    return workspace

"""A small workspace from Utrecht's real KWB (CBS, CC BY 4.0) with rates on rounded counts, analysed."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from duiding.demo.build import KWB_UTRECHT
from duiding.ingest import kwb_long_load
from duiding.library import LIBRARY
from duiding.refresh import refresh
from duiding.workspace import Workspace, WorkspaceSettings, workspace_create

IMPOSSIBLE_BUURT = "BU03440333"
"""KWB 2023: 20 persons with AOW among 15 inhabitants of 65+ (both rounded to 5 by CBS)."""

MONITOR = """\
id: plausibel
title: Plausibiliteit
purpose: [signaleren]
indicators:
- id: aow_per_1000
  title: Personen met AOW per 1.000 inwoners van 65 jaar en ouder
  definition: Personen met AOW per 1.000 inwoners van 65 jaar of ouder; wie AOW krijgt is 65 of ouder.
  level: output
  unit: per 1.000 inwoners van 65+
  polarity: neutral
  maximum: 1000
  formula:
    kind: rate
    numerator: {source: cbs_kwb, variable: aow_uitkering_personen}
    denominator: {source: cbs_kwb, variable: leeftijd_65plus}
- id: eenpersoons
  title: Eenpersoonshuishoudens
  definition: Eenpersoonshuishoudens als percentage van alle huishoudens.
  level: output
  unit: '%'
  polarity: neutral
  formula:
    kind: rate
    per: 100
    numerator: {source: cbs_kwb, variable: eenpersoonshuishoudens}
    denominator: {source: cbs_kwb, variable: huishoudens}
- id: jongeren
  title: Jongeren van 0 tot 25 jaar per 1.000 inwoners
  definition: Inwoners van 0–24 jaar per 1.000 inwoners (een som van twee afgeronde aantallen).
  level: output
  unit: per 1.000 inwoners
  polarity: neutral
  maximum: 1000
  formula:
    kind: rate
    numerator: {source: cbs_kwb, variable: [leeftijd_0_14, leeftijd_15_24]}
    denominator: {source: cbs_kwb, variable: inwoners}
"""


def kwb(year: int, code: str, variable: str) -> float:
    """A value straight from the CBS long file (independent of the product's reading of it)."""
    row = duckdb.sql(
        f"SELECT waarde FROM read_csv('{KWB_UTRECHT}', all_varchar=true) "
        f"WHERE jaar = '{year}' AND gwb_code = '{code}' AND indicator = '{variable}'"
    ).fetchone()
    assert row is not None
    return float(row[0])


def plausible_workspace(root: Path) -> Workspace:
    """The workspace at ``root``: cbs_kwb with its rounding, monitor ``plausibel``, computed and analysed."""
    ws = workspace_create(root=root, settings=WorkspaceSettings(gemeente_code="GM0344", gemeente_naam="Utrecht"))
    shutil.copyfile(LIBRARY / "sources" / "cbs_kwb.yaml", ws.sources_dir / "cbs_kwb.yaml")
    Path(ws.monitors_dir / "plausibel.yaml").write_text(MONITOR, encoding="utf-8")
    kwb_long_load(ws.warehouse_path, source_id="cbs_kwb", path=KWB_UTRECHT)
    refresh(ws)
    return ws

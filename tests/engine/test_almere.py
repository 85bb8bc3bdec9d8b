"""Almere's real KWB series (2018–2025), computed by the engine and recomputed from the OData files.

Almere re-divided its wijken in 2022 (6 → 71); the gemeente series is continuous.
"""

from __future__ import annotations

import csv
import re
import shutil

import duckdb
import pytest

from duiding.demo.build import DATA
from duiding.engine import compute
from duiding.ingest import kwb_long_load
from duiding.library import LIBRARY
from duiding.workspace import Workspace, WorkspaceSettings, workspace_create
from tests.conftest import TESTS

ODATA = TESTS / "data" / "cbs" / "almere"
EXTRA = """\
id: zorg
title: Zorg en ondersteuning
purpose: [signaleren]
indicators:
- id: wmo_per_1000
  title: Wmo-cliënten per 1.000 inwoners
  definition: Personen met een Wmo-maatwerkvoorziening per 1.000 inwoners.
  level: output
  unit: per 1.000 inwoners
  polarity: neutral
  formula:
    kind: rate
    numerator: {source: cbs_kwb, variable: wmo_clienten}
    denominator: {source: cbs_kwb, variable: inwoners}
- id: jeugdzorg_per_1000
  title: Jongeren met jeugdzorg per 1.000 jongeren (0-24 jaar)
  definition: Jongeren met jeugdzorg in natura per 1.000 inwoners van 0 tot 25 jaar.
  level: output
  unit: per 1.000 jongeren
  polarity: neutral
  formula:
    kind: rate
    numerator: {source: cbs_kwb, variable: jongeren_met_jeugdzorg_in_natura}
    denominator: {source: cbs_kwb, variable: [leeftijd_0_14, leeftijd_15_24]}
"""


@pytest.fixture(scope="module")
def almere(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("almere") / "werkruimte"
    workspace = workspace_create(root=root, settings=WorkspaceSettings(gemeente_code="GM0034", gemeente_naam="Almere"))
    for path in (LIBRARY / "sources").glob("*.yaml"):
        shutil.copyfile(path, workspace.sources_dir / path.name)
    shutil.copyfile(LIBRARY / "monitors" / "participatie.yaml", workspace.monitors_dir / "participatie.yaml")
    (workspace.monitors_dir / "zorg.yaml").write_text(EXTRA, encoding="utf-8")
    kwb_long_load(workspace.warehouse_path, source_id="cbs_kwb", path=DATA / "kwb-almere" / "kwb_almere_long.csv")
    compute(workspace)
    return workspace


def _odata() -> dict[tuple[int, str], dict[str, str]]:
    """Raw CBS values by (edition, region code), with the edition-specific key suffix removed."""
    rows = {}
    for path in sorted(ODATA.glob("kwb_*_almere_odata.csv")):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                clean = {re.sub(r"_\d+$", "", key): (value or "").strip() for key, value in row.items()}
                rows[(int(row["jaar"]), clean["Codering"])] = clean
    return rows


def _number(text: str) -> float | None:
    return None if text in ("", ".") else float(text)


CHECKS = [
    ("participatie", "bijstand_per_1000", ("PersonenPerSoortUitkeringBijstand",), ("AantalInwoners",)),
    ("zorg", "wmo_per_1000", ("WmoClienten",), ("AantalInwoners",)),
    ("zorg", "jeugdzorg_per_1000", ("JongerenMetJeugdzorgInNatura",), ("k_0Tot15Jaar", "k_15Tot25Jaar")),
]


@pytest.mark.parametrize(("monitor", "indicator", "numerator", "denominator"), CHECKS)
def test_every_year_and_area_matches_the_odata_files(
    almere: Workspace, monitor: str, indicator: str, numerator: tuple[str, ...], denominator: tuple[str, ...]
) -> None:
    raw = _odata()
    con = duckdb.connect(str(almere.warehouse_path), read_only=True)
    try:
        rows = con.execute(
            "SELECT year(period_start), area_code, numerator, denominator, value FROM observations "
            "WHERE monitor = ? AND indicator = ?",
            [monitor, indicator],
        ).fetchall()
    finally:
        con.close()
    compared = 0
    for year, code, num, den, value in rows:
        source = raw[(year, code)]
        parts = [_number(source.get(k, "")) for k in numerator], [_number(source.get(k, "")) for k in denominator]
        expected_num = None if None in parts[0] else sum(parts[0])  # type: ignore[arg-type]
        expected_den = None if None in parts[1] else sum(parts[1])  # type: ignore[arg-type]
        assert num == expected_num, (year, code)
        assert den == expected_den, (year, code)
        if expected_num is not None and expected_den:
            assert value == pytest.approx(expected_num / expected_den * 1000, rel=1e-12)
            compared += 1
        else:
            assert value is None
    assert compared > 500


def test_indeling_change_is_visible_in_the_wijken(almere: Workspace) -> None:
    con = duckdb.connect(str(almere.warehouse_path), read_only=True)
    try:
        counts = dict(
            con.execute(
                "SELECT year(period_start), count(*) FROM observations WHERE indicator = 'bijstand_per_1000' "
                "AND area_level = 'wijk' GROUP BY 1"
            ).fetchall()
        )
        gemeente = con.execute(
            "SELECT count(DISTINCT year(period_start)) FROM observations WHERE indicator = 'bijstand_per_1000' "
            "AND area_code = 'GM0034' AND value IS NOT NULL"
        ).fetchall()[0][0]
    finally:
        con.close()
    assert counts[2021] == 6
    assert counts[2022] == 71
    assert gemeente == len(counts)  # one continuous gemeente series

"""Nederland as a reference figure, from a Nederland (NL00) row built from CBS's real KWB 2015 of all 393 gemeenten.

CBS publishes gemeente counts unrounded, so the sum over all gemeenten of the real 2015 table is
the Nederland count (16 900 726 inhabitants on 1 January 2015, as CBS publishes).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from django.test import Client
from pytest_django import Settings
from scipy.stats import chi2

from duiding.analysis import national_list
from duiding.ingest import kwb_long_load
from duiding.ingest.kwb import KWB_COLUMNS
from duiding.library import LIBRARY
from duiding.refresh import refresh
from duiding.workspace import Workspace, WorkspaceSettings, workspace_create

GEMEENTEN_2015 = Path(__file__).resolve().parents[1] / "data" / "cbs" / "gemeenten-2015" / "kwb_2015_gemeenten.csv"
"""CBS, KWB 2015, gemeente level, all 393 gemeenten (CC BY 4.0; see SOURCE.md beside it)."""
COLUMNS = {
    "inwoners": "aantal_inwoners",
    "bijstand_personen": "aantal_personen_met_een_algemene_bijstandsuitkering_totaal",
    "ww_uitkering_personen": "aantal_personen_met_een_ww_uitkering_totaal",
}
MONITOR = """\
id: landelijk
title: Landelijk vergeleken
purpose: [signaleren]
indicators:
- id: bijstand_per_1000
  title: Personen met bijstand per 1.000 inwoners
  definition: Personen met bijstand per 1.000 inwoners.
  level: outcome
  unit: per 1.000 inwoners
  polarity: lower_is_better
  maximum: 1000
  formula:
    kind: rate
    numerator: {source: cbs_kwb, variable: bijstand_personen, label: Personen met bijstand}
    denominator: {source: cbs_kwb, variable: inwoners, label: Inwoners}
- id: ww_per_1000
  title: Personen met WW per 1.000 inwoners
  definition: Personen met een WW-uitkering per 1.000 inwoners.
  level: outcome
  unit: per 1.000 inwoners
  polarity: lower_is_better
  maximum: 1000
  formula:
    kind: rate
    numerator: {source: cbs_kwb, variable: ww_uitkering_personen}
    denominator: {source: cbs_kwb, variable: inwoners}
- id: inwoners
  title: Inwoners
  definition: Aantal inwoners op 1 januari.
  level: input
  unit: inwoners
  polarity: neutral
  formula:
    kind: count
    measure: {source: cbs_kwb, variable: inwoners}
"""


def _gemeenten() -> list[dict[str, str]]:
    with GEMEENTEN_2015.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _national(variable: str) -> float:
    return float(sum(int(row[COLUMNS[variable]]) for row in _gemeenten()))


def _gemeente(code: str, variable: str) -> float:
    return float(next(int(r[COLUMNS[variable]]) for r in _gemeenten() if r["gemeentecode"] == code))


def _long_file(path: Path, code: str, *, national: bool) -> Path:
    name = next(r["gemeentenaam"] for r in _gemeenten() if r["gemeentecode"] == code)
    rows = []
    for variable in COLUMNS:
        base = {"jaar": "2015", "gemeente_code": code, "indicator": variable, "eenheid": "aantal"}
        base |= {"bron_bestand": GEMEENTEN_2015.name, "bron_kolom": COLUMNS[variable]}
        rows.append(
            base
            | {
                "regio_type": "Gemeente",
                "gwb_code": code,
                "regio_naam": name,
                "waarde": f"{_gemeente(code, variable):.0f}",
            }
        )
        if national:
            rows.append(
                base
                | {
                    "regio_type": "Land",
                    "gwb_code": "NL00",
                    "regio_naam": "Nederland",
                    "waarde": f"{_national(variable):.0f}",
                }
            )
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=KWB_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _workspace(root: Path, code: str, *, national: bool) -> Workspace:
    name = next(r["gemeentenaam"] for r in _gemeenten() if r["gemeentecode"] == code)
    ws = workspace_create(root=root, settings=WorkspaceSettings(gemeente_code=code, gemeente_naam=name))
    shutil.copyfile(LIBRARY / "sources" / "cbs_kwb.yaml", ws.sources_dir / "cbs_kwb.yaml")
    (ws.monitors_dir / "landelijk.yaml").write_text(MONITOR, encoding="utf-8")
    kwb_long_load(
        ws.warehouse_path, source_id="cbs_kwb", path=_long_file(root.parent / f"{code}.csv", code, national=national)
    )
    refresh(ws)
    return ws


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Workspace]:
    base = tmp_path_factory.mktemp("landelijk")
    # Utrecht (large city), Appingedam (small), Rotterdam (high bijstand)
    return {code: _workspace(base / code / "ws", code, national=True) for code in ("GM0344", "GM0003", "GM0599")}


def test_the_sum_of_all_gemeenten_is_the_population_cbs_publishes_for_nederland() -> None:
    assert _national("inwoners") == 16_900_726


@pytest.mark.parametrize("code", ["GM0344", "GM0003", "GM0599"])
def test_the_national_figure_is_the_ratio_of_the_national_counts(workspaces: dict[str, Workspace], code: str) -> None:
    figures = {f.indicator: f for f in national_list(workspaces[code], monitor="landelijk")}
    assert set(figures) == {"bijstand_per_1000", "ww_per_1000"}  # a count has no national reference
    bijstand = figures["bijstand_per_1000"]
    assert bijstand.value == pytest.approx(_national("bijstand_personen") / _national("inwoners") * 1000, rel=1e-12)
    assert (bijstand.numerator, bijstand.denominator) == (_national("bijstand_personen"), _national("inwoners"))
    assert bijstand.origin == "computed"
    assert figures["ww_per_1000"].value == pytest.approx(
        _national("ww_uitkering_personen") / _national("inwoners") * 1000, rel=1e-12
    )


@pytest.mark.parametrize("code", ["GM0344", "GM0003", "GM0599"])
def test_the_gemeente_lies_above_or_below_nederland_by_its_own_garwood_interval(
    workspaces: dict[str, Workspace], code: str
) -> None:
    for figure in national_list(workspaces[code], monitor="landelijk"):
        variable = "bijstand_personen" if figure.indicator == "bijstand_per_1000" else "ww_uitkering_personen"
        x, n = _gemeente(code, variable), _gemeente(code, "inwoners")
        low = chi2.ppf(0.025, 2 * x) / 2 / n * 1000
        high = chi2.ppf(0.975, 2 * x + 2) / 2 / n * 1000
        expected = "higher" if low > figure.value else "lower" if high < figure.value else "within"
        assert figure.gemeente_value == pytest.approx(x / n * 1000)
        assert figure.position == expected


def test_rotterdam_has_more_bijstand_than_nederland(workspaces: dict[str, Workspace]) -> None:
    bijstand = next(
        f for f in national_list(workspaces["GM0599"], monitor="landelijk") if f.indicator == "bijstand_per_1000"
    )
    assert bijstand.position == "higher"


def test_without_a_nederland_row_there_is_no_national_figure(tmp_path: Path) -> None:
    ws = _workspace(tmp_path / "ws", "GM0003", national=False)
    assert national_list(ws, monitor="landelijk") == []


def test_the_indicator_page_shows_nederland_with_its_verdict(
    settings: Settings, client: Client, workspaces: dict[str, Workspace]
) -> None:
    settings.DUIDING_WORKSPACE = workspaces["GM0599"].root
    html = client.get("/monitors/landelijk/indicatoren/bijstand_per_1000/?periode=2015-01-01").content.decode()
    expected = _national("bijstand_personen") / _national("inwoners") * 1000
    shown = f"{expected:.1f}".replace(".", ",")
    assert f"Nederland: {shown} per 1.000 inwoners (berekend uit de landelijke aantallen van het CBS, 2015)." in html
    assert "De gemeente ligt hoger dan het landelijke cijfer, meer dan toeval." in html

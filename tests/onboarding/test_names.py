"""Areas carry their names: from the KWB row, another KWB year, the boundary file or the gemeente's name.

Every expected name is read here from the CBS files themselves (the GeoJSON ``statnaam``, the
OData ``Gemeentenaam_1``, the xls ``regio``), never from Duiding's own tables.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from duiding.cli import main
from duiding.demo.build import DATA
from duiding.geography.boundaries import boundaries_load
from duiding.geography.names import NAMES_CHECK
from duiding.onboarding import InitResult, gemeente_init
from tests.conftest import CBS_2023_XLS, TESTS

ALMERE = DATA / "kwb-almere"
ALMERE_SHAPES = (
    DATA / "cbs-grenzen-2014" / "wijken_2014_GM0034.geojson",
    DATA / "cbs-grenzen-2014" / "buurten_2014_GM0034.geojson",
)
UTRECHT_2019 = TESTS / "data" / "cbs" / "utrecht" / "kwb_2019_utrecht_odata.csv"


def _query(result: InitResult, sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(result.workspace.warehouse_path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _statnaam() -> dict[str, str]:
    """Code → name in CBS's 2014 wijk- and buurtkaart of Almere."""
    names: dict[str, str] = {}
    for path in ALMERE_SHAPES:
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            names[feature["properties"]["statcode"]] = feature["properties"]["statnaam"]
    return names


def _odata_rows(year: int) -> list[dict[str, str]]:
    with (ALMERE / f"kwb_{year}_almere_odata.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _names(result: InitResult, year: int) -> dict[str, str]:
    return {str(c): str(n) for c, n in _query(result, "SELECT code, name FROM areas WHERE year = ?", [year])}


@pytest.fixture(scope="module")
def almere(tmp_path_factory: pytest.TempPathFactory) -> InitResult:
    root = tmp_path_factory.mktemp("names") / "almere"
    files = tuple(sorted(ALMERE.glob("kwb_*_almere_odata.csv")))
    return gemeente_init(root, gemeente_code="GM0034", kwb_files=files, boundary_files=ALMERE_SHAPES)


def test_old_indeling_areas_take_the_boundary_names(almere: InitResult) -> None:
    statnaam = _statnaam()
    checked = 0
    for year in (2018, 2019, 2020, 2021):
        names = _names(almere, year)
        for row in _odata_rows(year):
            code = row["WijkenEnBuurten"].strip()
            if code in statnaam:
                assert names[code] == statnaam[code], (year, code)
                checked += 1
            elif not code.startswith("GM"):
                assert names[code] == code, (year, code)  # no source names it: the code stands in
    assert checked >= 4 * (6 + 60)
    assert _names(almere, 2018)["WK003401"] == "Wijk 01 Almere-Haven"


def test_the_gemeente_is_named_by_gemeentenaam(almere: InitResult) -> None:
    expected = {row["Gemeentenaam_1"].strip() for year in range(2018, 2026) for row in _odata_rows(year)}
    assert expected == {"Almere"}
    rows = _query(almere, "SELECT DISTINCT name FROM areas WHERE level = 'gemeente'")
    assert rows == [("Almere",)]


def test_a_new_indeling_does_not_borrow_old_names(almere: InitResult) -> None:
    # WK003401 was all of Almere Haven until 2021; since 2022 it is one of 71 wijken.
    names = _names(almere, 2022)
    assert names["WK003401"] == "WK003401"
    assert all(names[code] == code for code in names if not code.startswith("GM"))


def test_quality_lists_the_areas_without_a_name(almere: InitResult) -> None:
    statnaam = _statnaam()
    rows = _odata_rows(2022)
    wijken = sum(r["SoortRegio_2"].strip() == "Wijk" for r in rows)
    buurten = sum(r["SoortRegio_2"].strip() == "Buurt" for r in rows)
    old = [r["WijkenEnBuurten"].strip() for r in _odata_rows(2018) if r["SoortRegio_2"].strip() == "Buurt"]
    unnamed_2018 = sum(code not in statnaam for code in old)
    assert (wijken, buurten) == (71, 238) and unnamed_2018 > 0

    report = CliRunner().invoke(main, ["quality", "-w", str(almere.workspace.root), "cbs_kwb"])
    assert report.exit_code == 0, report.output
    text = " ".join(report.output.split())
    assert f"namen 2022: {wijken} wijken en {buurten} buurten van 2022 hebben geen naam" in text
    assert f"namen 2018: {unnamed_2018} buurten van 2018 hebben geen naam" in text
    assert "--grenzen de CBS wijk- en buurtkaart van 2022" in text
    findings = _query(almere, "SELECT subject FROM load_quality WHERE check_name = ?", [NAMES_CHECK])
    assert ("namen 2018",) in findings and not any("2018" in str(s) and "wijk" in str(s) for (s,) in findings)


def test_observations_signals_and_exports_carry_the_names(almere: InitResult, tmp_path: Path) -> None:
    statnaam = _statnaam()
    observed = _query(
        almere,
        "SELECT DISTINCT area_code, area_name FROM observations WHERE year(period_start) BETWEEN 2018 AND 2021",
    )
    named = [(c, n) for c, n in observed if c in statnaam]
    assert named and all(n == statnaam[str(c)] for c, n in named)
    signals = _query(
        almere,
        "SELECT area_code, area_name, sentence FROM signals WHERE year(period_start) BETWEEN 2018 AND 2021",
    )
    old = [(str(c), str(n), str(s)) for c, n, s in signals if c in statnaam]
    assert all(n == statnaam[c] and c not in s for c, n, s in old)

    output = tmp_path / "jeugd.csv"
    run = CliRunner().invoke(
        main, ["export", "-w", str(almere.workspace.root), "--monitor", "jeugd", "--format", "csv", "-o", str(output)]
    )
    assert run.exit_code == 0, run.output
    with output.open(encoding="utf-8-sig") as handle:
        exported = [row for row in csv.DictReader(handle) if row["period_start"].startswith("2019")]
    in_map = [row for row in exported if row["area_code"] in statnaam]
    assert in_map and all(row["area_name"] == statnaam[row["area_code"]] for row in in_map)
    assert {row["area_name"] for row in exported if row["area_level"] == "gemeente"} == {"Almere"}


def test_boundaries_loaded_later_name_the_areas(tmp_path: Path) -> None:
    files = (ALMERE / "kwb_2018_almere_odata.csv", ALMERE / "kwb_2019_almere_odata.csv")
    result = gemeente_init(tmp_path / "almere", gemeente_code="GM0034", kwb_files=files)
    assert _names(result, 2018)["WK003401"] == "WK003401"
    before = _query(result, "SELECT subject FROM load_quality WHERE check_name = ? ORDER BY ALL", [NAMES_CHECK])
    assert before == [("namen 2018",), ("namen 2019",)]

    for path in ALMERE_SHAPES:
        boundaries_load(result.workspace.warehouse_path, path=path, gemeente_code="GM0034")
    statnaam = _statnaam()
    names = _names(result, 2019)
    assert all(names[code] == name for code, name in statnaam.items() if code in names)
    kwb = _query(result, "SELECT DISTINCT area_name FROM src_cbs_kwb WHERE area_code = 'WK003401'")
    assert kwb == [("Wijk 01 Almere-Haven",)]  # the published measures read their names here
    rows = _query(result, "SELECT message FROM load_quality WHERE check_name = ? ORDER BY ALL", [NAMES_CHECK])
    after = [str(m).split(" van ")[0] for (m,) in rows]  # "6 buurten": the wijken are named now
    assert len(after) == 2 and all(m.endswith("buurten") and "wijk" not in m for m in after)


def test_a_year_without_names_takes_them_from_another_year(tmp_path: Path) -> None:
    stripped = tmp_path / "kwb_2019_utrecht_odata.csv"
    with UTRECHT_2019.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns = [c for c in reader.fieldnames or () if c != "regio_naam"]
        rows = list(reader)
    with stripped.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    with CBS_2023_XLS.open(encoding="utf-8") as handle:
        names_2023 = {row["gwb_code_10"]: row["regio"] for row in csv.DictReader(handle)}

    result = gemeente_init(tmp_path / "utrecht", gemeente_code="GM0344", kwb_files=(stripped, CBS_2023_XLS))
    names_2019 = _names(result, 2019)
    shared = [code for code in names_2019 if code in names_2023]
    assert len(shared) >= 100
    assert all(names_2019[code] == names_2023[code] for code in shared)
    assert not _query(result, "SELECT * FROM load_quality WHERE check_name = ?", [NAMES_CHECK])

"""The StatLine CSV "met labels" and the Nederland row, checked cell by cell against the real OData files."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from duiding.demo.build import DATA
from duiding.errors import LoadError
from duiding.ingest.kwb import kwb_long_load, kwb_national_values
from duiding.ingest.kwb_raw import (
    KWB_TABLE_IDS,
    KwbLayout,
    KwbRelease,
    kwb_layout_of,
    kwb_long_write,
    kwb_release_read,
    kwb_variable_for,
)
from duiding.workspace import WorkspaceSettings, workspace_create
from tests.ingest.labels import NATIONAL_INHABITANTS, dotted, labels_write, source_column

CBS = Path(__file__).resolve().parents[1] / "data" / "cbs"
FIXTURE = CBS / "labels" / "kwb_2019_almere_labels.csv"
ODATA = [("GM0034", DATA / "kwb-almere" / f"kwb_{year}_almere_odata.csv") for year in range(2018, 2025)] + [
    ("GM0344", CBS / "utrecht" / name) for name in ("kwb_2019_utrecht_odata.csv", "kwb_2021_utrecht_odata.csv")
]
SPELLINGS = [
    pytest.param({"dots": False, "index": None}, id="titles"),
    pytest.param({"dots": True, "index": ""}, id="dotted-R-rownames"),
    pytest.param({"dots": True, "index": "X"}, id="dotted-R-X"),
    pytest.param({"dots": False, "index": "Unnamed: 0"}, id="titles-pandas-index"),
]


def _csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=";" if ";" in handle.readline() else ",")
        handle.seek(0)
        reader = csv.DictReader(handle, delimiter=reader.reader.dialect.delimiter)
        return list(reader.fieldnames or []), list(reader)


def _cells(path: Path) -> dict[tuple[str, str], str]:
    """(area code, OData column) → the cell of the real OData file, '' where CBS published nothing."""
    _, rows = _csv(path)
    code = next(c for c in rows[0] if c.startswith("Codering"))
    return {(row[code].strip(), column): value.strip() for row in rows for column, value in row.items()}


def _areas(release: KwbRelease) -> list[dict[str, str]]:
    return [row for row in release.rows if row["regio_type"] != "Land"]


@pytest.mark.parametrize("spelling", SPELLINGS)
@pytest.mark.parametrize(("gemeente", "odata"), ODATA, ids=[path.name for _, path in ODATA])
def test_every_value_of_a_labels_file_equals_the_cell_of_the_real_odata_file(
    tmp_path: Path, gemeente: str, odata: Path, spelling: dict[str, object]
) -> None:
    year = int(odata.name.split("_")[1])
    path = labels_write(odata, tmp_path / f"kwb-{year}-labels.csv", **spelling)  # type: ignore[arg-type]
    release = kwb_release_read(path, gemeente_code=gemeente)
    cells = _cells(odata)
    odata_header, _ = _csv(odata)

    assert release.layout is KwbLayout.LABELS
    assert release.year == year
    assert release.rows
    for row in release.rows:
        column = source_column(row["bron_kolom"], odata_header)
        assert column is not None, row["bron_kolom"]
        want = cells[(row["gwb_code"], column)]
        assert (float(row["waarde"]) if row["waarde"] else None) == (float(want) if want else None), row
    # the same variables, areas and figures as Duiding reads from the OData file itself
    direct = kwb_release_read(odata, gemeente_code=gemeente, year=year)
    key = ("gwb_code", "regio_type", "indicator", "waarde", "eenheid")
    assert sorted(tuple(r[k] for k in key) for r in release.rows) == sorted(
        tuple(r[k] for k in key) for r in direct.rows
    )
    assert not release.unmatched


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_the_nederland_row_is_kept_as_national_figure_and_changes_no_area(
    tmp_path: Path, spelling: dict[str, object]
) -> None:
    odata = DATA / "kwb-almere" / "kwb_2019_almere_odata.csv"
    without = kwb_release_read(labels_write(odata, tmp_path / "kwb-2019-a.csv", **spelling), gemeente_code="GM0034")  # type: ignore[arg-type]
    with_nl = kwb_release_read(
        labels_write(odata, tmp_path / "kwb-2019-b.csv", national=True, **spelling),  # type: ignore[arg-type]
        gemeente_code="GM0034",
    )
    strip = [{k: v for k, v in row.items() if k != "bron_bestand"} for row in without.rows]
    assert [{k: v for k, v in row.items() if k != "bron_bestand"} for row in _areas(with_nl)] == strip
    national = [row for row in with_nl.rows if row["regio_type"] == "Land"]
    assert {row["gwb_code"] for row in national} == {"NL00"}
    assert {row["indicator"]: row["waarde"] for row in national if row["waarde"]} == {
        "inwoners": NATIONAL_INHABITANTS[2019]
    }
    assert with_nl.gemeente_name == without.gemeente_name == "Almere"


def test_national_rows_are_stored_apart_and_read_back(tmp_path: Path) -> None:
    releases = [
        kwb_release_read(
            labels_write(
                DATA / "kwb-almere" / f"kwb_{year}_almere_odata.csv", tmp_path / f"kwb-{year}.csv", national=True
            ),
            gemeente_code="GM0034",
        )
        for year in (2018, 2023)
    ]
    long = tmp_path / "kwb_long.csv"
    written = kwb_long_write(releases, long)
    workspace = workspace_create(
        root=tmp_path / "ws", settings=WorkspaceSettings(gemeente_code="GM0034", gemeente_naam="Almere")
    )
    result = kwb_long_load(workspace.warehouse_path, source_id="cbs_kwb", path=long)
    assert result.rows == written

    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        levels = con.execute("SELECT DISTINCT level FROM src_cbs_kwb ORDER BY 1").fetchall()
        in_source = con.execute("SELECT count(*) FROM src_cbs_kwb WHERE area_code = 'NL00'").fetchall()[0][0]
        in_areas = con.execute("SELECT count(*) FROM areas WHERE code = 'NL00'").fetchall()[0][0]
        gemeente_rows = con.execute("SELECT count(*) FROM areas WHERE level = 'gemeente'").fetchall()[0][0]
    finally:
        con.close()
    assert [level for (level,) in levels] == ["buurt", "gemeente", "wijk"]
    assert in_source == in_areas == 0
    assert gemeente_rows == 2  # GM0034 in 2018 and 2023, nothing national
    assert kwb_national_values(workspace.warehouse_path) == {
        (2018, "inwoners"): float(NATIONAL_INHABITANTS[2018]),
        (2023, "inwoners"): float(NATIONAL_INHABITANTS[2023]),
    }


def test_national_values_are_empty_without_a_nederland_row(tmp_path: Path) -> None:
    workspace = workspace_create(
        root=tmp_path / "ws", settings=WorkspaceSettings(gemeente_code="GM0034", gemeente_naam="Almere")
    )
    assert kwb_national_values(workspace.warehouse_path) == {}
    release = kwb_release_read(DATA / "kwb-almere" / "kwb_2019_almere_odata.csv", gemeente_code="GM0034")
    kwb_long_write([release], tmp_path / "long.csv")
    kwb_long_load(workspace.warehouse_path, source_id="cbs_kwb", path=tmp_path / "long.csv")
    assert kwb_national_values(workspace.warehouse_path) == {}


def test_the_nederland_row_of_an_odata_file_is_national_too(tmp_path: Path) -> None:
    odata = DATA / "kwb-almere" / "kwb_2019_almere_odata.csv"
    header, rows = _csv(odata)
    nl = dict.fromkeys(header, "")
    nl.update(jaar="2019", WijkenEnBuurten="NL00      ", Codering_3="NL00      ", SoortRegio_2="Land      ")
    nl.update(Gemeentenaam_1="Nederland", AantalInwoners_5=NATIONAL_INHABITANTS[2019])
    path = tmp_path / "kwb-2019.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows([nl, *rows])
    release = kwb_release_read(path, gemeente_code="GM0034")
    national = {row["indicator"]: row["waarde"] for row in release.rows if row["gwb_code"] == "NL00"}
    assert national["inwoners"] == NATIONAL_INHABITANTS[2019]
    assert {row["regio_type"] for row in release.rows if row["gwb_code"] == "NL00"} == {"Land"}


def test_a_nederland_row_with_another_soort_regio_is_refused(tmp_path: Path) -> None:
    odata = DATA / "kwb-almere" / "kwb_2019_almere_odata.csv"
    path = labels_write(odata, tmp_path / "kwb-2019.csv", national=True)
    path.write_text(path.read_text(encoding="utf-8").replace(";Land;", ";Gemeente;", 1), encoding="utf-8")
    with pytest.raises(LoadError, match=r"waarde 'Gemeente': past niet bij de code NL00 \(Land\)"):
        kwb_release_read(path, gemeente_code="GM0034")


def test_the_committed_fixture_is_the_derived_labels_file(tmp_path: Path) -> None:
    derived = labels_write(
        DATA / "kwb-almere" / "kwb_2019_almere_odata.csv", tmp_path / "x.csv", dots=True, index="", national=True
    )
    assert FIXTURE.read_text(encoding="utf-8") == derived.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("title", "variable"),
    [
        ("Sociale zekerheid/Personen per soort uitkering/Bijstand (aantal)", "bijstand_personen"),
        ("Sociale.zekerheid.Personen.per.soort.uitkering..Bijstand..aantal.", "bijstand_personen"),
        ("Sociale.zekerheid.Personen.per.soort.uitkering..AO..aantal.", "ao_uitkering_personen"),
        ("Sociale.zekerheid.Personen.per.soort.uitkering..AOW..aantal.", "aow_uitkering_personen"),
        ("Bevolking.Aantal.inwoners..aantal.", "inwoners"),
        ("Zorg/Wmo-cliënten (aantal)", "wmo_clienten"),
        ("Zorg.Wmo.cliënten..aantal.", "wmo_clienten"),
        ("Zorg.Wmo.cli.nten..aantal.", "wmo_clienten"),  # R in a C locale
        ("Zorg.Wmo.cli.nten.relatief..per.1.000.inwoners.", "wmo_clienten_per_1000_inw"),
        ("Bevolking/Bevolkingsdichtheid (aantal inwoners per km²)", "bevolkingsdichtheid_per_km2"),
        ("Bevolking.Bevolkingsdichtheid..aantal.inwoners.per.km..", "bevolkingsdichtheid_per_km2"),
        ("Bevolking/Huishoudens/Huishoudens totaal (aantal)", "huishoudens"),
        ("Wonen/Gemiddelde woningwaarde (x 1 000 euro)", "woz_gemiddeld_x1000_euro"),
        ("Aantal inwoners", "inwoners"),  # cbsodata: the bare title
        ("AantalInwoners_5", "inwoners"),  # an OData key in a labels file
    ],
)
def test_a_statline_title_is_recognised_raw_and_dotted(title: str, variable: str) -> None:
    found = kwb_variable_for(title, KwbLayout.LABELS)
    assert found is not None and found.name == variable


def test_a_title_with_another_unit_is_not_taken_for_the_count() -> None:
    # KWB editions before 2017 published the age groups as a percentage of the inhabitants
    assert kwb_variable_for("Bevolking/Leeftijdsgroepen/0 tot 15 jaar (%)", KwbLayout.LABELS) is None
    assert kwb_variable_for("Bevolking.Leeftijdsgroepen.0.tot.15.jaar....", KwbLayout.LABELS) is None


def test_the_layout_of_the_issue_header_is_labels() -> None:
    header = ["", "Regioaanduiding.Codering..code.", "Bevolking.Aantal.inwoners..aantal."]
    assert kwb_layout_of(header) is KwbLayout.LABELS
    assert kwb_layout_of(["ID", "WijkenEnBuurten", "Codering_3", "AantalInwoners_5"]) is KwbLayout.ODATA
    assert kwb_layout_of(["gwb_code_10", "a_inw"]) is KwbLayout.XLS


@pytest.mark.parametrize(
    ("key", "year"),
    [
        ("GemiddeldeWoningwaarde_35", 2019),  # 84583NED
        ("GemiddeldeWoningwaarde_35", 2018),  # 84286NED
        ("GemiddeldeWOZWaardeVanWoningen_35", 2020),
        ("GemiddeldeWOZWaardeVanWoningen_36", 2023),
        ("GemiddeldeWOZWaardeVanWoningen_39", 2024),
    ],
)
def test_every_woz_key_is_recognised(key: str, year: int) -> None:
    variable = kwb_variable_for(key, KwbLayout.ODATA)
    assert variable is not None and variable.name == "woz_gemiddeld_x1000_euro", (key, year)


def test_an_unknown_format_names_what_duiding_reads_and_where_to_get_it(tmp_path: Path) -> None:
    path = tmp_path / "kwb-2023.csv"
    path.write_text("gemeente;inwoners\nAlmere;218096\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        kwb_release_read(path, gemeente_code="GM0034")
    assert str(caught.value) == (
        "kwb-2023.csv: onbekende indeling; in de eerste 20 rijen staat geen kopregel met de gebiedscode "
        "(Codering, SoortRegio, gwb_code_10 of recs). Duiding leest drie indelingen van de Kerncijfers wijken "
        "en buurten (KWB): (1) de CSV van CBS StatLine met kolomsleutels (OData, bijv. Codering_3, "
        "AantalInwoners_5); (2) de CSV van CBS StatLine met labels (kolommen als 'Regioaanduiding/Codering "
        "(code)' of Regioaanduiding.Codering..code.); (3) het Excel-bestand kwb-JJJJ.xlsx van CBS (kolommen "
        "gwb_code_10, recs, a_inw). Download de KWB bij CBS StatLine, tabel 85618NED voor KWB 2023 "
        "(https://opendata.cbs.nl/statline/#/CBS/nl/dataset/85618NED/table); de tabel van elk jaar staat in "
        "docs/kwb.md. Of haal de gegevens direct op met 'duiding init --online'."
    )


def test_the_table_ids_cover_every_edition_from_2013_and_agree_with_the_statline_client() -> None:
    from duiding.ingest.statline import KWB_TABLES

    assert sorted(KWB_TABLE_IDS) == list(range(2013, 2025))
    assert all(KWB_TABLE_IDS[year] == table for year, table in KWB_TABLES.items())


def test_init_on_a_labels_file_of_almere(tmp_path: Path) -> None:
    labels = labels_write(
        DATA / "kwb-almere" / "kwb_2022_almere_odata.csv",
        tmp_path / "kwb-2022-almere.csv",
        dots=True,
        index="",
        national=False,
    )
    workspace = tmp_path / "almere"
    duiding = Path(sys.executable).with_name("duiding")
    done = subprocess.run(
        [
            str(duiding),
            "init",
            "--workspace",
            str(workspace),
            "--gemeente",
            "GM0034",
            "--kwb",
            str(FIXTURE),
            "--kwb",
            str(labels),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    con = duckdb.connect(str(workspace / "warehouse.duckdb"), read_only=True)
    try:
        inhabitants = dict(
            con.execute(
                "SELECT year, value FROM src_cbs_kwb WHERE area_code = 'GM0034' AND variable = 'inwoners'"
            ).fetchall()
        )
        areas = con.execute("SELECT count(*) FROM areas WHERE code = 'NL00'").fetchall()[0][0]
    finally:
        con.close()
    cells_2019 = _cells(DATA / "kwb-almere" / "kwb_2019_almere_odata.csv")
    cells_2022 = _cells(DATA / "kwb-almere" / "kwb_2022_almere_odata.csv")
    assert inhabitants == {
        2019: float(cells_2019[("GM0034", "AantalInwoners_5")]),
        2022: float(cells_2022[("GM0034", "AantalInwoners_5")]),
    }
    assert areas == 0


def test_dotted_is_the_r_rewriting() -> None:
    assert dotted("Regioaanduiding/Codering (code)") == "Regioaanduiding.Codering..code."
    assert dotted("Bevolking/Aantal inwoners (aantal)") == "Bevolking.Aantal.inwoners..aantal."
    # the issue's download has a double dot after 'uitkering' (its title reads 'uitkering/ Bijstand'?):
    # words are compared, so both spellings are the same variable
    for spelling in ("uitkering..Bijstand..aantal.", "uitkering.Bijstand..aantal."):
        found = kwb_variable_for(f"Sociale.zekerheid.Personen.per.soort.{spelling}", KwbLayout.LABELS)
        assert found is not None and found.name == "bijstand_personen"


def test_docs_list_the_statline_table_of_every_edition() -> None:
    from duiding.ingest.kwb_variables import STATLINE_URL

    text = (Path(__file__).resolve().parents[2] / "docs" / "kwb.md").read_text(encoding="utf-8")
    for year, table in KWB_TABLE_IDS.items():
        assert f"| {year} | {table} | {STATLINE_URL.format(table_id=table)} |" in text

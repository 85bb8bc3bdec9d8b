"""Reading CBS KWB files as CBS publishes them: checked against long files made independently."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from duiding.demo.build import DATA
from duiding.errors import LoadError
from duiding.ingest import KWB_COLUMNS, kwb_long_load
from duiding.ingest.kwb_raw import (
    KWB_VARIABLES,
    KwbLayout,
    KwbRelease,
    kwb_long_write,
    kwb_release_read,
    kwb_rows_harmonise,
    kwb_variable_for,
)
from duiding.workspace import WorkspaceSettings, workspace_create

CBS = Path(__file__).resolve().parents[1] / "data" / "cbs"
LONG = {
    "utrecht": DATA / "kwb-utrecht" / "kwb_utrecht_long.csv",
    "almere": CBS / "almere" / "kwb_almere_long.csv",
}
GEMEENTE = {"utrecht": "GM0344", "almere": "GM0034"}
RAW = [
    ("utrecht", "kwb_2019_utrecht_odata.csv"),
    ("utrecht", "kwb_2021_utrecht_odata.csv"),
    ("utrecht", "kwb_2023_utrecht_xls.csv"),
    ("utrecht", "kwb_2024_utrecht_xls.csv"),
    *[("almere", f"kwb_{year}_almere_odata.csv") for year in range(2018, 2026)],
]
COUNT_UNITS = {"aantal", "ha"}
"""The Almere long file holds count indicators only (its SOURCE.md: decimals were lost upstream)."""


def _raw(city: str, name: str) -> Path:
    """The repository's copy of a real CBS file (see tests/data/cbs/SOURCE.md)."""
    return next(path for path in (CBS / name, CBS / city / name, DATA / f"kwb-{city}" / name) if path.is_file())


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _write_csv(path: Path, rows: list[dict[str, str]], *, separator: str = ",", bom: bool = False) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=separator)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _number(text: str) -> float | None:
    return float(text) if text else None


def _by_key(rows: list[dict[str, str]]) -> dict[tuple[str, str], dict[str, str]]:
    keyed = {(row["gwb_code"], row["indicator"]): row for row in rows}
    assert len(keyed) == len(rows), "one row per area and indicator"
    return keyed


def _figures(release: KwbRelease) -> list[tuple[str, ...]]:
    """The content of a release without the file name."""
    return [tuple(v for k, v in row.items() if k != "bron_bestand") for row in release.rows]


def test_every_indicator_and_source_column_of_the_long_files_is_in_the_table() -> None:
    table = {variable.name: variable for variable in KWB_VARIABLES}
    for city, path in LONG.items():
        for row in _csv(path):
            variable = table.get(row["indicator"])
            assert variable is not None, f"{city}: {row['indicator']} is not in KWB_VARIABLES"
            assert variable.unit == row["eenheid"]
            layout = KwbLayout.XLS if "_xls" in row["bron_bestand"] else KwbLayout.ODATA
            assert kwb_variable_for(row["bron_kolom"], layout) is variable, row["bron_kolom"]


@pytest.mark.parametrize(("city", "name"), RAW)
def test_raw_file_gives_the_independent_long_rows(city: str, name: str) -> None:
    release = kwb_release_read(_raw(city, name), gemeente_code=GEMEENTE[city])
    expected = _by_key([row for row in _csv(LONG[city]) if row["jaar"] == str(release.year)])
    produced = [row for row in release.rows if city != "almere" or row["eenheid"] in COUNT_UNITS]
    got = _by_key(produced)

    assert str(release.year) in name
    assert release.layout is (KwbLayout.XLS if "_xls" in name else KwbLayout.ODATA)
    assert {k[1] for k in got} == {k[1] for k in expected}
    assert got.keys() == expected.keys()
    for key, want in expected.items():
        row = got[key]
        assert _number(row["waarde"]) == _number(want["waarde"]), key
        for column in ("jaar", "gemeente_code", "regio_type", "regio_naam", "eenheid", "bron_bestand", "bron_kolom"):
            assert row[column] == want[column], (key, column)
    assert not set(release.missing) & {k[1] for k in got}


def test_suppressed_values_stay_missing_never_zero() -> None:
    release = kwb_release_read(_raw("almere", "kwb_2022_almere_odata.csv"), gemeente_code="GM0034")
    empty = [row for row in release.rows if row["waarde"] == ""]
    assert empty
    raw = {row["Codering_3"]: row for row in _csv(_raw("almere", "kwb_2022_almere_odata.csv"))}
    assert all(raw[row["gwb_code"]][row["bron_kolom"]] == "" for row in empty)


def test_an_empty_column_counts_as_missing() -> None:
    release = kwb_release_read(_raw("utrecht", "kwb_2021_utrecht_odata.csv"), gemeente_code="GM0344")
    assert {"opleiding_laag", "opleiding_middelbaar", "opleiding_hoog"} <= set(release.missing)
    assert not [row for row in release.rows if row["indicator"].startswith("opleiding_")]
    assert any("OpleidingsniveauLaag_64" in note for note in release.notes)


@pytest.mark.parametrize(
    ("city", "name", "added", "known"),
    [
        ("utrecht", "kwb_2023_utrecht_xls.csv", "a_nieuw_2031", ("a_ongeh", "ste_mvs")),
        ("almere", "kwb_2023_almere_odata.csv", "NieuweVariabele_140", ("Nederland_17", "Nederland_20")),
    ],
)
def test_a_column_that_is_not_matched_is_reported(
    tmp_path: Path, city: str, name: str, added: str, known: tuple[str, ...]
) -> None:
    rows = [{**row, added: "12"} for row in _csv(_raw(city, name))]
    release = kwb_release_read(_write_csv(tmp_path / name, rows), gemeente_code=GEMEENTE[city])
    assert added in release.unmatched
    assert set(known) <= set(release.unmatched)
    identifiers = {"jaar", "ID", "WijkenEnBuurten", "Codering_3", "SoortRegio_2", "Gemeentenaam_1", "gwb_code_10"}
    assert not identifiers & set(release.unmatched)
    assert not {row["bron_kolom"] for row in release.rows} & set(release.unmatched)


def test_semicolons_padding_dots_and_decimal_commas_read_the_same(tmp_path: Path) -> None:
    """As a real CBS OData CSV download: ';', BOM, codes padded with spaces, '.' for secret values."""
    source = _raw("utrecht", "kwb_2019_utrecht_odata.csv")
    rows = _csv(source)
    padded = []
    for row in rows:
        copy = {key: ("." if value == "" else value) for key, value in row.items()}
        copy["WijkenEnBuurten"] = copy["WijkenEnBuurten"].ljust(10)
        copy["Codering_3"] = copy["Codering_3"].ljust(10)
        copy["SoortRegio_2"] = copy["SoortRegio_2"].ljust(10)
        copy["AantalInwoners_5"] = copy["AantalInwoners_5"].rjust(8)
        copy["GemiddeldeHuishoudensgrootte_32"] = row["GemiddeldeHuishoudensgrootte_32"].replace(".", ",") or "."
        padded.append(copy)
    assert any(value == "." for row in padded for value in row.values())
    path = _write_csv(tmp_path / "kwb_2019_cbs_download.csv", padded, separator=";", bom=True)

    release = kwb_release_read(path, gemeente_code="GM0344")
    assert _figures(release) == _figures(kwb_release_read(source, gemeente_code="GM0344"))
    assert "scheidingsteken puntkomma" in release.notes
    suppressed = [row for row in release.rows if row["bron_kolom"] == "GemiddeldeHuishoudensgrootte_32"]
    assert "" in {row["waarde"] for row in suppressed}
    assert "1.9" in {row["waarde"] for row in suppressed}


def test_a_csv_saved_by_excel_in_windows_1252_reads_the_same(tmp_path: Path) -> None:
    source = _raw("utrecht", "kwb_2023_utrecht_xls.csv")
    path = tmp_path / "kwb_2023_excel.csv"
    semicolons = _write_csv(tmp_path / "utf8.csv", _csv(source), separator=";")
    path.write_bytes(semicolons.read_text(encoding="utf-8").encode("cp1252"))
    release = kwb_release_read(path, gemeente_code="GM0344")
    assert _figures(release) == _figures(kwb_release_read(source, gemeente_code="GM0344"))
    assert {"tekenset Windows-1252", "scheidingsteken puntkomma"} <= set(release.notes)
    assert "Máximapark" in {row["regio_naam"] for row in release.rows}


def _cell(value: str) -> object:
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if re.fullmatch(r"-?\d+\.\d+", value):
        return float(value)
    return value or "."


def _xlsx(path: Path, rows: list[dict[str, str]], *, sheet: str = "KWB2023") -> Path:
    """A workbook shaped like CBS's kwb-2023.xlsx: numbers as numbers, '.' where CBS hides a figure."""
    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet
    columns = [c for c in rows[0] if c != "jaar"]
    worksheet.append(["Kerncijfers wijken en buurten 2023"])  # a title row above the header
    worksheet.append([f"{c} " if c == "a_inw" else c for c in columns])  # CBS 2024 headers carry trailing spaces
    for row in rows:
        worksheet.append([_cell(row[c]) for c in columns])
    workbook.save(path)
    return path


def _other_gemeente(row: dict[str, str]) -> dict[str, str]:
    """The same row moved to Amsterdam (GM0363), so the sheet holds two gemeenten as CBS's does."""
    moved = {key: value.replace("0344", "0363") for key, value in row.items()}
    moved["regio"] = f"Elders {row['regio']}"
    return moved


def test_xlsx_with_all_gemeenten_keeps_only_the_requested_one(tmp_path: Path) -> None:
    source = _raw("utrecht", "kwb_2023_utrecht_xls.csv")
    rows = _csv(source)
    nederland = {**rows[0], "gwb_code_10": "NL00", "gwb_code_8": "0", "regio": "Nederland", "recs": "Land"}
    path = _xlsx(tmp_path / "kwb-2023.xlsx", [nederland, *map(_other_gemeente, rows), *rows])

    release = kwb_release_read(path, gemeente_code="GM0344")
    assert release.year == 2023  # from the file name: this sheet has no jaar column
    assert release.layout is KwbLayout.XLS
    areas = [row for row in _figures(release) if row[2] != "Land"]
    assert areas == _figures(kwb_release_read(source, gemeente_code="GM0344"))
    national = [row for row in release.rows if row["regio_type"] == "Land"]
    assert {row["gwb_code"] for row in national} == {"NL00"}  # kept as the national reference figure
    assert {row["indicator"]: row["waarde"] for row in national}["inwoners"] == rows[0]["a_inw"]
    assert "werkblad 'KWB2023'" in release.notes

    other = kwb_release_read(path, gemeente_code="GM0363")
    assert {row["gwb_code"][:6] for row in other.rows} == {"GM0363", "WK0363", "BU0363", "NL00"}
    assert len({row["gwb_code"] for row in other.rows}) == len(rows) + 1  # + NL00


def test_a_file_without_the_gemeente_is_refused_in_dutch() -> None:
    with pytest.raises(
        LoadError, match=re.escape("kwb_2023_utrecht_xls.csv: het bestand bevat geen gebieden van GM0599")
    ):
        kwb_release_read(_raw("utrecht", "kwb_2023_utrecht_xls.csv"), gemeente_code="GM0599")


def _without(rows: list[dict[str, str]], *columns: str) -> list[dict[str, str]]:
    return [{k: v for k, v in row.items() if k not in columns} for row in rows]


def test_errors_name_the_file_and_what_is_wrong(tmp_path: Path) -> None:
    rows = _csv(_raw("utrecht", "kwb_2023_utrecht_xls.csv"))
    cases: list[tuple[str, list[dict[str, str]], int | None, str]] = [
        (
            "kwb_2023_geen_code.csv",
            _without(rows, "gwb_code_10", "gwb_code"),
            None,
            "kwb_2023_geen_code.csv: de kolom met de gebiedscode ontbreekt (verwacht: gwb_code_10 of gwb_code)",
        ),
        (
            "kwb_2023_letters.csv",
            [{**rows[0], "a_inw": "veel"}],
            None,
            "kwb_2023_letters.csv: 1 fout(en) gevonden; er is niets geladen.\n  rij 2, kolom 'a_inw', waarde 'veel'",
        ),
        (
            "kwb_zonder_jaar.csv",
            _without(rows, "jaar"),
            None,
            "kwb_zonder_jaar.csv: het jaar (de KWB-editie) is onbekend",
        ),
        (
            "kwb_2023_ander_jaar.csv",
            rows,
            2022,
            "kwb_2023_ander_jaar.csv: het opgegeven jaar 2022 verschilt van het jaar 2023 in kolom 'jaar'",
        ),
        ("iets_anders.csv", [{"a": "1", "b": "2"}], None, "iets_anders.csv: onbekende indeling"),
    ]
    for name, content, year, message in cases:
        with pytest.raises(LoadError, match=re.escape(message)):
            kwb_release_read(_write_csv(tmp_path / name, content), gemeente_code="GM0344", year=year)

    (tmp_path / "kapot.xlsx").write_bytes(b"dit is geen werkmap")
    (tmp_path / "leeg.csv").write_bytes(b"")
    for name, message in [
        ("kapot.xlsx", "kapot.xlsx: geen geldig Excel-bestand"),
        ("leeg.csv", "leeg.csv: het bestand is leeg"),
        ("bestaat_niet.csv", "bestaat_niet.csv: bestand bestaat niet"),
        ("kwb.parquet", "kwb.parquet: bestandstype '.parquet' wordt niet ondersteund"),
    ]:
        with pytest.raises(LoadError, match=re.escape(message)):
            kwb_release_read(tmp_path / name, gemeente_code="GM0344")
    with pytest.raises(LoadError, match="Ongeldige gemeentecode 'Utrecht'"):
        kwb_release_read(tmp_path / "kwb_2023_letters.csv", gemeente_code="Utrecht")


def test_the_year_can_be_given_when_the_file_does_not_say() -> None:
    rows = _without(_csv(_raw("utrecht", "kwb_2024_utrecht_xls.csv")), "jaar")
    release = kwb_rows_harmonise(list(rows[0]), rows, gemeente_code="GM0344", year=2024, source_name="statline")
    assert release.year == 2024
    assert {row["jaar"] for row in release.rows} == {"2024"}


def _as_odata_json(value: str, key: str) -> object:
    """A value as the CBS OData API returns it: numbers typed, text padded, None when missing."""
    if value == "":
        return None
    if key in ("WijkenEnBuurten", "Codering_3", "SoortRegio_2", "Gemeentenaam_1"):
        return value.ljust(10)
    return _cell(value)


def test_rows_from_the_odata_api_harmonise_like_the_csv_download() -> None:
    source = _raw("almere", "kwb_2024_almere_odata.csv")
    rows = _without(_csv(source), "jaar")
    raw = [{key: _as_odata_json(value, key) for key, value in row.items()} for row in rows]
    release = kwb_rows_harmonise(list(rows[0]), raw, gemeente_code="GM0034", year=2024, source_name=source.name)
    assert _figures(release) == _figures(kwb_release_read(source, gemeente_code="GM0034"))


def test_written_long_file_loads_into_a_fresh_warehouse(tmp_path: Path) -> None:
    releases = [kwb_release_read(_raw(city, name), gemeente_code="GM0344") for city, name in RAW if city == "utrecht"]
    path = tmp_path / "kwb_long.csv"
    written = kwb_long_write(releases, path)
    rows = _csv(path)
    assert written == len(rows) == sum(len(release.rows) for release in releases)
    assert tuple(rows[0]) == KWB_COLUMNS

    workspace = workspace_create(
        root=tmp_path / "werkruimte", settings=WorkspaceSettings(gemeente_code="GM0344", gemeente_naam="Utrecht")
    )
    result = kwb_long_load(workspace.warehouse_path, source_id="cbs_kwb", path=path)
    assert result.rows == written
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        nulls = con.execute("SELECT count(*) FILTER (value IS NULL) FROM src_cbs_kwb").fetchall()[0][0]
        years = con.execute("SELECT DISTINCT year FROM src_cbs_kwb ORDER BY year").fetchall()
    finally:
        con.close()
    assert nulls == sum(1 for row in rows if row["waarde"] == "")
    assert [year for (year,) in years] == [2019, 2021, 2023, 2024]


def test_the_same_edition_twice_is_refused(tmp_path: Path) -> None:
    release = kwb_release_read(_raw("utrecht", "kwb_2024_utrecht_xls.csv"), gemeente_code="GM0344")
    with pytest.raises(LoadError, match="KWB 2024 van GM0344 komt twee keer voor"):
        kwb_long_write([release, release], tmp_path / "kwb_long.csv")
    assert not (tmp_path / "kwb_long.csv").exists()

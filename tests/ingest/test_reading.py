"""Issue 14, point 5: a file is read as the person meant it, or refused in Dutch with its row."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import xlsxwriter

from duiding.errors import LoadError
from duiding.ingest import source_load_file
from duiding.library import LIBRARY
from duiding.workspace import Workspace

HEADER = "traject_id,bsn,buurt_code,start,einde,vorm,aanbieder,geslacht,leeftijd"
GOOD = [
    "T1,999990019,BU03440112,2023-02-01,,ambulant,Zorg A,man,12",
    "T2,999990020,BU03440311,2022-11-30,2023-03-15,verblijf,Zorg B,vrouw,15",
    "T3,999990032,BU03440112,2023-05-09,,pleegzorg,Zorg A,onbekend,3",
    "T4,999990044,BU03440112,2023-06-01,,ambulant,Zorg C,man,7",
    "T5,999990056,BU03440112,2023-07-01,,ambulant,Zorg C,man,8",
]
VVE = "kind_id,buurt_code,peildatum,doelgroep,deelname,uren_per_week"


@pytest.fixture
def workspace(workspace_copy: Workspace) -> Workspace:
    for name in ("jeugdhulp_trajecten", "vve_deelname"):
        shutil.copyfile(LIBRARY / "sources" / f"{name}.yaml", workspace_copy.sources_dir / f"{name}.yaml")
    return workspace_copy


def _load(workspace: Workspace, path: Path, source: str = "jeugdhulp_trajecten", sheet: str | None = None) -> None:
    source_load_file(workspace, source_id=source, path=path, sheet=sheet)


def _refusal(workspace: Workspace, path: Path, source: str = "jeugdhulp_trajecten", sheet: str | None = None) -> str:
    with pytest.raises(LoadError) as caught:
        _load(workspace, path, source, sheet)
    return str(caught.value)


def _stored(workspace: Workspace, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _write(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


# --- shape: separators, ragged rows, quotes, big fields ------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le", "utf-16-be"])
def test_a_ragged_row_is_named_in_every_encoding(workspace: Workspace, tmp_path: Path, encoding: str) -> None:
    lines = [HEADER.replace(",", ";"), *[g.replace(",", ";") for g in GOOD]]
    lines[4] = lines[4] + ";over"
    message = _refusal(workspace, _write(tmp_path / "trajecten.csv", lines, encoding))
    assert message.startswith("trajecten.csv: rij 5: 10 veld(en), maar de kopregel heeft 9 kolommen (scheidingsteken: ")
    assert "puntkomma" in message and message.endswith("Er is niets geladen.")


def test_rows_are_counted_as_a_spreadsheet_shows_them(workspace: Workspace, tmp_path: Path) -> None:
    """A field with line breaks is one row; an empty line is skipped (in every encoding alike)."""
    lines = [HEADER, GOOD[0].replace("Zorg A", '"Zorg\nmet\nregels"'), "", GOOD[1], GOOD[2].replace("onbekend", "x")]
    for encoding in ("utf-8", "cp1252", "utf-16"):
        message = _refusal(workspace, _write(tmp_path / "trajecten.csv", lines, encoding))
        assert "rij 4, kolom 'geslacht', waarde 'x'" in message, encoding


def test_a_five_megabyte_field_is_refused_on_its_own_row(workspace: Workspace, tmp_path: Path) -> None:
    big = "x" * (5 << 20)
    lines = [HEADER, *GOOD, GOOD[0].replace("T1", "T6").replace("Zorg A", f'"{big}"')]
    message = _refusal(workspace, _write(tmp_path / "groot.csv", lines))
    assert message.startswith("groot.csv: rij 7: een veld is langer dan 1 MB")
    assert "aanhalingsteken" in message


def test_a_row_longer_than_two_megabytes_is_refused_in_dutch(workspace: Workspace, tmp_path: Path) -> None:
    """Each field below the 1 MB limit, the row as a whole beyond what DuckDB reads: a Dutch refusal."""
    part = "x" * (900 << 10)
    row = GOOD[0].replace("T1", "T6").replace("Zorg A", f'"{part}"').replace(",man,", f',"{part}",')
    row = row.replace(",ambulant,", f',"{part}",')
    message = _refusal(workspace, _write(tmp_path / "lang.csv", [HEADER, *GOOD, row]))
    assert message.startswith("lang.csv: een rij is langer dan 2 MB"), message
    assert message.endswith("Er is niets geladen.")
    assert _stored(workspace, "SELECT count(*) FROM loads WHERE source_id = 'jeugdhulp_trajecten'") == [(0,)]


def test_a_quote_never_closed_is_refused_where_it_opens(workspace: Workspace, tmp_path: Path) -> None:
    lines = [HEADER, *GOOD[:3], GOOD[3].replace("Zorg C", '"Zorg C'), *[GOOD[4]] * 50]
    message = _refusal(workspace, _write(tmp_path / "open.csv", lines))
    assert message.startswith('open.csv: rij 5: een aanhalingsteken (") wordt niet gesloten')


def test_a_semicolon_file_with_commas_inside_values_loads(workspace: Workspace, tmp_path: Path) -> None:
    lines = [HEADER.replace(",", ";"), *[g.replace(",", ";").replace("Zorg A", "Zorg, A") for g in GOOD]]
    _load(workspace, _write(tmp_path / "trajecten.csv", lines))
    names = _stored(workspace, "SELECT DISTINCT aanbieder FROM src_jeugdhulp_trajecten ORDER BY 1")
    assert names == [("Zorg B",), ("Zorg C",), ("Zorg, A",)]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read_as_text(workspace: Workspace, tmp_path: Path, encoding: str) -> None:
    lines = [HEADER, *[g.replace("Zorg A", "Zorg Één") for g in GOOD]]
    _load(workspace, _write(tmp_path / "trajecten.csv", lines, encoding))
    names = _stored(workspace, "SELECT DISTINCT aanbieder FROM src_jeugdhulp_trajecten ORDER BY 1")
    assert names == [("Zorg B",), ("Zorg C",), ("Zorg Één",)]


# --- duplicate headers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"), [("aanbieder", "aanbieder"), ("Aanbieder", "aanbieder "), ("Aan-bieder", "aan bieder")]
)
def test_duplicate_headers_are_refused_in_csv(workspace: Workspace, tmp_path: Path, first: str, second: str) -> None:
    lines = [HEADER.replace("aanbieder", first) + "," + second, *[g + ",Zorg X" for g in GOOD]]
    message = _refusal(workspace, _write(tmp_path / "dubbel.csv", lines))
    assert message.startswith(
        f"dubbel.csv: kolom 7 ('{first.strip()}') en kolom 10 ('{second.strip()}') in de kopregel"
    )


def test_duplicate_headers_are_refused_in_parquet(workspace: Workspace, tmp_path: Path) -> None:
    names = [*HEADER.split(","), "Buurt Code"]
    columns = [pa.array([g.split(",")[i] for g in GOOD]) for i in range(9)] + [pa.array(["BU03440311"] * 5)]
    path = tmp_path / "dubbel.parquet"
    pq.write_table(pa.Table.from_arrays(columns, names=names), path)
    message = _refusal(workspace, path)
    assert message.startswith("dubbel.parquet: kolom 3 ('buurt_code') en kolom 10 ('Buurt Code') in de kolomnamen")


def test_duplicate_headers_in_excel_do_not_move_rows(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "dubbel.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Trajecten")
    for r, line in enumerate([HEADER + ",buurt code", *[g + ",BU03440311" for g in GOOD]]):
        sheet.write_row(r, 0, line.split(","))
    book.close()
    assert "in de kopregel van werkblad 'Trajecten' hebben dezelfde naam 'buurt_code'" in _refusal(workspace, path)


# --- sheets ------------------------------------------------------------------------------------------


def _book(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
    book.close()
    return path


def test_data_on_another_sheet_is_pointed_to(workspace: Workspace, tmp_path: Path) -> None:
    data = [line.split(",") for line in [HEADER, *GOOD]]
    empty_first = _book(tmp_path / "leeg-eerst.xlsx", {"Voorblad": [], "Gegevens": data})
    message = _refusal(workspace, empty_first)
    assert "het eerste werkblad ('Voorblad') is leeg" in message and "--sheet 'Gegevens'" in message
    assert "komma" not in message
    _load(workspace, empty_first, sheet="Gegevens")
    assert _stored(workspace, "SELECT count(*) FROM src_jeugdhulp_trajecten") == [(5,)]


def test_a_chosen_sheet_of_one_column_gets_sheet_advice_not_separator_advice(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = _book(tmp_path / "een-kolom.xlsx", {"Blad1": [[line] for line in [HEADER, *GOOD]]})
    message = _refusal(workspace, path, sheet="Blad1")
    assert message.startswith("een-kolom.xlsx: werkblad 'Blad1' heeft maar één kolom.")
    assert "--sheet" in message and "scheidingsteken" not in message


# --- values per column type ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("2023-02-01", date(2023, 2, 1)),
        ("1-2-2023", date(2023, 2, 1)),
        ("01/02/2023", date(2023, 2, 1)),
        ("01.02.2023", date(2023, 2, 1)),
        ("2023-02-01 00:00:00", date(2023, 2, 1)),
        ("2023-02-01T10:30", date(2023, 2, 1)),
        ("44958", date(2023, 2, 1)),  # an Excel serial date
    ],
)
def test_dates_people_write_are_read(workspace: Workspace, tmp_path: Path, text: str, stored: date) -> None:
    _load(workspace, _write(tmp_path / "t.csv", [HEADER, GOOD[0].replace("2023-02-01", text)]))
    assert _stored(workspace, "SELECT start FROM src_jeugdhulp_trajecten") == [(stored,)]


@pytest.mark.parametrize(
    "text", ["2023-02-01xyz onzin", "2023-02-01 10:00 uur", "2023-02-01 2023-03-01", "1-2-2023!", "2023-02-01,5"]
)
def test_a_date_with_anything_after_it_is_refused(workspace: Workspace, tmp_path: Path, text: str) -> None:
    line = GOOD[0].replace("2023-02-01", f'"{text}"')
    message = _refusal(workspace, _write(tmp_path / "t.csv", [HEADER, line]))
    assert f"rij 2, kolom 'start', waarde '{text}': geen datum" in message


def test_a_start_more_than_a_year_ahead_is_refused_an_end_is_not(workspace: Workspace, tmp_path: Path) -> None:
    far = date.today().replace(year=date.today().year + 2).isoformat()
    message = _refusal(workspace, _write(tmp_path / "t.csv", [HEADER, GOOD[0].replace("2023-02-01", far)]))
    assert "kolom 'start'" in message and "meer dan een jaar na vandaag" in message
    _load(workspace, _write(tmp_path / "t2.csv", [HEADER, GOOD[1].replace("2023-03-15", "2099-12-31")]))


@pytest.mark.parametrize(("text", "stored"), [("12", 12), ("+12", 12), ("012", 12), ("12.0", 12), ("12.00", 12)])
def test_whole_numbers_are_read(workspace: Workspace, tmp_path: Path, text: str, stored: int) -> None:
    _load(workspace, _write(tmp_path / "t.csv", [HEADER, GOOD[0].replace(",12", f",{text}")]))
    assert _stored(workspace, "SELECT leeftijd FROM src_jeugdhulp_trajecten") == [(stored,)]


@pytest.mark.parametrize(
    "text", ["1.500", '"1,500"', "1e1", "inf", "NaN", "-inf", "12.5", "99999999999999999999", "1 2", "0x0C", "12.000"]
)
def test_other_whole_numbers_are_refused_without_a_traceback(workspace: Workspace, tmp_path: Path, text: str) -> None:
    message = _refusal(workspace, _write(tmp_path / "t.csv", [HEADER, GOOD[0].replace(",12", f",{text}")]))
    assert f"rij 2, kolom 'leeftijd', waarde '{text.strip(chr(34))}': geen geheel getal" in message


def _vve(tmp_path: Path, values: list[str]) -> Path:
    rows = [f'K{i},BU03440112,2023-10-01,ja,ja,"{v}"' for i, v in enumerate(values)]
    return _write(tmp_path / "vve.csv", [VVE, *rows])


@pytest.mark.parametrize(
    ("values", "stored"),
    [
        (["1.500", "2.25"], [1.5, 2.25]),  # a point with two decimals elsewhere: points are decimals
        (["7,500", "2,25"], [7.5, 2.25]),
        (["16", "1,5"], [16.0, 1.5]),
        (["16", "8.5"], [16.0, 8.5]),
        (["12.500", "1.5000"], [12.5, 1.5]),  # 1.5000 cannot hold a thousands separator
        (["-0", "+3"], [0.0, 3.0]),
    ],
)
def test_numbers_are_read_from_the_whole_column(
    workspace: Workspace, tmp_path: Path, values: list[str], stored: list[float]
) -> None:
    _load(workspace, _vve(tmp_path, values), source="vve_deelname")
    assert [r[0] for r in _stored(workspace, "SELECT uren_per_week FROM src_vve_deelname ORDER BY kind_id")] == stored


@pytest.mark.parametrize(
    ("values", "rule"),
    [
        (["1.500", "16"], "dubbelzinnig getal"),
        (["2,250", "3,750"], "dubbelzinnig getal"),
        (["7,5", "8.5"], "geen getal"),
        (["1.500,5", "2"], "geen getal"),
        (["inf", "1"], "geen getal"),
        (["nan", "1"], "geen getal"),
        (["1e308", "1"], "geen getal"),
        (["1" * 400, "1"], "geen getal"),
        (["12 uur", "1"], "geen getal"),
    ],
)
def test_numbers_that_cannot_be_read_for_certain_are_refused(
    workspace: Workspace, tmp_path: Path, values: list[str], rule: str
) -> None:
    message = _refusal(workspace, _vve(tmp_path, values), source="vve_deelname")
    assert "kolom 'uren_per_week'" in message and f": {rule}" in message
    assert "Traceback" not in message and "Conversion" not in message


def test_number_cells_in_excel_are_never_ambiguous(workspace: Workspace, tmp_path: Path) -> None:
    """A number cell is a number: 2.125 is not refused as '2.125' would be in a CSV."""
    path = tmp_path / "vve.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("VVE")
    sheet.write_row(0, 0, VVE.split(","))
    for r, hours in enumerate([2.125, 1 / 3, 16.0, 0.00001], start=1):
        sheet.write_row(r, 0, [f"K{r}", "BU03440112", "2023-10-01", "ja", "ja"])
        sheet.write_number(r, 5, hours)
    book.close()
    _load(workspace, path, source="vve_deelname")
    stored = [r[0] for r in _stored(workspace, "SELECT uren_per_week FROM src_vve_deelname ORDER BY kind_id")]
    assert stored == [2.125, 1 / 3, 16.0, 0.00001]


def test_number_columns_in_parquet_are_never_ambiguous(workspace: Workspace, tmp_path: Path) -> None:
    table = pa.table(
        {
            "kind_id": ["K1", "K2", "K3"],
            "buurt_code": ["BU03440112"] * 3,
            "peildatum": [date(2023, 10, 1)] * 3,
            "doelgroep": [True, True, False],
            "deelname": [True, True, False],
            "uren_per_week": pa.array([2.125, 16.0, None], pa.float64()),
        }
    )
    pq.write_table(table, tmp_path / "vve.parquet")
    _load(workspace, tmp_path / "vve.parquet", source="vve_deelname")
    stored = [r[0] for r in _stored(workspace, "SELECT uren_per_week FROM src_vve_deelname ORDER BY kind_id")]
    assert stored == [2.125, 16.0, None]


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_blank_lines_before_the_header_do_not_change_the_separator(
    workspace: Workspace, tmp_path: Path, encoding: str
) -> None:
    lines = [
        "",
        "",
        HEADER.replace(",", ";"),
        *[g.replace(",", ";") for g in GOOD[:2]],
        GOOD[2].replace(",", ";") + "x",
    ]
    message = _refusal(workspace, _write(tmp_path / "t.csv", lines, encoding))
    assert "rij 4, kolom 'leeftijd', waarde '3x': geen geheel getal" in message

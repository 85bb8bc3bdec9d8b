"""Loading registrations as people really deliver them; validated, pseudonymised, versioned."""

from __future__ import annotations

import csv
import hashlib
import hmac
import os
import re
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
from duiding.ingest.pseudonym import KEY_ENV, bsn_valid
from duiding.library import LIBRARY
from duiding.workspace import Workspace

HEADER = ["traject_id", "bsn", "buurt_code", "start", "einde", "vorm", "aanbieder", "geslacht", "leeftijd"]
ROWS = [
    ["T1", "999990019", "BU03440112", date(2023, 2, 1), None, "ambulant", "Café de Brug", "man", 12],
    ["T2", "999990020", "BU03440311", date(2022, 11, 30), date(2023, 3, 15), "verblijf", "Kwadrant, Zorg", "vrouw", 15],
    ["T3", "099990015", "BU03440112", date(2023, 5, 9), None, "pleegzorg", "Regel 1\nRegel 2", "onbekend", 3],
]
BSNS = [row[1] for row in ROWS]


@pytest.fixture
def workspace(workspace_copy: Workspace) -> Workspace:
    for name in ("jeugdhulp_trajecten", "wmo_voorzieningen"):
        shutil.copyfile(LIBRARY / "sources" / f"{name}.yaml", workspace_copy.sources_dir / f"{name}.yaml")
    return workspace_copy


def _write_csv(path: Path, *, encoding: str, sep: str, dates: str, bom: bool = False) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        if bom:
            handle.write("\ufeff")
        writer = csv.writer(handle, delimiter=sep)
        writer.writerow([h.upper() if h == "bsn" else h.replace("_", " ") for h in HEADER])
        for row in ROWS:
            cells = []
            for cell in row:
                if isinstance(cell, date):
                    cells.append(cell.strftime(dates))
                elif cell is None:
                    cells.append("")
                else:
                    cells.append(str(cell))
            # a spreadsheet drops the BSN's leading zero
            cells[1] = cells[1].lstrip("0")
            writer.writerow(cells)
    return path


def _write_xlsx(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Trajecten")
    dates = book.add_format({"num_format": "dd-mm-yyyy"})
    sheet.write_row(0, 0, HEADER)
    for r, row in enumerate(ROWS, start=1):
        for c, cell in enumerate(row):
            if isinstance(cell, date):
                sheet.write_datetime(r, c, cell, dates)
            elif isinstance(cell, int):
                sheet.write_number(r, c, cell)
            elif cell is not None:
                sheet.write_string(r, c, cell)
    book.close()
    return path


def _write_parquet(path: Path) -> Path:
    columns = {name: [row[i] for row in ROWS] for i, name in enumerate(HEADER)}
    pq.write_table(pa.table(columns), path)
    return path


def _stored(workspace: Workspace) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        return con.execute(
            "SELECT traject_id, client_id, buurt_code, start, einde, vorm, aanbieder, geslacht, leeftijd "
            "FROM src_jeugdhulp_trajecten ORDER BY traject_id"
        ).fetchall()
    finally:
        con.close()


def _expected() -> list[tuple[object, ...]]:
    key = os.environ[KEY_ENV].encode()
    return [
        (r[0], hmac.new(key, r[1].encode(), hashlib.sha256).hexdigest(), *r[2:])
        for r in ROWS  # type: ignore[union-attr]
    ]


@pytest.mark.parametrize(
    "make",
    [
        lambda d: _write_csv(d / "utf8.csv", encoding="utf-8", sep=",", dates="%Y-%m-%d"),
        lambda d: _write_csv(d / "excel-nl.csv", encoding="cp1252", sep=";", dates="%d-%m-%Y"),
        lambda d: _write_csv(d / "bom-tab.txt", encoding="utf-8", sep="\t", dates="%d/%m/%Y", bom=True),
        lambda d: _write_csv(d / "utf16.csv", encoding="utf-16", sep=";", dates="%d-%m-%Y"),
        _write_xlsx_path := lambda d: _write_xlsx(d / "trajecten.xlsx"),
        lambda d: _write_parquet(d / "trajecten.parquet"),
    ],
    ids=["utf8-comma-iso", "cp1252-semicolon-nl", "bom-tab-slash", "utf16", "xlsx", "parquet"],
)
def test_every_format_gives_the_same_rows(workspace: Workspace, tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    assert all(bsn_valid(b) for b in BSNS)
    result = source_load_file(workspace, source_id="jeugdhulp_trajecten", path=make(tmp_path))
    assert result.rows == 3
    assert _stored(workspace) == _expected()


def test_no_bsn_is_stored_anywhere_in_the_workspace(workspace: Workspace, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "t.csv", encoding="utf-8", sep=";", dates="%d-%m-%Y")
    source_load_file(workspace, source_id="jeugdhulp_trajecten", path=path)
    broken = tmp_path / "kapot.csv"
    broken.write_text(path.read_text(encoding="utf-8").replace("999990019", "999990018"), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        source_load_file(workspace, source_id="jeugdhulp_trajecten", path=broken)
    forms = {b for bsn in [*BSNS, "999990018"] for b in (bsn, bsn.lstrip("0"))}
    assert not any(form in str(caught.value) for form in forms), "a load report never shows a BSN"
    assert (
        "rij 2, kolom 'bsn', waarde '(verborgen)': ongeldig BSN (moet 9 cijfers zijn en de elfproef doorstaan)"
        in str(caught.value)
    )
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        for table in tables:
            columns = [r[0] for r in con.execute(f'DESCRIBE "{table}"').fetchall()]
            for column in columns:
                found = con.execute(
                    f'SELECT count(*) FROM "{table}" WHERE regexp_matches(CAST("{column}" AS VARCHAR), ?)',
                    ["|".join(sorted(forms))],
                ).fetchall()[0][0]
                assert found == 0, (table, column)
    finally:
        con.close()
    for file in workspace.root.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            assert not any(form.encode() in data for form in forms), file


def test_a_bad_file_changes_nothing_and_says_where(workspace: Workspace, tmp_path: Path) -> None:
    good = _write_csv(tmp_path / "goed.csv", encoding="utf-8", sep=",", dates="%Y-%m-%d")
    first = source_load_file(workspace, source_id="jeugdhulp_trajecten", path=good)
    before = _stored(workspace)
    bad = tmp_path / "fout.csv"
    text = good.read_text(encoding="utf-8").replace("ambulant", "thuis").replace("2023-05-09", "31-02-2023")
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        source_load_file(workspace, source_id="jeugdhulp_trajecten", path=bad)
    message = str(caught.value)
    assert message.startswith("fout.csv: 2 fout(en) gevonden; er is niets geladen.")
    assert "rij 2, kolom 'vorm', waarde 'thuis': waarde niet toegestaan; kies uit ambulant, verblijf" in message
    assert "rij 4, kolom 'start', waarde '31-02-2023': geen datum (verwacht dd-mm-jjjj" in message
    assert _stored(workspace) == before
    again = source_load_file(workspace, source_id="jeugdhulp_trajecten", path=good)
    assert again.unchanged and again.load_id == first.load_id


def test_missing_key_refuses_and_explains(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(KEY_ENV)
    path = _write_csv(tmp_path / "t.csv", encoding="utf-8", sep=",", dates="%Y-%m-%d")
    with pytest.raises(LoadError, match="Er is geen sleutel voor het pseudonimiseren van BSN's"):
        source_load_file(workspace, source_id="jeugdhulp_trajecten", path=path)


def test_unknown_source_and_unsupported_type(workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=re.escape("Onbekende bron 'jeugd'. Bronnen in deze werkruimte: cbs_kwb,")):
        source_load_file(workspace, source_id="jeugd", path=tmp_path / "x.csv")
    document = tmp_path / "brief.docx"
    document.write_bytes(b"PK\x03\x04")
    with pytest.raises(LoadError, match=re.escape("brief.docx: bestandstype '.docx' wordt niet ondersteund")):
        source_load_file(workspace, source_id="jeugdhulp_trajecten", path=document)


def test_quality_findings_name_gaps_and_missing_buurten(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "wmo.csv"
    bsn = [n for n in range(999990000, 999999999) if bsn_valid(str(n))]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["voorziening_id", "bsn", "buurt_code", "start", "einde", "soort", "aanbieder", "leeftijd", "geslacht"]
        )
        number = 0
        for month in range(1, 13):
            if month == 6:
                continue  # nobody delivered in June
            for _ in range(40 if month != 9 else 120):
                number += 1
                buurt = "" if number % 50 == 0 else "BU03440112"
                writer.writerow(
                    [f"W{number}", bsn[number], buurt, f"2023-{month:02d}-10", "", "begeleiding", "Zorg A", 70, "vrouw"]
                )
    result = source_load_file(workspace, source_id="wmo_voorzieningen", path=path)
    messages = [f"{f.check}: {f.subject}: {f.message}" for f in result.quality]
    assert "completeness: alle rijen: geen rijen in juni 2023 (wel ervoor en erna)" in messages
    assert "completeness: aanbieder Zorg A: geen rijen in juni 2023 (wel ervoor en erna)" in messages
    assert any(m.startswith("jump: september 2023: 120 rijen in september 2023 tegen ongeveer 40") for m in messages)
    assert any(m.startswith("area: zonder buurt: 10 van 520 rijen (1,9%)") for m in messages)
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        stored = con.execute("SELECT count(*) FROM load_quality WHERE load_id = ?", [result.load_id]).fetchall()[0][0]
    finally:
        con.close()
    assert stored == len(result.quality)

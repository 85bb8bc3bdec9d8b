"""Every format, read back independently, holds exactly the protected observations."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import duckdb
import openpyxl
import pytest

from duiding.exports import ExportFormat, export_write
from duiding.privacy import ProtectedObservation, observation_list
from duiding.workspace import Workspace, workspace_open
from tests.exports.readers import DESIGN_COLUMNS, FIGURES, READERS, Row, json_document

FORMATS = [f.value for f in ExportFormat]


@pytest.fixture(scope="module")
def exported(kwb_root: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo monitor exported once in each format."""
    folder = tmp_path_factory.mktemp("exports")
    workspace = workspace_open(kwb_root)
    paths = {}
    for fmt in ExportFormat:
        path = folder / f"participatie.{fmt.value}"
        rows = export_write(workspace, monitor="participatie", fmt=fmt, path=path)
        assert rows == len(observation_list(workspace, monitor="participatie"))
        paths[fmt.value] = path
    return paths


NOT_EXPORTED = ("reason", "spread", "load_ids", "origin")


def _expected(workspace: Workspace) -> list[Row]:
    rows = [dataclasses.asdict(o) for o in observation_list(workspace, monitor="participatie")]
    return [{k: v for k, v in row.items() if k not in NOT_EXPORTED} for row in rows]


def _raw_counts(workspace: Workspace) -> dict[tuple[object, ...], tuple[float | None, float | None]]:
    """Numerator and denominator straight from the observations table, before the gate."""
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        rows = con.execute(
            "SELECT indicator, period_start, area_code, breakdown, breakdown_value, numerator, denominator "
            "FROM observations WHERE monitor = 'participatie'"
        ).fetchall()
    finally:
        con.close()
    return {tuple(row[:5]): (row[5], row[6]) for row in rows}


def test_columns_are_the_design_columns_and_the_observation_fields() -> None:
    from duiding.exports import COLUMNS

    assert list(COLUMNS) == DESIGN_COLUMNS
    # plus why a cell is withheld, the spread behind a mean, the lineage and the origin (CBS or
    # computed), which pages use and exports leave out (docs/design.md fixes their columns)
    assert [f.name for f in dataclasses.fields(ProtectedObservation)] == [*DESIGN_COLUMNS, *NOT_EXPORTED]


@pytest.mark.parametrize("fmt", FORMATS)
def test_rows_are_the_protected_observations_in_order(
    fmt: str, exported: dict[str, Path], kwb_workspace: Workspace
) -> None:
    rows = READERS[fmt](exported[fmt])
    expected = _expected(kwb_workspace)
    assert len(rows) == len(expected) > 300
    for row, want in zip(rows, expected, strict=True):
        if fmt == "xlsx":
            # XlsxWriter stores numbers with 16 significant digits (Excel shows 15).
            for column in FIGURES:
                if want[column] is not None:
                    assert math.isclose(row[column], want[column], rel_tol=1e-15), (column, row, want)
                    row[column] = want[column]
        assert row == want


@pytest.mark.parametrize("fmt", FORMATS)
def test_suppressed_rows_are_empty_and_small_counts_never_leave(
    fmt: str, exported: dict[str, Path], kwb_workspace: Workspace
) -> None:
    raw = _raw_counts(kwb_workspace)
    rows = READERS[fmt](exported[fmt])
    assert len(rows) == len(raw)
    small = 0
    for row in rows:
        numerator, denominator = raw[
            (row["indicator"], row["period_start"], row["area_code"], row["breakdown"], row["breakdown_value"])
        ]
        if any(count is not None and count < 10 for count in (numerator, denominator)):
            small += 1
            assert row["suppressed"] is True, row
            assert all(row[column] is None for column in FIGURES), row
        if row["suppressed"]:
            assert all(row[column] is None for column in FIGURES), row
        assert row["numerator"] is None or row["numerator"] >= 10, row
        assert row["denominator"] is None or row["denominator"] >= 10, row
    assert small > 0, "Utrecht has buurten with fewer than 10 persons with a benefit"


@pytest.mark.parametrize("fmt", FORMATS)
def test_overvecht_bijstand_2023(fmt: str, exported: dict[str, Path]) -> None:
    rows = READERS[fmt](exported[fmt])
    (row,) = [
        r
        for r in rows
        if r["area_code"] == "WK034403" and r["indicator"] == "bijstand_per_1000" and r["period_start"].year == 2023
    ]
    assert row["area_name"] == "Wijk 03 Overvecht"
    assert (row["numerator"], row["denominator"], row["suppressed"]) == (2680, 34910, False)
    assert row["value"] == pytest.approx(2680 / 34910 * 1000, rel=1e-15)


def test_csv_text_is_utf8_with_bom_and_whole_counts_have_no_decimals(exported: dict[str, Path]) -> None:
    data = exported["csv"].read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + ",".join(DESIGN_COLUMNS).encode() + b"\r\n")
    text = data.decode("utf-8-sig")
    assert (
        "participatie,bijstand_per_1000,2023-01-01,2023-12-31,wijk,WK034403,Wijk 03 Overvecht,"
        "totaal,totaal,2680,34910,76.76883414494415,,,false\r\n"
    ) in text
    assert ".0," not in text
    assert ",,,,,true\r\n" in text  # a suppressed row: five empty figures


def test_json_carries_monitor_columns_and_attribution(exported: dict[str, Path]) -> None:
    document = json_document(exported["json"])
    assert list(document) == ["monitor", "columns", "attribution", "observations"]
    assert document["monitor"] == "participatie"
    assert document["columns"] == DESIGN_COLUMNS
    assert document["attribution"] == ["Bron: CBS"]
    overvecht = next(o for o in document["observations"] if o["area_code"] == "WK034403")
    assert type(overvecht["numerator"]) is int
    suppressed = next(o for o in document["observations"] if o["suppressed"])
    assert [suppressed[c] for c in FIGURES] == [None] * 5


def test_xlsx_has_a_bold_header_and_a_source_sheet(exported: dict[str, Path]) -> None:
    workbook = openpyxl.load_workbook(exported["xlsx"])
    assert workbook.sheetnames == ["Waarnemingen", "Bron"]
    header = next(workbook["Waarnemingen"].iter_rows(max_row=1))
    assert all(cell.font.b for cell in header)
    lines = [row[0] for row in workbook["Bron"].iter_rows(values_only=True)]
    assert lines == [
        "Bron: CBS",
        "Lege waarde met suppressed = waar: niet getoond ter bescherming van privacy: het cijfer rust op minder "
        "dan 10 personen, of met het cijfer zou zo'n klein cijfer terug te rekenen zijn",
    ]


def test_xlsx_names_each_threshold_when_indicators_differ(workspace_copy: Workspace, tmp_path: Path) -> None:
    path = workspace_copy.monitors_dir / "participatie.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  need_to_know: true\n", "  need_to_know: true\n  disclosure:\n    min_count: 1000\n"
        ),
        encoding="utf-8",
    )
    target = tmp_path / "x.xlsx"
    export_write(workspace_copy, monitor="participatie", fmt=ExportFormat.XLSX, path=target)
    workbook = openpyxl.load_workbook(target)
    assert workbook["Bron"]["A2"].value == (
        "Lege waarde met suppressed = waar: niet getoond ter bescherming van privacy: het cijfer rust op minder "
        "dan 10 (ww_per_1000, ao_per_1000) of 1000 (bijstand_per_1000) personen, of met het cijfer zou zo'n "
        "klein cijfer terug te rekenen zijn"
    )
    rows = {(r["indicator"], r["area_code"]): r for r in READERS["xlsx"](target) if r["period_start"].year == 2023}
    assert rows[("bijstand_per_1000", "WK034401")]["suppressed"] is True  # West: 710 persons, under 1 000
    assert rows[("bijstand_per_1000", "WK034403")]["numerator"] == 2680
    assert rows[("ww_per_1000", "WK034401")]["suppressed"] is False

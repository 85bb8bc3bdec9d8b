"""What can go wrong: unknown monitors, no data, bad targets, failing writes, hostile text."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import openpyxl
import pytest

from duiding.errors import DuidingError
from duiding.exports import ExportFormat, export_write
from duiding.workspace import Workspace

HOSTILE = '=HYPERLINK("http://x")'


def _folder(tmp_path: Path) -> Path:
    """An empty folder for the export (``workspace_copy`` lives in ``tmp_path`` too)."""
    folder = tmp_path / "uit"
    folder.mkdir()
    return folder


def _execute(workspace: Workspace, sql: str) -> None:
    con = duckdb.connect(str(workspace.warehouse_path))
    try:
        con.execute(sql)
    finally:
        con.close()


def test_unknown_monitor_names_the_known_ones(kwb_workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(DuidingError, match=r"^Onbekende monitor 'jeugd'\. Bekende monitors: participatie\.$"):
        export_write(kwb_workspace, monitor="jeugd", fmt=ExportFormat.CSV, path=tmp_path / "x.csv")
    assert list(tmp_path.iterdir()) == []


def test_monitor_without_observations(workspace_copy: Workspace, tmp_path: Path) -> None:
    _execute(workspace_copy, "DELETE FROM observations")
    folder = _folder(tmp_path)
    with pytest.raises(DuidingError) as caught:
        export_write(workspace_copy, monitor="participatie", fmt=ExportFormat.JSON, path=folder / "x.json")
    assert str(caught.value) == (
        "Monitor 'participatie' heeft nog geen berekende waarnemingen; draai eerst 'duiding compute'."
    )
    assert list(folder.iterdir()) == []


def test_missing_target_folder(kwb_workspace: Workspace, tmp_path: Path) -> None:
    target = tmp_path / "bestaat-niet" / "x.csv"
    with pytest.raises(DuidingError, match="bestaat-niet bestaat niet"):
        export_write(kwb_workspace, monitor="participatie", fmt=ExportFormat.CSV, path=target)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("fmt", "error"), [(ExportFormat.JSON, ValueError), (ExportFormat.XLSX, TypeError)])
def test_a_failed_write_leaves_the_existing_file_untouched(
    workspace_copy: Workspace, tmp_path: Path, fmt: ExportFormat, error: type[Exception]
) -> None:
    # NaN is refused by both writers (invalid JSON; XlsxWriter raises) halfway through the rows.
    _execute(workspace_copy, "UPDATE observations SET value = 'NaN'::DOUBLE WHERE area_code = 'WK034403'")
    folder = _folder(tmp_path)
    target = folder / f"vorige.{fmt.value}"
    target.write_bytes(b"vorige export")
    with pytest.raises(error):
        export_write(workspace_copy, monitor="participatie", fmt=fmt, path=target)
    assert target.read_bytes() == b"vorige export"
    assert list(folder.iterdir()) == [target], "no temporary file is left behind"


def test_an_existing_file_is_replaced_whole(kwb_workspace: Workspace, tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    target.write_text("oud\n" * 100_000, encoding="utf-8")
    rows = export_write(kwb_workspace, monitor="participatie", fmt=ExportFormat.CSV, path=target)
    assert "oud" not in target.read_text(encoding="utf-8-sig")
    assert len(target.read_text(encoding="utf-8-sig").splitlines()) == rows + 1
    assert list(tmp_path.iterdir()) == [target]


def test_a_formula_as_area_name_stays_text(workspace_copy: Workspace, tmp_path: Path) -> None:
    _execute(workspace_copy, f"UPDATE observations SET area_name = '{HOSTILE}' WHERE area_code = 'WK034403'")
    xlsx = tmp_path / "x.xlsx"
    export_write(workspace_copy, monitor="participatie", fmt=ExportFormat.XLSX, path=xlsx)
    sheet = openpyxl.load_workbook(xlsx)["Waarnemingen"]
    cells = [row[6] for row in sheet.iter_rows(min_row=2) if row[5].value == "WK034403"]
    assert len(cells) == 3  # one per indicator
    for cell in cells:
        assert cell.data_type == "s"
        assert cell.value == HOSTILE
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)

    path = tmp_path / "x.csv"
    export_write(workspace_copy, monitor="participatie", fmt=ExportFormat.CSV, path=path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        names = {row["area_name"] for row in csv.DictReader(handle) if row["area_code"] == "WK034403"}
    assert names == {"'" + HOSTILE}

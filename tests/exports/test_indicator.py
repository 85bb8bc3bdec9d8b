"""``export_rows``: one indicator (one period) through the gate, written by the writers of ``duiding export``."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pytest

from duiding.definitions import AreaLevel
from duiding.exports import ExportBadPeriod, ExportFormat, ExportNotFound, export_rows, export_write
from duiding.privacy import ProtectionPending, observation_list
from duiding.workspace import Workspace

MONITOR, INDICATOR = "participatie", "bijstand_per_1000"


def test_one_period_of_one_indicator(kwb_workspace: Workspace) -> None:
    file = export_rows(kwb_workspace, monitor=MONITOR, indicator=INDICATOR, fmt=ExportFormat.JSON, period="2023-01-01")
    assert file.filename == "participatie-bijstand_per_1000-2023-01-01_2023-12-31.json"
    assert file.media_type == "application/json"
    document = json.loads(file.content)
    expected = observation_list(kwb_workspace, monitor=MONITOR, indicator=INDICATOR, period_start=date(2023, 1, 1))
    assert file.rows == len(document["observations"]) == len(expected) > 50
    assert {(o["indicator"], o["period_start"]) for o in document["observations"]} == {(INDICATOR, "2023-01-01")}
    assert document["attribution"] == ["Bron: CBS"]


def test_every_period_and_one_area_level(kwb_workspace: Workspace) -> None:
    everything = export_rows(kwb_workspace, monitor=MONITOR, indicator=INDICATOR, fmt=ExportFormat.CSV)
    assert everything.filename == "participatie-bijstand_per_1000-alle-perioden.csv"
    assert everything.rows == len(observation_list(kwb_workspace, monitor=MONITOR, indicator=INDICATOR))
    wijken = export_rows(
        kwb_workspace, monitor=MONITOR, indicator=INDICATOR, fmt=ExportFormat.CSV, area_level=AreaLevel.WIJK
    )
    lines = wijken.content.decode("utf-8-sig").splitlines()[1:]
    assert len(lines) == wijken.rows > 0
    assert all(",wijk,WK" in line for line in lines)


def test_the_csv_is_the_same_as_the_file_duiding_export_writes(kwb_workspace: Workspace, tmp_path: Path) -> None:
    whole = tmp_path / "monitor.csv"
    export_write(kwb_workspace, monitor=MONITOR, fmt=ExportFormat.CSV, path=whole)
    header, *rows = whole.read_bytes().split(b"\r\n")
    mine = export_rows(kwb_workspace, monitor=MONITOR, indicator=INDICATOR, fmt=ExportFormat.CSV)
    kept = [header, *(r for r in rows if r.startswith(b"participatie,bijstand_per_1000,"))]
    assert mine.content == b"\r\n".join(kept) + b"\r\n"
    assert len(kept) - 1 == mine.rows > 50


def test_refusals_are_dutch(kwb_workspace: Workspace) -> None:
    with pytest.raises(ExportNotFound, match=r"^Deze monitor bestaat niet\.$"):
        export_rows(kwb_workspace, monitor="jeugd", indicator=INDICATOR, fmt=ExportFormat.CSV)
    with pytest.raises(ExportNotFound, match=r"^Deze indicator bestaat niet\.$"):
        export_rows(kwb_workspace, monitor=MONITOR, indicator="bestaat_niet", fmt=ExportFormat.CSV)
    with pytest.raises(
        ExportBadPeriod, match=r"^Voor de periode '2099-01-01' heeft deze indicator geen cijfers\. .*2023"
    ):
        export_rows(kwb_workspace, monitor=MONITOR, indicator=INDICATOR, fmt=ExportFormat.CSV, period="2099-01-01")


def test_the_note_names_the_threshold_of_this_indicator_only(workspace_copy: Workspace) -> None:
    path = workspace_copy.monitors_dir / "participatie.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  need_to_know: true\n", "  need_to_know: true\n  disclosure:\n    min_count: 1000\n"
        ),
        encoding="utf-8",
    )
    file = export_rows(workspace_copy, monitor=MONITOR, indicator=INDICATOR, fmt=ExportFormat.XLSX, period="2023-01-01")
    workbook = openpyxl.load_workbook(io.BytesIO(file.content))
    assert workbook["Bron"]["A2"].value == (
        "Lege waarde met suppressed = waar: niet getoond ter bescherming van privacy: het cijfer rust op minder "
        "dan 1000 personen, of met het cijfer zou zo'n klein cijfer terug te rekenen zijn"
    )
    west = [row for row in workbook["Waarnemingen"].iter_rows(min_row=2, values_only=True) if row[5] == "WK034401"]
    assert [(row[9], row[14]) for row in west] == [(None, True)]  # 710 persons: under 1 000, withheld


def test_a_stale_pattern_is_refused_not_solved(workspace_copy: Workspace) -> None:
    con = duckdb.connect(str(workspace_copy.warehouse_path))
    try:
        con.execute("DELETE FROM protections")
    finally:
        con.close()
    with pytest.raises(ProtectionPending, match="worden bijgewerkt"):
        export_rows(workspace_copy, monitor=MONITOR, indicator=INDICATOR, fmt=ExportFormat.CSV)

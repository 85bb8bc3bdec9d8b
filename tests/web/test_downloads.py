"""The downloads of the indicator page: the protected figures of one indicator as CSV and Excel.

Checked against an independent read (hand-written SQL on the warehouse), against the gate
(``observation_list``) and against the whole-monitor ``duiding export``, byte for byte per row.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from duiding.exports import ExportFormat, export_write
from duiding.presentation import indicator_page
from duiding.privacy import observation_list, observation_periods
from duiding.workspace import Workspace, workspace_open
from tests.exports.readers import DESIGN_COLUMNS, FIGURES, Row, csv_rows, xlsx_rows
from tests.web.pages import by_testid

MONITOR, INDICATOR = "participatie", "bijstand_per_1000"
BASE = f"/monitors/{MONITOR}/indicatoren/{INDICATOR}/"
CSV_URL, XLSX_URL = BASE + "download.csv", BASE + "download.xlsx"
ATTRIBUTION = {
    "bijstand_per_1000": "Bron: CBS",  # a CBS rate: one row per area, one period (2023)
    # a count per quarter, with breakdowns (the demo simulates the registration)
    "bijstand_lopend": "Bron: gesimuleerde demonstratiegegevens (geen echte personen)",
}
NOT_EXPORTED = ("reason", "spread", "load_ids", "origin")
HOSTILE = '=HYPERLINK("http://x")'


def _latest(ws: Workspace, indicator: str = INDICATOR) -> tuple[date, date]:
    return observation_periods(ws, monitor=MONITOR, indicator=indicator)[0]


def _key(period: tuple[date, date]) -> str:
    return f"{period[0].isoformat()}_{period[1].isoformat()}"


def _saved(tmp_path: Path, content: bytes, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


Raw = dict[tuple[str, str, str], tuple[float | None, float | None]]


def _raw(ws: Workspace, indicator: str, period: tuple[date, date]) -> Raw:
    """Numerator and denominator per (area, breakdown, value) straight from the observations table, before the gate."""
    con = duckdb.connect(str(ws.warehouse_path), read_only=True)
    try:
        rows = con.execute(
            "SELECT area_code, breakdown, breakdown_value, numerator, denominator FROM observations "
            "WHERE monitor = ? AND indicator = ? AND period_start = ? AND period_end = ?",
            [MONITOR, indicator, *period],
        ).fetchall()
    finally:
        con.close()
    return {(r[0], r[1], r[2]): (r[3], r[4]) for r in rows}


def _expected(ws: Workspace, indicator: str, period: tuple[date, date]) -> list[Row]:
    observations = observation_list(ws, monitor=MONITOR, indicator=indicator, period_start=period[0], solve=False)
    rows = [dataclasses.asdict(o) for o in observations if o.period_end == period[1]]
    return [{k: v for k, v in row.items() if k not in NOT_EXPORTED} for row in rows]


@dataclasses.dataclass(frozen=True)
class Downloaded:
    indicator: str
    period: tuple[date, date]
    csv: Path
    xlsx: Path


@pytest.fixture(params=list(ATTRIBUTION))
def downloaded(request: pytest.FixtureRequest, client: Client, served: Path, tmp_path: Path) -> Downloaded:
    """The latest period of an indicator downloaded as CSV and as Excel."""
    indicator: str = request.param
    period = _latest(workspace_open(served), indicator)
    paths = {}
    for fmt in ("csv", "xlsx"):
        url = f"/monitors/{MONITOR}/indicatoren/{indicator}/download.{fmt}"
        response = client.get(url, {"periode": _key(period)})
        assert response.status_code == 200, response.content[:300]
        paths[fmt] = _saved(tmp_path, response.content, f"download.{fmt}")
    return Downloaded(indicator, period, paths["csv"], paths["xlsx"])


def test_csv_holds_exactly_the_protected_rows_of_the_period(downloaded: Downloaded, demo_workspace: Workspace) -> None:
    rows = csv_rows(downloaded.csv)  # also checks the header: the design columns, in order
    raw = _raw(demo_workspace, downloaded.indicator, downloaded.period)
    assert len(rows) == len(raw) > 100  # gemeente, wijken and buurten: one row per observation, none added or lost
    assert {(r["area_code"], r["breakdown"], r["breakdown_value"]) for r in rows} == set(raw)
    assert rows == _expected(demo_workspace, downloaded.indicator, downloaded.period)
    assert {(r["indicator"], r["period_start"], r["period_end"]) for r in rows} == {
        (downloaded.indicator, *downloaded.period)
    }


def test_suppressed_cells_are_empty_and_no_small_count_leaves(
    downloaded: Downloaded, demo_workspace: Workspace
) -> None:
    raw = _raw(demo_workspace, downloaded.indicator, downloaded.period)
    text = downloaded.csv.read_bytes().decode("utf-8-sig")
    small = withheld = 0
    for row in csv_rows(downloaded.csv):
        numerator, denominator = raw[(row["area_code"], row["breakdown"], row["breakdown_value"])]
        if any(count is not None and count < 10 for count in (numerator, denominator)):
            small += 1
            assert row["suppressed"] is True, row
        if row["suppressed"]:
            assert all(row[column] is None for column in FIGURES), row
            withheld += numerator is not None  # the warehouse has the figure; the file does not
        assert row["numerator"] is None or row["numerator"] >= 10, row  # missing (CBS did not publish) or safe
        assert row["denominator"] is None or row["denominator"] >= 10, row
    assert small > 0, "Utrecht has buurten with fewer than 10 persons with bijstand"
    assert withheld > 0
    assert ",,,,,true\r\n" in text  # a suppressed row: five empty figures, as in duiding export


def test_the_withheld_cells_are_the_stored_pattern(downloaded: Downloaded, demo_workspace: Workspace) -> None:
    """Primary and secondary suppression alike, read from the ``suppressions`` table by hand."""
    con = duckdb.connect(str(demo_workspace.warehouse_path), read_only=True)
    try:
        stored = con.execute(
            "SELECT area_code, breakdown, breakdown_value, reason FROM suppressions "
            "WHERE monitor = ? AND indicator = ? AND period_start = ?",
            [MONITOR, downloaded.indicator, downloaded.period[0]],
        ).fetchall()
    finally:
        con.close()
    withheld = {
        (r["area_code"], r["breakdown"], r["breakdown_value"]) for r in csv_rows(downloaded.csv) if r["suppressed"]
    }
    assert withheld == {tuple(r[:3]) for r in stored}
    if downloaded.indicator == "bijstand_lopend":  # registrations: cells withheld to protect others, too
        assert {r[3] for r in stored} == {"primary", "secondary"}


def test_csv_rows_are_those_of_duiding_export_character_for_character(
    downloaded: Downloaded, demo_workspace: Workspace, tmp_path: Path
) -> None:
    whole = tmp_path / "monitor.csv"
    export_write(demo_workspace, monitor=MONITOR, fmt=ExportFormat.CSV, path=whole)
    start, end = (d.isoformat() for d in downloaded.period)

    def lines(path: Path) -> list[list[str]]:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.reader(handle))

    exported = lines(whole)
    mine = lines(downloaded.csv)
    assert mine[0] == exported[0] == DESIGN_COLUMNS
    assert mine[1:] == [r for r in exported[1:] if r[1] == downloaded.indicator and r[2] == start and r[3] == end]
    data = downloaded.csv.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + ",".join(DESIGN_COLUMNS).encode() + b"\r\n")


def test_xlsx_opens_and_holds_the_same_rows_and_the_source(downloaded: Downloaded) -> None:
    from_csv = csv_rows(downloaded.csv)
    from_xlsx = xlsx_rows(downloaded.xlsx)  # opens with openpyxl, checks header and cell types
    assert len(from_xlsx) == len(from_csv)
    for row, want in zip(from_xlsx, from_csv, strict=True):
        for column in FIGURES:  # XlsxWriter keeps 16 significant digits, CSV every digit
            if want[column] is not None:
                assert math.isclose(row[column], want[column], rel_tol=1e-15), (column, row, want)
                row[column] = want[column]
        assert row == want
    workbook = openpyxl.load_workbook(downloaded.xlsx)
    assert workbook.sheetnames == ["Waarnemingen", "Bron"]
    assert [line[0] for line in workbook["Bron"].iter_rows(values_only=True)] == [
        ATTRIBUTION[downloaded.indicator],  # only the sources of this indicator
        "Lege waarde met suppressed = waar: niet getoond ter bescherming van privacy: het cijfer rust op minder "
        "dan 10 personen, of met het cijfer zou zo'n klein cijfer terug te rekenen zijn",
    ]


def test_headers_say_attachment_name_and_type_and_forbid_caching(
    client: Client, served: Path, demo_workspace: Workspace
) -> None:
    period = _latest(demo_workspace)
    key = _key(period)
    response = client.get(CSV_URL, {"periode": key})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{MONITOR}-{INDICATOR}-{key}.csv"'
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"

    by_start = client.get(CSV_URL, {"periode": period[0].isoformat()})  # the start date alone, as on the page
    assert by_start["Content-Disposition"] == response["Content-Disposition"]
    assert by_start.content == response.content

    xlsx = client.get(XLSX_URL, {"periode": key})
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert xlsx["Content-Disposition"] == f'attachment; filename="{MONITOR}-{INDICATOR}-{key}.xlsx"'
    assert xlsx.content.startswith(b"PK")


def test_without_a_period_every_period_is_in_the_file(client: Client, served: Path, demo_workspace: Workspace) -> None:
    indicator = "bijstand_lopend"  # a count per quarter
    response = client.get(f"/monitors/{MONITOR}/indicatoren/{indicator}/download.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{MONITOR}-{indicator}-alle-perioden.csv"'
    con = duckdb.connect(str(demo_workspace.warehouse_path), read_only=True)
    try:
        ((count, periods),) = con.execute(
            "SELECT count(*), count(DISTINCT period_start) FROM observations WHERE monitor = ? AND indicator = ?",
            [MONITOR, indicator],
        ).fetchall()
    finally:
        con.close()
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == count
    assert len({r["period_start"] for r in rows}) == periods > 1


def test_a_period_without_figures_is_a_dutch_400(client: Client, served: Path) -> None:
    response = client.get(CSV_URL, {"periode": "foo"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ongeldige keuze" in html
    (message,) = by_testid(html, "melding")
    assert message.startswith("Voor de periode 'foo' heeft deze indicator geen cijfers. Kies een periode uit de lijst")
    assert client.get(XLSX_URL, {"periode": "1999-01-01_1999-12-31"}).status_code == 400


def test_unknown_monitor_or_indicator_is_a_404(client: Client, served: Path) -> None:
    response = client.get(f"/monitors/{MONITOR}/indicatoren/bestaat_niet/download.csv")
    assert response.status_code == 404
    assert "Deze indicator bestaat niet." in response.content.decode()
    response = client.get(f"/monitors/bestaat-niet/indicatoren/{INDICATOR}/download.xlsx")
    assert response.status_code == 404
    assert "Deze monitor bestaat niet." in response.content.decode()
    assert client.get(BASE + "download.json").status_code == 404  # only CSV and Excel are offered


def test_the_include_links_to_both_files_of_the_period_and_of_all_periods(
    client: Client, served: Path, demo_workspace: Workspace
) -> None:
    page = indicator_page(demo_workspace, monitor_id=MONITOR, indicator_id=INDICATOR, period=None)
    html = render_to_string("monitoring/_downloads.html", {"page": page})
    label = page.period.label
    assert by_testid(html, "download-periode-csv") == [f"Download de cijfers van {label} (CSV)"]
    assert by_testid(html, "download-periode-xlsx") == [f"Download de cijfers van {label} (Excel)"]
    (explanation,) = by_testid(html, "downloads-uitleg")
    assert "dezelfde beschermde cijfers als deze pagina" in explanation
    hrefs = [
        f'href="{CSV_URL}?periode={page.period.key}"',
        f'href="{XLSX_URL}?periode={page.period.key}"',
        f'href="{CSV_URL}"',
        f'href="{XLSX_URL}"',
    ]
    for href in hrefs:
        assert href in html
        response = client.get(href.removeprefix('href="').removesuffix('"'))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment; ")
    assert reverse("indicator_download", kwargs={"monitor_id": MONITOR, "indicator_id": INDICATOR, "fmt": "xlsx"}) == (
        XLSX_URL
    )


# In a copy of the small KWB workspace (tests/conftest.py), which a test may change.


def _execute(ws: Workspace, sql: str) -> None:
    con = duckdb.connect(str(ws.warehouse_path))
    try:
        con.execute(sql)
    finally:
        con.close()


def test_a_formula_like_name_is_escaped_in_csv_and_text_in_excel(
    client: Client, settings: Settings, workspace_copy: Workspace
) -> None:
    _execute(workspace_copy, f"UPDATE observations SET area_name = '{HOSTILE}' WHERE area_code = 'WK034403'")
    settings.DUIDING_WORKSPACE = workspace_copy.root
    response = client.get(CSV_URL, {"periode": "2023-01-01"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["area_name"] for r in rows if r["area_code"] == "WK034403"} == {"'" + HOSTILE}

    sheet = openpyxl.load_workbook(io.BytesIO(client.get(XLSX_URL, {"periode": "2023-01-01"}).content))["Waarnemingen"]
    (cell,) = [row[6] for row in sheet.iter_rows(min_row=2) if row[5].value == "WK034403"]
    assert (cell.data_type, cell.value) == ("s", HOSTILE)
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_a_stale_protection_pattern_is_a_503_and_nothing_is_solved(
    client: Client, settings: Settings, workspace_copy: Workspace
) -> None:
    _execute(workspace_copy, f"DELETE FROM protections WHERE monitor = '{MONITOR}'")
    settings.DUIDING_WORKSPACE = workspace_copy.root
    response = client.get(CSV_URL, {"periode": "2023-01-01"})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    assert "worden bijgewerkt" in response.content.decode()
    assert "Content-Disposition" not in response


def test_no_workspace_is_a_404(client: Client, settings: Settings, tmp_path: Path) -> None:
    settings.DUIDING_WORKSPACE = tmp_path / "leeg"
    assert client.get(CSV_URL).status_code == 404

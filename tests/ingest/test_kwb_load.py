"""Loading the KWB long file: everything validated first, nothing half-loaded."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import pytest

from duiding.demo.build import KWB_UTRECHT
from duiding.errors import LoadError
from duiding.ingest import KWB_COLUMNS, kwb_long_load
from duiding.workspace import Workspace


def _state(workspace: Workspace) -> tuple[list[tuple[object, ...]], int, int]:
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        loads = con.execute("SELECT load_id, sha256, active FROM loads ORDER BY load_id").fetchall()
        rows = int(con.execute("SELECT count(*) FROM src_cbs_kwb").fetchall()[0][0])
        areas = int(con.execute("SELECT count(*) FROM areas").fetchall()[0][0])
    finally:
        con.close()
    return loads, rows, areas


def _write(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] = KWB_COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _real_rows() -> list[dict[str, str]]:
    with KWB_UTRECHT.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_real_file_loads_every_row_and_keeps_missing_values(demo_workspace: Workspace) -> None:
    rows = _real_rows()
    con = duckdb.connect(str(demo_workspace.warehouse_path), read_only=True)
    try:
        count, nulls = con.execute("SELECT count(*), count(*) FILTER (value IS NULL) FROM src_cbs_kwb").fetchall()[0]
        areas = con.execute("SELECT level, count(*) FROM areas WHERE year = 2023 GROUP BY level").fetchall()
    finally:
        con.close()
    assert count == len(rows)
    assert nulls == sum(1 for row in rows if row["waarde"] == "")
    assert dict(areas) == {"gemeente": 1, "wijk": 10, "buurt": 111}


def test_loading_the_same_file_twice_changes_nothing(workspace_copy: Workspace) -> None:
    before = _state(workspace_copy)
    result = kwb_long_load(workspace_copy.warehouse_path, source_id="cbs_kwb", path=KWB_UTRECHT)
    assert result.unchanged
    assert _state(workspace_copy) == before


def test_a_changed_file_becomes_a_new_version(workspace_copy: Workspace, tmp_path: Path) -> None:
    rows = [row for row in _real_rows() if row["jaar"] == "2023"]
    result = kwb_long_load(
        workspace_copy.warehouse_path, source_id="cbs_kwb", path=_write(tmp_path / "kwb2023.csv", rows)
    )
    loads, count, _ = _state(workspace_copy)
    assert not result.unchanged
    assert count == len(rows)
    assert [active for _, _, active in loads] == [False, True]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"waarde": "12,5"}, "rij 2, kolom 'waarde', waarde '12,5': geen getal (gebruik een punt als decimaalteken)"),
        ({"regio_type": "Stad"}, "rij 2, kolom 'regio_type', waarde 'Stad': moet Gemeente, Wijk, Buurt of Land zijn"),
        ({"gwb_code": "WK0344"}, "rij 2, kolom 'gwb_code', waarde 'WK0344': geen geldige CBS-code voor een gemeente"),
        ({"jaar": "twintig"}, "rij 2, kolom 'jaar', waarde 'twintig': geen geldig jaartal"),
    ],
)
def test_bad_value_is_reported_and_nothing_changes(
    workspace_copy: Workspace, tmp_path: Path, change: dict[str, str], message: str
) -> None:
    before = _state(workspace_copy)
    rows = _real_rows()[:50]
    rows[0] = {**rows[0], **change}
    with pytest.raises(LoadError) as caught:
        kwb_long_load(workspace_copy.warehouse_path, source_id="cbs_kwb", path=_write(tmp_path / "fout.csv", rows))
    text = str(caught.value)
    assert text.startswith("fout.csv: 1 fout(en) gevonden; er is niets geladen.")
    assert message in text
    assert _state(workspace_copy) == before


def test_duplicate_rows_are_reported_with_both_row_numbers(workspace_copy: Workspace, tmp_path: Path) -> None:
    rows = _real_rows()[:5]
    rows.append(rows[2])
    with pytest.raises(LoadError, match=r"rij 7, kolom 'gwb_code', .*dubbele rij .* als rij 4\)"):
        kwb_long_load(workspace_copy.warehouse_path, source_id="cbs_kwb", path=_write(tmp_path / "dubbel.csv", rows))


def test_missing_column_is_named(workspace_copy: Workspace, tmp_path: Path) -> None:
    before = _state(workspace_copy)
    columns = tuple(c for c in KWB_COLUMNS if c != "waarde")
    path = _write(tmp_path / "zonder_waarde.csv", _real_rows()[:3], columns)
    with pytest.raises(LoadError, match=re.escape("zonder_waarde.csv: kolom(men) ontbreken: waarde")):
        kwb_long_load(workspace_copy.warehouse_path, source_id="cbs_kwb", path=path)
    assert _state(workspace_copy) == before


def test_wrong_encoding_is_explained(workspace_copy: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    rows = _real_rows()[:3]
    rows[1] = {**rows[1], "regio_naam": "Mariëndaal"}
    _write(path, rows)
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    with pytest.raises(LoadError, match=re.escape("latin1.csv: het bestand is geen UTF-8-tekst")):
        kwb_long_load(workspace_copy.warehouse_path, source_id="cbs_kwb", path=path)


def test_many_errors_are_counted_per_rule(workspace_copy: Workspace, tmp_path: Path) -> None:
    rows = [{**row, "waarde": "x"} for row in _real_rows()[:30]]
    with pytest.raises(LoadError) as caught:
        kwb_long_load(workspace_copy.warehouse_path, source_id="cbs_kwb", path=_write(tmp_path / "veel.csv", rows))
    text = str(caught.value)
    assert "veel.csv: 30 fout(en) gevonden" in text
    assert "… en nog 10 fout(en)." in text
    assert "30 × geen getal (gebruik een punt als decimaalteken)" in text


def test_empty_file_is_refused(workspace_copy: Workspace, tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=re.escape("leeg.csv: het bestand bevat geen gegevensrijen")):
        kwb_long_load(workspace_copy.warehouse_path, source_id="cbs_kwb", path=_write(tmp_path / "leeg.csv", []))

"""Registrations with a postcode instead of a buurt code: placed in a buurt by the postcode table."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import duckdb
import pytest
import yaml

from duiding.definitions import monitor_load
from duiding.engine import compute
from duiding.errors import LoadError
from duiding.ingest import source_load_file
from duiding.workspace import Workspace

SOURCE = {
    "id": "meldingen",
    "title": "Meldingen (testgegevens)",
    "kind": "microdata",
    "publisher": "testgemeente",
    "attribution": "Bron: testgegevens",
    "simulated": True,
    "row": "melding",
    "columns": [
        {"name": "melding_id", "type": "string"},
        {"name": "postcode", "type": "postcode", "required": False},
        {"name": "datum", "type": "date"},
    ],
    "key": ["melding_id"],
    "area": "postcode",
    "time": {"date": "datum"},
}
MONITOR = {
    "id": "meldingen",
    "title": "Meldingen",
    "purpose": ["signaleren"],
    "periods": {"start": "2023-01-01", "end": "2023-12-31"},
    "indicators": [
        {
            "id": "meldingen",
            "title": "Meldingen",
            "definition": "Meldingen in het jaar.",
            "level": "output",
            "unit": "meldingen",
            "polarity": "neutral",
            "period_grain": "year",
            "formula": {"kind": "count", "measure": {"source": "meldingen", "period": "event"}},
        }
    ],
}
# Real Utrecht buurten (2023): three in wijk West, one in Noordwest.
BUURTEN = ("BU03440111", "BU03440112", "BU03440113", "BU03440221")
SPLIT = "3531AB"
"""A postcode with three addresses in the first buurt and one in the second: it goes to the first."""


def _postcode_file(path: Path) -> dict[str, str]:
    """A CBS-style pc6hnr file (``;``, buurt codes as numbers); returns the expected postcode → buurt."""
    expected: dict[str, str] = {}
    lines = ["PC6;Huisnummer;Buurt2023;Wijk2023;Gemeente2023"]
    for number, buurt in enumerate(BUURTEN):
        postcode = f"35{number + 1}0CD"
        expected[postcode] = buurt
        lines += [f"{postcode};{house};{int(buurt[2:])};{int(buurt[2:8])};344" for house in (1, 3, 5)]
    lines += [f"{SPLIT};{house};{int(BUURTEN[0][2:])};34401;344" for house in (2, 4, 6)]
    lines.append(f"{SPLIT};8;{int(BUURTEN[1][2:])};34401;344")
    expected[SPLIT] = BUURTEN[0]
    lines.append("1011AB;1;3630000;36300;363")  # Amsterdam: not this gemeente, skipped
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return expected


def _registrations(path: Path, postcodes: list[str]) -> None:
    rng = random.Random(7)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["melding_id", "postcode", "datum"])
        for number in range(400):
            postcode = rng.choice([*postcodes, "9999ZZ", ""])  # an unknown postcode, and none
            shown = f"{postcode[:4]} {postcode[4:]}" if postcode and number % 2 else postcode
            writer.writerow([f"M{number}", shown, f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])


@pytest.fixture
def postcode_workspace(workspace_copy: Workspace, tmp_path: Path) -> tuple[Workspace, Path, dict[str, str]]:
    (workspace_copy.sources_dir / "meldingen.yaml").write_text(yaml.safe_dump(SOURCE), encoding="utf-8")
    path = workspace_copy.monitors_dir / "meldingen.yaml"
    path.write_text(yaml.safe_dump(MONITOR, sort_keys=False), encoding="utf-8")
    monitor_load(path)
    expected = _postcode_file(tmp_path / "pc6hnr20230801_gwb.csv")
    _registrations(tmp_path / "meldingen.csv", sorted(expected))
    source_load_file(workspace_copy, source_id="meldingen", path=tmp_path / "meldingen.csv")
    return workspace_copy, tmp_path, expected


def test_indicator_waits_for_the_postcode_table(postcode_workspace: tuple[Workspace, Path, dict[str, str]]) -> None:
    workspace, _, _ = postcode_workspace
    result = compute(workspace, monitor_id="meldingen")
    assert [(w.indicator, w.sources) for w in result.waiting] == [("meldingen", ("postcode_buurt",))]


def test_postcodes_are_counted_in_their_buurt(postcode_workspace: tuple[Workspace, Path, dict[str, str]]) -> None:
    workspace, folder, expected = postcode_workspace
    loaded = source_load_file(workspace, source_id="postcode_buurt", path=folder / "pc6hnr20230801_gwb.csv")
    assert loaded.rows == 17 and "1 rij(en) buiten GM0344 overgeslagen" in loaded.notes
    assert any("1 van de 5 postcodes liggen in meer dan één buurt" in f.message for f in loaded.quality)
    compute(workspace, monitor_id="meldingen")

    mapping = ", ".join(f"('{pc}', '{bu}')" for pc, bu in expected.items())
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        hand = dict(
            con.execute(
                f"WITH map(pc, bu) AS (VALUES {mapping}) "
                "SELECT map.bu, count(*) FROM src_meldingen m JOIN map ON replace(m.postcode, ' ', '') = map.pc "
                "GROUP BY map.bu"
            ).fetchall()
        )
        total = con.execute("SELECT count(*) FROM src_meldingen").fetchall()[0][0]
        found = dict(
            con.execute(
                "SELECT area_code, value FROM observations WHERE monitor = 'meldingen' AND area_level IN "
                "('buurt', 'gemeente') AND breakdown = 'totaal' AND value > 0"
            ).fetchall()
        )
        wijk_west = con.execute(
            "SELECT value FROM observations WHERE monitor = 'meldingen' AND area_code = 'WK034401'"
        ).fetchall()[0][0]
        lineage = con.execute("SELECT DISTINCT load_ids FROM observations WHERE monitor = 'meldingen'").fetchall()
        postcode_load = con.execute("SELECT load_id FROM loads WHERE source_id = 'postcode_buurt'").fetchall()[0][0]
    finally:
        con.close()
    assert found.pop("GM0344") == total == 400  # unknown and empty postcodes count for the gemeente only
    assert found == hand
    assert wijk_west == sum(v for k, v in hand.items() if k.startswith("BU034401"))
    assert str(postcode_load) in lineage[0][0].split(",")


def test_bad_postcode_table_is_refused_and_changes_nothing(
    postcode_workspace: tuple[Workspace, Path, dict[str, str]],
) -> None:
    workspace, folder, _ = postcode_workspace
    bad = folder / "postcodes.csv"
    bad.write_text("postcode,buurt_code\n3511 AB,BU03440111\n35XXAB,BU03440111\n3512CD,BUURT\n", encoding="utf-8")
    with pytest.raises(LoadError) as raised:
        source_load_file(workspace, source_id="postcode_buurt", path=bad)
    message = str(raised.value)
    assert "postcodes.csv: 2 fout(en) gevonden; er is niets geladen." in message
    assert "rij 3, kolom 'postcode', waarde '35XXAB': geen geldige postcode (1234 AB)" in message
    assert "rij 4, kolom 'buurt_code', waarde 'BUURT': geen geldige CBS-buurtcode" in message
    elsewhere = folder / "amsterdam.csv"
    elsewhere.write_text("postcode,buurt_code\n1011AB,BU03630000\n", encoding="utf-8")
    with pytest.raises(LoadError, match="geen enkele postcode ligt in een buurt van GM0344"):
        source_load_file(workspace, source_id="postcode_buurt", path=elsewhere)
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM loads WHERE source_id = 'postcode_buurt'").fetchall() == [(0,)]
    finally:
        con.close()


def test_same_postcode_table_twice_changes_nothing(postcode_workspace: tuple[Workspace, Path, dict[str, str]]) -> None:
    workspace, folder, _ = postcode_workspace
    simple = folder / "postcodes.csv"
    simple.write_text("jaar;postcode;buurt_code\n2023;3511 ab;BU03440111\n", encoding="utf-8")
    first = source_load_file(workspace, source_id="postcode_buurt", path=simple)
    again = source_load_file(workspace, source_id="postcode_buurt", path=simple)
    assert not first.unchanged and again.unchanged and again.load_id == first.load_id


def test_postcodes_of_unknown_buurten_are_reported(postcode_workspace: tuple[Workspace, Path, dict[str, str]]) -> None:
    workspace, folder, _ = postcode_workspace
    table = folder / "postcodes.csv"
    table.write_text("postcode,buurt_code\n3511AB,BU03440111\n3512AB,BU03449999\n", encoding="utf-8")
    loaded = source_load_file(workspace, source_id="postcode_buurt", path=table)
    assert [f.message for f in loaded.quality] == [
        "1 postcode(s) wijzen naar een buurt die niet in de gebiedsindeling staat (bijvoorbeeld BU03449999); "
        "hun rijen tellen alleen mee voor de gemeente. Laad de kerncijfers van hetzelfde jaar."
    ]

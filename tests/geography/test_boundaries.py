"""Boundaries for maps: real CBS GeoJSON, the same shapes in RD New, and a GeoPackage."""

from __future__ import annotations

import json
import re
import sqlite3
import struct
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Transformer

from duiding.definitions.models import AreaLevel
from duiding.demo.build import DATA
from duiding.errors import LoadError
from duiding.geography.boundaries import boundaries_load, boundaries_read, shapes_list
from duiding.workspace import Workspace

GRENZEN = DATA / "cbs-grenzen-2014"
WIJKEN = GRENZEN / "wijken_2014_GM0344.geojson"
BUURTEN = GRENZEN / "buurten_2014_GM0344.geojson"
TO_RD = Transformer.from_crs(4326, 28992, always_xy=True)


def _features(path: Path) -> dict[str, shapely.Geometry]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {f["properties"]["statcode"]: shapely.from_geojson(json.dumps(f["geometry"])) for f in data["features"]}


def _to_rd(geometry: shapely.Geometry) -> shapely.Geometry:
    def convert(points: np.ndarray) -> np.ndarray:
        x, y = TO_RD.transform(points[:, 0], points[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometry, convert)


def _same(found: str, expected: shapely.Geometry) -> bool:
    """Equal up to the rounding to six decimals (about 10 cm) and the RD round trip."""
    return bool(shapely.equals_exact(shapely.from_geojson(found), expected, tolerance=2e-6))


def test_real_geojson_is_read_with_codes_names_and_year() -> None:
    expected = _features(WIJKEN)
    shapes = boundaries_read(WIJKEN, gemeente_code="GM0344")
    assert {s.code for s in shapes} == set(expected) and len(shapes) == 10
    assert {s.year for s in shapes} == {2014} and {s.level for s in shapes} == {AreaLevel.WIJK}
    west = next(s for s in shapes if s.code == "WK034401")
    assert west.name == "Wijk 01 West"
    assert all(_same(s.geometry, expected[s.code]) for s in shapes)


def test_rd_new_coordinates_are_converted_to_wgs84(tmp_path: Path) -> None:
    expected = _features(BUURTEN)
    features = [
        {
            "type": "Feature",
            "properties": {"buurtcode": code, "buurtnaam": code},
            "geometry": json.loads(shapely.to_geojson(_to_rd(g))),
        }
        for code, g in expected.items()
    ]
    path = tmp_path / "buurten_2023.geojson"
    collection = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
    }
    path.write_text(json.dumps({**collection, "features": features}), encoding="utf-8")
    shapes = boundaries_read(path, gemeente_code="GM0344")
    assert {s.year for s in shapes} == {2023} and len(shapes) == len(expected)
    assert all(_same(s.geometry, expected[s.code]) for s in shapes)


def _geopackage(path: Path, layer: str, rows: list[tuple[str, str, bytes]]) -> None:
    """A minimal GeoPackage as the OGC standard describes it (RD New, no envelope)."""
    con = sqlite3.connect(path)
    con.executescript(
        """
        CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT);
        CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT,
            srs_id INTEGER, z TINYINT, m TINYINT);
        """
    )
    con.execute("INSERT INTO gpkg_contents VALUES (?, 'features', ?)", [layer, layer])
    con.execute("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'MULTIPOLYGON', 28992, 0, 0)", [layer])
    con.execute(f"CREATE TABLE {layer} (fid INTEGER PRIMARY KEY, wijkcode TEXT, wijknaam TEXT, geom BLOB)")
    header = b"GP" + bytes([0, 0b00000001]) + struct.pack("<i", 28992)  # version 0, little endian, no envelope
    con.executemany(
        f"INSERT INTO {layer} (wijkcode, wijknaam, geom) VALUES (?, ?, ?)", [(c, n, header + g) for c, n, g in rows]
    )
    con.commit()
    con.close()


def test_geopackage_in_rd_new_is_read(tmp_path: Path) -> None:
    expected = _features(WIJKEN)
    path = tmp_path / "wijkenbuurten_2022.gpkg"
    rows = [(code, f"wijk {code}", shapely.to_wkb(_to_rd(g))) for code, g in expected.items()]
    rows.append(("WK036301", "Amsterdam, niet deze gemeente", rows[0][2]))
    _geopackage(path, "wijken", rows)
    shapes = boundaries_read(path, gemeente_code="GM0344")
    assert {s.code for s in shapes} == set(expected) and {s.year for s in shapes} == {2022}
    assert all(_same(s.geometry, expected[s.code]) for s in shapes)


def test_boundaries_are_stored_and_compared_with_the_areas(kwb_workspace: Workspace, workspace_copy: Workspace) -> None:
    loaded = boundaries_load(workspace_copy.warehouse_path, path=BUURTEN, gemeente_code="GM0344")
    assert loaded.year == 2014 and loaded.shapes == {AreaLevel.BUURT: 110}
    # SOURCE.md: BU03440621 collapsed at the source's precision; every other buurt has a shape
    assert loaded.areas_without_shape == ("BU03440621",) and loaded.unknown_codes == ()
    boundaries_load(workspace_copy.warehouse_path, path=WIJKEN, gemeente_code="GM0344")
    wijken = shapes_list(workspace_copy.warehouse_path, year=2023, level=AreaLevel.WIJK)
    assert len(wijken) == 10 and wijken[0].code == "WK034401"
    again = boundaries_load(workspace_copy.warehouse_path, path=WIJKEN, gemeente_code="GM0344")
    assert again.shapes == {AreaLevel.WIJK: 10}
    assert (
        len(shapes_list(workspace_copy.warehouse_path, year=2023, level=AreaLevel.WIJK)) == 10
    )  # replaced, not doubled


def test_wrong_files_are_refused_in_dutch(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="geen wijk- of buurtgrenzen van GM0034 gevonden"):
        boundaries_read(WIJKEN, gemeente_code="GM0034")
    broken = tmp_path / "wijken_2023.geojson"
    broken.write_text("{niet json", encoding="utf-8")
    with pytest.raises(LoadError, match=re.escape("wijken_2023.geojson: geen geldige GeoJSON")):
        boundaries_read(broken, gemeente_code="GM0344")
    nameless = tmp_path / "wijken.geojson"
    nameless.write_text(WIJKEN.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(LoadError, match="het jaar van de gebiedsindeling staat niet in het bestand"):
        boundaries_read(nameless, gemeente_code="GM0344")
    assert boundaries_read(nameless, gemeente_code="GM0344", year=2019)[0].year == 2019
    garbage = tmp_path / "grenzen_2023.gpkg"
    garbage.write_bytes(b"\x00\x01 geen sqlite")
    with pytest.raises(LoadError, match=re.escape("grenzen_2023.gpkg: geen geldige GeoPackage")):
        boundaries_read(garbage, gemeente_code="GM0344")

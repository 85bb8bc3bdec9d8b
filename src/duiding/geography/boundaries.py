"""Wijk and buurt boundaries for maps, from the GeoJSON or GeoPackage files CBS publishes.

A boundary file is cut to one gemeente, its shapes are converted to WGS84 (CBS publishes
in RD New, EPSG:28992) and stored per year in ``area_shapes`` as GeoJSON geometries, so a
map reads them without any GIS library. The area code is taken from the usual CBS
properties (``statcode``, ``buurtcode``, ``wijkcode``, ``gemeentecode``); the year from an
argument, a ``jaar``/``jrstat`` property or the file name (``buurten_2023…``). The shapes'
names (``statnaam`` …) also name the areas a KWB table gives by code only: loading boundaries
refreshes the ``areas`` (see ``geography.names``).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer

from duiding.definitions.models import AreaLevel
from duiding.errors import LoadError
from duiding.geography.areas import area_level_of, areas_refresh
from duiding.geography.names import names_source_table
from duiding.warehouse import warehouse_connect, warehouse_transaction

CODE_PROPERTIES = ("statcode", "buurtcode", "wijkcode", "gemeentecode", "gwb_code_10", "gwb_code", "code")
NAME_PROPERTIES = ("statnaam", "buurtnaam", "wijknaam", "gemeentenaam", "regio", "naam", "name")
_YEAR = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")
_WGS84 = CRS.from_epsg(4326)
_RD = CRS.from_epsg(28992)
_GPKG_ENVELOPE = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


@dataclass(frozen=True)
class Shape:
    year: int
    level: AreaLevel
    code: str
    name: str
    geometry: str
    """GeoJSON geometry in WGS84 (longitude, latitude), six decimals."""


@dataclass(frozen=True)
class BoundaryLoad:
    """What a boundary file gave: shapes per level and codes the area table does not know."""

    file_name: str
    year: int
    shapes: dict[AreaLevel, int]
    unknown_codes: tuple[str, ...]
    areas_without_shape: tuple[str, ...]


def _year(path: Path, properties: dict[str, Any], year: int | None) -> int:
    if year is not None:
        return year
    for key in ("jaar", "jrstatcode", "jrstat"):
        found = _YEAR.search(str(properties.get(key, "")))
        if found:
            return int(found.group(1))
    found = _YEAR.search(path.stem)
    if found:
        return int(found.group(1))
    raise LoadError(
        f"{path.name}: het jaar van de gebiedsindeling staat niet in het bestand of de bestandsnaam "
        "(bijvoorbeeld buurten_2023.geojson). Er is niets geladen."
    )


def _first(properties: dict[str, Any], names: tuple[str, ...]) -> str:
    lowered = {str(k).lower(): v for k, v in properties.items()}
    for name in names:
        value = lowered.get(name)
        if value is not None and str(value).strip():
            return str(value).strip()
    return ""


def _transformer(crs: CRS | None, geometry: shapely.Geometry) -> Transformer | None:
    """None when the coordinates are already longitude/latitude."""
    if crs is None:
        minx, miny, _, _ = shapely.bounds(geometry)
        crs = _RD if abs(minx) > 180 or abs(miny) > 90 else _WGS84  # RD New coordinates are metres
    if crs.equals(_WGS84) or crs.to_epsg() in (4326, 4258):
        return None
    return Transformer.from_crs(crs, _WGS84, always_xy=True)


def _geojson(geometry: shapely.Geometry, transformer: Transformer | None) -> str:
    def convert(points: np.ndarray) -> np.ndarray:
        if transformer is not None:
            x, y = transformer.transform(points[:, 0], points[:, 1])
            points = np.column_stack([x, y])
        return np.round(points, 6)

    return str(shapely.to_geojson(shapely.transform(geometry, convert)))


def _geojson_features(path: Path) -> tuple[CRS | None, Iterator[tuple[dict[str, Any], shapely.Geometry]]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LoadError(f"{path.name}: geen geldige GeoJSON ({exc}). Er is niets geladen.") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise LoadError(f"{path.name}: verwacht een GeoJSON FeatureCollection. Er is niets geladen.")
    crs_name = ((data.get("crs") or {}).get("properties") or {}).get("name")
    crs = CRS.from_user_input(crs_name) if crs_name else None

    def features() -> Iterator[tuple[dict[str, Any], shapely.Geometry]]:
        for number, feature in enumerate(data.get("features") or [], start=1):
            geometry = feature.get("geometry")
            if not geometry:
                continue
            try:
                shape = shapely.from_geojson(json.dumps(geometry))
            except shapely.errors.GEOSException as exc:
                raise LoadError(f"{path.name}: object {number} heeft een ongeldige geometrie ({exc}).") from exc
            yield feature.get("properties") or {}, shape

    return crs, features()


def _gpkg_geometry(blob: bytes) -> shapely.Geometry:
    """A GeoPackage geometry: 'GP', version, flags, srs id, envelope, then standard WKB."""
    if blob[:2] != b"GP":
        raise ValueError("geen GeoPackage-geometrie")
    envelope = _GPKG_ENVELOPE.get((blob[3] >> 1) & 0b111)
    if envelope is None:
        raise ValueError("onbekend envelope-type")
    return shapely.from_wkb(bytes(blob[8 + envelope :]))


def _gpkg_features(path: Path) -> Iterator[tuple[CRS | None, dict[str, Any], shapely.Geometry]]:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        layers = con.execute(
            "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c "
            "JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features'"
        ).fetchall()
    except sqlite3.DatabaseError as exc:
        raise LoadError(f"{path.name}: geen geldige GeoPackage ({exc}). Er is niets geladen.") from exc
    try:
        for table, column, srs_id in layers:
            crs = CRS.from_epsg(srs_id) if srs_id and srs_id > 0 else None
            cursor = con.execute(f'SELECT * FROM "{table.replace(chr(34), "")}"')  # noqa: S608 - a layer name, quoted
            names = [d[0] for d in cursor.description]
            for row in cursor:
                record = dict(zip(names, row, strict=True))
                blob = record.pop(column)
                if blob is None:
                    continue
                try:
                    geometry = _gpkg_geometry(blob)
                except (ValueError, shapely.errors.GEOSException) as exc:
                    raise LoadError(f"{path.name}: laag {table} heeft een ongeldige geometrie ({exc}).") from exc
                yield crs, record, geometry
    finally:
        con.close()


def boundaries_read(path: Path, *, gemeente_code: str, year: int | None = None) -> list[Shape]:
    """The wijk and buurt (and gemeente) shapes of ``gemeente_code`` in a GeoJSON or GeoPackage file."""
    if not path.is_file():
        raise LoadError(f"{path}: bestand bestaat niet.")
    suffix = path.suffix.lower()
    if suffix in (".geojson", ".json"):
        crs, features = _geojson_features(path)
        items: Iterator[tuple[CRS | None, dict[str, Any], shapely.Geometry]] = (
            (crs, props, geometry) for props, geometry in features
        )
    elif suffix == ".gpkg":
        items = _gpkg_features(path)
    else:
        raise LoadError(f"{path.name}: grenzen worden gelezen uit GeoJSON (.geojson) of GeoPackage (.gpkg).")
    digits = gemeente_code[2:]
    shapes: list[Shape] = []
    transformer: Transformer | None = None
    decided = False
    for crs, properties, geometry in items:
        code = _first(properties, CODE_PROPERTIES).upper()
        level = area_level_of(code)
        if level is None or code[2:6] != digits:
            continue
        if not decided:
            transformer, decided = _transformer(crs, geometry), True
        shapes.append(
            Shape(
                year=_year(path, properties, year),
                level=level,
                code=code,
                name=_first(properties, NAME_PROPERTIES) or code,
                geometry=_geojson(geometry, transformer),
            )
        )
    if not shapes:
        raise LoadError(
            f"{path.name}: geen wijk- of buurtgrenzen van {gemeente_code} gevonden (gezocht in de eigenschappen "
            f"{', '.join(CODE_PROPERTIES)}). Er is niets geladen."
        )
    return shapes


def boundaries_load(warehouse: Path, *, path: Path, gemeente_code: str, year: int | None = None) -> BoundaryLoad:
    """Store the shapes of ``path`` for their year (replacing that year's shapes of the same levels)."""
    shapes = boundaries_read(path, gemeente_code=gemeente_code, year=year)
    found_year = shapes[0].year
    levels = sorted({s.level.value for s in shapes})
    with warehouse_transaction(warehouse) as con:
        placeholders = ", ".join("?" for _ in levels)
        where = f"year = ? AND level IN ({placeholders})"  # only placeholders are formatted in
        con.execute(f"DELETE FROM area_shapes WHERE {where}", [found_year, *levels])  # noqa: S608
        con.executemany(
            "INSERT INTO area_shapes VALUES (?, ?, ?, ?, ?, ?)",
            [(s.year, s.level.value, s.code, s.name, s.geometry, path.name) for s in shapes],
        )
        source_table = names_source_table(con)
        if source_table is not None:
            areas_refresh(con, source_table=source_table)  # the boundary names may name coded areas
        nearest = con.execute(
            "SELECT year FROM (SELECT DISTINCT year FROM areas) ORDER BY abs(year - ?), year DESC LIMIT 1",
            [found_year],
        ).fetchall()
        codes = {s.code for s in shapes}
        known: set[str] = set()
        if nearest:
            known = {
                row[0]
                for row in con.execute(
                    f"SELECT code FROM areas WHERE {where}",  # noqa: S608
                    [nearest[0][0], *levels],
                ).fetchall()
            }
    per_level: dict[AreaLevel, int] = {}
    for shape in shapes:
        per_level[shape.level] = per_level.get(shape.level, 0) + 1
    return BoundaryLoad(
        file_name=path.name,
        year=found_year,
        shapes=per_level,
        unknown_codes=tuple(sorted(codes - known)) if known else (),
        areas_without_shape=tuple(sorted(known - codes)),
    )


def shapes_list(warehouse: Path, *, year: int, level: AreaLevel) -> list[Shape]:
    """The shapes of ``level`` for ``year``: from the latest boundary year not after it, else the earliest."""
    con = warehouse_connect(warehouse, read_only=True)
    try:
        found = con.execute("SELECT DISTINCT year FROM area_shapes WHERE level = ? ORDER BY year", [level.value])
        years = [row[0] for row in found.fetchall()]
        if not years:
            return []
        earlier = [y for y in years if y <= year]
        chosen = earlier[-1] if earlier else years[0]
        rows = con.execute(
            "SELECT year, code, name, geometry FROM area_shapes WHERE year = ? AND level = ? ORDER BY code",
            [chosen, level.value],
        ).fetchall()
    finally:
        con.close()
    return [Shape(y, level, code, name, geometry) for y, code, name, geometry in rows]

"""A choropleth map of wijken or buurten: each area coloured by its protected figure.

Areas without a figure (withheld by disclosure control, or not published) are drawn light grey
with a dashed outline and a legend entry *geen cijfer*; their value never enters the spec.
Shapes are simplified for display (about half a pixel of a map 1,000 px wide) and their
coordinates rounded to five decimals (about a metre), so a buurt map stays small.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import altair as alt
import shapely

from duiding.charts.spec import spec_of
from duiding.geography.boundaries import Shape
from duiding.numbers import with_unit
from duiding.privacy import ProtectedObservation

FONT_SIZE = 12
"""Chart text is at least 12 px (legend title and labels, tooltip)."""
COLOR_SCHEME = {"name": "blues", "extent": [0.3, 1.0]}
"""Sequential blues without the near-white end, so the lightest area stands out from the page
and from the grey of an area without a figure."""
NO_FIGURE_COLOR = "#e4e4e4"
NO_FIGURE_STROKE = "#6b6b6b"
NO_FIGURE = "geen cijfer"
WITHHELD_TEXT = "niet getoond (privacy)"
MISSING_TEXT = "niet gepubliceerd"
DECIMALS = 5
"""Coordinates in degrees to five decimals: about 1 m in the Netherlands."""
SIMPLIFY_FRACTION = 1 / 2000
"""Simplification tolerance as a share of the map's larger extent: half a pixel at 1,000 px."""
HEIGHT = 420


def _rounded(coordinates: Any) -> Any:
    """Nested GeoJSON coordinates rounded to ``DECIMALS`` (as short JSON numbers)."""
    if isinstance(coordinates, float | int):
        return round(float(coordinates), DECIMALS)
    return [_rounded(part) for part in coordinates]


def display_tolerance(geometries: Sequence[shapely.Geometry]) -> float:
    """The simplification tolerance (degrees) for a map of these geometries."""
    if not geometries:
        return 0.0
    minx, miny, maxx, maxy = shapely.total_bounds(geometries)
    extent = max(maxx - minx, maxy - miny)
    return float(extent) * SIMPLIFY_FRACTION if math.isfinite(extent) else 0.0


def display_geometry(geometry: shapely.Geometry, tolerance: float) -> dict[str, Any]:
    """A valid GeoJSON geometry for display: made valid (a source shape may cross itself),
    simplified with its topology kept, snapped to a 1e-5 degree grid (which keeps it valid) and
    rounded; unsimplified when simplification would empty it."""
    valid = geometry if shapely.is_valid(geometry) else _polygonal(shapely.make_valid(geometry))
    simple = shapely.simplify(valid, tolerance, preserve_topology=True) if tolerance > 0 else valid
    snapped = shapely.set_precision(simple, 10.0**-DECIMALS)
    if shapely.is_empty(snapped):
        snapped = shapely.set_precision(valid, 10.0**-DECIMALS)
    if shapely.is_empty(snapped):  # smaller than the grid: keep it as it is rather than lose the area
        snapped = valid
    return _rounded_geometry(json.loads(shapely.to_geojson(snapped)))


def _polygonal(geometry: shapely.Geometry) -> shapely.Geometry:
    """The polygons of a repaired shape (``make_valid`` may add the lines of a fold); the lines
    only when nothing of an area is left (a shape collapsed in the source)."""
    parts = list(getattr(geometry, "geoms", [geometry]))
    polygons = [p for p in parts if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polygons or parts)


def _rounded_geometry(data: dict[str, Any]) -> dict[str, Any]:
    if "geometries" in data:
        return {**data, "geometries": [_rounded_geometry(dict(part)) for part in data["geometries"]]}
    return {**data, "coordinates": _rounded(data["coordinates"])}


def _figure_text(observation: ProtectedObservation | None, *, unit: str, digits: int) -> str:
    if observation is not None and observation.value is not None:
        return with_unit(observation.value, unit, digits)
    if observation is not None and observation.suppressed:
        return WITHHELD_TEXT
    return MISSING_TEXT


def map_features(
    observations: Sequence[ProtectedObservation], shapes: Sequence[Shape], *, unit: str, digits: int = 1
) -> list[dict[str, Any]]:
    """One GeoJSON feature per shape, with the area's shown figure (``waarde`` None when it has none)."""
    by_code: Mapping[str, ProtectedObservation] = {o.area_code: o for o in observations}
    features = []
    for item, geojson in zip(shapes, _displayed(tuple(s.geometry for s in shapes)), strict=True):
        observation = by_code.get(item.code)
        name = observation.area_name if observation is not None and observation.area_name else item.name
        value = observation.value if observation is not None else None
        figure = _figure_text(observation, unit=unit, digits=digits)
        properties = {
            "code": item.code,
            "naam": name,
            "waarde": value,
            "cijfer": figure,
            "status": "" if value is not None else NO_FIGURE,
            "beschrijving": f"{name}: {figure}",
        }
        features.append({"type": "Feature", "geometry": geojson, "properties": properties})
    return features


@lru_cache(maxsize=32)
def _displayed(geometries: tuple[str, ...]) -> tuple[dict[str, Any], ...]:
    """The display geometry of each shape (GeoJSON text in): worked out once per set of shapes, not
    per page (the shapes of a boundary year do not change; simplifying them took a fifth of a page)."""
    parsed = [shapely.from_geojson(text) for text in geometries]
    tolerance = display_tolerance(parsed)
    return tuple(display_geometry(geometry, tolerance) for geometry in parsed)


def _legend(**options: Any) -> alt.Legend:
    return alt.Legend(orient="bottom", labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, aria=False, **options)


def area_map_chart(
    observations: Sequence[ProtectedObservation],
    shapes: Sequence[Shape],
    *,
    unit: str,
    digits: int = 1,
    title: str = "",
) -> dict[str, Any]:
    """A map with every shape coloured by its area's protected figure (Mercator, fitted to the shapes).

    Only protected observations go in; an area that is withheld, not published or without an
    observation is drawn as *geen cijfer* and its description says which. ``title`` (optional)
    is shown above the map.
    """
    features = map_features(observations, shapes, unit=unit, digits=digits)
    legend_title = unit[:1].upper() + unit[1:]
    tooltip = [alt.Tooltip("properties.naam:N", title="Gebied"), alt.Tooltip("properties.cijfer:N", title="Cijfer")]
    base = alt.Chart(alt.Data(name="gebieden"))
    layers: list[alt.Chart] = []
    if any(f["properties"]["waarde"] is not None for f in features):
        shown = base.transform_filter("datum.properties.waarde != null").mark_geoshape(
            stroke="#ffffff", strokeWidth=0.8
        )
        layers.append(
            shown.encode(
                fill=alt.Fill(
                    "properties.waarde:Q",
                    scale=alt.Scale(scheme=COLOR_SCHEME, zero=False),
                    legend=_legend(title=legend_title, format=",.1~f", gradientLength=220),
                ),
                description="properties.beschrijving:N",
                tooltip=tooltip,
            )
        )
    if any(f["properties"]["waarde"] is None for f in features):
        empty = base.transform_filter("datum.properties.waarde == null").mark_geoshape(
            stroke=NO_FIGURE_STROKE, strokeWidth=0.8, strokeDash=[3, 2]
        )
        layers.append(
            empty.encode(
                fill=alt.Fill(
                    "properties.status:N",
                    scale=alt.Scale(domain=[NO_FIGURE], range=[NO_FIGURE_COLOR]),
                    legend=_legend(title=None, symbolType="square", symbolStrokeColor=NO_FIGURE_STROKE),
                ),
                description="properties.beschrijving:N",
                tooltip=tooltip,
            )
        )
    chart = (
        alt.layer(*layers)
        .resolve_scale(fill="independent")
        .resolve_legend(fill="independent")
        .project(type="mercator")
        .properties(width="container", height=HEIGHT)
    )
    if title:
        chart = chart.properties(title=alt.TitleParams(title, fontSize=14, anchor="start"))
    spec = spec_of(chart, {"gebieden": features})
    spec["description"] = f"Kaart: {legend_title.lower()} per gebied; gebieden zonder cijfer zijn grijs"
    return spec

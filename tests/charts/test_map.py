"""The map of wijken and buurten: published figures coloured, withheld ones without a value, small
and valid geometry, on the real demo workspace (Utrecht) with its CBS boundaries."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import shapely
from altair.vegalite.v6.schema import core
from shapely.geometry import shape as geojson_shape

from duiding.charts import area_map_chart
from duiding.definitions.models import AreaLevel
from duiding.demo.build import DATA
from duiding.geography.boundaries import boundaries_load, shapes_list
from duiding.numbers import with_unit
from duiding.presentation.maps import area_map
from duiding.privacy import ProtectedObservation, observation_list, observation_list_unprotected
from duiding.workspace import Workspace, workspace_open

YEAR = 2023
SIZE_BOUND = 300_000
"""Bytes of JSON a buurt map of Utrecht stays well under."""
PER_1000 = "per 1.000 inwoners"
# 2023 in the demo: bijstand per 1.000 has buurten published, withheld and not published by CBS;
# 'beëindigd volgens plan' (jeugd) has two wijken withheld.
BIJSTAND = ("participatie", "bijstand_per_1000", PER_1000)
VOLGENS_PLAN = ("jeugd", "beeindigd_volgens_plan", "%")


@pytest.fixture(scope="module")
def mapped(demo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A copy of the demo workspace with Utrecht's CBS wijk and buurt boundaries in ``area_shapes``
    (loaded when the demo has none)."""
    root = tmp_path_factory.mktemp("kaart") / "werkruimte"
    shutil.copytree(demo_root, root)
    workspace = workspace_open(root)
    if not shapes_list(workspace.warehouse_path, year=YEAR, level=AreaLevel.WIJK):
        for path in sorted((DATA / "cbs-grenzen-2014").glob("*_GM0344.geojson")):
            boundaries_load(workspace.warehouse_path, path=path, gemeente_code="GM0344")
    return workspace


def _observations(ws: Workspace, which: tuple[str, str, str], level: AreaLevel) -> list[ProtectedObservation]:
    monitor, indicator, _ = which
    rows = observation_list(
        ws, monitor=monitor, indicator=indicator, area_level=level.value, period_start=date(YEAR, 1, 1), solve=False
    )
    return [o for o in rows if o.breakdown == "totaal"]


def _map(ws: Workspace, which: tuple[str, str, str], level: AreaLevel) -> dict[str, Any]:
    spec = area_map(ws, observations=_observations(ws, which, level), level=level, year=YEAR, unit=which[2], digits=1)
    assert spec is not None
    return spec


def _features(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["properties"]["code"]: f for f in spec["data"]["values"]}


def test_every_published_wijk_has_its_value(mapped: Workspace) -> None:
    observations = _observations(mapped, BIJSTAND, AreaLevel.WIJK)
    features = _features(_map(mapped, BIJSTAND, AreaLevel.WIJK))
    published = [o for o in observations if o.value is not None]
    assert len(published) == len(observations) == len(features) == 10
    for o in published:
        properties = features[o.area_code]["properties"]
        assert properties["waarde"] == o.value
        assert properties["beschrijving"] == f"{o.area_name}: {with_unit(o.value, PER_1000, 1)}"
        assert properties["cijfer"] == with_unit(o.value, PER_1000, 1)
    overvecht = features["WK034403"]["properties"]["beschrijving"]
    assert re.fullmatch(r"Wijk 03 Overvecht: \d{1,3}(\.\d{3})*,\d per 1\.000 inwoners", overvecht), overvecht


def test_withheld_wijken_carry_no_value(mapped: Workspace) -> None:
    observations = _observations(mapped, VOLGENS_PLAN, AreaLevel.WIJK)
    withheld = [o for o in observations if o.suppressed]
    assert len(withheld) == 2
    spec = _map(mapped, VOLGENS_PLAN, AreaLevel.WIJK)
    features = _features(spec)
    for o in withheld:
        properties = features[o.area_code]["properties"]
        assert properties["waarde"] is None
        assert properties["cijfer"] == "niet getoond (privacy)"
        assert properties["beschrijving"] == f"{o.area_name}: niet getoond (privacy)"
        assert properties["status"] == "geen cijfer"
    # the figures disclosure control withheld appear nowhere in the spec
    monitor, indicator, _ = VOLGENS_PLAN
    true = {
        o.area_code: o
        for o in observation_list_unprotected(mapped, monitor=monitor, purpose="test van de kaart", user="test")
        if o.indicator == indicator and o.period_start == date(YEAR, 1, 1) and o.breakdown == "totaal"
    }
    text = json.dumps(spec)
    for o in withheld:
        hidden = true[o.area_code].value
        assert hidden is not None
        assert repr(hidden) not in text
        assert with_unit(hidden, "%", 1) not in [f["properties"]["cijfer"] for f in features.values()]


def test_buurten_without_figure_say_why(mapped: Workspace) -> None:
    observations = {o.area_code: o for o in _observations(mapped, BIJSTAND, AreaLevel.BUURT)}
    features = _features(_map(mapped, BIJSTAND, AreaLevel.BUURT))
    kinds = {"shown": 0, "withheld": 0, "missing": 0}
    for code, feature in features.items():
        o = observations[code]
        properties = feature["properties"]
        if o.suppressed:
            kinds["withheld"] += 1
            assert properties["beschrijving"] == f"{o.area_name}: niet getoond (privacy)"
        elif o.missing:
            kinds["missing"] += 1
            assert properties["beschrijving"] == f"{o.area_name}: niet gepubliceerd"
        else:
            kinds["shown"] += 1
            assert properties["waarde"] == o.value
            assert re.fullmatch(r".+: \d{1,3}(\.\d{3})*,\d per 1\.000 inwoners", properties["beschrijving"])
        assert (properties["waarde"] is None) == (properties["status"] == "geen cijfer")
    assert all(kinds.values()), kinds
    # a buurt without a shape is not drawn (the table beside the map lists it)
    assert set(features) == {s.code for s in shapes_list(mapped.warehouse_path, year=YEAR, level=AreaLevel.BUURT)}


def test_the_map_is_readable(mapped: Workspace) -> None:
    spec = _map(mapped, VOLGENS_PLAN, AreaLevel.WIJK)
    assert spec["width"] == "container"
    assert spec["projection"]["type"] == "mercator"
    assert "scale" not in spec["projection"] and "translate" not in spec["projection"]  # fitted to the shapes
    shown, empty = spec["layer"]
    for layer in (shown, empty):
        assert layer["mark"]["type"] == "geoshape"
        assert layer["encoding"]["description"]["field"] == "properties.beschrijving"
        legend = layer["encoding"]["fill"]["legend"]
        assert legend["labelFontSize"] >= 12 and legend["titleFontSize"] >= 12
    assert shown["encoding"]["fill"]["legend"]["title"] == "%"
    assert empty["encoding"]["fill"]["scale"]["domain"] == ["geen cijfer"]
    assert empty["mark"]["strokeDash"]  # distinct from a coloured area, not only by colour
    assert spec["description"].startswith("Kaart")


def test_buurt_map_stays_small(mapped: Workspace) -> None:
    """The demo buurten, and the same shapes with a vertex every ~3 m (as detailed as CBS's own
    files), both stay well under the bound."""
    observations = _observations(mapped, BIJSTAND, AreaLevel.BUURT)
    assert len(json.dumps(_map(mapped, BIJSTAND, AreaLevel.BUURT))) < SIZE_BOUND / 4
    shapes = shapes_list(mapped.warehouse_path, year=YEAR, level=AreaLevel.BUURT)
    dense = [
        replace(s, geometry=shapely.to_geojson(shapely.segmentize(shapely.from_geojson(s.geometry), 3e-5)))
        for s in shapes
    ]
    assert sum(len(s.geometry) for s in dense) > 10 * SIZE_BOUND
    assert len(json.dumps(area_map_chart(observations, dense, unit=PER_1000))) < SIZE_BOUND / 4


@pytest.mark.parametrize("level", [AreaLevel.WIJK, AreaLevel.BUURT])
def test_simplified_geometry_is_valid_and_keeps_the_area(mapped: Workspace, level: AreaLevel) -> None:
    features = _features(_map(mapped, BIJSTAND, level))
    originals = {
        s.code: shapely.make_valid(shapely.from_geojson(s.geometry))
        for s in shapes_list(mapped.warehouse_path, year=YEAR, level=level)
    }
    for code, feature in features.items():
        drawn = geojson_shape(feature["geometry"])
        assert drawn.is_valid, code
        assert drawn.area == pytest.approx(originals[code].area, rel=0.03, abs=1e-9), code
        assert re.search(r"\d\.\d{6}", json.dumps(feature["geometry"])) is None  # five decimals at most


def test_no_map_without_shapes(mapped: Workspace) -> None:
    wijken = _observations(mapped, BIJSTAND, AreaLevel.WIJK)
    gemeente = _observations(mapped, BIJSTAND, AreaLevel.GEMEENTE)
    assert area_map(mapped, observations=gemeente, level=AreaLevel.GEMEENTE, year=YEAR, unit=PER_1000, digits=1) is None
    other_indeling = [replace(o, area_code=o.area_code.replace("WK0344", "WK9999")) for o in wijken]
    assert (
        area_map(mapped, observations=other_indeling, level=AreaLevel.WIJK, year=YEAR, unit=PER_1000, digits=1) is None
    )
    with pytest.raises(ValueError, match="één cijfer per gebied"):
        area_map(mapped, observations=wijken + wijken, level=AreaLevel.WIJK, year=YEAR, unit=PER_1000, digits=1)


def test_map_specs_are_valid_vega_lite(mapped: Workspace) -> None:
    """Pages build specs without Altair's schema check (it is slow); the check is here instead."""
    wijken = _observations(mapped, BIJSTAND, AreaLevel.WIJK)
    shapes = shapes_list(mapped.warehouse_path, year=YEAR, level=AreaLevel.WIJK)
    withheld = [replace(o, value=None, numerator=None, denominator=None, suppressed=True) for o in wijken]
    specs = [
        _map(mapped, VOLGENS_PLAN, AreaLevel.WIJK),  # coloured and grey areas
        _map(mapped, BIJSTAND, AreaLevel.WIJK),  # coloured only
        area_map_chart(withheld, shapes, unit=PER_1000, title="Bijstand per wijk"),  # grey only, with a title
    ]
    validator = jsonschema.Draft7Validator(core.load_schema())
    for spec in specs:
        errors = list(validator.iter_errors(spec))
        assert errors == [], [e.message for e in errors]

"""The funnel plot holds only published figures, with the stored limits at their sizes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import jsonschema
import pytest
from altair.vegalite.v6.schema import core

from duiding.analysis import Comparison
from duiding.charts import area_bar_chart, funnel_chart, funnel_points, position_word
from duiding.privacy import ProtectedObservation

START, END = date(2023, 1, 1), date(2023, 12, 31)


def _observation(code: str, level: str, numerator: float, denominator: float) -> ProtectedObservation:
    return ProtectedObservation(
        monitor="m",
        indicator="i",
        period_start=START,
        period_end=END,
        area_level=level,
        area_code=code,
        area_name=f"{level.capitalize()} {code}",
        breakdown="totaal",
        breakdown_value="",
        numerator=numerator,
        denominator=denominator,
        value=numerator / denominator * 1000,
        ci_low=None,
        ci_high=None,
        suppressed=False,
    )


def _comparison(observation: ProtectedObservation, band: str, reference: float = 30.0) -> Comparison:
    spread = 1000 / observation.denominator**0.5 if observation.denominator else 0.0
    return Comparison(
        indicator="i",
        kind="gemeente",
        period_start=START,
        period_end=END,
        area_level=observation.area_level,
        area_code=observation.area_code,
        breakdown="totaal",
        breakdown_value="",
        reference_start=START,
        reference_end=END,
        reference_code="GM0001",
        value=observation.value or 0.0,
        reference=reference,
        difference=(observation.value or 0.0) - reference,
        p_value=0.5,
        limit95_low=reference - 2 * spread,
        limit95_high=reference + 2 * spread,
        limit998_low=reference - 3 * spread,
        limit998_high=reference + 3 * spread,
        band=band,
        significant=band != "binnen",
        relevant=True,
        artefact="",
    )


@pytest.fixture
def areas() -> tuple[list[ProtectedObservation], list[Comparison], ProtectedObservation]:
    gemeente = _observation("GM0001", "gemeente", 3000, 100_000)
    wijk = _observation("WK000101", "wijk", 900, 20_000)
    buurt = _observation("BU00010101", "buurt", 40, 1_000)
    hidden = replace(
        _observation("BU00010102", "buurt", 3, 86_421),
        numerator=None,
        denominator=None,
        value=None,
        suppressed=True,
        reason="primary",
    )
    # the analysis of the figures before protection could hold a comparison for the hidden cell
    hidden_comparison = _comparison(_observation("BU00010102", "buurt", 3, 86_421), "99.8")
    observations = [gemeente, wijk, buurt, hidden]
    comparisons = [_comparison(wijk, "99.8"), _comparison(buurt, "binnen"), hidden_comparison]
    return observations, comparisons, gemeente


def _layers(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The layers by mark type: line (limits), rule (gemeente), point (areas)."""
    return {layer["mark"]["type"]: layer for layer in spec["layer"]}


def test_points_are_the_published_areas_only(areas: Any) -> None:
    observations, comparisons, gemeente = areas
    spec = funnel_chart(
        observations,
        comparisons,
        unit="per 1.000 inwoners",
        size_label="Inwoners",
        reference=gemeente,
        reference_label="Gemeente Test",
    )
    assert spec is not None
    points = _layers(spec)["point"]["data"]["values"]
    assert [(p["code"], p["grootte"], p["waarde"]) for p in points] == [
        ("BU00010101", 1000.0, 40.0),
        ("WK000101", 20000.0, 45.0),
    ]
    assert "86421" not in str(spec) and "BU00010102" not in str(spec)
    assert points[1]["beschrijving"] == (
        "Wijk WK000101: 45,0 per 1.000 inwoners (inwoners: 20.000); ten opzichte van de gemeente: duidelijk hoger"
    )


def test_limits_are_drawn_at_the_published_sizes(areas: Any) -> None:
    observations, comparisons, gemeente = areas
    spec = funnel_chart(
        observations,
        comparisons,
        unit="per 1.000 inwoners",
        size_label="Inwoners",
        reference=gemeente,
        reference_label="Gemeente Test",
    )
    assert spec is not None
    lines = _layers(spec)["line"]["data"]["values"]
    assert {row["grootte"] for row in lines} == {1000.0, 20000.0}
    by_code = {c.area_code: c for c in comparisons}
    wijk = by_code["WK000101"]
    at_wijk = {row["lijn"]: row["waarde"] for row in lines if row["grootte"] == 20000.0}
    assert at_wijk == {
        "95%-grenzen onder": wijk.limit95_low,
        "95%-grenzen boven": wijk.limit95_high,
        "99,8%-grenzen onder": wijk.limit998_low,
        "99,8%-grenzen boven": wijk.limit998_high,
    }
    rule = _layers(spec)["rule"]["data"]["values"]
    assert rule == [{"waarde": 30.0, "grens": "Gemeente", "beschrijving": "Gemeente Test: 30,0 per 1.000 inwoners"}]
    assert spec["description"].startswith("Trechterdiagram")


def test_no_funnel_without_limits(areas: Any) -> None:
    observations, comparisons, gemeente = areas
    without = [replace(c, limit95_low=None) for c in comparisons]
    assert funnel_points(observations, without) == []
    assert (
        funnel_chart(observations, without, unit="", size_label="Aantal", reference=gemeente, reference_label="")
        is None
    )


@pytest.mark.parametrize(
    ("band", "value", "word"),
    [
        ("binnen", 50.0, "binnen de marge"),
        ("95", 50.0, "hoger"),
        ("95", 10.0, "lager"),
        ("99.8", 50.0, "duidelijk hoger"),
        ("99.8", 10.0, "duidelijk lager"),
        ("", 50.0, ""),
    ],
)
def test_position_word_follows_the_band(band: str, value: float, word: str, areas: Any) -> None:
    comparison = replace(areas[1][0], band=band, value=value, reference=30.0)
    assert position_word(comparison) == word


def test_specs_are_valid_vega_lite(areas: Any) -> None:
    """Pages build specs without Altair's schema check (it is slow); the check is here instead."""
    observations, comparisons, gemeente = areas
    funnel = funnel_chart(
        observations, comparisons, unit="%", size_label="Inwoners", reference=gemeente, reference_label="Gemeente"
    )
    bars = area_bar_chart(observations[1:3], unit="%", reference=gemeente, reference_label="Gemeente")
    schema = core.load_schema()
    for spec in (funnel, bars):
        assert spec is not None
        errors = list(jsonschema.Draft7Validator(schema).iter_errors(spec))
        assert errors == [], [e.message for e in errors]

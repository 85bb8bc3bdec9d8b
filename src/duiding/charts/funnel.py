"""Funnel plot: is a wijk's or buurt's figure unusual for its size?

Each area is a point (x = the size its figure rests on, the denominator; y = its value);
the gemeente value is a horizontal line and the stored funnel limits (95% and 99.8%, from
the analysis layer's ``gemeente`` comparisons) are drawn as lines through the limits at each
area's size. Only protected observations that carry a figure become points, and a limit is
drawn only at the size of such a point: a withheld cell gives neither its value nor its size.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import altair as alt

from duiding.charts.spec import spec_of
from duiding.numbers import nl_number, with_unit
from duiding.privacy import ProtectedObservation

LEVEL_NAMES = {"wijk": "Wijk", "buurt": "Buurt"}
LIMITS = (("95%-grenzen", "limit95_low", "limit95_high"), ("99,8%-grenzen", "limit998_low", "limit998_high"))
REFERENCE = "Gemeente"
DASHES = alt.Scale(domain=[REFERENCE, *(label for label, _, _ in LIMITS)], range=[[1, 0], [6, 3], [2, 2]])
"""Lines told apart by their dash, not only by colour: solid gemeente, dashed 95%, dotted 99.8%."""


class Comparison(Protocol):
    """An area set against the gemeente, as the analysis layer stores it (``duiding.analysis.Comparison``)."""

    @property
    def kind(self) -> str: ...
    @property
    def area_code(self) -> str: ...
    @property
    def value(self) -> float: ...
    @property
    def reference(self) -> float: ...
    @property
    def band(self) -> str:
        """'binnen', '95', '99.8', or '' when the area could not be compared."""

    @property
    def limit95_low(self) -> float | None: ...
    @property
    def limit95_high(self) -> float | None: ...
    @property
    def limit998_low(self) -> float | None: ...
    @property
    def limit998_high(self) -> float | None: ...


def position_word(comparison: Comparison | None) -> str:
    """How an area's figure stands against the gemeente: 'hoger', 'duidelijk lager', 'binnen de marge' or ''."""
    if comparison is None or comparison.band == "":
        return ""
    if comparison.band == "binnen":
        return "binnen de marge"
    side = "hoger" if comparison.value > comparison.reference else "lager"
    return f"duidelijk {side}" if comparison.band == "99.8" else side


def _with_limits(comparison: Comparison) -> bool:
    bounds = (comparison.limit95_low, comparison.limit95_high, comparison.limit998_low, comparison.limit998_high)
    return all(b is not None for b in bounds)


def funnel_points(
    observations: Sequence[ProtectedObservation], comparisons: Sequence[Comparison]
) -> list[tuple[ProtectedObservation, Comparison]]:
    """The areas a funnel can show: published figure and size, and a comparison with limits, smallest first."""
    by_area = {c.area_code: c for c in comparisons if c.kind == "gemeente" and _with_limits(c)}
    found = [
        (o, by_area[o.area_code])
        for o in observations
        if not o.suppressed
        and o.value is not None
        and o.denominator is not None
        and o.area_level in LEVEL_NAMES
        and o.area_code in by_area
    ]
    return sorted(found, key=lambda pair: (pair[0].denominator or 0.0, pair[0].area_code))


def _point(observation: ProtectedObservation, comparison: Comparison, unit: str, size_label: str) -> dict[str, Any]:
    size, value = float(observation.denominator or 0.0), float(observation.value or 0.0)
    word = position_word(comparison) or "niet te vergelijken"
    return {
        "gebied": observation.area_name,
        "code": observation.area_code,
        "niveau": LEVEL_NAMES[observation.area_level],
        "grootte": size,
        "waarde": value,
        "oordeel": word,
        "beschrijving": (
            f"{observation.area_name}: {with_unit(value, unit)} ({size_label.lower()}: {nl_number(size, 0)}); "
            f"ten opzichte van de gemeente: {word}"
        ),
    }


def _limit_rows(pairs: Sequence[tuple[ProtectedObservation, Comparison]]) -> list[dict[str, Any]]:
    rows = []
    for observation, comparison in pairs:
        for label, low, high in LIMITS:
            for side, field in (("onder", low), ("boven", high)):
                rows.append(
                    {
                        "grootte": float(observation.denominator or 0.0),
                        "waarde": getattr(comparison, field),
                        "grens": label,
                        "lijn": f"{label} {side}",
                        "beschrijving": f"{label[:-2]}, {side}kant",
                    }
                )
    return rows


def funnel_chart(
    observations: Sequence[ProtectedObservation],
    comparisons: Sequence[Comparison],
    *,
    unit: str,
    size_label: str,
    reference: ProtectedObservation | None,
    reference_label: str,
) -> dict[str, Any] | None:
    """A funnel plot of wijken and buurten against the gemeente; None when no comparison has limits."""
    pairs = funnel_points(observations, comparisons)
    if not pairs:
        return None
    axis_title = unit[:1].upper() + unit[1:]
    # a log scale: buurten of a few hundred and wijken of fifty thousand both stay readable
    x = alt.X(
        "grootte:Q",
        title=f"{size_label} (logaritmische schaal)",
        scale=alt.Scale(type="log"),
        axis=alt.Axis(format=",~f", aria=False, tickCount=6),
    )
    y = alt.Y("waarde:Q", title=axis_title, axis=alt.Axis(format=",.1~f", aria=False), scale=alt.Scale(zero=False))
    limits = (
        alt.Chart(alt.Data(name="grenzen"))
        .mark_line(color="#595959", strokeWidth=1.5)
        .encode(
            x=x,
            y=y,
            detail="lijn:N",
            strokeDash=alt.StrokeDash("grens:N", title="Lijnen", scale=DASHES),
            description="beschrijving:N",
        )
    )
    points = (
        alt.Chart(alt.Data(name="gebieden"))
        .mark_point(filled=True, size=70, opacity=0.85)
        .encode(
            x=x,
            y=y,
            shape=alt.Shape(
                "niveau:N", title="Gebied", scale=alt.Scale(domain=["Wijk", "Buurt"], range=["square", "circle"])
            ),
            color=alt.Color(
                "niveau:N", title="Gebied", scale=alt.Scale(domain=["Wijk", "Buurt"], range=["#1f5c99", "#6b6b6b"])
            ),
            description="beschrijving:N",
            tooltip=[
                alt.Tooltip("gebied:N", title="Gebied"),
                alt.Tooltip("grootte:Q", title=size_label, format=",~f"),
                alt.Tooltip("waarde:Q", title=axis_title, format=",.1f"),
                alt.Tooltip("oordeel:N", title="Ten opzichte van de gemeente"),
            ],
        )
    )
    layers: list[alt.Chart] = [limits]
    if reference is not None and reference.value is not None:
        rule_data = {
            "waarde": reference.value,
            "grens": REFERENCE,
            "beschrijving": f"{reference_label}: {with_unit(reference.value, unit)}",
        }
        rule = (
            alt.Chart(alt.Data(values=[rule_data]))
            .mark_rule(color="#b3261e", strokeWidth=2)
            .encode(
                y="waarde:Q",
                strokeDash=alt.StrokeDash("grens:N", title="Lijnen", scale=DASHES),
                description="beschrijving:N",
            )
        )
        layers.append(rule)
    layers.append(points)
    chart = alt.layer(*layers).properties(width="container", height=360)
    rows = {"grenzen": _limit_rows(pairs), "gebieden": [_point(o, c, unit, size_label) for o, c in pairs]}
    spec = spec_of(chart, rows)
    spec["description"] = f"Trechterdiagram: {axis_title.lower()} per wijk en buurt tegen {size_label.lower()}"
    return spec

"""Charts of one indicator."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt

from duiding.charts.spec import spec_of
from duiding.numbers import with_unit
from duiding.privacy import ProtectedObservation

VALUE_FORMAT = ",.1f"


def _described(chart: alt.Chart, *, label_field: str, unit: str) -> alt.Chart:
    """Give each mark a Dutch description for screen readers ('Wijk 01 West: 24,4 per 1.000 inwoners')."""
    expression = f"datum.{label_field} + ': ' + format(datum.waarde, '{VALUE_FORMAT}') + ' {unit}'"
    return chart.transform_calculate(beschrijving=expression).encode(description="beschrijving:N")


def area_bar_chart(
    observations: Sequence[ProtectedObservation],
    *,
    unit: str,
    reference: ProtectedObservation | None = None,
    reference_label: str = "",
) -> dict[str, Any]:
    """Horizontal bars, one per area, with the reference area (gemeente) as a rule.

    Only protected observations go in; suppressed and missing cells get no bar (the
    table beside the chart says why).
    """
    values = [
        {"gebied": o.area_name, "code": o.area_code, "waarde": o.value} for o in observations if o.value is not None
    ]
    axis_title = unit[:1].upper() + unit[1:]
    bars = alt.Chart(alt.Data(name="gebieden")).mark_bar(color="#1f5c99")
    bars = _described(bars, label_field="gebied", unit=unit).encode(
        x=alt.X("waarde:Q", title=axis_title, axis=alt.Axis(format=",.1~f", aria=False)),
        y=alt.Y("gebied:N", sort="-x", title=None, axis=alt.Axis(aria=False)),
        tooltip=[
            alt.Tooltip("gebied:N", title="Gebied"),
            alt.Tooltip("waarde:Q", title=axis_title, format=VALUE_FORMAT),
        ],
    )
    chart: alt.Chart | alt.LayerChart = bars
    if reference is not None and reference.value is not None:
        rule_data = alt.Data(values=[{"waarde": reference.value, "label": reference_label}])
        rule = alt.Chart(rule_data).mark_rule(color="#b3261e", strokeWidth=2, strokeDash=[6, 3])
        rule = _described(rule, label_field="label", unit=unit).encode(
            x="waarde:Q",
            tooltip=[
                alt.Tooltip("label:N", title="Referentie"),
                alt.Tooltip("waarde:Q", title=axis_title, format=VALUE_FORMAT),
            ],
        )
        chart = alt.layer(bars, rule)
    spec = spec_of(chart.properties(width="container", height=alt.Step(28)), {"gebieden": values})
    spec["description"] = f"Staafdiagram: {axis_title.lower()} per gebied"
    return spec


def group_bar_chart(groups: Sequence[tuple[str, float]], *, unit: str, digits: int = 1) -> dict[str, Any]:
    """Horizontal bars, one per group of a breakdown (vorm, aanbieder, leeftijd), in the given order.

    Only shown figures go in; the table beside the chart says which groups have none and why.
    """
    axis_title = unit[:1].upper() + unit[1:]
    values = [
        {"groep": label, "waarde": value, "beschrijving": f"{label}: {with_unit(value, unit, digits)}"}
        for label, value in groups
    ]
    bars = alt.Chart(alt.Data(name="groepen")).mark_bar(color="#1f5c99")
    bars = bars.encode(
        x=alt.X(
            "waarde:Q",
            title=axis_title,
            axis=alt.Axis(format=",.1~f", aria=False, labelFontSize=12, titleFontSize=12, tickCount=5),
        ),
        y=alt.Y("groep:N", sort=None, title=None, axis=alt.Axis(aria=False, labelFontSize=12, labelLimit=220)),
        description="beschrijving:N",
        tooltip=[alt.Tooltip("groep:N", title="Groep"), alt.Tooltip("beschrijving:N", title="Cijfer")],
    )
    spec = spec_of(bars.properties(width="container", height=alt.Step(28)), {"groepen": values})
    spec["description"] = f"Staafdiagram: {axis_title.lower()} per groep"
    return spec

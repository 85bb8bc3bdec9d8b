"""The time series of one indicator: measured figures with their 95% band, forecast and target."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import altair as alt

from duiding.charts.spec import spec_of
from duiding.numbers import nl_number, with_unit

MEASURED_COLOR = "#1f5c99"
FORECAST_COLOR = "#6b4c9a"
TARGET_COLOR = "#1e7a34"
BREAK_COLOR = "#5c5c5c"
FONT_SIZE = 12
"""Chart text is at least 12 px (axes, labels, legend)."""


@dataclass(frozen=True)
class SeriesPoint:
    """One period of the series: measured (``forecast`` False) or forecast."""

    start: date
    label: str
    """The period in words, e.g. '2023' or '1e kwartaal 2024'."""
    value: float | None
    """None when it is withheld or missing: the line then has a gap there."""
    low: float | None
    high: float | None
    forecast: bool = False
    withheld: bool = False
    """No value because disclosure control withheld it (else: the source did not publish it)."""


def time_series_chart(
    points: Sequence[SeriesPoint],
    *,
    unit: str,
    target: float | None = None,
    target_label: str = "",
    breaks: Sequence[tuple[date, str]] = (),
    digits: int = 1,
) -> dict[str, Any]:
    """A line of the measured figures with their 95% interval as a band, the forecast dashed with
    its prediction interval, the target as a horizontal line and changes of indeling or source as
    vertical rules. Every mark has a Dutch description for screen readers."""
    axis_title = unit[:1].upper() + unit[1:]
    rows = [
        {
            "periode": p.start.isoformat(),
            "label": p.label,
            "waarde": p.value,
            "laag": p.low,
            "hoog": p.high,
            "soort": "verwachting" if p.forecast else "gemeten",
            "beschrijving": _description(p, unit, digits),
        }
        for p in points
    ]
    x = alt.X(
        "periode:T", title=None, axis=alt.Axis(format="%Y", labelFontSize=FONT_SIZE, aria=False, tickCount="year")
    )
    y_axis = alt.Axis(format=",.1~f", title=axis_title, labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, aria=False)
    base = alt.Chart(alt.Data(name="reeks"))
    layers: list[alt.Chart] = []
    for kind, color in (("gemeten", MEASURED_COLOR), ("verwachting", FORECAST_COLOR)):
        part = base.transform_filter(f"datum.soort == '{kind}'")
        band = part.transform_filter("datum.laag != null && datum.hoog != null").mark_area(
            color=color, opacity=0.18, aria=False
        )
        layers.append(band.encode(x=x, y=alt.Y("laag:Q", axis=y_axis, scale=alt.Scale(zero=False)), y2="hoog:Q"))
        line = part.mark_line(color=color, strokeWidth=2, strokeDash=[6, 4] if kind == "verwachting" else [1, 0])
        layers.append(line.encode(x=x, y="waarde:Q", description="beschrijving:N"))
        dots = part.transform_filter("datum.waarde != null").mark_point(color=color, filled=True, size=50)
        layers.append(
            dots.encode(
                x=x,
                y="waarde:Q",
                description="beschrijving:N",
                tooltip=[alt.Tooltip("label:N", title="Periode"), alt.Tooltip("beschrijving:N", title="Cijfer")],
            )
        )
    extra: dict[str, list[dict[str, Any]]] = {}
    if target is not None:
        extra["doel"] = [{"waarde": target, "beschrijving": f"{target_label}: {with_unit(target, unit, digits)}"}]
        rule = alt.Chart(alt.Data(name="doel")).mark_rule(color=TARGET_COLOR, strokeWidth=2, strokeDash=[2, 2])
        layers.append(rule.encode(y="waarde:Q", description="beschrijving:N"))
    if breaks:
        extra["breuken"] = [{"periode": when.isoformat(), "beschrijving": text} for when, text in breaks]
        rule = alt.Chart(alt.Data(name="breuken")).mark_rule(color=BREAK_COLOR, strokeWidth=1, strokeDash=[4, 4])
        layers.append(rule.encode(x=alt.X("periode:T"), description="beschrijving:N"))
    chart = alt.layer(*layers).properties(width="container", height=260)
    spec = spec_of(chart, {"reeks": rows, **extra})
    spec["description"] = f"Lijngrafiek: {axis_title.lower()} door de tijd, met het 95%-interval als band"
    return spec


def _description(point: SeriesPoint, unit: str, digits: int) -> str:
    if point.value is None:
        return f"{point.label}: geen cijfer dat getoond kan worden"
    text = f"{point.label} ({'verwachting' if point.forecast else 'gemeten'}): {with_unit(point.value, unit, digits)}"
    if point.low is not None and point.high is not None:
        text += f", 95%-interval {nl_number(point.low, digits)} tot {nl_number(point.high, digits)}"
    return text

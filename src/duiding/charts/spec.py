"""From an Altair chart to the Vega-Lite spec a page embeds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt


def spec_of(chart: alt.TopLevelMixin, data: Mapping[str, Sequence[dict[str, Any]]] | None = None) -> dict[str, Any]:
    """The chart's Vega-Lite spec, with the rows of each named data set (``alt.Data(name=…)``) put inline.

    Altair neither checks the spec against the schema nor walks the rows here: both cost more
    than building the rest of a page. tests/charts validates every kind of spec instead.
    """
    spec: dict[str, Any] = dict(chart.to_dict(validate=False))
    for part in [spec, *spec.get("layer", [])]:
        name = part.get("data", {}).get("name")
        if data is not None and name in data:
            part["data"] = {"values": list(data[name])}
    return spec

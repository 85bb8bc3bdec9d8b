"""The map of an indicator's wijken or buurten: the stored boundaries joined to the protected figures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from duiding.charts import area_map_chart
from duiding.definitions.models import AreaLevel
from duiding.geography.boundaries import shapes_list
from duiding.privacy import ProtectedObservation
from duiding.workspace import Workspace


def area_map(
    ws: Workspace,
    *,
    observations: Sequence[ProtectedObservation],
    level: AreaLevel,
    year: int,
    unit: str,
    digits: int = 1,
) -> dict[str, Any] | None:
    """The Vega-Lite map of ``level`` for ``year`` (shapes of the latest boundary year not after it).

    ``observations`` are the protected figures of one indicator, period and breakdown value
    (other levels are ignored). None when the workspace has no shapes for the level or no
    observation has a shape (another indeling): the page then shows no map, the table stays.
    Areas with a shape but no observation are drawn as *geen cijfer*.
    """
    rows = [o for o in observations if o.area_level == level.value]
    codes = [o.area_code for o in rows]
    if len(set(codes)) != len(codes):
        raise ValueError("area_map: één cijfer per gebied (een indicator, periode en uitsplitsing)")
    shapes = shapes_list(ws.warehouse_path, year=year, level=level)
    if not {s.code for s in shapes} & set(codes):
        return None
    return area_map_chart(rows, shapes, unit=unit, digits=digits)

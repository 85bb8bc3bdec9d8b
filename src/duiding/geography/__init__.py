"""Areas: gemeente → wijk → buurt, per year, with CBS codes."""

from __future__ import annotations

from duiding.geography.areas import (
    Area,
    IndelingBreak,
    area_level_of,
    area_list,
    area_names,
    area_parent_code,
    areas_refresh,
    breaks_list,
)

__all__ = [
    "Area",
    "IndelingBreak",
    "area_level_of",
    "area_list",
    "area_names",
    "area_parent_code",
    "areas_refresh",
    "breaks_list",
]

"""An indicator by one breakdown (vorm, aanbieder, leeftijd, …) for one area and period."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from duiding.charts import group_bar_chart
from duiding.definitions.models import Indicator
from duiding.presentation import wording
from duiding.presentation.errors import BadParameter
from duiding.privacy import ProtectedObservation
from duiding.warehouse import TOTAL


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    """The group, e.g. 'pleegzorg', '12 tot 18 jaar'."""
    observation: ProtectedObservation
    interval: str
    """The 95% interval in words ('' without one)."""


@dataclass(frozen=True)
class BreakdownView:
    id: str
    label: str
    """The breakdown's Dutch heading, e.g. 'Vorm van jeugdzorg'."""
    area_code: str
    area_name: str
    rows: list[BreakdownRow]
    total: ProtectedObservation | None
    """The area's figure over all groups."""
    chart: dict[str, Any] | None
    """Bars per group; None when no group has a figure that can be shown."""
    choices: list[tuple[str, str]]
    """Every breakdown of the indicator with figures: (id, label)."""
    areas: list[tuple[str, str]]
    """The areas the breakdown is published for in this period: (code, name), the gemeente first."""

    @property
    def withheld(self) -> int:
        return sum(1 for row in self.rows if row.observation.suppressed)


def breakdown_view(
    indicator: Indicator,
    observations: Sequence[ProtectedObservation],
    *,
    breakdown: str | None,
    area: str | None,
    gemeente_code: str,
) -> BreakdownView | None:
    """The groups of one breakdown (default: the first with figures) for one area (default: the
    gemeente), from the protected observations of one period. None when the indicator has no
    breakdown with figures; an unknown breakdown or area is refused in Dutch."""
    present = {o.breakdown for o in observations if o.breakdown != TOTAL}
    choices = [(b.id, b.label or b.id) for b in indicator.breakdowns if b.id in present]
    if not choices:
        if breakdown:
            raise BadParameter(f"Deze indicator is niet uitgesplitst naar '{breakdown[:40]}'.")
        return None
    chosen = breakdown or choices[0][0]
    label = dict(choices).get(chosen)
    if label is None:
        offered = ", ".join(f"'{i}' ({name.lower()})" for i, name in choices)
        raise BadParameter(
            f"Deze indicator is niet uitgesplitst naar '{chosen[:40]}'. Kies een van: {offered}; of laat de "
            "uitsplitsing weg."
        )
    split = [o for o in observations if o.breakdown == chosen]
    names = {o.area_code: o.area_name for o in split}
    levels = {o.area_code: o.area_level for o in split}
    areas = sorted(names.items(), key=lambda item: (levels[item[0]] != "gemeente", item[1]))
    code = area or (gemeente_code if gemeente_code in names else areas[0][0])
    if code not in names:
        raise BadParameter(
            f"Voor het gebied '{code[:40]}' is deze uitsplitsing niet beschikbaar in deze periode. Kies de gemeente "
            "of een wijk uit de lijst op de pagina."
        )
    places = wording.digits(indicator)
    rows = [
        BreakdownRow(o.breakdown_value, o, wording.interval_text(o.ci_low, o.ci_high, places))
        for o in sorted((o for o in split if o.area_code == code), key=lambda o: _group_order(o.breakdown_value))
    ]
    total = next((o for o in observations if o.area_code == code and o.breakdown == TOTAL), None)
    shown = [(row.label, row.observation.value) for row in rows if row.observation.value is not None]
    chart = group_bar_chart(shown, unit=indicator.unit, digits=places) if shown else None
    return BreakdownView(chosen, label, code, names[code], rows, total, chart, choices, areas)


def _group_order(label: str) -> tuple[bool, float, str]:
    """Groups that start with a number (age groups) by that number, then the rest by name."""
    digits = ""
    for char in label:
        if not char.isdigit():
            break
        digits += char
    return (not digits, float(digits) if digits else 0.0, label)

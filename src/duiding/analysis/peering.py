"""Which indicators of a monitor can be set among comparable municipalities.

An indicator qualifies when it is a rate of two published (CBS) variables that the national
reference file also holds (``peers.PEER_VARIABLES``): then the same rate can be computed for
every municipality in the same year, with the same definitions.
"""

from __future__ import annotations

from duiding.analysis.peers import PEER_VARIABLES, PeerGroup, PeerPosition, peer_position
from duiding.definitions.models import Measure, Monitor, RateFormula, Source, SourceKind


def _published(measure: Measure, sources: dict[str, Source]) -> str | None:
    source = sources.get(measure.source)
    if source is None or source.kind is not SourceKind.AGGREGATE or not isinstance(measure.variable, str):
        return None
    return measure.variable if measure.variable in PEER_VARIABLES else None


def monitor_peer_positions(
    monitor: Monitor, sources: dict[str, Source], group: PeerGroup | None
) -> list[tuple[str, PeerPosition]]:
    """``(indicator id, position)`` for every indicator the reference file allows."""
    if group is None:
        return []
    found = []
    for indicator in monitor.indicators:
        formula = indicator.formula
        if not isinstance(formula, RateFormula):
            continue
        numerator, denominator = _published(formula.numerator, sources), _published(formula.denominator, sources)
        if numerator is None or denominator is None:
            continue
        position = peer_position(group, numerator=numerator, denominator=denominator, per=float(formula.per))
        if position is not None:
            found.append((indicator.id, position))
    return found

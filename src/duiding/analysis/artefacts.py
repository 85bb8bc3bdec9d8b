"""Registration artefacts: a jump over time that coincides with a change in how figures came about.

Such a jump is marked, not reported as a real change:

- a change of registration declared on the source (``changes`` in ``sources/*.yaml``: a new
  system, definition or provider) that took effect after the earlier period ended and by
  the end of the later one;
- a new indeling of wijken or buurten between the two periods (``area_breaks``), for
  comparisons of wijken or buurten;
- figures computed from different loads of a source (their lineage differs).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from duiding.analysis.text import nl_date
from duiding.definitions.models import Monitor, Source
from duiding.geography.areas import IndelingBreak

_LEVEL_WORD = {"wijk": "wijkindeling", "buurt": "buurtindeling"}


def _changes(monitor: Monitor, sources: dict[str, Source]) -> dict[str, list[tuple[date, str]]]:
    found: dict[str, list[tuple[date, str]]] = {}
    for indicator in monitor.indicators:
        for source_id in indicator.sources:
            source = sources.get(source_id)
            for change in source.changes if source is not None else ():
                text = f"{change.description} ({source.title}, vanaf {nl_date(change.date)})" if source else ""
                found.setdefault(indicator.id, []).append((change.date, text))
    return found


def artefact_reasons(
    comparisons: pd.DataFrame, monitor: Monitor, sources: dict[str, Source], breaks: Sequence[IndelingBreak]
) -> pd.Series:
    """Per comparison over time the Dutch reason it may be an artefact, or ``''``."""
    reasons = pd.Series("", index=comparisons.index, dtype=object)
    if comparisons.empty:
        return reasons
    ref_end = pd.to_datetime(comparisons["reference_end"])
    end = pd.to_datetime(comparisons["period_end"])
    for indicator, changes in _changes(monitor, sources).items():
        mine = comparisons["indicator"] == indicator
        for day, text in changes:
            moment = pd.Timestamp(day)
            hit = mine & (ref_end < moment) & (end >= moment) & (reasons == "")
            reasons[hit] = f"een wijziging in de registratie: {text}"
    ref_year = pd.to_datetime(comparisons["reference_start"]).dt.year
    year = pd.to_datetime(comparisons["period_start"]).dt.year
    for item in breaks:
        level = item.level.value
        if item.added + item.removed == 0 or level not in _LEVEL_WORD:
            continue
        hit = (comparisons["area_level"] == level) & (ref_year < item.year) & (year >= item.year)
        hit &= reasons == ""
        reasons[hit] = f"een nieuwe {_LEVEL_WORD[level]} in {item.year}"
    lineage = comparisons["load_ids"].astype(str) != comparisons["reference_load_ids"].astype(str)
    reasons[lineage & (reasons == "")] = "een nieuwe versie van de bron (andere levering)"
    return reasons

"""The wijk profile: every indicator of a monitor for one wijk, against the gemeente and the other wijken."""

from __future__ import annotations

from dataclasses import dataclass

from duiding.analysis import comparison_list
from duiding.charts import position_word
from duiding.definitions import sources_load
from duiding.definitions.models import CountFormula, Indicator, Monitor
from duiding.periods import period_key, period_label
from duiding.presentation import wording
from duiding.presentation.errors import BadParameter
from duiding.privacy import SUPPRESSION_EXPLANATION, ProtectedObservation, indicator_min_count, observation_list
from duiding.warehouse import TOTAL
from duiding.workspace import Workspace


@dataclass(frozen=True)
class ProfileItem:
    indicator: Indicator
    period: str
    """The indicator's latest period with figures for the wijken, in words ('' without figures)."""
    period_key: str
    wijk: ProtectedObservation | None
    gemeente: ProtectedObservation | None
    interval: str
    position: str
    """'hoger', 'duidelijk lager', 'binnen de marge' against the gemeente, '' when not compared."""
    rank: str
    """'3e van 10 wijken' (1 = the highest value), '' when the wijk has no figure to rank."""
    comparable: bool
    """False for counts: a wijk's count is a part of the gemeente's, not comparable with it."""
    suppression_text: str
    simulated: bool = False
    """Its figures come from generated demonstration data."""

    @property
    def value_format(self) -> str:
        return wording.value_format(self.indicator)


@dataclass(frozen=True)
class ProfileGroup:
    question: str
    items: list[ProfileItem]


@dataclass(frozen=True)
class WijkProfile:
    monitor: Monitor
    area_code: str
    """'' when no wijk is chosen yet: the page then offers the list."""
    area_name: str
    groups: list[ProfileGroup]
    wijken: list[tuple[str, str]]
    """Every wijk of the monitor's figures: (code, name), by name."""


def wijk_profile(ws: Workspace, monitor: Monitor, *, area: str | None) -> WijkProfile:
    """Per question of ``monitor``, each indicator's latest figure for wijk ``area`` with the gemeente's,
    where it stands against the gemeente and its place among the wijken. Without ``area``, only the
    list of wijken to choose from."""
    wijk_rows = [
        o for o in observation_list(ws, monitor=monitor.id, area_level="wijk", solve=False) if o.breakdown == TOTAL
    ]
    wijken = sorted({(o.area_code, o.area_name) for o in wijk_rows}, key=lambda item: item[1])
    names = dict(wijken)
    if not area:
        return WijkProfile(monitor, "", "", [], wijken)
    if area not in names:
        raise BadParameter(
            f"De monitor {monitor.title} heeft geen cijfers voor een wijk met code '{area[:40]}'. Kies een wijk uit de "
            "lijst op de pagina."
        )
    gemeente_rows = [
        o for o in observation_list(ws, monitor=monitor.id, area_level="gemeente", solve=False) if o.breakdown == TOTAL
    ]
    sources = sources_load(ws.sources_dir)
    items: dict[str, ProfileItem] = {}
    for indicator in monitor.indicators:
        own = [o for o in wijk_rows if o.indicator == indicator.id]
        if not own:
            continue
        start, end = max((o.period_start, o.period_end) for o in own)
        latest = [o for o in own if (o.period_start, o.period_end) == (start, end)]
        wijk = next((o for o in latest if o.area_code == area), None)
        gemeente = next(
            (
                o
                for o in gemeente_rows
                if o.indicator == indicator.id and o.period_start == start and o.period_end == end
            ),
            None,
        )
        comparable = not isinstance(indicator.formula, CountFormula)
        position = ""
        if comparable and wijk is not None and wijk.value is not None:
            found = comparison_list(
                ws, monitor=monitor.id, indicator=indicator.id, period_start=start, kind="gemeente", area_code=area
            )
            position = position_word(next((c for c in found if c.breakdown == TOTAL and c.period_end == end), None))
        ranked = sorted((o.value for o in latest if o.value is not None), reverse=True)
        rank = ""
        if wijk is not None and wijk.value is not None and len(ranked) > 1:
            rank = f"{wording.rank_text(ranked.index(wijk.value) + 1, len(ranked))} wijken"
        places = wording.digits(indicator)
        items[indicator.id] = ProfileItem(
            indicator=indicator,
            period=period_label(start, end),
            period_key=period_key(start, end),
            wijk=wijk,
            gemeente=gemeente,
            interval=wording.interval_text(wijk.ci_low, wijk.ci_high, places) if wijk else "",
            position=position,
            rank=rank,
            comparable=comparable,
            suppression_text=SUPPRESSION_EXPLANATION.format(min_count=indicator_min_count(ws, indicator, monitor)),
            simulated=any(sources[s].simulated for s in indicator.sources if s in sources),
        )
    groups = []
    known = {q.id for q in monitor.questions}
    for question in monitor.questions:
        members = [items[i.id] for i in monitor.indicators if i.question == question.id and i.id in items]
        members.sort(key=lambda item: not item.indicator.need_to_know)  # need-to-know first, else in order
        groups.append(ProfileGroup(question.text, members))
    groups.append(
        ProfileGroup(
            "Overige indicatoren",
            [items[i.id] for i in monitor.indicators if i.id in items and i.question not in known],
        )
    )
    return WijkProfile(monitor, area, names[area], [g for g in groups if g.items], wijken)

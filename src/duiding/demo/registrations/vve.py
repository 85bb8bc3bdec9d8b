"""VVE: every toddler (2 or 3 years old) on the peildatum, with or without an indicatie.

Indicaties are more common where bijstand is high and in bijstand households; a toddler keeps
its indicatie on both peildata it is counted on.
"""

from __future__ import annotations

from datetime import date

from duiding.demo.registrations.assumptions import (
    VVE_DEELNAME,
    VVE_DEELNAME_OVERIG,
    VVE_DOELGROEP,
    VVE_DOELGROEP_BIJSTAND,
    VVE_NEW_NORM,
    VVE_PEILDATUM,
    VVE_UREN_NEW,
    VVE_UREN_OLD,
    VVE_UREN_OVERIG,
)
from duiding.demo.registrations.context import Context, Row
from duiding.demo.registrations.timeline import Draw, iso

_HOURS_OLD, _HOURS_NEW, _HOURS_OVERIG = Draw(VVE_UREN_OLD), Draw(VVE_UREN_NEW), Draw(VVE_UREN_OVERIG)


def vve_rows(ctx: Context) -> list[Row]:
    """The VVE registration (call after bijstand_rows: it reads who had bijstand)."""
    rng = ctx.rng("vve")
    population = ctx.population
    kwb = population.kwb
    wijk_reach = {w: rng.uniform(0.94, 1.06) for w in sorted({b.wijk for b in kwb.buurten})}
    indicatie: dict[int, bool] = {}
    rows: list[Row] = []
    month, day = VVE_PEILDATUM
    for year in range(ctx.start.year, ctx.end.year + 1):
        peildatum = date(year, month, day)
        if not ctx.start <= peildatum <= ctx.end:
            continue
        day_text = iso(peildatum.toordinal())
        for index, buurt in enumerate(kwb.buurten):
            base, slope = VVE_DOELGROEP
            chance = min(0.6, base + slope * kwb.bijstand_share(buurt))
            reach = wijk_reach[buurt.wijk]
            for child in range(*population.in_age(index, peildatum.toordinal(), 2, 3)):
                if child not in indicatie:
                    boost = VVE_DOELGROEP_BIJSTAND if population.vulnerable[child] else 0.0
                    indicatie[child] = rng.random() < max(chance, boost)
                doelgroep = indicatie[child]
                share = VVE_DEELNAME.get(year, VVE_DEELNAME[max(VVE_DEELNAME)]) if doelgroep else VVE_DEELNAME_OVERIG
                deelname = rng.random() < min(0.98, share * reach)
                hours = _HOURS_OVERIG
                if doelgroep:
                    hours = _HOURS_NEW if peildatum >= VVE_NEW_NORM else _HOURS_OLD
                rows.append(
                    {
                        "kind_id": ctx.ids.person(child),
                        "buurt_code": buurt.code,
                        "peildatum": day_text,
                        "doelgroep": doelgroep,
                        "deelname": deelname,
                        "uren_per_week": hours(rng) if deelname else None,
                    }
                )
    return rows

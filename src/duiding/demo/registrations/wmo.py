"""Wmo-maatwerkvoorzieningen: new clients per age band and buurt, each with one or more voorzieningen.

Use rises steeply with age; under 65, people in bijstand households are drawn more often
(stapeling). Hulpmiddelen are bought (ending at delivery) or lent, woonvoorzieningen end
once realised, the other voorzieningen run for months or years.
"""

from __future__ import annotations

import random
from datetime import date
from functools import partial

from duiding.demo.registrations.assumptions import (
    BIJSTAND_RISK,
    COVID_DIP,
    GESLACHT_ONBEKEND,
    KWB_REFERENCE,
    WMO_AANBIEDERS,
    WMO_DELIVERED,
    WMO_EXTRA,
    WMO_MAX_YEARS,
    WMO_MEDIAN_MONTHS,
    WMO_NEW_CLIENTS,
    WMO_NO_HOUSEHOLD,
    WMO_SOORT,
    WMO_TREND,
)
from duiding.demo.registrations.context import Context, Row
from duiding.demo.registrations.population import Population
from duiding.demo.registrations.timeline import Draw, Rhythm, age_on, below, iso, lognormal_days, ranked_draw, starts

Plan = list[tuple[str, int, int]]
"""A client's voorzieningen: (soort, start, end) with ordinals."""


_SOORT = {group: Draw(shares) for group, shares in WMO_SOORT.items()}
_OTHER_SOORT = {
    (group, soort): Draw({k: v for k, v in shares.items() if k != soort})
    for group, shares in WMO_SOORT.items()
    for soort in shares
}
_AANBIEDER = {soort: ranked_draw(names) for soort, names in WMO_AANBIEDERS.items()}


def _risk(population: Population, person: int) -> float:
    """Adults in bijstand households are drawn more often."""
    return 1.0 if population.vulnerable[person] else 1 / BIJSTAND_RISK


def _group(low: int) -> str:
    return "jong" if low < 18 else ("volwassen" if low < 65 else "oud")


def _duration(rng: random.Random, soort: str) -> int:
    if soort == "hulpmiddelen" and rng.random() < WMO_DELIVERED:
        return 7 + below(rng, 36)
    sigma = 0.5 if soort == "woonvoorziening" else 0.9
    return min(lognormal_days(rng, WMO_MEDIAN_MONTHS[soort], sigma), WMO_MAX_YEARS * 365)


def _plan(rng: random.Random, group: str, start: int) -> Plan:
    soort = _SOORT[group](rng)
    plan = [(soort, start, start + _duration(rng, soort))]
    if rng.random() < WMO_EXTRA[group]:
        extra, later = _OTHER_SOORT[group, soort](rng), start + below(rng, 365)
        plan.append((extra, later, later + _duration(rng, extra)))
    return plan


def wmo_rows(ctx: Context) -> list[Row]:
    """The Wmo registration (call after bijstand_rows: it reads who had bijstand)."""
    rng = ctx.rng("wmo")
    population = ctx.population
    first = date(ctx.start.year - WMO_MAX_YEARS, ctx.start.month, 1)
    rhythm = Rhythm.draw(rng, trend=WMO_TREND, first=ctx.start, last=ctx.end, shocks=COVID_DIP)
    reference = KWB_REFERENCE.toordinal()
    rows: list[Row] = []
    for low, high, rate in WMO_NEW_CLIENTS:
        group = _group(low)
        sizes = [len(range(*population.in_age(b, reference, low, high))) for b in range(len(population.span))]
        for buurt, start in starts(rng, rhythm, first, ctx.end, [n * rate / 12 for n in sizes]):
            plan = [p for p in _plan(rng, group, start) if p[2] >= ctx.first and p[1] <= ctx.last]
            if not plan:
                continue
            weight = partial(_risk, population) if group == "volwassen" else None
            person = population.pick(rng, buurt, start, (low, high), weight)
            if person is not None:
                rows += _voorzieningen(ctx, rng, person, buurt, plan)
    rows.sort(key=lambda r: (r["start"], r["buurt_code"], r["bsn"], r["soort"]))
    for number, row in enumerate(rows, start=1):
        row["voorziening_id"] = f"V{number:07d}"
    return rows


def _voorzieningen(ctx: Context, rng: random.Random, person: int, buurt: int, plan: Plan) -> list[Row]:
    population = ctx.population
    birth = population.birth[person]
    sex = "onbekend" if rng.random() < GESLACHT_ONBEKEND else ("vrouw" if population.female[person] else "man")
    household = None if rng.random() < WMO_NO_HOUSEHOLD else ctx.ids.household(population.household[person])
    rows = []
    for soort, start, end in plan:
        einde = ctx.open_end(end)
        ctx.wmo_clients.setdefault(person, []).append((start, einde))
        rows.append(
            {
                "bsn": ctx.ids.bsn(person),
                "huishouden_id": household,
                "buurt_code": population.kwb.buurten[buurt].code,
                "start": iso(start),
                "einde": None if einde is None else iso(einde),
                "soort": soort,
                "aanbieder": _AANBIEDER[soort](rng),
                "leeftijd": age_on(birth, start),
                "geslacht": sex,
            }
        )
    return rows

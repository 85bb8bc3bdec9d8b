"""Bijstandsuitkeringen: one row per recipient, a couple's partners sharing the household.

The inflow per buurt is set so that the uitkeringen running on 1 January of the KWB year
match the buurt's published persons with bijstand (in expectation); the simulation starts
``BIJSTAND_MAX_YEARS`` early so that the stock on the first day of the window is realistic.
"""

from __future__ import annotations

import math
import random
from datetime import date

from duiding.demo.registrations.assumptions import (
    AOW_AGE,
    BIJSTAND_AGE_WEIGHT,
    BIJSTAND_HUISHOUDTYPE,
    BIJSTAND_LONG,
    BIJSTAND_MAX_YEARS,
    BIJSTAND_SHORT,
    BIJSTAND_TREND,
    BIJSTAND_WERK,
    KWB_REFERENCE,
    PERSONS_PER_UITKERING,
)
from duiding.demo.registrations.context import Context, Row
from duiding.demo.registrations.population import step
from duiding.demo.registrations.timeline import (
    DAYS_PER_MONTH,
    Draw,
    Rhythm,
    age_on,
    below,
    iso,
    month_days,
    months,
    starts,
    years_before,
)

_PARTS = (BIJSTAND_SHORT, BIJSTAND_LONG)
_CAP = BIJSTAND_MAX_YEARS * 365
_HUISHOUDTYPE = Draw(BIJSTAND_HUISHOUDTYPE)


def _duration(rng: random.Random) -> int:
    """Days, from a mixture of short and long spells, below the cap."""
    mean = (BIJSTAND_SHORT if rng.random() < BIJSTAND_SHORT[0] else BIJSTAND_LONG)[1] * DAYS_PER_MONTH
    while True:
        days = max(1, round(rng.expovariate(1 / mean)))
        if days < _CAP:
            return days


def _survival(days: float) -> float:
    """Chance that a spell lasts longer than ``days`` (the capped mixture of _duration)."""
    if days >= _CAP:
        return 0.0
    total = 0.0
    for share, mean_months in _PARTS:
        mean = mean_months * DAYS_PER_MONTH
        cut = math.exp(-_CAP / mean)
        total += share * (math.exp(-days / mean) - cut) / (1 - cut)
    return total


def bijstand_rows(ctx: Context) -> list[Row]:
    rng = ctx.rng("bijstand")
    population = ctx.population
    first = date(ctx.start.year - BIJSTAND_MAX_YEARS, ctx.start.month, 1)
    rhythm = Rhythm.draw(rng, trend=BIJSTAND_TREND, first=ctx.start, last=ctx.end, shocks={})
    reference = KWB_REFERENCE.toordinal()
    per_unit = sum(
        rhythm.factor(y, m) * _survival(reference - (month_days(y, m)[0] + 15))
        for y, m in months(first, date.fromordinal(reference - 1))
    )
    rates = [
        population.kwb.bijstand_persons(buurt) / PERSONS_PER_UITKERING / per_unit for buurt in population.kwb.buurten
    ]
    busy: dict[int, int] = {}
    rows: list[Row] = []
    for buurt, start in starts(rng, rhythm, first, ctx.end, rates):
        duration = _duration(rng)
        if start + duration >= ctx.first:
            rows += _uitkering(ctx, rng, buurt, start, duration, busy)
    rows.sort(key=lambda r: (r["start"], r["buurt_code"], r["bsn"]))
    for number, row in enumerate(rows, start=1):
        row["uitkering_id"] = f"U{number:07d}"
    return rows


def _household(
    ctx: Context, rng: random.Random, buurt: int, start: int, busy: dict[int, int]
) -> tuple[int, str, list[int]] | None:
    """A household of a drawn type without a running uitkering, its type, and who receives it."""
    population = ctx.population
    for _ in range(3):
        kind = _HUISHOUDTYPE(rng)
        pool = population.by_kind[buurt][kind]
        for _ in range(30 if pool else 0):
            household = pool[below(rng, len(pool))]
            if busy.get(household, 0) >= start:
                continue
            adults = population.members[household][: 2 if kind.startswith("paar") else 1]
            ages = [age_on(population.birth[p], start) for p in adults]
            recipients = [p for p, age in zip(adults, ages, strict=True) if 18 <= age < AOW_AGE]
            if recipients and rng.random() < step(BIJSTAND_AGE_WEIGHT, max(ages)):
                return household, kind, recipients
    return None


def _uitkering(
    ctx: Context, rng: random.Random, buurt: int, start: int, duration: int, busy: dict[int, int]
) -> list[Row]:
    """The rows of one uitkering: one per recipient in the household."""
    population = ctx.population
    found = _household(ctx, rng, buurt, start, busy)
    if found is None:
        return []
    household, kind, recipients = found
    end = start + duration
    busy[household] = end
    for person in population.members[household]:
        population.vulnerable[person] = 1
    rows = []
    for person in recipients:
        pension_day = years_before(population.birth[person], -AOW_AGE)
        own_end = min(end, pension_day)
        if own_end < ctx.first:
            continue
        einde = ctx.open_end(own_end)
        reden = None
        if einde is not None:
            werk = BIJSTAND_WERK[0] if duration < 365 else BIJSTAND_WERK[1]
            reden = "overig" if own_end == pension_day or rng.random() >= werk else "werk"
        rows.append(
            {
                "bsn": ctx.ids.bsn(person),
                "huishouden_id": ctx.ids.household(household),
                "buurt_code": population.kwb.buurten[buurt].code,
                "start": iso(start),
                "einde": None if einde is None else iso(einde),
                "leeftijd": age_on(population.birth[person], start),
                "huishoudtype": kind,
                "uitstroom_reden": reden,
            }
        )
    return rows

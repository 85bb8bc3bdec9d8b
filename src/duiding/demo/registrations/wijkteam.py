"""Aanmeldingen bij het wijkteam: a hoofdvraag, a wait until support starts, a referral or not.

More aanmeldingen come from buurten with more bijstand; questions about opvoeden come from
parents, eenzaamheid more from older people, geld more from bijstand households. Waiting
times differ per wijk and grew in 2022–2023.
"""

from __future__ import annotations

import math
import random
from functools import partial

from duiding.demo.registrations.assumptions import (
    BIJSTAND_RISK,
    COVID_DIP,
    DEPRIVATION_GRADIENT,
    WIJKTEAM_AANMELDINGEN,
    WIJKTEAM_ANONYMOUS,
    WIJKTEAM_DOORVERWEZEN,
    WIJKTEAM_HULPVRAAG,
    WIJKTEAM_MEDIAN_MONTHS,
    WIJKTEAM_NEVER_STARTED,
    WIJKTEAM_NO_HOUSEHOLD,
    WIJKTEAM_REPEAT,
    WIJKTEAM_TREND,
    WIJKTEAM_WAIT_MEDIAN_DAYS,
    WIJKTEAM_WAIT_SIGMA,
    WIJKTEAM_WAIT_YEAR,
)
from duiding.demo.registrations.context import Context, Row
from duiding.demo.registrations.population import Population
from duiding.demo.registrations.timeline import Draw, Rhythm, below, iso, lognormal_days, normal, starts, year_of

_HULPVRAAG = Draw(WIJKTEAM_HULPVRAAG)


def _weight(population: Population, hulpvraag: str, person: int, day: int) -> float:
    """Chance to accept a drawn inwoner for this hoofdvraag."""
    age = population.age(person, day)
    risk = 1.0 if population.vulnerable[person] else 1 / BIJSTAND_RISK
    match hulpvraag:
        case "opvoeden":
            parent = population.kind[population.household[person]] in ("alleenstaande_ouder", "paar_met_kinderen")
            return 1.0 if parent else 0.05
        case "eenzaamheid":
            return 1.0 if age >= 65 else 0.3
        case "financien":
            return risk
        case _:
            return 0.5 + 0.5 * risk


def wijkteam_rows(ctx: Context) -> list[Row]:
    """The wijkteam registration (call after bijstand_rows: it reads who had bijstand)."""
    rng = ctx.rng("wijkteam")
    population = ctx.population
    kwb = population.kwb
    rhythm = Rhythm.draw(rng, trend=WIJKTEAM_TREND, first=ctx.start, last=ctx.end, shocks=COVID_DIP)
    intensity = [b.count("inwoners") * (1 + DEPRIVATION_GRADIENT * kwb.bijstand_share(b)) for b in kwb.buurten]
    scale = sum(b.count("inwoners") for b in kwb.buurten) / sum(intensity) * WIJKTEAM_AANMELDINGEN / 12
    wijk_wait = {w: rng.uniform(0.75, 1.3) for w in sorted({b.wijk for b in kwb.buurten})}
    rows: list[Row] = []
    repeats: list[tuple[int, int]] = []
    for buurt, drawn in starts(rng, rhythm, ctx.start, ctx.end, [i * scale for i in intensity]):
        day = _working_day(drawn, ctx.last)
        hulpvraag = _HULPVRAAG(rng)
        person = population.pick(rng, buurt, day, (18, 99), partial(_weight, population, hulpvraag, day=day))
        if person is None:
            continue
        rows.append(_aanmelding(ctx, rng, person, buurt, day, hulpvraag, wijk_wait[kwb.buurten[buurt].wijk]))
        if rng.random() < WIJKTEAM_REPEAT:
            repeats.append((person, day + 90 + below(rng, 450)))
    for person, drawn in repeats:
        if (day := _working_day(drawn, ctx.last)) <= ctx.last:
            buurt = population.buurt[person]
            hulpvraag = _HULPVRAAG(rng)
            rows.append(_aanmelding(ctx, rng, person, buurt, day, hulpvraag, wijk_wait[kwb.buurten[buurt].wijk]))
    rows.sort(key=lambda r: (r["aanmelddatum"], r["buurt_code"], r["client_id"]))
    for number, row in enumerate(rows, start=1):
        row["contact_id"] = f"A{number:07d}"
    return rows


def _working_day(day: int, last: int) -> int:
    """A weekend day moves to the Monday after (or the Friday before, at the end of the window)."""
    weekday = (day - 1) % 7  # ordinal 1 (1 January of year 1) was a Monday
    if weekday < 5:
        return day
    monday = day + 7 - weekday
    return monday if monday <= last else day - (weekday - 4)


def _aanmelding(
    ctx: Context, rng: random.Random, person: int, buurt: int, day: int, hulpvraag: str, wijk_wait: float
) -> Row:
    population = ctx.population
    anonymous = rng.random() < WIJKTEAM_ANONYMOUS
    doorverwezen = rng.random() < WIJKTEAM_DOORVERWEZEN[hulpvraag]
    wait = WIJKTEAM_WAIT_MEDIAN_DAYS * wijk_wait * WIJKTEAM_WAIT_YEAR.get(year_of(day), 1.0)
    begin: int | None = _working_day(day + round(wait * math.exp(WIJKTEAM_WAIT_SIGMA * normal(rng))), ctx.last)
    if rng.random() < WIJKTEAM_NEVER_STARTED or (begin is not None and begin > ctx.last):
        begin = None
    end = None
    if begin is not None:
        length = 14 + below(rng, 42) if doorverwezen else lognormal_days(rng, WIJKTEAM_MEDIAN_MONTHS, 0.7)
        end = ctx.open_end(begin + length)
        ctx.wijkteam_clients.append((-1 if anonymous else person, buurt, begin, end))
    no_household = anonymous or rng.random() < WIJKTEAM_NO_HOUSEHOLD
    return {
        "client_id": f"{rng.getrandbits(64):016x}" if anonymous else ctx.ids.person(person),
        "huishouden_id": None if no_household else ctx.ids.household(population.household[person]),
        "buurt_code": population.kwb.buurten[buurt].code,
        "aanmelddatum": iso(day),
        "startdatum": None if begin is None else iso(begin),
        "einddatum": None if end is None else iso(end),
        "hulpvraag": hulpvraag,
        "doorverwezen": doorverwezen,
    }

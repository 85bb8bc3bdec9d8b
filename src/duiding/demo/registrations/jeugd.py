"""Jeugdhulptrajecten: starts per buurt from its young population, ages and sexes as CBS sees them.

Children in bijstand households are drawn more often (stapeling); a jeugdbescherming maatregel
often has a jeugdhulp traject beside it, and some trajecten are followed by another one.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from duiding.demo.registrations.assumptions import (
    BIJSTAND_RISK,
    COVID_DIP,
    DEPRIVATION_GRADIENT,
    GESLACHT_ONBEKEND,
    JEUGD_AANBIEDER_SPREAD,
    JEUGD_AANBIEDERS,
    JEUGD_AGE_WEIGHT,
    JEUGD_BOYS,
    JEUGD_FOLLOW_UP,
    JEUGD_MAATREGEL_VOLGENS_PLAN,
    JEUGD_MAX_YEARS,
    JEUGD_MEDIAN_MONTHS,
    JEUGD_NO_HOUSEHOLD,
    JEUGD_REDEN,
    JEUGD_STARTS_PER_YOUTH,
    JEUGD_TREND,
    JEUGD_VERBLIJFSVORM,
    JEUGD_VERLENGD,
    JEUGD_VORM,
    JEUGD_WITH_JB,
)
from duiding.demo.registrations.context import Context, Row
from duiding.demo.registrations.timeline import (
    Draw,
    Rhythm,
    age_on,
    below,
    iso,
    lognormal_days,
    ranked_draw,
    starts,
    years_before,
)

HULP = ("ambulant", "verblijf", "pleegzorg")
"""Jeugdhulp proper; jeugdbescherming and jeugdreclassering are maatregelen."""
_VORM = Draw(JEUGD_VORM)
_HULP_VORM = Draw({vorm: JEUGD_VORM[vorm] for vorm in HULP})
_VERBLIJFSVORM = Draw(JEUGD_VERBLIJFSVORM)
_AANBIEDER = {vorm: ranked_draw(names) for vorm, names in JEUGD_AANBIEDERS.items()}
_OTHER_REASON = Draw(
    {**{k: v for k, v in JEUGD_REDEN.items() if k != "volgens_plan"}, "overig": 1 - sum(JEUGD_REDEN.values())}
)
_MAX_AGE_WEIGHT = max(JEUGD_AGE_WEIGHT)


class _Jeugd:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("jeugd")
        self.rows: list[Row] = []
        names = sorted({name for names in JEUGD_AANBIEDERS.values() for name in names})
        self.planned = {
            name: JEUGD_REDEN["volgens_plan"] + self.rng.uniform(-1, 1) * JEUGD_AANBIEDER_SPREAD for name in names
        }

    def weight(self, person: int, day: int) -> float:
        population = self.ctx.population
        age = min(17, int(population.age(person, day)))
        boy = 1.0 if population.female[person] else JEUGD_BOYS
        risk = BIJSTAND_RISK if population.vulnerable[person] else 1.0
        return JEUGD_AGE_WEIGHT[age] / _MAX_AGE_WEIGHT * boy / JEUGD_BOYS * risk / BIJSTAND_RISK

    def run(self) -> list[Row]:
        ctx, rng = self.ctx, self.rng
        kwb = ctx.population.kwb
        first = date(ctx.start.year - JEUGD_MAX_YEARS, ctx.start.month, 1)
        rhythm = Rhythm.draw(rng, trend=JEUGD_TREND, first=ctx.start, last=ctx.end, shocks=COVID_DIP)
        intensity = [b.youth * (1 + DEPRIVATION_GRADIENT * kwb.bijstand_share(b)) for b in kwb.buurten]
        scale = sum(b.youth for b in kwb.buurten) / sum(intensity) * JEUGD_STARTS_PER_YOUTH / 12
        for buurt, start in starts(rng, rhythm, first, ctx.end, [i * scale for i in intensity]):
            vorm = _VORM(rng)
            plan = self.plan(vorm)
            if start + plan[2] < ctx.first:
                continue
            ages = (12, 17) if vorm == "jeugdreclassering" else (0, 17)
            person = ctx.population.pick(rng, buurt, start, ages, partial(self.weight, day=start))
            if person is not None:
                self.traject(person, buurt, start, vorm, plan, depth=0)
        self.rows.sort(key=lambda r: (r["start"], r["buurt_code"], r["bsn"], r["vorm"]))
        for number, row in enumerate(self.rows, start=1):
            row["traject_id"] = f"T{number:07d}"
        return self.rows

    def plan(self, vorm: str) -> tuple[str, str, int]:
        """Aanbieder, how the traject will end, and its length in days (shorter when ended early)."""
        aanbieder = _AANBIEDER[vorm](self.rng)
        reden = self.reason(vorm, aanbieder)
        duration = lognormal_days(self.rng, JEUGD_MEDIAN_MONTHS[vorm]) // (2 if reden.startswith("voortijdig") else 1)
        return aanbieder, reden, min(duration, JEUGD_MAX_YEARS * 365)

    def traject(self, person: int, buurt: int, start: int, vorm: str, plan: tuple[str, str, int], depth: int) -> None:
        ctx, rng = self.ctx, self.rng
        birth = ctx.population.birth[person]
        aanbieder, reden, duration = plan
        end = start + duration
        adult = years_before(birth, -18)
        if end >= adult and (vorm not in HULP or rng.random() >= JEUGD_VERLENGD):
            end, reden = max(start, adult - 1), "volgens_plan"
        end = min(end, years_before(birth, -23) - 1)
        if end < ctx.first or start > ctx.last:
            return
        einde = ctx.open_end(end)
        population = ctx.population
        sex = "onbekend" if rng.random() < GESLACHT_ONBEKEND else ("vrouw" if population.female[person] else "man")
        household = population.household[person]
        self.rows.append(
            {
                "bsn": ctx.ids.bsn(person),
                "huishouden_id": None if rng.random() < JEUGD_NO_HOUSEHOLD else ctx.ids.household(household),
                "buurt_code": population.kwb.buurten[buurt].code,
                "start": iso(start),
                "einde": None if einde is None else iso(einde),
                "vorm": vorm,
                "verblijfsvorm": _VERBLIJFSVORM(rng) if vorm == "verblijf" else None,
                "aanbieder": aanbieder,
                "geslacht": sex,
                "leeftijd": age_on(birth, start),
                "reden_einde": None if einde is None else reden,
            }
        )
        ctx.jeugd_clients.setdefault(person, []).append((start, einde))
        if depth > 0:
            return
        if vorm == "jeugdbescherming" and rng.random() < JEUGD_WITH_JB:
            beside = start + below(rng, 90)
            if beside < adult:
                vorm = _HULP_VORM(rng)
                self.traject(person, buurt, beside, vorm, self.plan(vorm), depth + 1)
        if einde is not None and rng.random() < JEUGD_FOLLOW_UP:
            following = einde + 1 + below(rng, 60)
            vorm = _VORM(rng)
            if vorm == "jeugdreclassering" and age_on(birth, following) < 12:
                vorm = "ambulant"
            if following < adult:
                self.traject(person, buurt, following, vorm, self.plan(vorm), depth + 1)

    def reason(self, vorm: str, aanbieder: str) -> str:
        """Why the traject will end (shown only once it has ended)."""
        rng = self.rng
        if vorm not in HULP:
            return "volgens_plan" if rng.random() < JEUGD_MAATREGEL_VOLGENS_PLAN else "overig"
        if rng.random() < self.planned[aanbieder]:
            return "volgens_plan"
        return _OTHER_REASON(rng)


def jeugd_rows(ctx: Context) -> list[Row]:
    """The jeugdhulp registration (call after bijstand_rows: it reads who had bijstand)."""
    return _Jeugd(ctx).run()

"""A synthetic population: per buurt, persons with a birth date and sex, living in households.

Ages follow the buurt's KWB age groups on 1 January of the KWB year, households its numbers of
households, one-person households and households with children. The population is fixed:
nobody is born, dies or moves, so a person's age simply runs on through the years.
"""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from duiding.demo.registrations.assumptions import (
    CHILDREN_PER_FAMILY,
    ELDERLY_SPLIT,
    FEMALE_SHARE,
    KWB_REFERENCE,
    PARENT_AGE_GAP,
    SINGLE_PARENT_SHARE,
    SINGLE_WEIGHT,
)
from duiding.demo.registrations.kwb import AGE_GROUPS, Buurt, Kwb
from duiding.demo.registrations.timeline import years_before

HOUSEHOLD_TYPES = ("alleenstaand", "alleenstaande_ouder", "paar_zonder_kinderen", "paar_met_kinderen")
"""Household types, as the bijstand registration names them."""
_AGE_RANGES = ((0, 14), (15, 24), (25, 44), (45, 64))


@lru_cache(maxsize=65536)
def _births_between(day: int, low: int, high: int) -> tuple[int, int]:
    """First and last birth date (ordinals) of someone aged ``low``–``high`` on ``day``."""
    return years_before(day, high + 1) + 1, years_before(day, low)


def step(table: tuple[tuple[int, float], ...], age: int) -> float:
    """The value of the last (from-age, value) pair at or below ``age``."""
    value = table[0][1]
    for start, found in table:
        if age >= start:
            value = found
    return value


@dataclass
class Population:
    kwb: Kwb
    birth: list[int] = field(default_factory=list)
    """Birth date (ordinal) per person; within a buurt sorted from oldest to youngest."""
    female: bytearray = field(default_factory=bytearray)
    household: list[int] = field(default_factory=list)
    buurt: list[int] = field(default_factory=list)
    span: list[tuple[int, int]] = field(default_factory=list)
    """Per buurt: the range of person numbers living there."""
    members: list[list[int]] = field(default_factory=list)
    """Per household: its persons, adults first."""
    kind: list[str] = field(default_factory=list)
    """Per household: one of HOUSEHOLD_TYPES."""
    by_kind: list[dict[str, list[int]]] = field(default_factory=list)
    """Per buurt: its households by type."""
    vulnerable: bytearray = field(default_factory=bytearray)
    """1 for persons in a household that had bijstand (set by the bijstand simulation)."""

    def in_age(self, buurt: int, day: int, low: int, high: int) -> tuple[int, int]:
        """The range of persons of ``buurt`` aged ``low``–``high`` on ``day`` (ordinal)."""
        first, last = self.span[buurt]
        oldest, youngest = _births_between(day, low, high)
        return (
            bisect_left(self.birth, oldest, first, last),
            bisect_right(self.birth, youngest, first, last),
        )

    def pick(
        self,
        rng: random.Random,
        buurt: int,
        day: int,
        ages: tuple[int, int],
        weight: Callable[[int], float] | None = None,
    ) -> int | None:
        """A person of ``buurt`` in the age range on ``day``, accepted with chance ``weight`` (0–1)."""
        low, high = self.in_age(buurt, day, *ages)
        if low >= high:
            return None
        draw, size = rng.random, high - low
        person = low + int(draw() * size)
        if weight is not None:
            for _ in range(50):
                if draw() < weight(person):
                    break
                person = low + int(draw() * size)
        return person

    def age(self, person: int, day: int) -> float:
        """Approximate age in years (for weights; use timeline.age_on for recorded ages)."""
        return (day - self.birth[person]) / 365.25


def population_build(kwb: Kwb, rng: random.Random) -> Population:
    """Persons and households for every buurt of ``kwb``."""
    population = Population(kwb=kwb)
    reference = KWB_REFERENCE.toordinal()
    oldest = [years_before(reference, age + 1) + 1 for age in range(101)]  # earliest birth date of each age
    for index, buurt in enumerate(kwb.buurten):
        births = _births(rng, buurt, reference, oldest)
        first = len(population.birth)
        population.span.append((first, first + len(births)))
        population.birth.extend(births)
        population.buurt.extend([index] * len(births))
        population.household.extend([-1] * len(births))
        population.by_kind.append({kind: [] for kind in HOUSEHOLD_TYPES})
        # persons run from oldest to youngest, so each age is a range of person numbers
        ages = {
            a: range(
                first + bisect_left(births, oldest[a]),
                first + bisect_left(births, oldest[a - 1]) if a else first + len(births),
            )
            for a in range(101)
        }
        draw = rng.random
        for age in sorted(ages, reverse=True):
            share = step(FEMALE_SHARE, age)
            population.female.extend(draw() < share for _ in ages[age])
        _households(population, rng, buurt, index, ages)
    population.vulnerable = bytearray(len(population.birth))
    return population


def _births(rng: random.Random, buurt: Buurt, reference: int, oldest: list[int]) -> list[int]:
    """Birth dates (ordinals, sorted) uniform within each KWB age group of the buurt."""
    draw = rng.random
    groups = [(low, high, buurt.count(name)) for (low, high), name in zip(_AGE_RANGES, AGE_GROUPS, strict=False)]
    elderly = buurt.count("leeftijd_65plus")
    ranges = [(low, high) for low, high, _ in ELDERLY_SPLIT]
    split = Counter(rng.choices(range(len(ranges)), weights=[share for _, _, share in ELDERLY_SPLIT], k=elderly))
    groups += [(low, high, split[i]) for i, (low, high) in enumerate(ranges)]
    births: list[int] = []
    for low, high, count in groups:
        begin, days = oldest[high], oldest[low - 1] - oldest[high] if low else reference + 1 - oldest[high]
        births += [begin + int(draw() * days) for _ in range(count)]
    births.sort()
    return births


def _households(population: Population, rng: random.Random, buurt: Buurt, index: int, ages: dict[int, range]) -> None:
    """Families with children, one-person households, then couples and shared homes."""
    draw = rng.random
    children = [p for age in range(18) for p in ages[age]]
    adults = {age: list(ages[age]) for age in range(18, 101)}  # within an age in (random) birth order
    keys = [draw() for _ in children]
    children = [children[i] for i in sorted(range(len(children)), key=keys.__getitem__)]

    def take(target: int) -> int | None:
        for distance in range(40):
            for age in (target - distance, target + distance):
                if adults.get(age):
                    return adults[age].pop()
        return None

    wanted = buurt.count("huishoudens_met_kinderen") or round(len(children) / CHILDREN_PER_FAMILY)
    families = [[c] for c in children[: min(len(children), max(1, wanted))]]
    for child in children[len(families) :]:
        families[int(draw() * len(families))].append(child)
    age_of = {p: age for age in range(18) for p in ages[age]}
    low_gap, high_gap = PARENT_AGE_GAP
    households: list[tuple[list[int], list[int]]] = []
    for family in families:
        parents: list[int] = []
        parent_age = max(age_of[c] for c in family) + low_gap + int(draw() * (high_gap - low_gap + 1))
        parent = take(parent_age)
        if parent is not None:
            parents.append(parent)
            if draw() >= SINGLE_PARENT_SHARE:
                partner = take(parent_age - 3 + int(draw() * 9))
                if partner is not None:
                    parents.append(partner)
        households.append((parents, family))
    singles = buurt.count("eenpersoonshuishoudens")
    weighted = sum(len(adults[a]) * step(SINGLE_WEIGHT, a) for a in adults) or 1.0
    rest: list[int] = []
    for age, bucket in adults.items():  # a share of each age lives alone, the rest together
        expected = len(bucket) * step(SINGLE_WEIGHT, age) * singles / weighted
        alone = min(len(bucket), int(expected + draw()))
        households += [([p], []) for p in bucket[:alone]]
        rest += bucket[alone:]
    wanted = buurt.count("huishoudens") or len(households) + (len(rest) + 1) // 2
    groups = max(1, min(len(rest), wanted - len(households)))
    for g in range(groups if rest else 0):
        households.append((rest[g * len(rest) // groups : (g + 1) * len(rest) // groups], []))
    orphans = [c for grown, young in households if not grown for c in young]
    households = [(grown, young) for grown, young in households if grown]
    if orphans:  # children for whom no adult was left join the first household (or form their own)
        households = (
            [(households[0][0], households[0][1] + orphans), *households[1:]] if households else [([], orphans)]
        )
    members, kinds, by_kind, of = population.members, population.kind, population.by_kind[index], population.household
    for grown, young in households:
        number = len(members)
        kind = HOUSEHOLD_TYPES[(2 if len(grown) > 1 else 0) + (1 if young else 0)]
        together = grown + young
        members.append(together)
        kinds.append(kind)
        by_kind[kind].append(number)
        for person in together:
            of[person] = number

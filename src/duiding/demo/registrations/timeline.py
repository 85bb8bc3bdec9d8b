"""Time: days as ordinals, ages, monthly flows with trend, season and noise, random durations."""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from statistics import NormalDist

from duiding.demo.registrations.assumptions import KWB_REFERENCE, QUARTER_NOISE, SEASON

DAYS_PER_MONTH = 365.25 / 12
_NORMAL = [NormalDist().inv_cdf((i + 0.5) / 8192) for i in range(8192)]
_SEASON_MEAN = sum(SEASON) / len(SEASON)


@lru_cache(maxsize=65536)
def years_before(day: int, years: int) -> int:
    """The ordinal of the same calendar day ``years`` earlier (29 February becomes the 28th)."""
    d = date.fromordinal(day)
    try:
        return d.replace(year=d.year - years).toordinal()
    except ValueError:
        return d.replace(year=d.year - years, day=28).toordinal()


@cache
def _year_and_day(day: int) -> tuple[int, int]:
    d = date.fromordinal(day)
    return d.year, d.month * 100 + d.day


def age_on(birth: int, day: int) -> int:
    """Age in whole years on ``day`` of someone born on ``birth`` (both ordinals)."""
    (born, birthday), (year, today) = _year_and_day(birth), _year_and_day(day)
    return year - born - (today < birthday)


@cache
def iso(day: int) -> str:
    """The ordinal ``day`` as it is written in the files: yyyy-mm-dd."""
    return date.fromordinal(day).isoformat()


def below(rng: random.Random, n: int) -> int:
    """A whole number 0 … n-1 (faster than ``randrange`` and just as reproducible)."""
    return int(rng.random() * n)


def months(first: date, last: date) -> Iterator[tuple[int, int]]:
    """(year, month) from the month of ``first`` through the month of ``last``."""
    index, stop = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
    while index <= stop:
        yield index // 12, index % 12 + 1
        index += 1


def month_days(year: int, month: int) -> tuple[int, int]:
    """First ordinal and number of days of a month."""
    first = date(year, month, 1).toordinal()
    following = date(year + month // 12, month % 12 + 1, 1).toordinal()
    return first, following - first


def normal(rng: random.Random) -> float:
    """A standard normal draw (from 8,192 quantiles: plenty for a simulation, and fast)."""
    return _NORMAL[int(rng.random() * 8192)]


@cache
def year_of(day: int) -> int:
    return date.fromordinal(day).year


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (normal approximation above 30)."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(mean + math.sqrt(mean) * normal(rng)))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def lognormal_days(rng: random.Random, median_months: float, sigma: float = 0.8) -> int:
    """A duration in days, lognormal around a median in months."""
    return max(1, round(median_months * DAYS_PER_MONTH * math.exp(sigma * normal(rng))))


class Draw:
    """Draws keys of a mapping with its values as weights."""

    def __init__(self, shares: Mapping[str, float]) -> None:
        self.keys = list(shares)
        self.cumulative: list[float] = []
        total = 0.0
        for weight in shares.values():
            total += weight
            self.cumulative.append(total)
        self.total = total
        self.cumulative[-1] = math.inf  # so rounding can never draw past the last key

    def __call__(self, rng: random.Random) -> str:
        return self.keys[bisect_right(self.cumulative, rng.random() * self.total)]


def ranked_draw(names: tuple[str, ...]) -> Draw:
    """Draws one of ``names``, the first most likely (weights 1, 1/2, 1/3, …)."""
    return Draw({name: 1 / (i + 1) for i, name in enumerate(names)})


@dataclass(frozen=True)
class Rhythm:
    """How busy a month is relative to January 2023: trend × season × quarter noise × shocks."""

    trend: float
    noise: Mapping[tuple[int, int], float]
    shocks: Mapping[tuple[int, int], float]

    @classmethod
    def draw(
        cls, rng: random.Random, *, trend: float, first: date, last: date, shocks: Mapping[tuple[int, int], float]
    ) -> Rhythm:
        """Quarter noise is drawn for the quarters from ``first`` to ``last`` only."""
        noise = {}
        for year in range(first.year, last.year + 1):
            for quarter in range(1, 5):
                noise[year, quarter] = min(1.15, max(0.85, rng.gauss(1.0, QUARTER_NOISE)))
        return cls(trend=trend, noise=noise, shocks=shocks)

    def factor(self, year: int, month: int) -> float:
        years = year - KWB_REFERENCE.year + (month - 0.5) / 12
        quarter = (month - 1) // 3 + 1
        return float(
            (1 + self.trend) ** years
            * SEASON[month - 1]
            / _SEASON_MEAN
            * self.noise.get((year, quarter), 1.0)
            * self.shocks.get((year, month), 1.0)
        )


def starts(
    rng: random.Random, rhythm: Rhythm, first: date, last: date, rates: list[float]
) -> Iterator[tuple[int, int]]:
    """(buurt, day) of every start from ``first`` through ``last``; ``rates`` are per buurt per month.

    The gemeente's number of starts in a month is drawn once and spread over the buurten in
    proportion to their rates (the same as a draw per buurt, and much faster).
    """
    stop = last.toordinal()
    cumulative: list[float] = []
    total = 0.0
    for rate in rates:
        total += rate
        cumulative.append(total)
    draw = rng.random
    for year, month in months(first, last):
        day_one, days = month_days(year, month)
        for _ in range(poisson(rng, total * rhythm.factor(year, month))):
            buurt = min(len(rates) - 1, bisect_right(cumulative, draw() * total))
            day = day_one + int(draw() * days)
            if day <= stop:
                yield buurt, day

"""Inloop op scholen: every school, every school week, with or without a wijkteam inloop."""

from __future__ import annotations

import string
from datetime import date, timedelta

from duiding.demo.registrations.assumptions import (
    INLOOP_TREND,
    INLOOP_WIJK,
    SCHOOL_BRIN_PREFIX,
    SCHOOL_CLOSED,
    SCHOOL_CLOSED_INLOOP,
    SCHOOL_HOLIDAY_WEEKS,
    SCHOOLS,
)
from duiding.demo.registrations.context import Context, Row


def school_weeks(first: date, last: date) -> list[date]:
    """The Mondays from ``first`` through ``last`` that start a school week (no holiday)."""
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    weeks = []
    while monday <= last:
        if monday.isocalendar().week not in SCHOOL_HOLIDAY_WEEKS:
            weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def school_rows(ctx: Context) -> list[Row]:
    rng = ctx.rng("scholen")
    kwb = ctx.population.kwb
    buurten = rng.choices(kwb.buurten, weights=[b.count("leeftijd_0_14") for b in kwb.buurten], k=SCHOOLS)
    letters = string.ascii_uppercase
    schools = sorted(
        (b.code, f"{SCHOOL_BRIN_PREFIX}{letters[i // 26]}{letters[i % 26]}00") for i, b in enumerate(buurten)
    )
    wijk_level = {w: rng.uniform(*INLOOP_WIJK) for w in sorted({b.wijk for b in kwb.buurten})}
    school_level = {school: rng.gauss(0.0, 0.05) for _, school in schools}
    rows: list[Row] = []
    for monday in school_weeks(ctx.start, ctx.end):
        closed = any(low <= monday <= high for low, high in SCHOOL_CLOSED)
        week = monday.isoformat()
        for buurt, school in schools:
            chance = (
                wijk_level["WK" + buurt[2:8]] + school_level[school] + INLOOP_TREND * (monday.year - ctx.start.year)
            )
            if closed:
                chance = SCHOOL_CLOSED_INLOOP
            rows.append(
                {
                    "registratie_id": f"R{len(rows) + 1:07d}",
                    "school_id": school,
                    "buurt_code": buurt,
                    "week_start": week,
                    "inloop": rng.random() < min(0.99, max(0.02, chance)),
                }
            )
    return rows

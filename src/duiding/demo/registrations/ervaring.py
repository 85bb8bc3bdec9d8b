"""Cliëntervaring: each year a sample of jeugd and Wmo clients is approached on a random day (those
in support that day are invited); the wijkteam asks after closing the support. One in five answers.

A respondent's answers hang together (one underlying satisfaction); wijken differ a little.
"""

from __future__ import annotations

import math
import random
from datetime import date

from duiding.demo.registrations.assumptions import (
    CEO_BLANK,
    CEO_MEAN_CIJFER,
    CEO_RESPONSE,
    CEO_SAMPLE,
    CEO_SPREAD,
    CEO_STELLING_MEAN,
    CEO_WIJK_SPREAD,
)
from duiding.demo.registrations.context import Context, Row
from duiding.demo.registrations.timeline import below, iso, normal

STELLINGEN = ("stelling_geholpen", "stelling_kwaliteit_leven", "stelling_serieus_genomen", "stelling_beter_redden")
Spell = tuple[int, int | None]


def _clients(ctx: Context) -> list[tuple[str, int, list[Spell]]]:
    """(domein, buurt, spells) per client of jeugd and Wmo."""
    buurt_of = ctx.population.buurt
    found = [("jeugd", buurt_of[p], spells) for p, spells in sorted(ctx.jeugd_clients.items())]
    found += [("wmo", buurt_of[p], spells) for p, spells in sorted(ctx.wmo_clients.items())]
    return found


def ervaring_rows(ctx: Context) -> list[Row]:
    """The survey answers (call after the jeugd, Wmo and wijkteam registrations)."""
    rng = ctx.rng("ervaring")
    kwb = ctx.population.kwb
    wijken = sorted({b.wijk for b in kwb.buurten})
    effect = {(w, d): rng.gauss(0.0, CEO_WIJK_SPREAD) for w in wijken for d in sorted(CEO_MEAN_CIJFER)}
    years = [
        (max(ctx.first, date(year, 1, 1).toordinal()), min(ctx.last, date(year, 12, 31).toordinal()))
        for year in range(ctx.start.year, ctx.end.year + 1)
    ]
    clients = _clients(ctx)
    rows: list[Row] = []
    chance = CEO_SAMPLE * CEO_RESPONSE
    # every (client, year) answers with the same chance: jump from one answer to the next
    index = _skip(rng, chance) - 1
    while index < len(clients) * len(years):
        (domein, buurt, spells), (low, high) = clients[index // len(years)], years[index % len(years)]
        index += _skip(rng, chance)
        day = low + below(rng, high - low + 1)  # the day the survey reaches the client
        if any(start <= day <= (ctx.last if end is None else end) for start, end in spells):
            code = kwb.buurten[buurt]
            rows.append(_answers(rng, code.code, day, domein, effect[code.wijk, domein]))
    # the wijkteam asks after it closed the support: two to six weeks later
    for _, buurt, _, end in ctx.wijkteam_clients:
        if end is not None and rng.random() < chance and (day := end + 14 + below(rng, 28)) <= ctx.last:
            code = kwb.buurten[buurt]
            rows.append(_answers(rng, code.code, day, "wijkteam", effect[code.wijk, "wijkteam"]))
    rows.sort(key=lambda r: (r["datum"], r["buurt_code"], r["domein"]))
    for number, row in enumerate(rows, start=1):
        row["antwoord_id"] = f"E{number:07d}"
    return rows


def _skip(rng: random.Random, chance: float) -> int:
    """Steps to the next success in a row of independent trials (geometric, at least 1)."""
    return 1 + int(math.log(1.0 - rng.random()) / math.log(1.0 - chance))


def _answers(rng: random.Random, buurt: str, day: int, domein: str, effect: float) -> Row:
    satisfaction = normal(rng)
    cijfer = round(CEO_MEAN_CIJFER[domein] + effect + CEO_SPREAD * satisfaction)
    row: Row = {
        "buurt_code": buurt,
        "datum": iso(day),
        "domein": domein,
        "cijfer": None if rng.random() < CEO_BLANK / 2 else min(10, max(1, cijfer)),
    }
    for name in STELLINGEN:
        score = round(CEO_STELLING_MEAN + effect / 2 + 0.8 * satisfaction + 0.6 * normal(rng))
        row[name] = None if rng.random() < CEO_BLANK else min(5, max(1, score))
    return row

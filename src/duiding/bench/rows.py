"""Valid Wmo-voorzieningen in bulk, as one DuckDB query over ``range(rows)``.

Every value is a function of the row number and the seed (``hash``), so the file streams
from DuckDB to disk in parallel and the same seed gives the same file (with the same DuckDB
version). The shares of soorten, aanbieders and sexes are the demo's (``assumptions``); the
BSNs pass the elfproef; the buurt codes are the ones given.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import date

from duiding.demo.registrations.assumptions import (
    GESLACHT_ONBEKEND,
    WMO_AANBIEDERS,
    WMO_MAX_YEARS,
    WMO_MEDIAN_MONTHS,
    WMO_NO_HOUSEHOLD,
    WMO_SOORT,
)

FIRST, LAST = date(2017, 1, 1), date(2024, 12, 31)
"""Start dates: the demo's window 2019–2024 with two years of voorzieningen still running."""
AGE_GROUPS = (("jong", 0, 17, 0.05), ("volwassen", 18, 64, 0.3), ("oud", 65, 99, 0.65))
"""Bench choice after CBS Monitor Wmo: most maatwerk goes to people over 65 (group, ages, share)."""
VOORZIENINGEN_PER_CLIENT = 1.3
"""Bench choice: a client has on average this many voorzieningen (rows per BSN)."""
OPEN_SHARE = 0.35
"""Bench choice: share of voorzieningen still running (no einde)."""
NO_BUURT = 0.02
"""Bench choice: share of rows without buurt (unknown, or outside the gemeente)."""
FEMALE = 0.58
"""Bench choice: women are the majority of Wmo clients."""
_TAGS = (
    "persoon",
    "huishouden",
    "groep",
    "leeftijd",
    "soort",
    "aanbieder",
    "start",
    "buurt",
    "buurtkeuze",
    "open",
    "duur",
    "geslacht",
    "vrouw",
)
"""One random stream per tag (see ``_hash``)."""
MAX_ROWS = 1 << 30
"""Row numbers are packed with a tag into one number to hash (``_hash``)."""
_BSN_SPAN = 90_000_000
"""Eight digits not starting with 0: each person number below this gets its own first eight digits."""


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _unit(rng: random.Random, modulus: int) -> int:
    """A multiplier without a common factor with ``modulus``, so that multiplying permutes."""
    while True:
        factor = rng.randrange(modulus // 3, modulus)
        if math.gcd(factor, modulus) == 1:
            return factor


def _hash(number: str, tag: str, seed: int) -> str:
    """A well-mixed 64-bit hash of ``number`` (below 2**30), one independent stream per tag and seed.

    DuckDB combines the hashes of several arguments cheaply, so ``hash(i, 'a')`` and ``hash(i, 'b')``
    are related; hashing one number that packs all three is not.
    """
    return f"hash({number} * {1 << 10} + {_TAGS.index(tag)} + {seed % (1 << 20)} * {1 << 40})"


def _weighted_sum(number: str) -> str:
    """Elfproef sum of an eight-digit number (weights 9 … 2), mod 11, as SQL."""
    terms = [f"({number} // {10 ** (7 - k)} % 10) * {9 - k}" for k in range(8)]
    return f"(({' + '.join(terms)}) % 11)"


def _pick(u: str, shares: dict[str, float]) -> str:
    """A CASE drawing a key of ``shares`` (normalised) from the uniform ``u``."""
    total, cumulative, parts = sum(shares.values()), 0.0, []
    for key, share in list(shares.items())[:-1]:
        cumulative += share / total
        parts.append(f"WHEN {u} < {cumulative:.6f} THEN {_lit(key)}")
    return f"CASE {' '.join(parts)} ELSE {_lit(list(shares)[-1])} END"


def wmo_rows_sql(*, rows: int, buurten: Sequence[str], seed: int) -> str:
    """A query giving ``rows`` rows in the column order of the ``wmo_voorzieningen`` file."""
    if not buurten:
        raise ValueError("geen buurtcodes om uit te kiezen")
    if not 0 <= rows <= MAX_ROWS:
        raise ValueError(f"{rows} rijen: kies hoogstens {MAX_ROWS}")
    rng = random.Random(f"{seed}:bench")  # noqa: S311 - seeded test data, nothing secret
    factor, shift = _unit(rng, _BSN_SPAN), rng.randrange(_BSN_SPAN)
    persons = max(1, min(_BSN_SPAN, round(rows / VOORZIENINGEN_PER_CLIENT)))

    def u(tag: str) -> str:
        return f"(({_hash('i', tag, seed)} >> 11) / 9007199254740992.0)"

    group = "CASE " + " ".join(
        f"WHEN {u('groep')} < {sum(s for *_, s in AGE_GROUPS[: n + 1]):.6f} THEN {_lit(name)}"
        for n, (name, *_) in enumerate(AGE_GROUPS[:-1])
    )
    group += f" ELSE {_lit(AGE_GROUPS[-1][0])} END"
    age = "CASE groep " + " ".join(
        f"WHEN {_lit(name)} THEN {low} + floor({u('leeftijd')} * {high - low + 1})::INTEGER"
        for name, low, high, _ in AGE_GROUPS
    )
    soort = "CASE groep " + " ".join(f"WHEN {_lit(g)} THEN {_pick(u('soort'), s)}" for g, s in WMO_SOORT.items())
    aanbieder = "CASE soort " + " ".join(  # squaring u favours the first (largest) aanbieder
        f"WHEN {_lit(s)} THEN [{', '.join(map(_lit, names))}][1 + floor({u('aanbieder')} ** 2 * {len(names)})::INTEGER]"
        for s, names in WMO_AANBIEDERS.items()
    )
    median_days = "CASE soort " + " ".join(f"WHEN {_lit(s)} THEN {m * 30.4:.1f}" for s, m in WMO_MEDIAN_MONTHS.items())
    days = (LAST - FIRST).days + 1
    codes = "[" + ", ".join(map(_lit, buurten)) + "]"
    width = max(7, len(str(rows)))
    return f"""
WITH r AS (
    SELECT i, ({group}) AS groep, {_hash("i", "persoon", seed)} % {persons} AS persoon,
        DATE '{FIRST.isoformat()}' + floor({u("start")} * {days})::INTEGER AS start
    FROM range({rows}) AS t(i)
), b AS (
    SELECT *, ({age} END) AS leeftijd, ({soort} END) AS soort,
        10000000 + (persoon * {factor} + {shift}) % {_BSN_SPAN} AS acht
    FROM r
), c AS (
    SELECT *, CASE WHEN {_weighted_sum("acht")} = 10 THEN acht - acht % 10 + (acht % 10 + 1) % 10 ELSE acht END AS acht2
    FROM b
)
SELECT
    'V' || lpad(CAST(i + 1 AS VARCHAR), {width}, '0') AS voorziening_id,
    CAST(acht2 * 10 + {_weighted_sum("acht2")} AS VARCHAR) AS bsn,
    CASE WHEN {u("huishouden")} >= {WMO_NO_HOUSEHOLD}
        THEN lpad(to_hex({_hash("persoon // 2", "huishouden", seed)}), 16, '0') END AS huishouden_id,
    CASE WHEN {u("buurt")} >= {NO_BUURT} THEN {codes}[1 + floor({u("buurtkeuze")} * {len(buurten)})::INTEGER] END
        AS buurt_code,
    start,
    CASE WHEN {u("open")} >= {OPEN_SHARE} THEN start + least(
        1 + floor(-ln(1 - {u("duur")}) * ({median_days} END) / ln(2))::INTEGER, {WMO_MAX_YEARS * 365}) END AS einde,
    soort,
    ({aanbieder} END) AS aanbieder,
    leeftijd,
    CASE WHEN {u("geslacht")} < {GESLACHT_ONBEKEND} THEN 'onbekend'
        WHEN {u("vrouw")} < {FEMALE} THEN 'vrouw' ELSE 'man' END AS geslacht
FROM c
"""  # noqa: S608 - built from constants and buurt codes, each quoted by _lit

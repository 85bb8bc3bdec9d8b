"""Comparable municipalities (*vergelijkbare gemeenten*): a peer group from real CBS data.

The reference is CBS *Kerncijfers wijken en buurten 2015* for all 393 gemeenten of the 2015
indeling, shipped in ``data/cbs-gemeenten-2015/`` (CC BY 4.0). How a peer group is found:

1. every gemeente gets five features: size (log10 of the number of inhabitants), urbanity
   (CBS *stedelijkheid*, 1 = zeer sterk stedelijk … 5 = niet stedelijk), age structure (the
   percentages aged 0–14 and 65 and over, whole numbers as CBS publishes them) and the share
   on benefits (persons with algemene bijstand per 1,000 inhabitants);
2. each feature is standardised to z-scores over all gemeenten with a value for it: minus the
   mean, divided by the *population* standard deviation (ddof 0);
3. gemeenten missing any feature are left out of the candidate set (none in the 2015 file);
4. the distance between two gemeenten is the Euclidean distance over the z-scores, equal
   weights, so it is expressed in standard deviations;
5. the peers are the ``k`` nearest other gemeenten; equal distances are ordered by code.

``peer_position`` then places the gemeente's own value of a rate (``numerator`` per ``per``
``denominator``, Duiding's harmonised ``cbs_kwb`` variable names) among those peers.

Empty cells and CBS's negative sentinels (``-99999999``: Almere's car figures) are missing;
no column of the file can be negative, so every negative number is treated as one.
"""

from __future__ import annotations

import csv
import functools
import math
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

REFERENCE_YEAR = 2015
"""The year of the reference figures (KWB 2015, indeling 2015)."""
PEER_COUNT = 10
"""How many peers a gemeente gets unless asked otherwise."""
REFERENCE_FILE = Path(__file__).parent / "data" / "cbs-gemeenten-2015" / "kwb_2015_gemeenten.csv"
SOURCE = f"Bron: CBS, Kerncijfers wijken en buurten {REFERENCE_YEAR} (CC BY 4.0)"

PEER_VARIABLES: dict[str, str] = {
    "inwoners": "aantal_inwoners",
    "mannen": "mannen",
    "vrouwen": "vrouwen",
    "huishoudens": "aantal_huishoudens",
    "gem_huishoudensgrootte": "gemiddelde_huishoudsgrootte",
    "bijstand_personen": "aantal_personen_met_een_algemene_bijstandsuitkering_totaal",
    "ao_uitkering_personen": "aantal_personen_met_een_ao_uitkering_totaal",
    "ww_uitkering_personen": "aantal_personen_met_een_ww_uitkering_totaal",
    "aow_uitkering_personen": "aantal_personen_met_een_aow_uitkering_totaal",
    "bevolkingsdichtheid_per_km2": "bevolkingsdichtheid_inwoners_per_km2",
    "oppervlakte_land_ha": "oppervlakte_land_in_ha",
}
"""Duiding's harmonised ``cbs_kwb`` variable (``duiding.ingest.kwb_raw``) → column of the reference file.

Age groups and household types are counts in Duiding but rounded percentages in this file, so
they are not mapped.
"""


@dataclass(frozen=True)
class Feature:
    """One characteristic the peer group is based on, with the gemeente's own value."""

    key: str
    """Stable identifier, e.g. ``inwoners_log``."""
    label: str
    """Dutch label for readers."""
    value: float
    """The gemeente's own value as a reader knows it: for ``inwoners_log`` the number of
    inhabitants itself (the log10 is only used for the comparison); the others as compared."""


@dataclass(frozen=True)
class Peer:
    """One comparable gemeente."""

    code: str
    """CBS code, ``GMgggg``."""
    name: str
    distance: float
    """Euclidean distance over the standardised features, in standard deviations."""
    rank: int
    """1 = most similar."""


@dataclass(frozen=True)
class PeerGroup:
    """The comparable gemeenten of one gemeente and how they were found."""

    gemeente_code: str
    gemeente_name: str
    year: int
    features: tuple[Feature, ...]
    peers: tuple[Peer, ...]
    """Nearest first."""
    method: str
    """Dutch paragraph for readers: features, standardisation, distance, k, year, source, caveats."""


@dataclass(frozen=True)
class PeerPosition:
    """A gemeente's value of a rate placed among its peers (reference year)."""

    numerator: str
    denominator: str
    per: float
    year: int
    value: float
    """The gemeente's own value: numerator / denominator × per."""
    peer_values: tuple[tuple[str, str, float], ...]
    """(code, name, value) of every peer with a value, lowest value first (ties by code)."""
    rank: int
    """1 = highest value; equal values share the better rank (1 + the number of peers above)."""
    of: int
    """Number of gemeenten ranked: the gemeente itself plus the peers with a value."""
    median: float
    """Median of the peers' values (the gemeente itself not included)."""
    low: float
    high: float


_Row = Mapping[str, float]
_INWONERS = PEER_VARIABLES["inwoners"]
_BIJSTAND = PEER_VARIABLES["bijstand_personen"]
_STEDELIJKHEID = "stedelijkheid_adressen_per_km2"
_PCT_0_14 = "percentage_personen_0_tot_15_jaar"
_PCT_65PLUS = "percentage_personen_65_jaar_en_ouder"


def _same(value: float) -> float:
    return value


@dataclass(frozen=True)
class _FeatureDefinition:
    key: str
    label: str
    value: Callable[[_Row], float | None]
    """The value a reader sees (``Feature.value``)."""
    compared: Callable[[float], float] = _same
    """What of that value is standardised (the value itself, or its log10)."""


def _column(name: str) -> Callable[[_Row], float | None]:
    return lambda row: row.get(name)


def _rate(numerator: str, denominator: str, per: float) -> Callable[[_Row], float | None]:
    def rate(row: _Row) -> float | None:
        count, base = row.get(numerator), row.get(denominator)
        return None if count is None or not base else count / base * per

    return rate


_FEATURES: tuple[_FeatureDefinition, ...] = (
    _FeatureDefinition("inwoners_log", "aantal inwoners (logaritmische schaal)", _column(_INWONERS), math.log10),
    _FeatureDefinition(
        "stedelijkheid", "stedelijkheid (1 = zeer sterk stedelijk, 5 = niet stedelijk)", _column(_STEDELIJKHEID)
    ),
    _FeatureDefinition("pct_0_14", "percentage inwoners van 0 tot 15 jaar", _column(_PCT_0_14)),
    _FeatureDefinition("pct_65plus", "percentage inwoners van 65 jaar en ouder", _column(_PCT_65PLUS)),
    _FeatureDefinition(
        "bijstand_per_1000", "personen met bijstand per 1.000 inwoners", _rate(_BIJSTAND, _INWONERS, 1000)
    ),
)
"""The features of the peer group, in the order of ``PeerGroup.features``."""


@dataclass(frozen=True)
class _Reference:
    names: dict[str, str]
    """Code → gemeentenaam."""
    rows: dict[str, dict[str, float]]
    """Code → numeric column → value; missing values are absent."""
    z: dict[str, tuple[float, ...]]
    """Code → z-scores of ``_FEATURES``, for the candidates (gemeenten with every feature)."""


def _number(text: str) -> float | None:
    """A cell as a number; None when empty, not a number, or a negative CBS sentinel."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _standardised(rows: dict[str, dict[str, float]]) -> dict[str, tuple[float, ...]]:
    """Z-scores of ``_FEATURES`` (population standard deviation) for the gemeenten with every feature."""
    z: dict[str, list[float]] = {code: [] for code in rows}
    for feature in _FEATURES:
        compared = {c: feature.compared(v) for c, row in rows.items() if (v := feature.value(row)) is not None}
        values = list(compared.values())
        mean = statistics.fmean(values)
        sd = statistics.pstdev(values, mu=mean)
        for code, value in compared.items():
            z[code].append((value - mean) / sd)
    return {code: tuple(scores) for code, scores in z.items() if len(scores) == len(_FEATURES)}


@functools.cache
def _reference() -> _Reference:
    with REFERENCE_FILE.open(encoding="utf-8", newline="") as file:
        records = list(csv.DictReader(file))
    names = {r["gemeentecode"]: r["gemeentenaam"] for r in records}
    rows = {r["gemeentecode"]: {k: v for k, text in r.items() if (v := _number(text)) is not None} for r in records}
    return _Reference(names, rows, _standardised(rows))


def _method(name: str, k: int) -> str:
    reference = _reference()
    total, candidates = len(reference.rows), len(reference.z)
    labels = "; ".join(f.label for f in _FEATURES)
    left_out = total - candidates
    left = "geen enkele gemeente viel af" if left_out == 0 else f"{left_out} gemeenten vielen daardoor af"
    return (
        f"De vergelijkbare gemeenten van {name} zijn de {k} gemeenten die er in {REFERENCE_YEAR} het meest op "
        f"lijken, op {len(_FEATURES)} kenmerken: {labels}. Het aantal inwoners telt mee als logaritme (log10), "
        "zodat een verdubbeling bij een kleine gemeente even zwaar weegt als bij een grote. Elk kenmerk is "
        "omgerekend naar een z-score: het verschil met het gemiddelde van alle gemeenten met een waarde, gedeeld "
        "door de standaarddeviatie van die gemeenten (populatiestandaarddeviatie). De afstand tussen twee "
        "gemeenten is de euclidische afstand over de z-scores, met gelijke gewichten, en wordt uitgedrukt in "
        "standaarddeviaties; bij gelijke afstand gaat de laagste gemeentecode voor. Alleen gemeenten met een "
        f"waarde voor elk kenmerk doen mee ({candidates} van de {total}; {left}). Het CBS rondt aantallen "
        f"uitkeringen af op tientallen. {SOURCE}. Let op: dit is de gemeentelijke indeling van {REFERENCE_YEAR} "
        f"({total} gemeenten); latere herindelingen en fusies zitten er niet in."
    )


def peer_group(gemeente_code: str, *, k: int = PEER_COUNT) -> PeerGroup | None:
    """The ``k`` gemeenten most like ``gemeente_code`` in the reference year.

    None when the code is not in the reference (or, not the case in 2015, lacks a feature).
    """
    if k < 1:
        raise ValueError(f"k moet minstens 1 zijn, niet {k}")
    reference = _reference()
    code = gemeente_code.strip().upper()
    own = reference.z.get(code)
    if own is None:
        return None
    nearest = sorted((math.dist(own, z), other) for other, z in reference.z.items() if other != code)[:k]
    row = reference.rows[code]
    features = tuple(Feature(f.key, f.label, v) for f in _FEATURES if (v := f.value(row)) is not None)
    peers = tuple(Peer(c, reference.names[c], d, rank) for rank, (d, c) in enumerate(nearest, start=1))
    name = reference.names[code]
    return PeerGroup(code, name, REFERENCE_YEAR, features, peers, _method(name, len(peers)))


def peer_position(group: PeerGroup, *, numerator: str, denominator: str, per: float) -> PeerPosition | None:
    """The gemeente's ``numerator`` per ``per`` ``denominator`` among its peers.

    None when a variable is not in ``PEER_VARIABLES``, the gemeente has no value, or no peer has one.
    """
    if numerator not in PEER_VARIABLES or denominator not in PEER_VARIABLES:
        return None
    rows = _reference().rows
    rate = _rate(PEER_VARIABLES[numerator], PEER_VARIABLES[denominator], per)
    value = rate(rows.get(group.gemeente_code, {}))
    found = [(p.code, p.name, v) for p in group.peers if (v := rate(rows.get(p.code, {}))) is not None]
    if value is None or not found:
        return None
    peer_values = tuple(sorted(found, key=lambda p: (p[2], p[0])))
    values = [v for _, _, v in peer_values]
    return PeerPosition(
        numerator=numerator,
        denominator=denominator,
        per=per,
        year=group.year,
        value=value,
        peer_values=peer_values,
        rank=1 + sum(v > value for v in values),
        of=1 + len(values),
        median=statistics.median(values),
        low=values[0],
        high=values[-1],
    )

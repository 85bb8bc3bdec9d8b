"""The buurt figures of one KWB edition that the simulation follows."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

AGE_GROUPS = ("leeftijd_0_14", "leeftijd_15_24", "leeftijd_25_44", "leeftijd_45_64", "leeftijd_65plus")
WANTED = (
    "inwoners",
    *AGE_GROUPS,
    "huishoudens",
    "eenpersoonshuishoudens",
    "huishoudens_met_kinderen",
    "bijstand_personen",
)


@dataclass(frozen=True)
class Buurt:
    """One buurt: its code, its wijk and the KWB counts (None when CBS did not publish one)."""

    code: str
    wijk: str
    figures: dict[str, float | None]

    def count(self, name: str) -> int:
        """A published count, 0 when missing (only for sizes, never for rates)."""
        return round(self.figures.get(name) or 0)

    @property
    def youth(self) -> float:
        """Approximate 0–17 year-olds: 0–14 plus three of the ten years 15–24."""
        return self.count("leeftijd_0_14") + 0.3 * self.count("leeftijd_15_24")


@dataclass(frozen=True)
class Kwb:
    buurten: tuple[Buurt, ...]
    wijken: dict[str, dict[str, float | None]]

    def bijstand_share(self, buurt: Buurt) -> float:
        """Persons with bijstand per inhabitant; the wijk's rate when CBS did not publish the buurt."""
        for figures in (buurt.figures, self.wijken.get(buurt.wijk, {})):
            persons, inhabitants = figures.get("bijstand_personen"), figures.get("inwoners")
            if persons is not None and inhabitants:
                return persons / inhabitants
        return 0.0

    def bijstand_persons(self, buurt: Buurt) -> float:
        """The buurt's persons with bijstand, estimated from the wijk's rate when not published."""
        published = buurt.figures.get("bijstand_personen")
        if published is not None:
            return published
        return self.bijstand_share(buurt) * buurt.count("inwoners")


def kwb_read(path: Path, *, year: int) -> Kwb:
    """Buurten (sorted by code) and wijken of ``year`` from the KWB long CSV."""
    buurten: dict[str, dict[str, float | None]] = {}
    wijken: dict[str, dict[str, float | None]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["jaar"] != str(year) or row["indicator"] not in WANTED:
                continue
            target = {"Buurt": buurten, "Wijk": wijken}.get(row["regio_type"])
            if target is not None:
                value = row["waarde"].strip()
                target.setdefault(row["gwb_code"], {})[row["indicator"]] = float(value) if value else None
    if not buurten:
        raise ValueError(f"{path}: geen buurten voor {year}")
    found = tuple(Buurt(code=code, wijk="WK" + code[2:8], figures=figures) for code, figures in sorted(buurten.items()))
    return Kwb(buurten=found, wijken=wijken)

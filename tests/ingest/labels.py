"""Derive a StatLine CSV "met labels" from a real CBS OData CSV (test fixtures, see tests/data/cbs/labels/).

The header becomes the StatLine titles of the table's DataProperties (``Bevolking/Aantal
inwoners (aantal)``), optionally in the R/pandas rewriting where every character that is not a
letter or digit becomes a dot (``Bevolking.Aantal.inwoners..aantal.``) and with a leading
unnamed row-index column. Only the identifier columns and the columns below are kept; every
value is copied unchanged. The title list is written here from CBS's StatLine metadata,
independently of ``KWB_VARIABLES``, so the tests check Duiding's matching against it.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

_HOUSEHOLDS = "Bevolking/Particuliere huishoudens/"
TITLES: dict[str, str] = {
    "Gemeentenaam": "Regioaanduiding/Gemeentenaam (naam)",
    "SoortRegio": "Regioaanduiding/Soort regio (omschrijving)",
    "Codering": "Regioaanduiding/Codering (code)",
    "IndelingswijzigingWijkenEnBuurten": "Regioaanduiding/Indelingswijziging wijken en buurten (code)",
    "AantalInwoners": "Bevolking/Aantal inwoners (aantal)",
    "Mannen": "Bevolking/Geslacht/Mannen (aantal)",
    "Vrouwen": "Bevolking/Geslacht/Vrouwen (aantal)",
    "k_0Tot15Jaar": "Bevolking/Leeftijdsgroepen/0 tot 15 jaar (aantal)",
    "k_15Tot25Jaar": "Bevolking/Leeftijdsgroepen/15 tot 25 jaar (aantal)",
    "k_25Tot45Jaar": "Bevolking/Leeftijdsgroepen/25 tot 45 jaar (aantal)",
    "k_45Tot65Jaar": "Bevolking/Leeftijdsgroepen/45 tot 65 jaar (aantal)",
    "k_65JaarOfOuder": "Bevolking/Leeftijdsgroepen/65 jaar of ouder (aantal)",
    "HuishoudensTotaal": _HOUSEHOLDS + "Huishoudens totaal (aantal)",
    "Eenpersoonshuishoudens": _HOUSEHOLDS + "Eenpersoonshuishoudens (aantal)",
    "HuishoudensZonderKinderen": _HOUSEHOLDS + "Huishoudens zonder kinderen (aantal)",
    "HuishoudensMetKinderen": _HOUSEHOLDS + "Huishoudens met kinderen (aantal)",
    "GemiddeldeHuishoudensgrootte": _HOUSEHOLDS + "Gemiddelde huishoudensgrootte (aantal)",
    "Bevolkingsdichtheid": "Bevolking/Bevolkingsdichtheid (aantal inwoners per km²)",
    "Woningvoorraad": "Wonen/Woningvoorraad (aantal)",
    "GemiddeldeWOZWaardeVanWoningen": "Wonen/Gemiddelde WOZ-waarde van woningen (x 1 000 euro)",
    "OpleidingsniveauLaag": "Onderwijs/Opleidingsniveau/Opleidingsniveau laag (aantal)",
    "OpleidingsniveauMiddelbaar": "Onderwijs/Opleidingsniveau/Opleidingsniveau middelbaar (aantal)",
    "OpleidingsniveauHoog": "Onderwijs/Opleidingsniveau/Opleidingsniveau hoog (aantal)",
    "BasisonderwijsVmboMbo1": "Onderwijs/Onderwijsniveau/Basisonderwijs, vmbo, mbo1 (aantal)",
    "HavoVwoMbo24": "Onderwijs/Onderwijsniveau/Havo, vwo, mbo2-4 (aantal)",
    "HboWo": "Onderwijs/Onderwijsniveau/Hbo, wo (aantal)",
    "PersonenPerSoortUitkeringBijstand": "Sociale zekerheid/Personen per soort uitkering/Bijstand (aantal)",
    "PersonenPerSoortUitkeringAO": "Sociale zekerheid/Personen per soort uitkering/AO (aantal)",
    "PersonenPerSoortUitkeringWW": "Sociale zekerheid/Personen per soort uitkering/WW (aantal)",
    "PersonenPerSoortUitkeringAOW": "Sociale zekerheid/Personen per soort uitkering/AOW (aantal)",
    "JongerenMetJeugdzorgInNatura": "Zorg/Jongeren met jeugdzorg in natura (aantal)",
    "PercentageJongerenMetJeugdzorg": "Zorg/Percentage jongeren met jeugdzorg (%)",
    "WmoClienten": "Zorg/Wmo-cliënten (aantal)",
    "WmoClientenRelatief": "Zorg/Wmo-cliënten relatief (per 1 000 inwoners)",
    "OppervlakteLand": "Oppervlakte/Oppervlakte land (ha)",
}
"""OData key stem → StatLine title (group/title (unit)) of the KWB DataProperties."""
NAME_TITLE = "Wijken en buurten"
"""The dimension column: in the labels download it holds the area's name."""
NATIONAL_INHABITANTS = {2018: "17181084", 2019: "17282163", 2021: "17475415", 2023: "17811291"}
"""Inhabitants of Nederland on 1 January (CBS StatLine, Bevolking; the KWB NL00 row publishes the same)."""


def dotted(title: str) -> str:
    """R's ``make.names`` / ``read.csv`` rewriting: every character but a letter or digit becomes '.'."""
    return re.sub(r"[^0-9A-Za-zÀ-ÿ]", ".", title)


def source_column(title_column: str, odata_header: list[str]) -> str | None:
    """The OData column a labels column was made from (None for the index or name column)."""
    for column in odata_header:
        stem = re.sub(r"_\d+$", "", column)
        title = TITLES.get(stem)
        if title is not None and title_column in (title, dotted(title)):
            return column
    return None


def labels_write(
    odata: Path,
    target: Path,
    *,
    dots: bool = False,
    index: str | None = None,
    national: bool = False,
    separator: str = ";",
) -> Path:
    """Write ``odata`` as a StatLine labels CSV at ``target`` (values unchanged)."""
    with odata.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    kept = [c for c in header if re.sub(r"_\d+$", "", c) in TITLES]
    code = next(c for c in header if c.startswith("Codering"))
    name_of = "regio_naam" if "regio_naam" in header else "WijkenEnBuurten"

    def title(column: str) -> str:
        full = TITLES[re.sub(r"_\d+$", "", column)]
        return dotted(full) if dots else full

    out_header = ([index] if index is not None else []) + [dotted(NAME_TITLE) if dots else NAME_TITLE]
    out_header += [title(c) for c in kept]
    # StatLine pads codes to ten characters ("GM0034    ") and writes '.' where CBS publishes nothing
    out_rows = [[row[name_of], *[(row[c].ljust(10) if c == code else row[c]) or "." for c in kept]] for row in rows]
    if national:
        year = int(rows[0]["jaar"])
        values = {"Codering": "NL00", "SoortRegio": "Land", "Gemeentenaam": "Nederland"}
        values["AantalInwoners"] = NATIONAL_INHABITANTS[year]
        nl = [values.get(re.sub(r"_\d+$", "", c), ".") for c in kept]
        out_rows.insert(0, ["Nederland", *nl])
    if index is not None:
        out_rows = [[str(n), *row] for n, row in enumerate(out_rows, start=1)]
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=separator)
        writer.writerow(out_header)
        writer.writerows(out_rows)
    assert code in kept
    return target

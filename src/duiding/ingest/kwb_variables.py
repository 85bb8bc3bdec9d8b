"""The KWB variables Duiding knows, with every name CBS gives them (see docs/kwb.md).

Each variable is recognised by its OData key stem (``AantalInwoners`` of
``AantalInwoners_5``), by its short name in the xls/xlsx release (``a_inw``) and by its
StatLine title (``Bevolking/Aantal inwoners (aantal)``, the header of the CSV download
"met labels"). Where CBS renamed a key, short name or title between editions, every
spelling is listed. Titles are matched on their last part with the unit
(``Aantal inwoners (aantal)``), so a renamed group (``Huishoudens`` → ``Particuliere
huishoudens``) still matches, and a title whose unit differs (a percentage where a count is
expected) never does.

The StatLine table per KWB edition is in ``KWB_TABLE_IDS``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KwbVariable:
    """One harmonised KWB variable and the names CBS gives it."""

    name: str
    """The ``indicator`` in the long format, e.g. ``bijstand_personen``."""
    unit: str
    """The ``eenheid`` in the long format: aantal, gemiddelde, ha, …"""
    odata_stems: tuple[str, ...]
    """OData key stems (key without the ``_N`` suffix); more than one where CBS renamed the key."""
    xls_names: tuple[str, ...]
    """Short names in the xls/xlsx release; more than one where CBS renamed the column."""
    statline_titles: tuple[str, ...] = ()
    """StatLine titles (``Group/Title (unit)``) as in the CSV download with labels."""


def _names(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else value


def _count(
    name: str, odata: str | tuple[str, ...], xls: str | tuple[str, ...], titles: str | tuple[str, ...]
) -> KwbVariable:
    return KwbVariable(name, "aantal", _names(odata), _names(xls), _names(titles))


_HH = ("Bevolking/Particuliere huishoudens/", "Bevolking/Huishoudens/")
"""KWB 2022 on group the households as 'Particuliere huishoudens', earlier editions as 'Huishoudens'."""


def _households(leaf: str) -> tuple[str, ...]:
    return tuple(group + leaf for group in _HH)


KWB_VARIABLES: tuple[KwbVariable, ...] = (
    # AANT_INW, AANT_MAN, AANT_VROUW, AANTAL_HH, OPP_LAND, WOZ: the upper-case names of the
    # older releases and of the wijk- en buurtkaart attribute tables
    _count("inwoners", "AantalInwoners", ("a_inw", "aant_inw"), "Bevolking/Aantal inwoners (aantal)"),
    _count("mannen", "Mannen", ("a_man", "aant_man"), "Bevolking/Geslacht/Mannen (aantal)"),
    _count("vrouwen", "Vrouwen", ("a_vrouw", "aant_vrouw"), "Bevolking/Geslacht/Vrouwen (aantal)"),
    _count("leeftijd_0_14", "k_0Tot15Jaar", "a_00_14", "Bevolking/Leeftijdsgroepen/0 tot 15 jaar (aantal)"),
    _count("leeftijd_15_24", "k_15Tot25Jaar", "a_15_24", "Bevolking/Leeftijdsgroepen/15 tot 25 jaar (aantal)"),
    _count("leeftijd_25_44", "k_25Tot45Jaar", "a_25_44", "Bevolking/Leeftijdsgroepen/25 tot 45 jaar (aantal)"),
    _count("leeftijd_45_64", "k_45Tot65Jaar", "a_45_64", "Bevolking/Leeftijdsgroepen/45 tot 65 jaar (aantal)"),
    _count("leeftijd_65plus", "k_65JaarOfOuder", "a_65_oo", "Bevolking/Leeftijdsgroepen/65 jaar of ouder (aantal)"),
    _count("huishoudens", "HuishoudensTotaal", ("a_hh", "aantal_hh"), _households("Huishoudens totaal (aantal)")),
    _count(
        "eenpersoonshuishoudens", "Eenpersoonshuishoudens", "a_1p_hh", _households("Eenpersoonshuishoudens (aantal)")
    ),
    _count(
        "huishoudens_zonder_kinderen",
        "HuishoudensZonderKinderen",
        "a_hh_z_k",
        _households("Huishoudens zonder kinderen (aantal)"),
    ),
    _count(
        "huishoudens_met_kinderen",
        "HuishoudensMetKinderen",
        "a_hh_m_k",
        _households("Huishoudens met kinderen (aantal)"),
    ),
    KwbVariable(
        "gem_huishoudensgrootte",
        "gemiddelde",
        ("GemiddeldeHuishoudensgrootte",),
        ("g_hhgro",),
        _households("Gemiddelde huishoudensgrootte (aantal)"),
    ),
    _count("woningvoorraad", "Woningvoorraad", "a_woning", ("Wonen/Woningvoorraad (aantal)",)),
    # g_woz until KWB 2019, g_wozbag from 2020 (same series, x 1 000 euro); the OData key is
    # GemiddeldeWoningwaarde in KWB 2013-2019 (84583NED: GemiddeldeWoningwaarde_35) and
    # GemiddeldeWOZWaardeVanWoningen from 2020
    KwbVariable(
        "woz_gemiddeld_x1000_euro",
        "x 1000 euro",
        ("GemiddeldeWOZWaardeVanWoningen", "GemiddeldeWoningwaarde"),
        ("g_wozbag", "g_woz", "woz"),
        ("Wonen/Gemiddelde WOZ-waarde van woningen (x 1 000 euro)", "Wonen/Gemiddelde woningwaarde (x 1 000 euro)"),
    ),
    # persons 15-75 by education level; CBS renamed the keys in KWB 2023
    _count(
        "opleiding_laag",
        ("OpleidingsniveauLaag", "BasisonderwijsVmboMbo1"),
        ("a_opl_lg", "a_opl_bvm"),
        (
            "Onderwijs/Opleidingsniveau/Opleidingsniveau laag (aantal)",
            "Onderwijs/Onderwijsniveau/Basisonderwijs, vmbo, mbo1 (aantal)",
        ),
    ),
    _count(
        "opleiding_middelbaar",
        ("OpleidingsniveauMiddelbaar", "HavoVwoMbo24"),
        ("a_opl_md", "a_opl_hvm"),
        (
            "Onderwijs/Opleidingsniveau/Opleidingsniveau middelbaar (aantal)",
            "Onderwijs/Onderwijsniveau/Havo, vwo, mbo2-4 (aantal)",
        ),
    ),
    _count(
        "opleiding_hoog",
        ("OpleidingsniveauHoog", "HboWo"),
        ("a_opl_hg", "a_opl_hw"),
        ("Onderwijs/Opleidingsniveau/Opleidingsniveau hoog (aantal)", "Onderwijs/Onderwijsniveau/Hbo, wo (aantal)"),
    ),
    _count(
        "bijstand_personen",
        "PersonenPerSoortUitkeringBijstand",
        "a_soz_wb",
        "Sociale zekerheid/Personen per soort uitkering/Bijstand (aantal)",
    ),
    _count(
        "ao_uitkering_personen",
        "PersonenPerSoortUitkeringAO",
        "a_soz_ao",
        "Sociale zekerheid/Personen per soort uitkering/AO (aantal)",
    ),
    _count(
        "ww_uitkering_personen",
        "PersonenPerSoortUitkeringWW",
        "a_soz_ww",
        "Sociale zekerheid/Personen per soort uitkering/WW (aantal)",
    ),
    _count(
        "aow_uitkering_personen",
        "PersonenPerSoortUitkeringAOW",
        "a_soz_ow",
        "Sociale zekerheid/Personen per soort uitkering/AOW (aantal)",
    ),
    _count(
        "jongeren_met_jeugdzorg_in_natura",
        "JongerenMetJeugdzorgInNatura",
        "a_jz_tn",
        "Zorg/Jongeren met jeugdzorg in natura (aantal)",
    ),
    KwbVariable(
        "pct_jongeren_met_jeugdzorg",
        "procent",
        ("PercentageJongerenMetJeugdzorg",),
        ("p_jz_tn",),
        ("Zorg/Percentage jongeren met jeugdzorg (%)",),
    ),
    _count("wmo_clienten", "WmoClienten", "a_wmo_t", "Zorg/Wmo-cliënten (aantal)"),
    KwbVariable(
        "wmo_clienten_per_1000_inw",
        "per 1000 inwoners",
        ("WmoClientenRelatief",),
        ("p_wmo_t",),
        ("Zorg/Wmo-cliënten relatief (per 1 000 inwoners)",),
    ),
    KwbVariable(
        "bevolkingsdichtheid_per_km2",
        "inwoners per km2",
        ("Bevolkingsdichtheid",),
        ("bev_dich",),
        ("Bevolking/Bevolkingsdichtheid (aantal inwoners per km²)",),
    ),
    KwbVariable(
        "oppervlakte_land_ha",
        "ha",
        ("OppervlakteLand",),
        ("a_lan_ha", "opp_land"),
        ("Oppervlakte/Oppervlakte land (ha)",),
    ),
)


KWB_TABLE_IDS: dict[int, str] = {
    2013: "82339NED",
    2014: "82931NED",
    2015: "83220NED",
    2016: "83487NED",
    2017: "83765NED",
    2018: "84286NED",
    2019: "84583NED",
    2020: "84799NED",
    2021: "85039NED",
    2022: "85318NED",
    2023: "85618NED",
    2024: "85984NED",
}
"""The CBS StatLine table ("Kerncijfers wijken en buurten YYYY") per KWB edition."""

STATLINE_URL = "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/{table_id}/table"

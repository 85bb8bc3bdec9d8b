"""docs/definities.md, generated from the definition models (``pytest tests/test_docs.py --docs-update``).

Every field of every model needs a Dutch description in ``FIELDS`` and every model a section
in ``SECTIONS``: a field added to a model without one makes the generator fail, so the
reference cannot fall behind the models. The examples are loaded by the test with the model
of their section, so they cannot go wrong either.
"""

from __future__ import annotations

import types
import typing
from datetime import date
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from duiding.definitions.formulas import (
    Condition,
    CountFormula,
    DurationFormula,
    Measure,
    RateFormula,
    ScoreFormula,
    StapelingFormula,
    StapelingPart,
    StatisticFormula,
)
from duiding.definitions.models import (
    AreaLevel,
    Breakdown,
    Column,
    ColumnType,
    Disclosure,
    Indicator,
    Level,
    Monitor,
    PeriodGrain,
    PeriodSemantics,
    Polarity,
    Purpose,
    Question,
    Relevance,
    Source,
    SourceKind,
    Target,
    TimeColumns,
)
from duiding.definitions.monitors import PeriodRange
from duiding.definitions.sources import Rounding, SourceChange
from duiding.definitions.suggest import shown
from duiding.ingest.kwb_variables import KWB_VARIABLES

FIELDS: dict[type[BaseModel], dict[str, str]] = {
    Monitor: {
        "id": "Naam van de monitor in adressen en bestanden.",
        "title": "Titel zoals lezers die zien.",
        "description": "Waar de monitor over gaat, in een paar zinnen.",
        "purpose": "Waarvoor de monitor dient (een of meer doelen).",
        "audience": "Voor wie hij is, bijvoorbeeld `raad`, `beleid`, `wijkteams`.",
        "owner": "Wie hem beheert (afdeling of rol).",
        "frequency": "Hoe vaak de monitor wordt bijgewerkt.",
        "periods": "De perioden die de monitor beslaat; zonder: alle perioden met gegevens.",
        "questions": "De vragen die de monitor beantwoordt, in de woorden van wie ze stelt.",
        "disclosure": "Privacy-instellingen voor alle indicatoren (een indicator kan ze overschrijven).",
        "indicators": "De indicatoren (minstens één).",
    },
    PeriodRange: {"start": "Eerste dag.", "end": "Laatste dag (niet vóór `start`)."},
    Question: {"id": "Naam van de vraag; een indicator verwijst ernaar met `question`.", "text": "De vraag zelf."},
    Disclosure: {"min_count": "Cijfers op minder dan dit aantal personen worden niet getoond (•)."},
    Indicator: {
        "id": "Naam van de indicator, uniek binnen de monitor.",
        "title": "Titel zoals lezers die zien.",
        "definition": "Wat er precies geteld wordt, in welke populatie en op welk moment.",
        "question": "De vraag van de monitor waar deze indicator bij hoort.",
        "level": "Waar de indicator staat in de keten van inzet tot maatschappelijk resultaat.",
        "unit": "De eenheid zoals lezers die zien, bijvoorbeeld `per 1.000 inwoners`.",
        "polarity": "Welke richting een verbetering is.",
        "formula": "Hoe het cijfer berekend wordt (zie [Formules](#formules)).",
        "period_grain": "De lengte van de perioden waarvoor het cijfer berekend wordt.",
        "area_levels": "De gebiedsniveaus waarvoor het cijfer berekend wordt.",
        "breakdowns": "Uitsplitsingen naar een kolom van de registratie.",
        "targets": "Doelen: de waarde die bereikt moet worden, wanneer, en voor welk gebied.",
        "need_to_know": "Alleen zichtbaar voor wie het voor zijn werk moet zien.",
        "disclosure": "Privacy-instellingen van deze indicator (gaan vóór die van de monitor).",
        "relevance": "Hoe groot een verschil moet zijn om ertoe te doen.",
        "maximum": "Hoogste mogelijke waarde (100 voor een aandeel in procenten); een hoger cijfer heet "
        "*onbetrouwbaar*.",
    },
    RateFormula: {
        "kind": "`rate`.",
        "numerator": "De teller.",
        "denominator": "De noemer.",
        "per": "Per hoeveel: 100 voor een percentage, 1000 voor per 1.000.",
        "published": "Het cijfer zoals de bron het zelf publiceert (één variabele van een gepubliceerde "
        "tabel, in dezelfde eenheid). Waar het er is, is dat het cijfer en is de noemer de noemer die het "
        "impliceert; elders berekent Duiding het uit teller en noemer. Pagina's zeggen welke cijfers van "
        "het CBS zijn en welke berekend.",
    },
    CountFormula: {"kind": "`count`.", "measure": "Wat er geteld of opgeteld wordt."},
    StatisticFormula: {
        "kind": "`statistic`.",
        "source": "De registratie.",
        "column": "De getalkolom.",
        "where": "Alleen rijen die aan elke voorwaarde voldoen.",
        "period": "Welke rijen bij een periode horen.",
        "statistic": "`mean` (gemiddelde), `median` (mediaan) of `percentile`.",
        "percentile": "Bij `percentile`: welk percentiel (tussen 0 en 100).",
    },
    DurationFormula: {
        "kind": "`duration`.",
        "source": "De registratie.",
        "start": "Datumkolom waar de duur begint (bijvoorbeeld aanmelding).",
        "end": "Datumkolom waar de duur eindigt (bijvoorbeeld start hulp).",
        "statistic": "`median`, `mean` of `share_within` (het aandeel binnen de norm, in %).",
        "norm_days": "Bij `share_within`: de norm in dagen.",
        "anchor": "Bij welke periode een rij hoort: die van de begin- of de einddatum.",
        "where": "Alleen rijen die aan elke voorwaarde voldoen.",
    },
    ScoreFormula: {
        "kind": "`score`.",
        "source": "De enquête (registratie met een rij per antwoord).",
        "column": "De kolom met de score.",
        "where": "Alleen rijen die aan elke voorwaarde voldoen.",
        "period": "Welke rijen bij een periode horen.",
        "statistic": "`mean` (gemiddelde score) of `share_at_least` (aandeel met minstens `threshold`).",
        "threshold": "Bij `share_at_least`: de drempel.",
    },
    StapelingFormula: {
        "kind": "`stapeling`.",
        "parts": "De soorten voorziening (minstens twee).",
        "min_kinds": "Vanaf hoeveel soorten iemand meetelt.",
        "period": "Welke rijen bij een periode horen.",
        "denominator": "Een andere noemer (bijvoorbeeld alle huishoudens volgens het CBS); zonder: "
        "iedereen met minstens één soort.",
        "per": "100 of 1000.",
    },
    StapelingPart: {
        "source": "De registratie van deze soort voorziening.",
        "unit": "De kolom die de persoon of het huishouden aanwijst (een pseudoniem).",
        "label": "Naam van de soort, zoals lezers die zien.",
        "where": "Alleen rijen die aan elke voorwaarde voldoen.",
    },
    Measure: {
        "source": "De bron.",
        "variable": "Gepubliceerde tabel: de variabele, of een lijst variabelen die worden opgeteld "
        "(ontbreekt één, dan ontbreekt de som). Zie [KWB-variabelen](#kwb-variabelen).",
        "aggregation": "Registratie: `count` (rijen), `count_distinct` (verschillende waarden van "
        "`column`, bijvoorbeeld cliënten) of `sum` (som van `column`).",
        "column": "De kolom die `count_distinct` of `sum` leest.",
        "where": "Alleen rijen die aan elke voorwaarde voldoen.",
        "period": "Welke rijen bij een periode horen (zie [Perioden](#perioden)).",
        "label": "Kop in tabellen, bijvoorbeeld `Personen met bijstand`.",
    },
    Condition: {
        "column": "De kolom.",
        "equals": "De waarde is gelijk aan deze.",
        "in": "De waarde is een van deze.",
        "not_in": "De waarde is geen van deze.",
        "at_least": "De waarde is minstens deze (getal of datum).",
        "at_most": "De waarde is hooguit deze (getal of datum).",
        "missing": "`true`: de cel is leeg; `false`: de cel is gevuld.",
    },
    Breakdown: {
        "id": "Naam van de uitsplitsing.",
        "column": "De kolom van de registratie.",
        "label": "Kop zoals lezers die zien.",
        "bins": "Bij een getalkolom: de ondergrenzen van de groepen, bijvoorbeeld `[0, 4, 12, 18]`.",
        "area_levels": "Voor welke gebiedsniveaus de uitsplitsing gepubliceerd wordt (standaard niet per "
        "buurt: dat zou te veel cijfers wegens privacy doen weglaten).",
    },
    Target: {
        "value": "De waarde die bereikt moet worden.",
        "direction": "`at_least` (minstens) of `at_most` (hooguit).",
        "by": "De datum waarop het doel bereikt moet zijn.",
        "area": "CBS-code van het gebied (moet in de werkruimte bestaan); leeg: de hele gemeente.",
        "note": "Toelichting, bijvoorbeeld waar het doel vandaan komt.",
    },
    Relevance: {
        "absolute": "Kleinste verschil dat ertoe doet, in de eenheid van de indicator.",
        "relative": "Kleinste verschil dat ertoe doet, als deel van de vergelijkingswaarde (0,10 = 10%).",
    },
    Source: {
        "id": "Naam van de bron; een formule verwijst ernaar met `source`.",
        "title": "Titel.",
        "kind": "`microdata` (een rij per persoon, traject of contact) of `aggregate` (gepubliceerde tabel).",
        "publisher": "Wie de gegevens levert of publiceert.",
        "attribution": "Bronvermelding bij elk cijfer, bijvoorbeeld `Bron: CBS`.",
        "license": "Licentie van de gegevens.",
        "url": "Waar lezers meer over de bron vinden.",
        "description": "Wat de bron bevat.",
        "caveats": "Wat lezers moeten weten (afronding, peildata, ontbrekende cijfers).",
        "simulated": "Gesimuleerde gegevens (alleen de demo); elke pagina zegt het dan.",
        "row": "Wat één rij is: `traject`, `voorziening`, `contact`, …",
        "columns": "Registratie: de kolommen van het bestand.",
        "key": "Registratie: de kolommen die samen een rij aanwijzen; dubbele rijen worden geweigerd.",
        "area": "Registratie: de kolom met de buurtcode of de postcode.",
        "time": "Registratie: welke kolommen een rij in de tijd plaatsen.",
        "changes": "Wijzigingen in de registratie: een sprong over zo'n datum heet een registratie-effect.",
        "rounding": "Gepubliceerde tabel: hoe de uitgever aantallen afrondt (gaat mee in elk interval).",
        "variables": "Gepubliceerde tabel: de variabelen die erin staan; `duiding check` weigert een "
        "andere naam en stelt de dichtstbijzijnde voor. Leeg: elke naam.",
    },
    Column: {
        "name": "Naam van de kolom, zoals in de kopregel van het bestand.",
        "type": "Soort waarde (zie [Kolomsoorten](#kolomsoorten)).",
        "required": "Een lege cel is een fout.",
        "allowed": "De enige toegestane waarden (tekstkolommen); voorwaarden worden ertegen getoetst.",
        "minimum": "Kleinste toegestane waarde.",
        "maximum": "Grootste toegestane waarde.",
        "pseudonym_of": "Bij een pseudoniem: de BSN-kolom waaruit het bij binnenkomst gemaakt wordt.",
        "description": "Wat de kolom bevat.",
    },
    TimeColumns: {
        "date": "Datum van een gebeurtenis (contact, antwoord).",
        "start": "Begin van een looptijd (start traject).",
        "end": "Einde van een looptijd; leeg: loopt nog.",
    },
    SourceChange: {"date": "Eerste dag van de nieuwe manier van registreren.", "description": "Wat er veranderde."},
    Rounding: {
        "multiple": "Aantallen zijn veelvouden hiervan (CBS: 5).",
        "levels": "De gebiedsniveaus waarvan de aantallen afgerond zijn.",
    },
}

ENUMS: dict[type[Enum], dict[str, str]] = {
    Purpose: {
        "signaleren": "opvallende ontwikkelingen zien",
        "leren": "begrijpen wat werkt",
        "sturen": "bijsturen op doelen",
        "verantwoorden": "verantwoording aan raad en inwoners",
        "voorspellen": "vooruitkijken",
    },
    Level: {
        "maatschappelijk_resultaat": "wat er in de samenleving verandert",
        "outcome": "wat het voor inwoners oplevert",
        "output": "wat er geleverd wordt",
        "proces": "hoe het werk verloopt",
        "input": "wat erin gaat (geld, mensen)",
    },
    Polarity: {
        "higher_is_better": "hoger is beter",
        "lower_is_better": "lager is beter",
        "neutral": "geen richting is beter",
    },
    PeriodGrain: {
        "month": "maand",
        "quarter": "kwartaal",
        "half_year": "halfjaar",
        "year": "jaar (gepubliceerde tabellen zijn altijd jaarcijfers)",
        "rolling_12_months": "voortschrijdende twaalf maanden",
    },
    PeriodSemantics: {
        "event": "de datum (of begindatum) van de rij valt in de periode: nieuwe trajecten",
        "active": "de looptijd van de rij overlapt de periode; een lege einddatum betekent: loopt nog",
        "snapshot": "de rij loopt op de laatste dag van de periode: cliënten op 31 december",
        "ended": "de einddatum van de rij valt in de periode: uitstroom (vraagt een einddatum)",
    },
    AreaLevel: {"gemeente": "de hele gemeente", "wijk": "CBS-wijk", "buurt": "CBS-buurt"},
    SourceKind: {"microdata": "registratie", "aggregate": "gepubliceerde tabel"},
    ColumnType: {
        "string": "tekst",
        "integer": "geheel getal",
        "number": "getal (met decimalen)",
        "date": "datum (jjjj-mm-dd; ook dd-mm-jjjj en Excel-datums worden gelezen)",
        "boolean": "ja/nee",
        "bsn": "burgerservicenummer: getoetst met de elfproef en bij binnenkomst vervangen door een "
        "pseudoniem; nooit bewaard",
        "pseudonym": "een al gepseudonimiseerde sleutel van een persoon of huishouden",
        "buurt": "CBS-buurtcode (BU…)",
        "postcode": "postcode (1234AB); de rij komt in de buurt van die postcode",
    },
}

EXAMPLE_INDICATOR = """\
id: bijstand_per_1000
title: Inwoners met bijstand per 1.000 inwoners
definition: Aantal personen met een bijstandsuitkering per 1.000 inwoners (CBS).
level: outcome
unit: per 1.000 inwoners
polarity: lower_is_better
maximum: 1000
formula:
  kind: rate
  per: 1000
  numerator: {source: cbs_kwb, variable: bijstand_personen, label: Personen met bijstand}
  denominator: {source: cbs_kwb, variable: inwoners, label: Inwoners}
targets:
- {value: 30, direction: at_most, by: 2026-12-31, note: Coalitieakkoord}
"""

SECTIONS: list[tuple[str, type[BaseModel], str, str]] = [
    (
        "Monitor",
        Monitor,
        "Een monitor is één YAML-bestand in `monitors/`: de vragen die hij beantwoordt en zijn indicatoren.",
        "id: armoede\ntitle: Armoede en schulden\npurpose: [signaleren, sturen]\naudience: [raad, beleid]\n"
        "questions:\n- id: bijstand\n  text: Hoeveel inwoners zijn afhankelijk van bijstand?\nindicators:\n"
        + "- "
        + EXAMPLE_INDICATOR.replace("\n", "\n  ").rstrip()
        + "\n  question: bijstand\n",
    ),
    ("Vraag", Question, "Een vraag van de monitor.", "id: bijstand\ntext: Hoeveel inwoners hebben bijstand?\n"),
    ("Periodebereik", PeriodRange, "De perioden die een monitor beslaat.", "start: 2019-01-01\nend: 2024-12-31\n"),
    ("Indicator", Indicator, "Eén meetbare grootheid van een monitor.", EXAMPLE_INDICATOR),
    (
        "Formule: rate",
        RateFormula,
        "Teller gedeeld door noemer, maal `per`: een percentage of een cijfer per 1.000. Teller en noemer "
        "komen uit een registratie of een gepubliceerde tabel (een teller uit een tabel met een noemer uit een "
        "registratie kan niet).",
        "kind: rate\nper: 1000\nnumerator: {source: cbs_kwb, variable: wmo_clienten}\n"
        "denominator: {source: cbs_kwb, variable: inwoners}\n"
        "published: {source: cbs_kwb, variable: wmo_clienten_per_1000_inw}\n",
    ),
    (
        "Formule: count",
        CountFormula,
        "Een aantal of een som; er is geen noemer.",
        "kind: count\nmeasure:\n  source: jeugdhulp_trajecten\n  aggregation: count_distinct\n"
        "  column: client_id\n  period: event\n",
    ),
    (
        "Formule: statistic",
        StatisticFormula,
        "Gemiddelde, mediaan of percentiel van een getalkolom; de noemer is het aantal rijen.",
        "kind: statistic\nstatistic: median\nsource: wmo_voorzieningen\ncolumn: leeftijd\n",
    ),
    (
        "Formule: duration",
        DurationFormula,
        "Dagen tussen twee datums per rij (bijvoorbeeld aanmelding → start hulp). Alleen rijen met beide "
        "datums tellen mee.",
        "kind: duration\nsource: wijkteam_contacten\nstart: aanmelding\nend: start_hulp\n"
        "statistic: share_within\nnorm_days: 28\n",
    ),
    (
        "Formule: score",
        ScoreFormula,
        "Enquêtescores: de gemiddelde score of het aandeel dat minstens een drempel scoort.",
        "kind: score\nsource: clientervaring\ncolumn: score\nstatistic: share_at_least\nthreshold: 7\n",
    ),
    (
        "Formule: stapeling",
        StapelingFormula,
        "Het aandeel personen of huishoudens met minstens `min_kinds` soorten voorziening in de periode.",
        "kind: stapeling\nparts:\n- {source: wmo_voorzieningen, unit: huishouden_id, label: Wmo}\n"
        "- {source: bijstand_uitkeringen, unit: huishouden_id, label: Bijstand}\n",
    ),
    ("Stapelingsdeel", StapelingPart, "Eén soort voorziening van een stapeling.", "source: x\nunit: y\nlabel: Z\n"),
    (
        "Maat",
        Measure,
        "Een grootheid uit één bron: een variabele van een gepubliceerde tabel, of rijen van een registratie "
        "die geteld of opgeteld worden. `variable` gaat niet samen met `column`, `where` of `aggregation`.",
        "source: jeugdhulp_trajecten\naggregation: count_distinct\ncolumn: client_id\n"
        "where:\n- {column: vorm, equals: verblijf}\nperiod: active\nlabel: Jongeren met verblijf\n",
    ),
    (
        "Voorwaarde",
        Condition,
        "Een filter op één kolom; staan er meer operatoren in één voorwaarde, dan moeten ze alle gelden. "
        "Waarden bij `equals`, `in` en `not_in` worden getoetst aan de `allowed` en het `type` van de kolom.",
        "column: leeftijd\nat_least: 18\nat_most: 26\n",
    ),
    (
        "Uitsplitsing",
        Breakdown,
        "Een indicator uitgesplitst naar de waarden van een kolom (alleen bij registraties).",
        "id: leeftijdsgroep\ncolumn: leeftijd\nlabel: Leeftijd\nbins: [0, 4, 12, 18]\n",
    ),
    ("Doel", Target, "Een doel voor de indicator.", "value: 30\ndirection: at_most\nby: 2026-12-31\narea: WK034403\n"),
    ("Relevantie", Relevance, "Hoe groot een verschil moet zijn om ertoe te doen.", "absolute: 2\n"),
    ("Privacy", Disclosure, "Privacy-instellingen van een monitor of indicator.", "min_count: 10\n"),
    (
        "Bron",
        Source,
        "Een bron is één YAML-bestand in `sources/`: wat een registratie of gepubliceerde tabel bevat en hoe "
        "ze vermeld moet worden.",
        "id: schuldhulp\ntitle: Schuldhulpverlening\nkind: microdata\npublisher: Gemeente\n"
        "attribution: 'Bron: gemeente, schuldhulpregistratie'\nrow: traject\ncolumns:\n"
        "- {name: traject_id, type: string}\n- {name: bsn, type: bsn}\n"
        "- {name: client_id, type: pseudonym, pseudonym_of: bsn}\n- {name: postcode, type: postcode}\n"
        "- {name: start, type: date}\n- {name: einde, type: date, required: false}\n"
        "- {name: soort, type: string, allowed: [budgetbeheer, schuldregeling]}\n"
        "key: [traject_id]\narea: postcode\ntime: {start: start, end: einde}\n",
    ),
    ("Kolom", Column, "Eén kolom van een registratie.", "name: leeftijd\ntype: integer\nminimum: 0\nmaximum: 120\n"),
    ("Tijdkolommen", TimeColumns, "Welke kolommen een rij in de tijd plaatsen.", "start: start\nend: einde\n"),
    (
        "Registratiewijziging",
        SourceChange,
        "Een wijziging in de registratie.",
        "date: 2022-01-01\ndescription: overgang naar een nieuw registratiesysteem\n",
    ),
    ("Afronding", Rounding, "Hoe de uitgever aantallen afrondt.", "multiple: 5\nlevels: [wijk, buurt]\n"),
]

_SCALARS = {str: "tekst", int: "geheel getal", float: "getal", bool: "`true` of `false`", date: "datum (jjjj-mm-dd)"}


def _anchor(title: str) -> str:
    return title.lower().replace(": ", "-").replace(" ", "-")


_MODEL_TITLES = {model: title for title, model, _, _ in SECTIONS}


def _type(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        inner = _type(args[0])
        return "id (kleine letters, cijfers, `_`)" if inner == "tekst" and args[0] is str else inner
    if origin in (typing.Union, types.UnionType):
        parts = [_type(a) for a in args if a is not type(None)]
        if all(typing.get_origin(a) is None and isinstance(a, type) and issubclass(a, BaseModel) for a in args):
            return "formule (zie [Formules](#formules))"
        return " of ".join(dict.fromkeys(parts))
    if origin is tuple:
        return f"lijst van {_type(args[0])}"
    if origin is Literal:
        return "een van " + ", ".join(f"`{shown(a).strip(chr(39))}`" for a in args)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return f"een van de [{annotation.__name__}-waarden](#waarden)"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        title = _MODEL_TITLES[annotation]
        return f"[{title}](#{_anchor(title)})"
    return _SCALARS.get(annotation, str(annotation))


def _default(field: Any) -> str:
    if field.is_required():
        return "verplicht"
    if field.default_factory is not None:
        return "—"
    value = field.default
    if value is None or value == () or value == "" or value is PydanticUndefined:
        return "—"
    if isinstance(value, Enum):
        return f"`{value.value}`"
    if isinstance(value, tuple):
        return "`[" + ", ".join(v.value if isinstance(v, Enum) else str(v) for v in value) + "]`"
    if isinstance(value, BaseModel):
        return "—"
    return f"`{shown(value).strip(chr(39))}`"


def _table(model: type[BaseModel]) -> str:
    described = FIELDS[model]
    rows = ["| Sleutel | Soort | Standaard | Betekenis |", "|---|---|---|---|"]
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key not in described:
            raise KeyError(f"{model.__name__}.{key}: geen Nederlandse beschrijving in FIELDS")
        kind = _type(field.annotation)
        if any(getattr(m, "pattern", None) for m in field.metadata):  # an Identifier
            kind = kind.replace("tekst", "id (kleine letters, cijfers en `_`)")
        rows.append(f"| `{key}` | {kind} | {_default(field)} | {described[key]} |")
    extra = set(described) - {f.alias or n for n, f in model.model_fields.items()}
    if extra:
        raise KeyError(f"{model.__name__}: beschrijvingen van velden die niet bestaan: {sorted(extra)}")
    return "\n".join(rows)


def definitions_reference() -> str:
    """The text of docs/definities.md."""
    parts = [
        "# Definities: het formaat van monitors en bronnen\n",
        "*Gegenereerd uit de definitiemodellen (`src/duiding/definitions/`) door "
        "`pytest tests/test_docs.py --docs-update`; niet met de hand bewerken. Elk voorbeeld hieronder "
        "wordt in de tests ingelezen.*\n",
        "Een werkruimte heeft een map `monitors/` en een map `sources/` met YAML-bestanden. "
        "`duiding check BESTAND …` toetst ze: elk probleem komt als `bestand:regel: melding`, op de regel "
        'van de sleutel waar het over gaat, met een suggestie ("bedoelde je …?") waar een naam bijna '
        "klopt. Een monitor wordt ook getoetst aan de bronnen van de werkruimte (bestaan de kolommen en "
        "variabelen, zijn de waarden van een voorwaarde toegestaan) en aan haar gebieden (bestaat het "
        "gebied van een doel). Onbekende sleutels zijn een fout; een sleutel mag maar één keer in een "
        "object staan; YAML mag hooguit 50 niveaus diep genest zijn.\n",
        "## Formules\n",
        "Elke formule geeft per periode, gebied en uitsplitsing een teller, een noemer (het aantal personen "
        "of rijen waar het cijfer op rust) en een waarde. `kind` zegt welke formule het is: "
        + ", ".join(f"[`{t.split(': ')[1]}`](#{_anchor(t)})" for t, *_ in SECTIONS if t.startswith("Formule: "))
        + ".\n",
        "## Perioden\n",
        "Een indicator wordt berekend voor perioden van `period_grain`. Welke rijen van een registratie bij "
        "een periode horen, zegt `period` (bij een maat of formule); zonder `period`: `event` voor rijen "
        "met één datum, `active` voor rijen met een begin- en einddatum.\n",
    ]
    for title, model, intro, example in SECTIONS:
        parts.append(f"## {title}\n")
        parts.append(f"{intro}\n")
        parts.append(_table(model) + "\n")
        parts.append(f"Voorbeeld:\n\n```yaml\n{example.rstrip()}\n```\n")
    parts.append("## Waarden\n")
    for enum_type, meanings in ENUMS.items():
        values = [member.value for member in enum_type]  # type: ignore[attr-defined]
        if set(values) != set(meanings):
            raise KeyError(f"{enum_type.__name__}: beschrijvingen {sorted(meanings)} ≠ waarden {sorted(values)}")
        anchor = ' <a id="kolomsoorten"></a>' if enum_type is ColumnType else ""
        parts.append(f"### {enum_type.__name__}{anchor}\n")
        parts.append("\n".join(f"- `{value}`: {meanings[value]}" for value in values) + "\n")
    parts.append("## KWB-variabelen\n")
    parts.append(
        "De variabelen die Duiding uit elke KWB-download leest (zie `docs/kwb.md`), te gebruiken als "
        "`variable` van bron `cbs_kwb`. Het CBS rondt aantallen per wijk en buurt af op vijftallen.\n"
    )
    rows = ["| Variabele | Eenheid | OData-sleutel | Korte naam (xls) |", "|---|---|---|---|"]
    for variable in KWB_VARIABLES:
        rows.append(
            f"| `{variable.name}` | {variable.unit} | {', '.join(variable.odata_stems)} | "
            f"{', '.join(variable.xls_names)} |"
        )
    parts.append("\n".join(rows) + "\n")
    return "\n".join(parts)

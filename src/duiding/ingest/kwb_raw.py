"""Read CBS *Kerncijfers wijken en buurten* (KWB) as CBS publishes them into the long format.

CBS publishes each KWB edition in two layouts:

- **OData** (StatLine tables such as 84583NED, as CSV or through the OData API): column
  keys with a position suffix, ``AantalInwoners_5``, ``PersonenPerSoortUitkeringBijstand_83``.
  The suffix changes between editions, so a column is matched on its *stem* (the key
  without ``_N``), never on its position.
- **xls** (``kwb-2023.xlsx`` and friends): short names such as ``a_inw`` and ``a_soz_wb``,
  all gemeenten in one sheet.

How a file becomes long rows (``kwb_release_read``):

1. read it as text rows (CSV: UTF-8 with or without BOM, or Windows-1252 as Excel saves
   it; ``,``, ``;`` or tab; Excel via calamine), find the header row and the layout;
2. keep the rows of the requested gemeente (``GMgggg``, ``WKgggg..``, ``BUgggg....``);
3. match each column to a harmonised variable of ``KWB_VARIABLES`` (``kwb_rows_harmonise``,
   which the CBS OData client calls directly with its own rows);
4. clean every value: trimmed, CBS's ``.``/``x`` and empty cells become missing (never
   zero), a decimal comma becomes a point.

A column that is empty for every area of the gemeente counts as *missing*: CBS's first
release of an edition carries the columns of figures that are not yet available.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from python_calamine import CalamineWorkbook

from duiding.definitions.base import AreaLevel
from duiding.errors import LoadError
from duiding.geography.areas import area_level_of
from duiding.ingest.kwb import KWB_COLUMNS
from duiding.ingest.results import MAX_LISTED, problem_line, problems_report


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


def _count(name: str, odata: str | tuple[str, ...], xls: str | tuple[str, ...]) -> KwbVariable:
    stems = (odata,) if isinstance(odata, str) else odata
    return KwbVariable(name, "aantal", stems, (xls,) if isinstance(xls, str) else xls)


KWB_VARIABLES: tuple[KwbVariable, ...] = (
    _count("inwoners", "AantalInwoners", "a_inw"),
    _count("mannen", "Mannen", "a_man"),
    _count("vrouwen", "Vrouwen", "a_vrouw"),
    _count("leeftijd_0_14", "k_0Tot15Jaar", "a_00_14"),
    _count("leeftijd_15_24", "k_15Tot25Jaar", "a_15_24"),
    _count("leeftijd_25_44", "k_25Tot45Jaar", "a_25_44"),
    _count("leeftijd_45_64", "k_45Tot65Jaar", "a_45_64"),
    _count("leeftijd_65plus", "k_65JaarOfOuder", "a_65_oo"),
    _count("huishoudens", "HuishoudensTotaal", "a_hh"),
    _count("eenpersoonshuishoudens", "Eenpersoonshuishoudens", "a_1p_hh"),
    _count("huishoudens_zonder_kinderen", "HuishoudensZonderKinderen", "a_hh_z_k"),
    _count("huishoudens_met_kinderen", "HuishoudensMetKinderen", "a_hh_m_k"),
    KwbVariable("gem_huishoudensgrootte", "gemiddelde", ("GemiddeldeHuishoudensgrootte",), ("g_hhgro",)),
    _count("woningvoorraad", "Woningvoorraad", "a_woning"),
    # g_woz until KWB 2019, g_wozbag from 2020 (same series, x 1 000 euro)
    KwbVariable("woz_gemiddeld_x1000_euro", "x 1000 euro", ("GemiddeldeWOZWaardeVanWoningen",), ("g_wozbag", "g_woz")),
    # persons 15-75 by education level; CBS renamed the keys in KWB 2023
    _count("opleiding_laag", ("OpleidingsniveauLaag", "BasisonderwijsVmboMbo1"), ("a_opl_lg", "a_opl_bvm")),
    _count("opleiding_middelbaar", ("OpleidingsniveauMiddelbaar", "HavoVwoMbo24"), ("a_opl_md", "a_opl_hvm")),
    _count("opleiding_hoog", ("OpleidingsniveauHoog", "HboWo"), ("a_opl_hg", "a_opl_hw")),
    _count("bijstand_personen", "PersonenPerSoortUitkeringBijstand", "a_soz_wb"),
    _count("ao_uitkering_personen", "PersonenPerSoortUitkeringAO", "a_soz_ao"),
    _count("ww_uitkering_personen", "PersonenPerSoortUitkeringWW", "a_soz_ww"),
    _count("aow_uitkering_personen", "PersonenPerSoortUitkeringAOW", "a_soz_ow"),
    _count("jongeren_met_jeugdzorg_in_natura", "JongerenMetJeugdzorgInNatura", "a_jz_tn"),
    KwbVariable("pct_jongeren_met_jeugdzorg", "procent", ("PercentageJongerenMetJeugdzorg",), ("p_jz_tn",)),
    _count("wmo_clienten", "WmoClienten", "a_wmo_t"),
    KwbVariable("wmo_clienten_per_1000_inw", "per 1000 inwoners", ("WmoClientenRelatief",), ("p_wmo_t",)),
    KwbVariable("bevolkingsdichtheid_per_km2", "inwoners per km2", ("Bevolkingsdichtheid",), ("bev_dich",)),
    KwbVariable("oppervlakte_land_ha", "ha", ("OppervlakteLand",), ("a_lan_ha",)),
)


class KwbLayout(StrEnum):
    """How a KWB file names its columns."""

    ODATA = "odata"
    """StatLine/OData keys with a position suffix: ``AantalInwoners_5``."""
    XLS = "xls"
    """The short names of CBS's kwb-YYYY.xlsx: ``a_inw``."""


@dataclass(frozen=True)
class KwbRelease:
    """One KWB edition of one gemeente, harmonised to long rows."""

    year: int
    gemeente_code: str
    source_name: str
    layout: KwbLayout
    rows: list[dict[str, str]]
    """Long rows with the columns of ``KWB_COLUMNS``; ``waarde`` is empty where CBS published nothing."""
    unmatched: tuple[str, ...]
    """Columns of the file that are neither a known variable nor an identifier or label."""
    missing: tuple[str, ...]
    """Harmonised variables the file does not have (or has only as an empty column)."""
    notes: tuple[str, ...] = ()
    """What the reader detected: encoding, separator, sheet, empty columns."""
    gemeente_name: str = ""
    """The gemeente's name (its own row's name, else ``Gemeentenaam``/``gm_naam``); empty if unknown."""


_SUFFIX = re.compile(r"_\d+$")
_GEMEENTE = re.compile(r"^GM(\d{4})$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")
_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_MISSING = frozenset({"", ".", "x"})
"""CBS's markers for a figure that is unknown, secret or not yet available."""
_HEADER_SEARCH = 20
"""The header row is looked for in this many first rows (some exports start with a title)."""
_TYPES = {"gemeente": AreaLevel.GEMEENTE, "wijk": AreaLevel.WIJK, "buurt": AreaLevel.BUURT}

# Identifier and label columns per layout (lower-case stems / short names): never "unmatched".
_IDENTIFIERS = {
    KwbLayout.ODATA: frozenset(("id", "wijkenenbuurten", "gemeentenaam", "soortregio", "codering", "peildatum"))
    | frozenset(("indelingswijzigingwijkenenbuurten", "indelingswijziginggemeentewijkbuurt", "jaar", "regio_naam"))
    | frozenset(("meestvoorkomendepostcode", "dekkingspercentage")),
    KwbLayout.XLS: frozenset(("gwb_code_10", "gwb_code_8", "gwb_code", "regio", "gm_naam", "recs", "ind_wbi"))
    | frozenset(("pst_mvp", "pst_dekp", "jaar", "regio_naam")),
}
_CODE_COLUMNS = {KwbLayout.ODATA: ("codering", "wijkenenbuurten"), KwbLayout.XLS: ("gwb_code_10", "gwb_code")}
_TYPE_COLUMNS = {KwbLayout.ODATA: ("soortregio",), KwbLayout.XLS: ("recs",)}
_NAME_COLUMNS = {KwbLayout.ODATA: ("regio_naam", "wijkenenbuurten"), KwbLayout.XLS: ("regio_naam", "regio")}


def _key(column: str, layout: KwbLayout) -> str:
    """How a column is matched: OData keys by lower-case stem, xls short names as written."""
    name = column.strip().casefold()
    match layout:
        case KwbLayout.ODATA:
            return _SUFFIX.sub("", name)
        case KwbLayout.XLS:
            return name


_LOOKUP = {
    KwbLayout.ODATA: {stem.casefold(): v for v in KWB_VARIABLES for stem in v.odata_stems},
    KwbLayout.XLS: {short.casefold(): v for v in KWB_VARIABLES for short in v.xls_names},
}


def kwb_variable_for(column: str, layout: KwbLayout) -> KwbVariable | None:
    """The harmonised variable a raw column holds, matched by stem / short name; None if unknown."""
    return _LOOKUP[layout].get(_key(column, layout))


def kwb_layout_of(columns: Iterable[str]) -> KwbLayout | None:
    """The layout a header row belongs to, or None when it is not a KWB header."""
    names = {c.strip().casefold() for c in columns}
    stems = {_SUFFIX.sub("", n) for n in names}
    if stems & {"codering", "soortregio"}:
        return KwbLayout.ODATA
    if names & {"gwb_code_10", "gwb_code", "recs"}:
        return KwbLayout.XLS
    if "wijkenenbuurten" in stems:
        return KwbLayout.ODATA
    return None


def _text(value: object) -> str:
    """A cell as trimmed text; whole floats without '.0' (Excel stores every number as a float)."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).replace("\u00a0", " ").strip()


def _number(value: object) -> str | None:
    """The value as CBS gives it ('' when missing), or None when it is not a number."""
    if isinstance(value, bool):
        return None
    text = _text(value)
    if text.casefold() in _MISSING:
        return ""
    if _DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    return text if _NUMBER.match(text) else None


def _find(columns: Sequence[str], layout: KwbLayout, wanted: tuple[str, ...]) -> str | None:
    for key in wanted:
        for column in columns:
            if _key(column, layout) == key:
                return column
    return None


def _belongs(code: str, digits: str) -> bool:
    """Whether a region code lies in the gemeente with these four digits."""
    return (
        code == f"GM{digits}"
        or (code.startswith(f"WK{digits}") and len(code) == 8)
        or (code.startswith(f"BU{digits}") and len(code) == 10)
    )


def _gemeente_digits(gemeente_code: str) -> str:
    match = _GEMEENTE.match(gemeente_code)
    if match is None:
        raise LoadError(
            f"Ongeldige gemeentecode '{gemeente_code}': gebruik GM gevolgd door vier cijfers, bijv. GM0344."
        )
    return match.group(1)


@dataclass
class _Problems:
    source_name: str
    listed: list[str]
    per_rule: dict[str, int]

    def add(self, row: int, column: str, value: str, rule: str) -> None:
        self.per_rule[rule] = self.per_rule.get(rule, 0) + 1
        if len(self.listed) < MAX_LISTED:
            self.listed.append(problem_line(row, column, value, rule))

    def raise_if_any(self) -> None:
        if self.per_rule:
            ranked = sorted(self.per_rule.items(), key=lambda item: -item[1])
            raise LoadError(problems_report(self.source_name, sum(self.per_rule.values()), self.listed, ranked))


@dataclass(frozen=True)
class _Area:
    row: int
    code: str
    level: AreaLevel
    name: str
    raw: Mapping[str, object]


def _areas(
    numbered: Iterable[tuple[int, Mapping[str, object]]],
    columns: Sequence[str],
    layout: KwbLayout,
    digits: str,
    problems: _Problems,
) -> list[_Area]:
    code_column = _find(columns, layout, _CODE_COLUMNS[layout])
    if code_column is None:
        wanted = "Codering of WijkenEnBuurten" if layout is KwbLayout.ODATA else "gwb_code_10 of gwb_code"
        raise LoadError(f"{problems.source_name}: de kolom met de gebiedscode ontbreekt (verwacht: {wanted}).")
    type_column = _find(columns, layout, _TYPE_COLUMNS[layout])
    name_column = _find(columns, layout, _NAME_COLUMNS[layout])
    areas: list[_Area] = []
    seen: dict[str, int] = {}
    for number, raw in numbered:
        code = _text(raw.get(code_column))
        if not _belongs(code, digits):
            continue
        level = area_level_of(code)
        if level is None:
            problems.add(number, code_column, code, "geen geldige CBS-gebiedscode")
            continue
        if code in seen:
            problems.add(number, code_column, code, f"dubbele gebiedscode (ook in rij {seen[code]})")
            continue
        seen[code] = number
        kind = _text(raw.get(type_column)) if type_column else ""
        if kind and _TYPES.get(kind.casefold()) is not level:
            problems.add(number, type_column or "", kind, f"past niet bij de code {code} (een {level.value})")
            continue
        name = _text(raw.get(name_column)) if name_column else ""
        areas.append(_Area(number, code, level, "" if name == code else name, raw))
    return areas


def _year(areas: list[_Area], columns: Sequence[str], layout: KwbLayout, year: int | None, source: str) -> int:
    column = _find(columns, layout, ("jaar",))
    found = sorted({_text(area.raw.get(column)) for area in areas} - {""}) if column else []
    if len(found) > 1:
        raise LoadError(
            f"{source}: de kolom '{column}' bevat meerdere jaren ({', '.join(found)}); lever één editie per bestand."
        )
    if found:
        if not (found[0].isdigit() and 1990 <= int(found[0]) <= 2100):
            raise LoadError(f"{source}: kolom '{column}' bevat geen geldig jaartal ('{found[0]}').")
        if year is not None and year != int(found[0]):
            raise LoadError(
                f"{source}: het opgegeven jaar {year} verschilt van het jaar {found[0]} in kolom '{column}'."
            )
        return int(found[0])
    if year is not None and not 1990 <= year <= 2100:
        raise LoadError(f"{source}: {year} is geen geldig jaartal voor een KWB-editie.")
    if year is None:
        raise LoadError(
            f"{source}: het jaar (de KWB-editie) is onbekend: het bestand heeft geen kolom 'jaar' en de "
            "bestandsnaam noemt geen jaar. Geef het jaar op, of noem het bestand bijv. kwb-2023.xlsx."
        )
    return year


def _columns_by_variable(columns: Sequence[str], layout: KwbLayout) -> tuple[dict[str, list[str]], tuple[str, ...]]:
    matched: dict[str, list[str]] = {}
    unmatched: list[str] = []
    for column in columns:
        variable = kwb_variable_for(column, layout)
        if variable is not None:
            matched.setdefault(variable.name, []).append(column)
        elif _key(column, layout) not in _IDENTIFIERS[layout]:
            unmatched.append(column)
    return matched, tuple(unmatched)


def _harmonise(
    columns: Sequence[str],
    numbered: Iterable[tuple[int, Mapping[str, object]]],
    *,
    gemeente_code: str,
    year: int | None,
    source_name: str,
    notes: tuple[str, ...] = (),
) -> KwbRelease:
    digits = _gemeente_digits(gemeente_code)
    columns = [c for c in columns if c.strip()]
    layout = kwb_layout_of(columns)
    if layout is None:
        raise LoadError(
            f"{source_name}: onbekende indeling; dit lijkt geen CBS-bestand Kerncijfers wijken en buurten "
            "(geen kolom Codering/SoortRegio of gwb_code_10/recs gevonden)."
        )
    problems = _Problems(source_name, [], {})
    areas = _areas(numbered, columns, layout, digits, problems)
    problems.raise_if_any()
    if not areas:
        raise LoadError(f"{source_name}: het bestand bevat geen gebieden van {gemeente_code}. Er is niets geladen.")
    edition = _year(areas, columns, layout, year, source_name)
    matched, unmatched = _columns_by_variable(columns, layout)
    rows: list[dict[str, str]] = []
    missing: list[str] = []
    found_notes: list[str] = []
    for variable in KWB_VARIABLES:
        values: dict[str, list[str]] = {}
        for column in matched.get(variable.name, []):
            cleaned = [_checked(area, column, problems) for area in areas]
            if any(cleaned):
                values[column] = cleaned
            else:
                found_notes.append(f"kolom '{column}' is leeg voor {gemeente_code}: {variable.name} ontbreekt")
        if len(values) > 1:
            raise LoadError(
                f"{source_name}: de kolommen {', '.join(values)} bevatten allebei {variable.name}; "
                "lever één editie per bestand."
            )
        if not values:
            missing.append(variable.name)
            continue
        column, cleaned = next(iter(values.items()))
        rows += [
            _long_row(edition, gemeente_code, area, variable, value, source_name, column.strip())
            for area, value in zip(areas, cleaned, strict=True)
        ]
    problems.raise_if_any()
    return KwbRelease(
        year=edition,
        gemeente_code=gemeente_code,
        source_name=source_name,
        layout=layout,
        rows=rows,
        unmatched=tuple(c.strip() for c in unmatched),
        missing=tuple(missing),
        notes=(*notes, *found_notes),
        gemeente_name=_gemeente_name(areas, columns, layout),
    )


def _gemeente_name(areas: list[_Area], columns: Sequence[str], layout: KwbLayout) -> str:
    own = next((a.name for a in areas if a.level is AreaLevel.GEMEENTE and a.name), "")
    if own:
        return own
    column = _find(columns, layout, ("gemeentenaam", "gm_naam"))
    return next((name for a in areas if column and (name := _text(a.raw.get(column)))), "")


def _checked(area: _Area, column: str, problems: _Problems) -> str:
    value = _number(area.raw.get(column))
    if value is None:
        problems.add(area.row, column.strip(), _text(area.raw.get(column)), "geen getal")
        return ""
    return value


def _long_row(
    year: int, gemeente_code: str, area: _Area, variable: KwbVariable, value: str, source: str, column: str
) -> dict[str, str]:
    values = (
        str(year),
        gemeente_code,
        area.level.value.capitalize(),
        area.code,
        area.name,
        variable.name,
        value,
        variable.unit,
        source,
        column,
    )
    return dict(zip(KWB_COLUMNS, values, strict=True))


def kwb_rows_harmonise(
    columns: Sequence[str],
    rows: Iterable[Mapping[str, object]],
    *,
    gemeente_code: str,
    year: int | None,
    source_name: str,
    first_row: int = 2,
) -> KwbRelease:
    """Harmonise raw KWB rows (column key → raw text or number) of one edition for one gemeente.

    ``columns`` are the raw column names (OData keys or xls short names); the layout is
    detected from them. Rows outside ``gemeente_code`` are dropped. The year comes from a
    ``jaar`` column if there is one (``year``, when given, must agree), else from ``year``.
    ``first_row`` is the row number of the first row in error messages (header = row 1).
    Raises ``LoadError`` with a Dutch message naming ``source_name``.
    """
    numbered = enumerate(rows, start=first_row)
    return _harmonise(columns, numbered, gemeente_code=gemeente_code, year=year, source_name=source_name)


def _decoded(path: Path, data: bytes) -> tuple[str, str]:
    if b"\x00" in data[:4096]:
        raise LoadError(f"{path.name}: dit is geen tekstbestand (CSV); het bevat binaire gegevens.")
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data.decode("utf-8-sig"), "tekenset UTF-8 met BOM"
        return data.decode("utf-8"), "tekenset UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "tekenset Windows-1252"
    except UnicodeDecodeError as exc:
        raise LoadError(
            f"{path.name}: het bestand is geen leesbare tekst (byte {exc.start}). Sla het op als CSV UTF-8."
        ) from exc


def _csv_rows(path: Path) -> tuple[Sequence[Sequence[object]], tuple[str, ...]]:
    data = path.read_bytes()
    if not data.strip():
        raise LoadError(f"{path.name}: het bestand is leeg.")
    text, encoding = _decoded(path, data)
    head = text.splitlines()[:_HEADER_SEARCH]
    separators = {",": "komma", ";": "puntkomma", "\t": "tab"}
    separator = max(separators, key=lambda sep: max(line.count(sep) for line in head))
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error as exc:
        raise LoadError(f"{path.name}: het bestand is geen leesbare CSV ({exc}).") from exc
    return rows, (encoding, f"scheidingsteken {separators[separator]}")


def _excel_rows(path: Path, sheet: str | None) -> tuple[Sequence[Sequence[object]], tuple[str, ...]]:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types per format
        raise LoadError(
            f"{path.name}: geen geldig Excel-bestand (leeg, beschadigd of een ander bestandstype)."
        ) from exc
    names = list(workbook.sheet_names)
    chosen = sheet or (names[0] if names else None)
    if chosen is None or chosen not in names:
        raise LoadError(f"{path.name}: werkblad '{sheet}' bestaat niet; wel: {', '.join(names) or 'geen'}.")
    rows = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    return rows, (f"werkblad '{chosen}'",)


_READERS = {".csv": "csv", ".txt": "csv", ".xlsx": "excel", ".xlsm": "excel", ".xls": "excel", ".ods": "excel"}


def _year_from_name(name: str) -> int | None:
    found = set(_YEAR_IN_NAME.findall(Path(name).stem))
    return int(found.pop()) if len(found) == 1 else None


def _header(rows: Sequence[Sequence[object]], name: str) -> tuple[int, list[str], KwbLayout]:
    """The index of the header row, its column names and the layout they show."""
    for index, row in enumerate(rows[:_HEADER_SEARCH]):
        header = [_text(cell) for cell in row]
        layout = kwb_layout_of(header)
        if layout is None:
            continue
        doubles = sorted({c for c in header if c and header.count(c) > 1})
        if doubles:
            raise LoadError(f"{name}: kolom(men) {', '.join(doubles)} komen meer dan eens voor in de kopregel.")
        return index, header, layout
    raise LoadError(
        f"{name}: onbekende indeling; geen kopregel met Codering/SoortRegio (OData) of "
        f"gwb_code_10/recs (xls) gevonden in de eerste {_HEADER_SEARCH} rijen."
    )


def kwb_release_read(
    path: Path, *, gemeente_code: str, year: int | None = None, sheet: str | None = None
) -> KwbRelease:
    """Read one KWB file as CBS publishes it (OData CSV or the xls layout; .csv or .xlsx).

    Only the areas of ``gemeente_code`` are kept. The year comes from a ``jaar`` column,
    else ``year``, else the file name (``kwb-2023.xlsx``). ``sheet`` picks an Excel sheet
    (default: the first).
    """
    kind = _READERS.get(path.suffix.lower())
    if kind is None:
        raise LoadError(
            f"{path.name}: bestandstype '{path.suffix or '(geen)'}' wordt niet ondersteund; wel .csv en .xlsx."
        )
    if not path.is_file():
        raise LoadError(f"{path}: bestand bestaat niet.")
    rows, notes = _csv_rows(path) if kind == "csv" else _excel_rows(path, sheet)
    start, header, layout = _header(rows, path.name)
    code_column = _find(header, layout, _CODE_COLUMNS[layout])
    index = header.index(code_column) if code_column else None
    digits = _gemeente_digits(gemeente_code)
    numbered = (  # only the gemeente's rows become dicts: a national xlsx has some 17 000 rows
        (number, dict(zip(header, row, strict=False)))
        for number, row in enumerate(rows[start + 1 :], start=start + 2)
        if index is None or (index < len(row) and _belongs(_text(row[index]), digits))
    )
    if year is None and _find(header, layout, ("jaar",)) is None:
        year = _year_from_name(path.name)
    return _harmonise(header, numbered, gemeente_code=gemeente_code, year=year, source_name=path.name, notes=notes)


def kwb_long_write(releases: Iterable[KwbRelease], path: Path) -> int:
    """Write releases as one harmonised long CSV (UTF-8, ``,``) that ``kwb_long_load`` loads.

    Returns the number of data rows. The file is replaced only when writing succeeded.
    """
    releases = list(releases)
    if not releases:
        raise LoadError("Er zijn geen KWB-gegevens om te schrijven.")
    seen: dict[tuple[int, str], str] = {}
    for release in releases:
        key = (release.year, release.gemeente_code)
        if key in seen:
            raise LoadError(
                f"KWB {release.year} van {release.gemeente_code} komt twee keer voor "
                f"({seen[key]} en {release.source_name}); kies één bestand per jaar."
            )
        seen[key] = release.source_name
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".kwb-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=KWB_COLUMNS)
            writer.writeheader()
            for release in releases:
                writer.writerows(release.rows)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return sum(len(release.rows) for release in releases)

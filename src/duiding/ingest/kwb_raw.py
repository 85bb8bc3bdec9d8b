"""Read CBS *Kerncijfers wijken en buurten* (KWB) as CBS publishes them into the long format.

CBS publishes each KWB edition in three layouts (docs/kwb.md):

- **OData** (StatLine tables such as 84583NED, as CSV or through the OData API): column
  keys with a position suffix, ``AantalInwoners_5``, ``PersonenPerSoortUitkeringBijstand_83``.
  The suffix changes between editions, so a column is matched on its *stem* (the key
  without ``_N``), never on its position.
- **xls** (``kwb-2023.xlsx`` and friends): short names such as ``a_inw`` and ``a_soz_wb``,
  all gemeenten in one sheet.
- **labels** (the StatLine CSV download "met labels"): the StatLine titles of the table,
  ``Bevolking/Aantal inwoners (aantal)``, or their R/pandas rewriting with a dot for every
  other character (``Bevolking.Aantal.inwoners..aantal.``), often after an unnamed
  row-index column. Titles are compared as words, so both spellings match.

Every layout may carry a Nederland row (``NL00``, Soort regio ``Land``): it is kept as a
national reference figure (long rows with ``regio_type`` ``Land``), never as an area.

How a file becomes long rows (``kwb_release_read``):

1. read it as text rows (CSV: UTF-8 with or without BOM, or Windows-1252 as Excel saves
   it; ``,``, ``;`` or tab; Excel via calamine), find the header row and the layout;
2. keep the rows of the requested gemeente (``GMgggg``, ``WKgggg..``, ``BUgggg....``) and
   of Nederland (``NL00``);
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
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from python_calamine import CalamineWorkbook

from duiding.definitions.base import AreaLevel
from duiding.errors import LoadError
from duiding.geography.areas import area_level_of
from duiding.ingest.kwb import KWB_COLUMNS
from duiding.ingest.kwb_variables import KWB_TABLE_IDS, KWB_VARIABLES, STATLINE_URL, KwbVariable
from duiding.ingest.results import MAX_LISTED, problem_line, problems_report

__all__ = [
    "KWB_TABLE_IDS",
    "KWB_VARIABLES",
    "NATIONAL_CODE",
    "KwbLayout",
    "KwbRelease",
    "KwbVariable",
    "kwb_formats_hint",
    "kwb_layout_of",
    "kwb_long_write",
    "kwb_release_read",
    "kwb_rows_harmonise",
    "kwb_variable_for",
]


class KwbLayout(StrEnum):
    """How a KWB file names its columns."""

    ODATA = "odata"
    """StatLine/OData keys with a position suffix: ``AantalInwoners_5``."""
    XLS = "xls"
    """The short names of CBS's kwb-YYYY.xlsx: ``a_inw``."""
    LABELS = "labels"
    """StatLine titles, the CSV download with labels: ``Bevolking/Aantal inwoners (aantal)``,
    or their R/pandas rewriting ``Bevolking.Aantal.inwoners..aantal.``."""


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
NATIONAL_CODE = "NL00"
"""CBS's code of the Nederland row: kept as a national reference figure, never an area of the gemeente."""
NATIONAL_TYPE = "Land"
"""``regio_type`` of the national rows in the long format (CBS: Soort regio ``Land``)."""
_INDEX_COLUMNS = frozenset(("", "x", "unnamed: 0", "unnamed_0", "index"))
"""The unnamed row-index column R (``""``/``X``) or pandas (``Unnamed: 0``) write in front."""

# Identifier and label columns per layout (lower-case stems / short names): never "unmatched".
_IDENTIFIERS = {
    KwbLayout.ODATA: frozenset(("id", "wijkenenbuurten", "gemeentenaam", "soortregio", "codering", "peildatum"))
    | frozenset(("indelingswijzigingwijkenenbuurten", "indelingswijziginggemeentewijkbuurt", "jaar", "regio_naam"))
    | frozenset(("meestvoorkomendepostcode", "dekkingspercentage"))
    | _INDEX_COLUMNS,
    KwbLayout.XLS: frozenset(("gwb_code_10", "gwb_code_8", "gwb_code", "regio", "gm_naam", "recs", "ind_wbi"))
    | frozenset(("pst_mvp", "pst_dekp", "jaar", "regio_naam"))
    | _INDEX_COLUMNS,
    KwbLayout.LABELS: frozenset(("codering", "soortregio", "gemeentenaam", "wijkenenbuurten", "regio_naam", "jaar"))
    | frozenset(("id", "index", "indeling", "postcode", "dekking", "peildatum", "perioden")),
}
_CODE_COLUMNS = {
    KwbLayout.ODATA: ("codering", "wijkenenbuurten"),
    KwbLayout.XLS: ("gwb_code_10", "gwb_code"),
    KwbLayout.LABELS: ("codering",),
}
_TYPE_COLUMNS = {KwbLayout.ODATA: ("soortregio",), KwbLayout.XLS: ("recs",), KwbLayout.LABELS: ("soortregio",)}
_NAME_COLUMNS = {
    KwbLayout.ODATA: ("regio_naam", "wijkenenbuurten"),
    KwbLayout.XLS: ("regio_naam", "regio"),
    KwbLayout.LABELS: ("regio_naam", "wijkenenbuurten"),
}

# StatLine titles of the identifier columns, as word sequences: (canonical key, words, whole title only)
_LABEL_IDENTIFIERS: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("codering", ("codering", "code"), False),
    ("codering", ("codering",), False),
    ("soortregio", ("soort", "regio", "omschrijving"), False),
    ("soortregio", ("soort", "regio"), False),
    ("gemeentenaam", ("gemeentenaam", "naam"), False),
    ("gemeentenaam", ("gemeentenaam",), False),
    ("indeling", ("indelingswijziging", "wijken", "en", "buurten", "code"), False),
    ("indeling", ("indelingswijziging", "wijken", "en", "buurten"), False),
    ("postcode", ("meest", "voorkomende", "postcode", "code"), False),
    ("postcode", ("meest", "voorkomende", "postcode"), False),
    ("dekking", ("dekkingspercentage", "omschrijving"), False),
    ("dekking", ("dekkingspercentage",), False),
    ("wijkenenbuurten", ("wijken", "en", "buurten"), True),
    ("regio_naam", ("regio", "naam"), True),
    ("jaar", ("jaar",), True),
    ("peildatum", ("peildatum",), True),
    ("perioden", ("perioden",), True),
    ("id", ("id",), True),
    ("index", (), True),
    ("index", ("x",), True),
    ("index", ("unnamed", "0"), True),
    ("index", ("index",), True),
)
_WORD_SEPARATOR = re.compile(r"[^a-z0-9]+")
_UNIT = re.compile(r"\(([^()]*)\)\s*$")


def _words(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A title as lower-case words, in two spellings so raw and dotted titles compare equal.

    Every run of characters that is not a-z/0-9 separates words, so ``Aantal inwoners (aantal)``
    and ``Aantal.inwoners..aantal.`` give the same words. Accented letters are once dropped to
    their base letter (``cliënten`` → ``clienten``) and once treated as a separator, as R does
    in a C locale (``cli.nten``).
    """
    folded = text.strip().casefold()
    plain = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    return tuple(w for w in _WORD_SEPARATOR.split(plain) if w), tuple(w for w in _WORD_SEPARATOR.split(folded) if w)


def _label_identifier(column: str) -> str | None:
    for key, pattern, whole in _LABEL_IDENTIFIERS:
        for words in _words(column):
            if words == pattern or (not whole and pattern and words[-len(pattern) :] == pattern):
                return key
    return None


def _key(column: str, layout: KwbLayout) -> str:
    """How a column is matched: OData keys by lower-case stem, xls short names as written, titles as words."""
    name = column.strip().casefold()
    match layout:
        case KwbLayout.ODATA:
            return _SUFFIX.sub("", name)
        case KwbLayout.XLS:
            return name
        case KwbLayout.LABELS:
            return _label_identifier(column) or " ".join(_words(column)[0])


def _title_words(title: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(words of the last part with its unit, words of the last part without it), per spelling."""
    leaf = title.rsplit("/", 1)[-1]
    bare = _UNIT.sub("", leaf)
    return list(zip(_words(leaf), _words(bare), strict=True))


_LOOKUP = {
    KwbLayout.ODATA: {stem.casefold(): v for v in KWB_VARIABLES for stem in v.odata_stems},
    KwbLayout.XLS: {short.casefold(): v for v in KWB_VARIABLES for short in v.xls_names},
}
_TITLES = [(words, v) for v in KWB_VARIABLES for title in v.statline_titles for words in _title_words(title)]


def _variable_by_title(column: str) -> KwbVariable | None:
    """The variable whose StatLine title the column ends with (longest match), or whose bare title it is."""
    best: tuple[int, KwbVariable] | None = None
    for words in _words(column):
        for (leaf, bare), variable in _TITLES:
            if (leaf and words[-len(leaf) :] == leaf) or words == bare:
                length = max(len(leaf), len(bare))
                if best is None or length > best[0]:
                    best = (length, variable)
    return best[1] if best else None


def kwb_variable_for(column: str, layout: KwbLayout) -> KwbVariable | None:
    """The harmonised variable a raw column holds; None if unknown.

    OData keys match by stem, xls names as written; in the labels layout a column matches by
    StatLine title (raw or dotted), else by OData stem or xls short name.
    """
    if layout is KwbLayout.LABELS:
        name = column.strip().casefold()
        return (
            _variable_by_title(column)
            or _LOOKUP[KwbLayout.ODATA].get(_SUFFIX.sub("", name))
            or _LOOKUP[KwbLayout.XLS].get(name)
        )
    return _LOOKUP[layout].get(_key(column, layout))


def kwb_layout_of(columns: Iterable[str]) -> KwbLayout | None:
    """The layout a header row belongs to, or None when it is not a KWB header."""
    names = {c.strip().casefold() for c in columns}
    suffixed = {_SUFFIX.sub("", n) for n in names if _SUFFIX.search(n)}
    if suffixed & {"codering", "soortregio"}:
        return KwbLayout.ODATA
    if names & {"gwb_code_10", "gwb_code", "recs"}:
        return KwbLayout.XLS
    if {_label_identifier(c) for c in columns} & {"codering", "soortregio"}:
        return KwbLayout.LABELS
    if "wijkenenbuurten" in {_SUFFIX.sub("", n) for n in names}:
        return KwbLayout.ODATA
    return None


def kwb_formats_hint(year: int | None = None) -> str:
    """The Dutch sentence that names the KWB formats Duiding reads and where to download them."""
    shown = year if year in KWB_TABLE_IDS else max(KWB_TABLE_IDS)
    table = KWB_TABLE_IDS[shown]
    return (
        "Duiding leest drie indelingen van de Kerncijfers wijken en buurten (KWB): "
        "(1) de CSV van CBS StatLine met kolomsleutels (OData, bijv. Codering_3, AantalInwoners_5); "
        "(2) de CSV van CBS StatLine met labels (kolommen als 'Regioaanduiding/Codering (code)' of "
        "Regioaanduiding.Codering..code.); "
        "(3) het Excel-bestand kwb-JJJJ.xlsx van CBS (kolommen gwb_code_10, recs, a_inw). "
        f"Download de KWB bij CBS StatLine, tabel {table} voor KWB {shown} "
        f"({STATLINE_URL.format(table_id=table)}); de tabel van elk jaar staat in docs/kwb.md. "
        "Of haal de gegevens direct op met 'duiding init --online'."
    )


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
    """Whether a region code lies in the gemeente with these four digits, or is Nederland (NL00)."""
    return (
        code == NATIONAL_CODE
        or code == f"GM{digits}"
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
    level: AreaLevel | None
    """None for the Nederland row (NL00)."""
    name: str
    raw: Mapping[str, object]

    @property
    def regio_type(self) -> str:
        return NATIONAL_TYPE if self.level is None else self.level.value.capitalize()


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
        if level is None and code != NATIONAL_CODE:
            problems.add(number, code_column, code, "geen geldige CBS-gebiedscode")
            continue
        if code in seen:
            problems.add(number, code_column, code, f"dubbele gebiedscode (ook in rij {seen[code]})")
            continue
        seen[code] = number
        kind = _text(raw.get(type_column)) if type_column else ""
        if kind and not _kind_fits(kind, level):
            expected = "Land" if level is None else f"een {level.value}"
            problems.add(number, type_column or "", kind, f"past niet bij de code {code} ({expected})")
            continue
        name = _text(raw.get(name_column)) if name_column else ""
        areas.append(_Area(number, code, level, "" if name == code else name, raw))
    return areas


def _kind_fits(kind: str, level: AreaLevel | None) -> bool:
    """Whether CBS's Soort regio (Gemeente/Wijk/Buurt/Land) agrees with the level of the code."""
    if level is None:
        return kind.casefold() == NATIONAL_TYPE.casefold()
    return _TYPES.get(kind.casefold()) is level


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
            "(geen kolom met de gebiedscode gevonden: Codering, SoortRegio, gwb_code_10 of recs). "
            + kwb_formats_hint(year)
        )
    problems = _Problems(source_name, [], {})
    areas = _areas(numbered, columns, layout, digits, problems)
    problems.raise_if_any()
    if not any(area.level is not None for area in areas):
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
            if any(value for area, value in zip(areas, cleaned, strict=True) if area.level is not None):
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
    return next((name for a in areas if column and a.level is not None and (name := _text(a.raw.get(column)))), "")


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
        area.regio_type,
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
        f"{name}: onbekende indeling; in de eerste {_HEADER_SEARCH} rijen staat geen kopregel met de "
        "gebiedscode (Codering, SoortRegio, gwb_code_10 of recs). " + kwb_formats_hint(_year_from_name(name))
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

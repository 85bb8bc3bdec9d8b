"""Validation of a staged file against its source definition, in SQL so large files stay fast.

Each rule is a condition on the staged text table; every violation is reported with the
row, column, value and rule, and counted per rule. No value that may be a BSN is ever shown
(``pseudonym.bsn_like``, whatever its column).

What a value of each type may look like; anything else is refused with its row and column rather
than guessed at:

- integer: digits with an optional sign, at most 18 (so it fits in 64 bits), ``12.0`` as
  spreadsheets write whole numbers. No thousands separators: ``1.500`` is 1500 to a Dutch reader
  and 1.5 to an English one, so it is refused, never read either way;
- number: digits with at most one decimal sign, the same sign in the whole column (a comma when
  any value has one, else a point); no thousands separators, exponents, ``inf`` or ``NaN``. A
  value such as ``1.500`` or ``2,250`` (three digits after the sign) is only read as a decimal
  when another value in the column settles it (``2.25``, ``1.5000``); otherwise it is refused as
  ambiguous;
- date: ``jjjj-mm-dd``, ``dd-mm-jjjj``, ``dd/mm/jjjj``, ``dd.mm.jjjj`` or an Excel day number, as
  the whole value (a time of day may follow, as Excel writes it; nothing else), between 1900 and
  2100; the date a row is counted by (``time.start`` or ``time.date``) at most a year after today.
  An end date may lie further ahead (``2099-12-31`` for "open-ended" is common).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import assert_never

import duckdb

from duiding.definitions.models import Column, ColumnType, Source
from duiding.errors import LoadError
from duiding.ingest.pseudonym import HIDDEN, bsn_like_sql, bsn_valid_sql, shown
from duiding.ingest.results import MAX_LISTED, problem_line, problems_report

TRUE_WORDS = ("ja", "j", "true", "waar", "1", "yes", "y")
FALSE_WORDS = ("nee", "n", "false", "onwaar", "0", "no")


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def lit(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


INTEGER_PATTERN = r"[+-]?\d{1,18}(\.0{1,2})?"
"""A whole number: digits only (at most 18, within 64 bits), no thousands separators; '12.0' as
spreadsheets write a whole number is allowed. '1.500' is refused, whatever the writer meant."""
NUMBER_PATTERN = r"[+-]?\d{1,15}([.,]\d+)?"
"""A number: at most one decimal sign, the same one in the whole column (a comma if any value has
one, else a point), no thousands separators, no exponent, no inf or NaN."""
AMBIGUOUS_PATTERN = r"[+-]?\d{1,3}[.,]\d{3}"
"""'1.500' or '2,250': a thousands separator or a decimal sign. Refused unless another value in the
column settles it (a decimal sign with other than three digits after it, or with more than three
before it)."""
DATE_PATTERN = (
    r"(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\.\d{1,2}\.\d{4})"
    r"([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?"
)
"""A date as a whole value, optionally with a time of day (as Excel writes it); nothing else after it."""
FUTURE = "1 YEAR"
"""The date a row is counted by (start or registration date) may lie at most this far after today."""


def typed_sql(column: Column, *, decimal_comma: bool) -> str:
    """The column's value in its type, from the staged text; NULL when it cannot be read."""
    c = q(column.name)
    match column.type:
        case ColumnType.STRING | ColumnType.PSEUDONYM:
            return c
        case ColumnType.INTEGER:
            whole = f"CAST(split_part({c}, '.', 1) AS BIGINT)"
            return f"CASE WHEN regexp_full_match({c}, {lit(INTEGER_PATTERN)}) THEN {whole} END"
        case ColumnType.NUMBER:
            mark = "," if decimal_comma else "."
            pattern = NUMBER_PATTERN.replace("[.,]", "," if decimal_comma else "\\.")
            value = f"CAST(replace({c}, {lit(mark)}, '.') AS DOUBLE)"
            return f"CASE WHEN regexp_full_match({c}, {lit(pattern)}) THEN {value} END"
        case ColumnType.DATE:
            text = f"CASE WHEN regexp_full_match({c}, {lit(DATE_PATTERN)}) THEN regexp_extract({c}, '^[^ T]+') END"
            return (
                f"CAST(COALESCE(TRY_STRPTIME({text}, '%Y-%m-%d'), TRY_STRPTIME({text}, '%d-%m-%Y'), "
                f"TRY_STRPTIME({text}, '%d/%m/%Y'), TRY_STRPTIME({text}, '%d.%m.%Y'), "
                f"CASE WHEN regexp_full_match({c}, '\\d{{4,5}}(\\.0+)?') "
                f"THEN CAST(DATE '1899-12-30' + TRY_CAST(TRY_CAST({c} AS DOUBLE) AS INTEGER) AS TIMESTAMP) END) "
                "AS DATE)"
            )
        case ColumnType.BOOLEAN:
            trues = ", ".join(lit(w) for w in TRUE_WORDS)
            falses = ", ".join(lit(w) for w in FALSE_WORDS)
            return f"CASE WHEN lower({c}) IN ({trues}) THEN true WHEN lower({c}) IN ({falses}) THEN false END"
        case ColumnType.BUURT:
            return (
                f"CASE WHEN regexp_full_match(upper({c}), 'BU\\d{{4}}[0-9A-Z]{{4}}') THEN upper({c}) "
                f"WHEN regexp_full_match({c}, '\\d{{8}}') THEN 'BU' || {c} END"
            )
        case ColumnType.POSTCODE:
            return (
                f"CASE WHEN regexp_full_match(upper(replace({c}, ' ', '')), '[1-9]\\d{{3}}[A-Z]{{2}}') "
                f"THEN upper(replace({c}, ' ', '')) END"
            )
        case ColumnType.BSN:
            digits = f"regexp_replace({c}, '[\\s.\\-]', '', 'g')"
            return f"CASE WHEN length({digits}) = 8 THEN lpad({digits}, 9, '0') ELSE {digits} END"
        case other:
            assert_never(other)


_TYPE_RULE = {
    ColumnType.INTEGER: "geen geheel getal (alleen cijfers, hoogstens 18, zonder punt of komma voor duizendtallen)",
    ColumnType.NUMBER: (
        "geen getal (cijfers met hoogstens één decimaalteken, in de hele kolom hetzelfde: komma of punt; "
        "geen scheidingsteken voor duizendtallen)"
    ),
    ColumnType.DATE: "geen datum (verwacht dd-mm-jjjj, jjjj-mm-dd of een Excel-datum)",
    ColumnType.BOOLEAN: "geen ja/nee-waarde (ja, nee, true, false, 1, 0)",
    ColumnType.BUURT: "geen geldige CBS-buurtcode (BU gevolgd door 8 cijfers)",
    ColumnType.POSTCODE: "geen geldige postcode (1234 AB)",
}


@dataclass(frozen=True)
class Violation:
    column: str
    condition: str
    rule: str
    hidden: bool = False


def _column_rules(column: Column, typed: str) -> Iterable[Violation]:
    c = q(column.name)
    if column.required:
        yield Violation(column.name, f"{c} IS NULL", "verplicht veld is leeg")
    if column.type is ColumnType.BSN:
        yield Violation(
            column.name,
            f"{c} IS NOT NULL AND NOT {bsn_valid_sql(typed)}",
            "ongeldig BSN (moet 9 cijfers zijn en de elfproef doorstaan)",
            True,
        )
        return
    if column.type in _TYPE_RULE:
        yield Violation(column.name, f"{c} IS NOT NULL AND {typed} IS NULL", _TYPE_RULE[column.type])
    if column.type is ColumnType.DATE:
        yield Violation(
            column.name, f"{typed} NOT BETWEEN DATE '1900-01-01' AND DATE '2100-12-31'", "datum buiten 1900–2100"
        )
    if column.type is ColumnType.PSEUDONYM and not column.pseudonym_of:
        yield Violation(
            column.name,
            bsn_like_sql(c),
            "lijkt op een BSN (elfproef); deze kolom moet een pseudoniem bevatten. Zet BSN's in een kolom van "
            "het type bsn, dan maakt Duiding het pseudoniem, of vervang ze vóór het laden",
            True,
        )
    if column.type in (ColumnType.STRING, ColumnType.PSEUDONYM):
        yield Violation(
            column.name,
            f"regexp_matches({c}, '^([=@\\t\\r]|[+\\-][^0-9])')",
            "begint met '=', '+', '-' of '@': mogelijk een spreadsheetformule; niet toegestaan",
        )
    if column.allowed:
        allowed = ", ".join(lit(a) for a in column.allowed)
        yield Violation(
            column.name,
            f"{typed} IS NOT NULL AND CAST({typed} AS VARCHAR) NOT IN ({allowed})",
            f"waarde niet toegestaan; kies uit {', '.join(column.allowed)}",
        )
    if column.minimum is not None:
        yield Violation(column.name, f"{typed} < {column.minimum}", f"kleiner dan het minimum {column.minimum:g}")
    if column.maximum is not None:
        yield Violation(column.name, f"{typed} > {column.maximum}", f"groter dan het maximum {column.maximum:g}")


def decimal_commas(con: duckdb.DuckDBPyConnection, table: str, source: Source, present: set[str]) -> set[str]:
    """Number columns that use a decimal comma somewhere in the file."""
    found = set()
    for column in source.file_columns:
        if column.type is ColumnType.NUMBER and column.name in present:
            hits = con.execute(f"SELECT count(*) FROM {table} WHERE {q(column.name)} LIKE '%,%'").fetchall()[0][0]
            if hits:
                found.add(column.name)
    return found


def numbers_undecided(con: duckdb.DuckDBPyConnection, table: str, source: Source, present: set[str]) -> set[str]:
    """Number columns in which no value settles whether '1.500' is 1500 or 1,5."""
    found = set()
    for column in source.file_columns:
        if column.type is ColumnType.NUMBER and column.name in present:
            c = q(column.name)
            ambiguous, settling = con.execute(
                f"SELECT count(*) FILTER (regexp_full_match({c}, {lit(AMBIGUOUS_PATTERN)})), "
                f"count(*) FILTER (regexp_full_match({c}, {lit(NUMBER_PATTERN)}) AND regexp_matches({c}, '[.,]') "
                f"AND NOT regexp_full_match({c}, {lit(AMBIGUOUS_PATTERN)})) FROM {table}"
            ).fetchall()[0]
            if ambiguous and not settling:
                found.add(column.name)
    return found


def _ambiguous_rule(column: Column) -> Violation:
    return Violation(
        column.name,
        f"regexp_full_match({q(column.name)}, {lit(AMBIGUOUS_PATTERN)})",
        "dubbelzinnig getal: een punt of komma met drie cijfers erachter kan duizendtallen of decimalen "
        "betekenen. Schrijf duizendtallen zonder scheidingsteken (1500) en decimalen met hun eigen aantal "
        "cijfers (1,5)",
    )


def violations(
    source: Source, present: set[str], commas: set[str], undecided: frozenset[str] = frozenset()
) -> list[Violation]:
    rules: list[Violation] = []
    for column in source.file_columns:
        if column.name in present:
            rules += _column_rules(column, typed_sql(column, decimal_comma=column.name in commas))
            if column.name in undecided:
                rules.append(_ambiguous_rule(column))
    counted = (source.time.date or source.time.start) if source.time else None
    if counted and counted in present:
        typed = typed_sql(source.column(counted), decimal_comma=False)
        rules.append(
            Violation(
                counted,
                f"{typed} > current_date + INTERVAL {FUTURE}",
                "datum ligt meer dan een jaar na vandaag; controleer het jaartal",
            )
        )
    if source.time and source.time.start and source.time.end and {source.time.start, source.time.end} <= present:
        start, end = (
            typed_sql(source.column(name), decimal_comma=False) for name in (source.time.start, source.time.end)
        )
        rules.append(Violation(source.time.end, f"{end} < {start}", "einddatum ligt vóór de startdatum"))
    if source.area and source.area in present and source.column(source.area).type is ColumnType.BUURT:
        typed = typed_sql(source.column(source.area), decimal_comma=False)
        rules.append(
            Violation(
                source.area,
                f"{typed} IS NOT NULL AND {typed} NOT IN (SELECT code FROM areas WHERE level = 'buurt')",
                "onbekende buurtcode (niet in de gebiedsindeling van de werkruimte)",
            )
        )
    return rules


def _key_rule(source: Source, table: str) -> str | None:
    if not source.key:
        return None
    parts = []
    for name in source.key:
        column = source.column(name)
        origin = source.column(column.pseudonym_of) if column.pseudonym_of else column
        parts.append(typed_sql(origin, decimal_comma=False))
    key = ", ".join(parts)
    return (
        f"SELECT _row, {lit(', '.join(source.key))} AS kolom, NULL AS waarde, "
        f"'dubbele sleutel (zelfde ' || {lit(', '.join(source.key))} || ' als rij ' || first_row || ')' AS regel "
        f"FROM (SELECT _row, min(_row) OVER (PARTITION BY {key}) AS first_row FROM {table}) WHERE _row > first_row"
    )


def problems_raise(
    con: duckdb.DuckDBPyConnection, table: str, source: Source, file_name: str, commas: set[str]
) -> None:
    """Raise a LoadError listing every violation (the first 20 in full), or return when there is none."""
    present = {row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()}
    parts = [
        f"SELECT _row, {lit(v.column)} AS kolom, "
        f"{lit(HIDDEN) if v.hidden else q(v.column)} AS waarde, {lit(v.rule)} AS regel "
        f"FROM {table} WHERE COALESCE({v.condition}, false)"
        for v in violations(source, present, commas, frozenset(numbers_undecided(con, table, source, present)))
    ]
    key_rule = _key_rule(source, table)
    if key_rule:
        parts.append(key_rule)
    if not parts:
        return
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table}_problems AS {' UNION ALL '.join(parts)}")
    total = int(con.execute(f"SELECT count(*) FROM {table}_problems").fetchall()[0][0])
    if total == 0:
        return
    listed = con.execute(f"SELECT * FROM {table}_problems ORDER BY _row, kolom LIMIT {MAX_LISTED}").fetchall()
    per_rule = con.execute(
        f"SELECT regexp_replace(regel, ' als rij \\d+\\)', ')') AS r, count(*) FROM {table}_problems "
        "GROUP BY r ORDER BY count(*) DESC, r"
    ).fetchall()
    lines = [problem_line(row, column, value, rule) for row, column, value, rule in listed]  # hides BSNs
    raise LoadError(problems_report(file_name, total, lines, [(rule, int(count)) for rule, count in per_rule]))


def columns_check(source: Source, staged_columns: tuple[str, ...], file_name: str, *, one_column: str) -> list[str]:
    """Raise for missing required columns; return the names of columns the source does not know.

    ``one_column`` is the connector's advice for a file that reads as a single column."""
    present = set(staged_columns)
    if len(staged_columns) == 1 and len(source.file_columns) > 1:
        raise LoadError(f"{file_name}: {one_column}. Er is niets geladen.")
    missing = [c.name for c in source.file_columns if c.required and c.name not in present]
    if missing:
        expected = ", ".join(c.name for c in source.file_columns)
        raise LoadError(
            f"{file_name}: kolom(men) ontbreken: {', '.join(missing)}. Verwacht: {expected}. Er is niets geladen."
        )
    known = {c.name for c in source.columns}
    bsn_names = {c.pseudonym_of for c in source.columns if c.pseudonym_of}
    return [shown(c) for c in staged_columns if c not in known and c not in bsn_names]

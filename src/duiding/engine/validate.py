"""Check definitions against the sources they read and the areas they name, before anything
is computed: every problem as a Dutch sentence, placed at the key it is about.

``indicator_problems`` and ``monitor_problems`` give the sentences (the engine refuses a
monitor that has any); ``definition_file_problems`` gives them as ``file:line: message`` for
``duiding check``, on the line of the offending key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from duiding.definitions.loader import definition_lines, monitor_load, source_load
from duiding.definitions.models import (
    POSTCODE_SOURCE,
    ColumnType,
    Condition,
    CountFormula,
    DurationFormula,
    Indicator,
    Measure,
    Monitor,
    PeriodGrain,
    PeriodSemantics,
    RateFormula,
    ScoreFormula,
    Source,
    SourceKind,
    StapelingFormula,
    StatisticFormula,
)
from duiding.definitions.suggest import choices, did_you_mean, shown
from duiding.errors import DefinitionError

NUMERIC = {ColumnType.INTEGER, ColumnType.NUMBER}

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One problem of an indicator: where (keys below the indicator, as in the YAML) and what."""

    path: KeyPath
    text: str


class _Found:
    """The problems of one indicator, each with the place it is about."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.items: list[Problem] = []

    def add(self, path: KeyPath, text: str, label: str = "") -> None:
        prefix = f"{self.where} ({label})" if label else self.where
        self.items.append(Problem(path, f"{prefix}: {text}"))


def _column_known(source: Source, name: str, path: KeyPath, found: _Found, label: str = "") -> bool:
    known = [c.name for c in source.columns]
    stored = {c.name for c in source.stored_columns}
    if name not in known:
        found.add(path, f"kolom '{name}' bestaat niet in bron '{source.id}'{did_you_mean(name, known)}", label)
        return False
    if name not in stored:
        found.add(path, f"kolom '{name}' is een BSN en wordt niet bewaard; gebruik het pseudoniem", label)
        return False
    return True


_TYPES: dict[ColumnType, tuple[type, ...]] = {
    ColumnType.INTEGER: (int,),
    ColumnType.NUMBER: (int, float),
    ColumnType.BOOLEAN: (bool,),
    ColumnType.STRING: (str,),
    ColumnType.BUURT: (str,),
    ColumnType.POSTCODE: (str,),
    ColumnType.PSEUDONYM: (str,),
}
_TYPE_NAMES = {
    ColumnType.INTEGER: "een geheel getal",
    ColumnType.NUMBER: "een getal",
    ColumnType.BOOLEAN: "true of false",
    ColumnType.STRING: "tekst",
    ColumnType.BUURT: "een buurtcode (tekst)",
    ColumnType.POSTCODE: "een postcode (tekst)",
    ColumnType.PSEUDONYM: "tekst",
}


def _fits(value: object, kind: ColumnType) -> bool:
    types = _TYPES.get(kind)
    if types is None:
        return True
    if isinstance(value, bool):
        return bool in types
    return isinstance(value, types)


def _condition(source: Source, condition: Condition, path: KeyPath, found: _Found, label: str) -> None:
    """The column exists, and every value an equals/in/not_in compares with can occur in it."""
    if not _column_known(source, condition.column, (*path, "column"), found, label):
        return
    column = source.column(condition.column)
    listed: list[tuple[KeyPath, object]] = []
    if condition.equals is not None:
        listed.append(((*path, "equals"), condition.equals))
    for key, values in (("in", condition.in_), ("not_in", condition.not_in)):
        listed += [((*path, key, index), value) for index, value in enumerate(values or ())]
    for place, value in listed:
        if column.allowed and str(value) not in column.allowed:
            found.add(
                place,
                f"kolom '{column.name}' kent de waarde {shown(value)} niet{did_you_mean(value, column.allowed)}; "
                f"toegestaan: {choices(column.allowed)}",
                label,
            )
        elif not _fits(value, column.type):
            found.add(
                place,
                f"kolom '{column.name}' is {column.type.value}: vergelijk met {_TYPE_NAMES[column.type]}, "
                f"niet met {shown(value)}",
                label,
            )
    for key in ("at_least", "at_most"):
        if getattr(condition, key) is not None and column.type not in {*NUMERIC, ColumnType.DATE}:
            found.add(
                (*path, key),
                f"'{key}' vergelijkt getallen of datums; kolom '{column.name}' is {column.type.value}",
                label,
            )


def _conditions(source: Source, conditions: Sequence[Condition], path: KeyPath, found: _Found, label: str = "") -> None:
    for index, condition in enumerate(conditions):
        _condition(source, condition, (*path, "where", index), found, label)


def _period(source: Source, period: PeriodSemantics | None, path: KeyPath, found: _Found, label: str = "") -> None:
    if period is PeriodSemantics.ENDED and (source.time is None or source.time.end is None):
        found.add(
            (*path, "period"), f"'period: ended' vraagt een einddatum, maar bron '{source.id}' heeft die niet", label
        )


def _source(
    source_id: str, sources: Mapping[str, Source], path: KeyPath, found: _Found, label: str = ""
) -> Source | None:
    source = sources.get(source_id)
    if source is None:
        found.add((*path, "source"), f"bron '{source_id}' bestaat niet{did_you_mean(source_id, sources)}", label)
    return source


def _measure(measure: Measure, sources: Mapping[str, Source], path: KeyPath, found: _Found, label: str = "") -> None:
    source = _source(measure.source, sources, path, found, label)
    if source is None:
        return
    if source.kind is SourceKind.AGGREGATE:
        if not measure.variables:
            found.add((*path, "source"), f"bron '{source.id}' is een gepubliceerde tabel; geef 'variable'", label)
        elif source.variables:
            for index, name in enumerate(measure.variables):
                if name not in source.variables:
                    place = (*path, "variable") if isinstance(measure.variable, str) else (*path, "variable", index)
                    found.add(
                        place,
                        f"bron '{source.id}' heeft geen variabele '{name}'{did_you_mean(name, source.variables)} "
                        "(zie de lijst in docs/definities.md)",
                        label,
                    )
        return
    if measure.variables:
        found.add((*path, "variable"), f"bron '{source.id}' is een registratie; 'variable' past daar niet", label)
    if measure.column:
        _column_known(source, measure.column, (*path, "column"), found, label)
    _conditions(source, measure.where, path, found, label)
    _period(source, measure.period, path, found, label)


def _published(formula: RateFormula, sources: Mapping[str, Source], found: _Found) -> None:
    """CBS's own ratio comes from a published table, as does the count it is a ratio of."""
    assert formula.published is not None
    path: KeyPath = ("formula", "published")
    _measure(formula.published, sources, path, found, "gepubliceerd cijfer")
    source = sources.get(formula.published.source)
    numerator = sources.get(formula.numerator.source)
    if source is not None and source.kind is not SourceKind.AGGREGATE:
        found.add(
            (*path, "source"),
            "'published' is het cijfer zoals een bron het publiceert en komt uit een gepubliceerde "
            f"tabel; bron '{source.id}' is een registratie (microdata)",
        )
    elif numerator is not None and numerator.kind is not SourceKind.AGGREGATE:
        found.add(
            path,
            "'published' kan alleen bij een teller uit een gepubliceerde tabel; de teller komt uit "
            f"registratie '{numerator.id}'",
        )


def _microdata(source_id: str, sources: Mapping[str, Source], path: KeyPath, found: _Found) -> Source | None:
    source = _source(source_id, sources, path, found)
    if source is not None and source.kind is not SourceKind.MICRODATA:
        found.add((*path, "source"), f"bron '{source_id}' moet een registratie (microdata) zijn")
        return None
    return source


def _typed(source: Source, column: str, types: set[ColumnType], path: KeyPath, found: _Found) -> None:
    if not _column_known(source, column, path, found):
        return
    kind = source.column(column).type
    if kind not in types:
        wanted = " of ".join(sorted(t.value for t in types))
        found.add(path, f"kolom '{column}' is {kind.value}, verwacht {wanted}")


def _formula(indicator: Indicator, sources: Mapping[str, Source], found: _Found) -> Source | None:
    """The checks of the formula; the registration it counts in, if any."""
    formula = indicator.formula
    path: KeyPath = ("formula",)
    match formula:
        case RateFormula():
            _measure(formula.numerator, sources, (*path, "numerator"), found, "teller")
            _measure(formula.denominator, sources, (*path, "denominator"), found, "noemer")
            num, den = sources.get(formula.numerator.source), sources.get(formula.denominator.source)
            if num and den and num.kind is SourceKind.AGGREGATE and den.kind is SourceKind.MICRODATA:
                found.add(
                    (*path, "denominator"),
                    "een teller uit een gepubliceerde tabel met een noemer uit een registratie kan niet",
                )
            if formula.published is not None:
                _published(formula, sources, found)
            return num if num and num.kind is SourceKind.MICRODATA else None
        case CountFormula():
            _measure(formula.measure, sources, (*path, "measure"), found)
            source = sources.get(formula.measure.source)
            return source if source and source.kind is SourceKind.MICRODATA else None
        case StatisticFormula() | ScoreFormula():
            main = _microdata(formula.source, sources, path, found)
            if main:
                _typed(main, formula.column, NUMERIC, (*path, "column"), found)
                _conditions(main, formula.where, path, found)
                _period(main, formula.period, path, found)
            return main
        case DurationFormula():
            main = _microdata(formula.source, sources, path, found)
            if main:
                for key, column in (("start", formula.start), ("end", formula.end)):
                    _typed(main, column, {ColumnType.DATE}, (*path, key), found)
                _conditions(main, formula.where, path, found)
            return main
        case StapelingFormula():
            for index, part in enumerate(formula.parts):
                place: KeyPath = (*path, "parts", index)
                source = _microdata(part.source, sources, place, found)
                if source:
                    _column_known(source, part.unit, (*place, "unit"), found)
                    _conditions(source, part.where, place, found)
                    _period(source, formula.period, path, found)
            if formula.denominator is not None:
                _measure(formula.denominator, sources, (*path, "denominator"), found, "noemer")
            if indicator.breakdowns:
                found.add(("breakdowns",), "stapeling kent geen uitsplitsingen")
            return None


def _targets(indicator: Indicator, areas: Mapping[str, str], found: _Found) -> None:
    """A target's area is one of the workspace's areas."""
    for index, target in enumerate(indicator.targets):
        if target.area is not None and target.area not in areas:
            found.add(
                ("targets", index, "area"),
                f"doel voor gebied '{target.area}', maar dat gebied bestaat niet in de werkruimte"
                f"{did_you_mean(target.area, areas)} (gebruik de CBS-code, zoals 'WK034401')",
            )


def indicator_checks(
    indicator: Indicator, sources: Mapping[str, Source], where: str, areas: Mapping[str, str] | None = None
) -> list[Problem]:
    """Every way ``indicator`` does not fit the sources it reads (and, given ``areas`` — code →
    name — the areas it names), with the place in the indicator each is about."""
    found = _Found(where)
    main = _formula(indicator, sources, found)
    if main is None and not found.items:  # a formula over published tables only
        if indicator.breakdowns and not isinstance(indicator.formula, StapelingFormula):
            found.add(("breakdowns",), "uitsplitsingen kunnen alleen op registraties (microdata)")
        if indicator.period_grain is not PeriodGrain.YEAR:
            found.add(("period_grain",), "gepubliceerde tabellen zijn jaarcijfers; gebruik period_grain: year")
    elif main is not None:
        for index, breakdown in enumerate(indicator.breakdowns):
            _column_known(main, breakdown.column, ("breakdowns", index, "column"), found)
    if areas is not None:
        _targets(indicator, areas, found)
    return found.items


def indicator_problems(indicator: Indicator, sources: Mapping[str, Source], where: str) -> list[str]:
    """Every way ``indicator`` does not fit the sources it reads, as Dutch sentences."""
    return [problem.text for problem in indicator_checks(indicator, sources, where)]


def indicator_inputs(indicator: Indicator, sources: Mapping[str, Source]) -> tuple[str, ...]:
    """The sources an indicator needs loaded: those its formula reads, plus the postcode table
    when one of them places its rows in a buurt by postcode."""
    found = indicator.sources
    if any(sources[s].area_is_postcode for s in found if s in sources):
        found = (*found, POSTCODE_SOURCE)
    return found


def monitor_problems(monitor: Monitor, sources: Mapping[str, Source]) -> list[str]:
    """Problems of every indicator of ``monitor``, as Dutch sentences."""
    problems: list[str] = []
    for indicator in monitor.indicators:
        problems += indicator_problems(indicator, sources, f"monitor '{monitor.id}', indicator '{indicator.id}'")
    return problems


def definition_file_problems(
    paths: Sequence[Path], sources: Mapping[str, Source], areas: Mapping[str, str] | None = None
) -> list[str]:
    """Every problem of the definition files ``paths`` as ``file:line: message``.

    A file in a folder named ``sources`` is a source definition, any other a monitor; a monitor
    is also checked against ``sources`` (when given) and the workspace's ``areas``.
    """
    problems: list[str] = []
    for path in paths:
        try:
            if path.parent.name == "sources":
                source_load(path)
                continue
            monitor = monitor_load(path)
        except DefinitionError as exc:
            problems.extend(exc.problems)
            continue
        line = definition_lines(path)
        for index, indicator in enumerate(monitor.indicators):
            where = f"indicator '{indicator.id}'"
            if sources:
                checks = indicator_checks(indicator, sources, where, areas)
            else:
                found = _Found(where)
                if areas is not None:
                    _targets(indicator, areas, found)
                checks = found.items
            problems += [f"{path}:{line(('indicators', index, *p.path))}: {p.text}" for p in checks]
    return problems

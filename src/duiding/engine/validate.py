"""Check a monitor against the sources it reads, before anything is computed."""

from __future__ import annotations

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

NUMERIC = {ColumnType.INTEGER, ColumnType.NUMBER}


def _columns(source: Source, names: list[str], where: str, problems: list[str]) -> None:
    known = {c.name for c in source.columns}
    stored = {c.name for c in source.stored_columns}
    for name in names:
        if name not in known:
            problems.append(f"{where}: kolom '{name}' bestaat niet in bron '{source.id}'")
        elif name not in stored:
            problems.append(f"{where}: kolom '{name}' is een BSN en wordt niet bewaard; gebruik het pseudoniem")


def _conditions(conditions: tuple[Condition, ...]) -> list[str]:
    return [c.column for c in conditions]


def _period(source: Source, period: PeriodSemantics | None, where: str, problems: list[str]) -> None:
    if period is PeriodSemantics.ENDED and (source.time is None or source.time.end is None):
        problems.append(f"{where}: 'period: ended' vraagt een einddatum, maar bron '{source.id}' heeft die niet")


def _measure(measure: Measure, sources: dict[str, Source], where: str, problems: list[str]) -> None:
    source = sources.get(measure.source)
    if source is None:
        problems.append(f"{where}: bron '{measure.source}' bestaat niet")
        return
    if source.kind is SourceKind.AGGREGATE and not measure.variables:
        problems.append(f"{where}: bron '{source.id}' is een gepubliceerde tabel; geef 'variable'")
    if source.kind is SourceKind.MICRODATA:
        if measure.variables:
            problems.append(f"{where}: bron '{source.id}' is een registratie; 'variable' past daar niet")
        _columns(source, [*([measure.column] if measure.column else []), *_conditions(measure.where)], where, problems)
        _period(source, measure.period, where, problems)


def _microdata(source_id: str, sources: dict[str, Source], where: str, problems: list[str]) -> Source | None:
    source = sources.get(source_id)
    if source is None:
        problems.append(f"{where}: bron '{source_id}' bestaat niet")
    elif source.kind is not SourceKind.MICRODATA:
        problems.append(f"{where}: bron '{source_id}' moet een registratie (microdata) zijn")
    else:
        return source
    return None


def _typed(source: Source, column: str, types: set[ColumnType], where: str, problems: list[str]) -> None:
    try:
        found = source.column(column).type
    except KeyError:
        problems.append(f"{where}: kolom '{column}' bestaat niet in bron '{source.id}'")
        return
    if found not in types:
        wanted = " of ".join(sorted(t.value for t in types))
        problems.append(f"{where}: kolom '{column}' is {found.value}, verwacht {wanted}")


def indicator_problems(indicator: Indicator, sources: dict[str, Source], where: str) -> list[str]:
    """Every way ``indicator`` does not fit the sources it reads."""
    problems: list[str] = []
    formula = indicator.formula
    main: Source | None = None
    match formula:
        case RateFormula():
            for name, measure in (("teller", formula.numerator), ("noemer", formula.denominator)):
                _measure(measure, sources, f"{where} ({name})", problems)
            num, den = sources.get(formula.numerator.source), sources.get(formula.denominator.source)
            if num and den and num.kind is SourceKind.AGGREGATE and den.kind is SourceKind.MICRODATA:
                problems.append(
                    f"{where}: een teller uit een gepubliceerde tabel met een noemer uit een registratie kan niet"
                )
            main = num if num and num.kind is SourceKind.MICRODATA else None
        case CountFormula():
            _measure(formula.measure, sources, where, problems)
            found = sources.get(formula.measure.source)
            main = found if found and found.kind is SourceKind.MICRODATA else None
        case StatisticFormula() | ScoreFormula():
            main = _microdata(formula.source, sources, where, problems)
            if main:
                _typed(main, formula.column, NUMERIC, where, problems)
                _columns(main, _conditions(formula.where), where, problems)
                _period(main, formula.period, where, problems)
        case DurationFormula():
            main = _microdata(formula.source, sources, where, problems)
            if main:
                for column in (formula.start, formula.end):
                    _typed(main, column, {ColumnType.DATE}, where, problems)
                _columns(main, _conditions(formula.where), where, problems)
        case StapelingFormula():
            for part in formula.parts:
                source = _microdata(part.source, sources, where, problems)
                if source:
                    _columns(source, [part.unit, *_conditions(part.where)], where, problems)
                    _period(source, formula.period, where, problems)
            if formula.denominator is not None:
                _measure(formula.denominator, sources, f"{where} (noemer)", problems)
            if indicator.breakdowns:
                problems.append(f"{where}: stapeling kent geen uitsplitsingen")
    if main is None and not problems:  # a formula over published tables only
        if indicator.breakdowns and not isinstance(formula, StapelingFormula):
            problems.append(f"{where}: uitsplitsingen kunnen alleen op registraties (microdata)")
        if indicator.period_grain is not PeriodGrain.YEAR:
            problems.append(f"{where}: gepubliceerde tabellen zijn jaarcijfers; gebruik period_grain: year")
    elif main is not None:
        _columns(main, [b.column for b in indicator.breakdowns], where, problems)
    return problems


def indicator_inputs(indicator: Indicator, sources: dict[str, Source]) -> tuple[str, ...]:
    """The sources an indicator needs loaded: those its formula reads, plus the postcode table
    when one of them places its rows in a buurt by postcode."""
    found = indicator.sources
    if any(sources[s].area_is_postcode for s in found if s in sources):
        found = (*found, POSTCODE_SOURCE)
    return found


def monitor_problems(monitor: Monitor, sources: dict[str, Source]) -> list[str]:
    """Problems of every indicator of ``monitor``, as Dutch sentences."""
    problems: list[str] = []
    for indicator in monitor.indicators:
        problems += indicator_problems(indicator, sources, f"monitor '{monitor.id}', indicator '{indicator.id}'")
    return problems

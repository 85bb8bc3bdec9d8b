"""Dutch wording of what the analysis found: intervals, changes, trends, forecasts, ranks."""

from __future__ import annotations

from datetime import date

from duiding.analysis import Comparison, ForecastModel, NationalFigure, Trend
from duiding.analysis.methods import Figure, indicator_method
from duiding.definitions.models import DurationFormula, Indicator
from duiding.numbers import nl_number, with_unit
from duiding.periods import period_label

MORE_THAN_CHANCE = "meer dan toeval"
WITHIN_CHANCE = "binnen de toevalsmarge"
UNTESTED = "of dat meer dan toeval is, valt voor dit soort cijfer (zoals een mediaan) niet te toetsen"


def digits(indicator: Indicator) -> int:
    """Decimals a figure of ``indicator`` is shown with: none for a count or a median of whole
    days, else one (as the tables)."""
    formula = indicator.formula
    if isinstance(formula, DurationFormula) and formula.statistic == "median":
        return 0
    return 0 if indicator_method(indicator).figure is Figure.COUNT else 1


def value_format(indicator: Indicator) -> str:
    """The ``floatformat`` argument of a value of ``indicator`` on a page: its decimals, grouped."""
    return f"{digits(indicator)}g"


def interval_text(low: float | None, high: float | None, places: int) -> str:
    """``'27,8 – 28,9'``; one more decimal when the bounds would look equal; ``''`` without an interval."""
    if low is None or high is None:
        return ""
    if low != high and nl_number(low, places) == nl_number(high, places):
        places += 1
    return f"{nl_number(low, places)} – {nl_number(high, places)}"


def signed(value: float, places: int) -> str:
    """A number that may be negative, with a real minus sign and never '−0,0'."""
    text = nl_number(abs(value), places)
    return f"\u2212{text}" if value < 0 and text.strip("0,.") else text


def amount(value: float, indicator: Indicator, places: int) -> str:
    """A difference or slope in the indicator's unit (a change of a percentage is in procentpunt),
    with a minus sign when it is negative."""
    number = signed(value, places)
    if indicator.unit.startswith("%") or indicator.unit == "procent":
        return f"{number} procentpunt"
    return f"{number} {indicator.unit}".strip()


def change_sentence(comparison: Comparison, indicator: Indicator) -> str:
    """'0,4 per 1.000 inwoners hoger dan in 2022 (27,9 per 1.000 inwoners)'.

    The difference gets one more decimal when it is below 1, so a small change does not read as none.
    """
    places = digits(indicator)
    before = ""
    if comparison.reference_start is not None and comparison.reference_end is not None:
        before = period_label(comparison.reference_start, comparison.reference_end)
    was = with_unit(comparison.reference, indicator.unit, places)
    if comparison.difference == 0:
        return f"gelijk aan {before} ({was})"
    side = "hoger" if comparison.difference > 0 else "lager"
    size = abs(comparison.difference)
    shown = amount(size, indicator, places + 1 if places and size < 1 else places)
    return f"{shown} {side} dan in {before} ({was})"


def verdict(comparison: Comparison) -> str:
    """Whether a change is more than chance; a figure without a test (a median) gets no verdict."""
    if comparison.p_value is None:
        return UNTESTED
    return MORE_THAN_CHANCE if comparison.significant else WITHIN_CHANCE


def _span(first: date, last: date) -> str:
    return f"{first.year}–{last.year}" if first.year != last.year else str(first.year)


def trend_sentence(trend: Trend, indicator: Indicator) -> str:
    """One sentence on the trend over the whole series: stijgt, daalt or geen duidelijke trend."""
    if trend.slope is None:
        return ""
    bounds = [abs(v) for v in (trend.slope, trend.slope_low, trend.slope_high) if v is not None]
    places = 1 if max(bounds) >= 1 else 2
    over = f"Over {_span(trend.first_start, trend.last_start)} ({trend.points} perioden)"
    interval = ""
    if trend.slope_low is not None and trend.slope_high is not None:
        interval = f" (95%-interval {signed(trend.slope_low, places)} tot {signed(trend.slope_high, places)})"
    if not trend.significant:
        slope = amount(trend.slope, indicator, places)
        return (
            f"{over} is er geen duidelijke trend: de helling van {slope} per jaar{interval} is binnen de toevalsmarge."
        )
    verb = "stijgt" if trend.slope > 0 else "daalt"
    return f"{over} {verb} het cijfer met gemiddeld {amount(abs(trend.slope), indicator, places)} per jaar{interval}."


def model_text(model: ForecastModel, indicator: Indicator) -> str:
    """The forecast's model and how it did in the backtest, in words."""
    parts = [model.reason]
    if model.backtest_mae is not None and model.naive_mae is not None:
        places = digits(indicator) + 1
        parts.append(
            "Terugblik: als we in de laatste perioden steeds één periode vooruit hadden voorspeld, zaten we er "
            f"gemiddeld {amount(model.backtest_mae, indicator, places)} naast; 'gelijk aan de vorige periode' zat er "
            f"gemiddeld {amount(model.naive_mae, indicator, places)} naast."
        )
    return " ".join(parts)


def rank_text(rank: int, of_count: int) -> str:
    """'4e van 11': 1 is the highest value."""
    return f"{rank}e van {of_count}"


def national_sentence(figure: NationalFigure, indicator: Indicator) -> str:
    """'Nederland: 24,6 per 1.000 inwoners (CBS, 2023). De gemeente ligt hoger, meer dan toeval.'"""
    places = digits(indicator)
    year = figure.period_start.year
    origin = "cijfer van het CBS" if figure.origin == "cbs" else "berekend uit de landelijke aantallen van het CBS"
    text = f"Nederland: {with_unit(figure.value, indicator.unit, places)} ({origin}, {year})."
    match figure.position:
        case "higher":
            return f"{text} De gemeente ligt hoger dan het landelijke cijfer, {MORE_THAN_CHANCE}."
        case "lower":
            return f"{text} De gemeente ligt lager dan het landelijke cijfer, {MORE_THAN_CHANCE}."
        case "within":
            return f"{text} Het verschil met het landelijke cijfer is {WITHIN_CHANCE}."
    return text

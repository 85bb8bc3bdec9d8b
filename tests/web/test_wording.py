"""How the pages word intervals, changes and trends."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from duiding.analysis import Comparison, Trend
from duiding.definitions.models import Indicator
from duiding.presentation import wording


def _indicator(unit: str) -> Indicator:
    return Indicator.model_validate(
        {
            "id": "aandeel",
            "title": "Aandeel",
            "definition": "Een aandeel.",
            "level": "outcome",
            "unit": unit,
            "polarity": "higher_is_better",
            "formula": {
                "kind": "rate",
                "per": 100,
                "numerator": {"source": "s", "variable": "a"},
                "denominator": {"source": "s", "variable": "b"},
            },
        }
    )


COMPARISON = Comparison(
    indicator="aandeel", kind="previous", period_start=date(2024, 1, 1), period_end=date(2024, 12, 31),
    area_level="gemeente", area_code="GM0344", breakdown="totaal", breakdown_value="",
    reference_start=date(2023, 1, 1), reference_end=date(2023, 12, 31), reference_code="GM0344", value=42.5,
    reference=40.26, difference=2.24, p_value=0.01, limit95_low=None, limit95_high=None, limit998_low=None,
    limit998_high=None, band="", significant=True, relevant=True, artefact="",
)  # fmt: skip


def test_interval_gets_a_decimal_when_its_bounds_would_read_the_same() -> None:
    assert wording.interval_text(27.81, 28.86, 1) == "27,8 – 28,9"
    assert wording.interval_text(7.41, 7.44, 1) == "7,41 – 7,44"
    assert wording.interval_text(1234.0, 1301.0, 0) == "1.234 – 1.301"
    assert wording.interval_text(None, 3.0, 1) == ""


def test_negative_numbers_get_a_minus_sign_but_zero_never_does() -> None:
    assert wording.signed(-0.031, 2) == "\u22120,03"
    assert wording.signed(-0.001, 2) == "0,00"
    assert wording.signed(1.5, 1) == "1,5"


def test_a_change_of_a_percentage_is_in_procentpunt() -> None:
    indicator = _indicator("%")
    assert wording.change_sentence(COMPARISON, indicator) == "2,2 procentpunt hoger dan in 2023 (40,3%)"
    smaller = replace(COMPARISON, difference=-0.25, value=40.0)
    assert wording.change_sentence(smaller, indicator) == "0,25 procentpunt lager dan in 2023 (40,3%)"


@pytest.mark.parametrize(
    ("p_value", "significant", "word"),
    [(0.01, True, "meer dan toeval"), (0.3, False, "binnen de toevalsmarge"), (None, False, wording.UNTESTED)],
)
def test_verdict_follows_the_test(p_value: float | None, significant: bool, word: str) -> None:
    assert wording.verdict(replace(COMPARISON, p_value=p_value, significant=significant)) == word


def test_trend_sentence_says_whether_there_is_a_trend() -> None:
    trend = Trend(
        area_level="gemeente", area_code="GM0344", breakdown="totaal", breakdown_value="",
        first_start=date(2019, 1, 1), last_start=date(2024, 1, 1), points=6, slope=-1.8, slope_low=-2.4,
        slope_high=-1.2, p_value=0.001, significant=True,
    )  # fmt: skip
    indicator = _indicator("%")
    assert wording.trend_sentence(trend, indicator) == (
        "Over 2019–2024 (6 perioden) daalt het cijfer met gemiddeld 1,8 procentpunt per jaar "
        "(95%-interval \u22122,4 tot \u22121,2)."
    )
    flat = replace(trend, slope=-0.004, slope_low=-0.03, slope_high=0.02, significant=False)
    assert wording.trend_sentence(flat, indicator) == (
        "Over 2019–2024 (6 perioden) is er geen duidelijke trend: de helling van 0,00 procentpunt per jaar "
        "(95%-interval \u22120,03 tot 0,02) is binnen de toevalsmarge."
    )


def test_rank() -> None:
    assert wording.rank_text(4, 11) == "4e van 11"

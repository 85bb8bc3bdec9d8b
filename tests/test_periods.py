"""Period windows per grain, and their Dutch names."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duiding.definitions.models import PeriodGrain
from duiding.periods import period_find, period_key, period_label, period_windows


@given(
    grain=st.sampled_from(list(PeriodGrain)),
    start=st.dates(date(2015, 1, 1), date(2030, 12, 31)),
    length=st.integers(0, 1500),
)
def test_windows_are_contiguous_and_cover_the_range(grain: PeriodGrain, start: date, length: int) -> None:
    end = start + timedelta(days=length)
    windows = period_windows(grain, start, end)
    for first, last in windows:
        assert first <= last
    if grain is PeriodGrain.ROLLING_12_MONTHS:
        for first, last in windows:
            assert first.day == 1
            assert last + timedelta(days=1) == date(first.year + 1, first.month, 1)  # exactly twelve months
            assert first >= date(start.year, start.month, 1)
        return
    assert windows[0][0] <= start <= windows[0][1]
    assert windows[-1][0] <= end <= windows[-1][1]
    for (_, previous_end), (next_start, _) in itertools.pairwise(windows):
        assert previous_end + timedelta(days=1) == next_start


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (date(2023, 1, 1), date(2023, 12, 31), "2023"),
        (date(2023, 4, 1), date(2023, 6, 30), "2e kwartaal 2023"),
        (date(2023, 7, 1), date(2023, 12, 31), "2e halfjaar 2023"),
        (date(2023, 3, 1), date(2023, 3, 31), "maart 2023"),
        (date(2022, 2, 1), date(2023, 1, 31), "feb 2022 – jan 2023"),
    ],
)
def test_period_labels(start: date, end: date, label: str) -> None:
    assert period_label(start, end) == label


def test_rolling_windows_span_twelve_months() -> None:
    windows = period_windows(PeriodGrain.ROLLING_12_MONTHS, date(2022, 1, 15), date(2023, 3, 2))
    assert windows[0] == (date(2022, 1, 1), date(2022, 12, 31))
    assert windows[-1] == (date(2022, 4, 1), date(2023, 3, 31))
    assert len(windows) == 4


def test_a_period_is_found_by_its_address_key_or_its_start_date() -> None:
    periods = [(date(2024, 1, 1), date(2024, 3, 31)), (date(2024, 1, 1), date(2024, 12, 31))]
    assert period_key(*periods[1]) == "2024-01-01_2024-12-31"
    assert period_find(periods, "2024-01-01_2024-12-31") == periods[1]
    assert period_find(periods, "2024-01-01") == periods[0]  # the start date alone: the first listed
    assert period_find(periods, "2024-01-01_2024-06-30") is None
    assert period_find(periods, "foo") is None

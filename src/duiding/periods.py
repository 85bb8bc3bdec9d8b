"""Periods: windows of each grain ([start, end], inclusive dates) and their Dutch names."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import assert_never

from duiding.definitions.models import PeriodGrain

_MONTHS = {PeriodGrain.MONTH: 1, PeriodGrain.QUARTER: 3, PeriodGrain.HALF_YEAR: 6, PeriodGrain.YEAR: 12}


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after the month of ``day`` (negative: before)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _period_start(day: date, months: int) -> date:
    month = (day.month - 1) // months * months + 1
    return date(day.year, month, 1)


def period_windows(grain: PeriodGrain, start: date, end: date) -> list[tuple[date, date]]:
    """The periods of ``grain`` from the one containing ``start`` to the one containing ``end``.

    A rolling-12-months period is named by its last month and covers it and the eleven
    before; only windows lying wholly on or after the month of ``start`` are returned.
    """
    if end < start:
        return []
    match grain:
        case PeriodGrain.ROLLING_12_MONTHS:
            first = add_months(_period_start(start, 1), 11)
            windows = []
            month = first
            while month <= end:
                windows.append((add_months(month, -11), add_months(month, 1) - timedelta(days=1)))
                month = add_months(month, 1)
            return windows
        case PeriodGrain.MONTH | PeriodGrain.QUARTER | PeriodGrain.HALF_YEAR | PeriodGrain.YEAR:
            months = _MONTHS[grain]
            windows = []
            current = _period_start(start, months)
            while current <= end:
                following = add_months(current, months)
                windows.append((current, following - timedelta(days=1)))
                current = following
            return windows
        case _:
            assert_never(grain)


MONTH_NAMES = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def period_label(start: date, end: date) -> str:
    """A period as a Dutch reader names it: '2023', '2e kwartaal 2023', 'maart 2023', …"""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if start.day != 1 or end + timedelta(days=1) != add_months(start, months):
        first, last = MONTH_NAMES[start.month - 1], MONTH_NAMES[end.month - 1]
        return f"{start.day} {first} {start.year} – {end.day} {last} {end.year}"
    if months == 12 and start.month == 1:
        return str(start.year)
    if months == 12:
        return f"{MONTH_NAMES[start.month - 1][:3]} {start.year} – {MONTH_NAMES[end.month - 1][:3]} {end.year}"
    if months == 6 and start.month in (1, 7):
        return f"{1 if start.month == 1 else 2}e halfjaar {start.year}"
    if months == 3 and start.month in (1, 4, 7, 10):
        return f"{(start.month - 1) // 3 + 1}e kwartaal {start.year}"
    if months == 1:
        return f"{MONTH_NAMES[start.month - 1]} {start.year}"
    return f"{MONTH_NAMES[start.month - 1]} {start.year} – {MONTH_NAMES[end.month - 1]} {end.year}"


def period_key(start: date, end: date) -> str:
    """A period as the address names it: ``2023-01-01_2023-12-31`` (the ``periode`` parameter)."""
    return f"{start.isoformat()}_{end.isoformat()}"


def period_find(periods: Sequence[tuple[date, date]], asked: str) -> tuple[date, date] | None:
    """The period ``asked`` names by its key or only its start date (a link typed or shared by hand)."""
    return next((p for p in periods if asked in (period_key(*p), p[0].isoformat())), None)

"""``export_rows``: the protected observations of one indicator (optionally one period) as a file in memory.

For the downloads beside each table on the indicator page. The rows come through the privacy
gate with ``solve=False``, like the page itself: a protection pattern that does not belong to
the current figures raises ``ProtectionPending`` (a reader inside a request never runs the
suppression solver), and nothing is ever handed out unprotected. The file is written by the
same writers as ``duiding export`` (``csv_stream_write``, ``json_stream_write``,
``xlsx_stream_write``): the same columns in the same order, the same formula escaping, the same
workbook with its sheet "Bron" (attribution and what an empty suppressed cell means), limited
to the sources and the threshold of this one indicator.

Refusals carry a Dutch sentence for the reader: ``ExportNotFound`` (unknown monitor or
indicator, or no figures yet) and ``ExportBadPeriod`` (a period the indicator has no figures for:
never a silently different file).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import IO, Final, assert_never

from duiding.definitions import AreaLevel, Monitor, monitors_load
from duiding.errors import BadParameter, NotFound
from duiding.exports.columns import ExportTable
from duiding.exports.csv import csv_stream_write
from duiding.exports.json import json_stream_write
from duiding.exports.service import ExportFormat, attribution_lines, export_waiting, suppression_note
from duiding.exports.xlsx import xlsx_stream_write
from duiding.periods import period_find, period_key, period_label
from duiding.privacy import observation_list, observation_periods
from duiding.workspace import Workspace


class ExportNotFound(NotFound):
    """The monitor or indicator does not exist, or has no figures yet; the message is Dutch."""


class ExportBadPeriod(BadParameter):
    """The period asked for is not one the indicator has figures for; the message is Dutch."""


MEDIA_TYPES: Final = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.JSON: "application/json",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ALL_PERIODS: Final = "alle-perioden"
"""The period part of the file name of a file with every period."""


@dataclass(frozen=True)
class ExportFile:
    """A written export: its bytes, the name to save it under and its media type."""

    content: bytes
    filename: str
    """``<monitor>-<indicator>-<period key>.<format>``, e.g.
    ``participatie-bijstand_per_1000-2023-01-01_2023-12-31.csv`` (``alle-perioden`` for every period)."""
    media_type: str
    rows: int
    """Observations in the file."""


def _indicator_definition(workspace: Workspace, monitor: str, indicator: str) -> Monitor:
    definition = monitors_load(workspace.monitors_dir).get(monitor)
    if definition is None:
        raise ExportNotFound("Deze monitor bestaat niet.")
    if indicator not in {i.id for i in definition.indicators}:
        raise ExportNotFound("Deze indicator bestaat niet.")
    return definition


def export_period(workspace: Workspace, *, monitor: str, indicator: str, asked: str) -> tuple[date, date]:
    """The period ``asked`` names, by its key (``2023-01-01_2023-12-31``, as in the page's address) or
    its start date, among the periods the indicator has figures for; else ``ExportBadPeriod``."""
    periods = observation_periods(workspace, monitor=monitor, indicator=indicator)
    found = period_find(periods, asked)
    if found is None:
        shown = ", ".join(period_label(*p) for p in periods[:8]) + (" …" if len(periods) > 8 else "")
        raise ExportBadPeriod(
            f"Voor de periode '{asked[:40]}' heeft deze indicator geen cijfers. Kies een periode uit de lijst op "
            f"de pagina van de indicator ({shown}), of laat de periode weg voor alle perioden."
        )
    return found


def _nothing(workspace: Workspace, monitor: str, indicator: str, area_level: AreaLevel | None) -> ExportNotFound:
    """Why there are no rows to write, in Dutch."""
    if area_level is not None and observation_periods(workspace, monitor=monitor, indicator=indicator):
        return ExportNotFound(f"Deze indicator heeft geen cijfers per {area_level.value}.")
    waiting = export_waiting(workspace, monitor=monitor).get(indicator)
    if waiting:
        return ExportNotFound(f"Deze indicator wacht op gegevens: de bron {', '.join(waiting)} is nog niet geladen.")
    return ExportNotFound("Voor deze indicator zijn nog geen cijfers berekend.")


def _stream_write(stream: IO[bytes], table: ExportTable, fmt: ExportFormat) -> None:
    match fmt:
        case ExportFormat.CSV:
            csv_stream_write(stream, table)
        case ExportFormat.JSON:
            json_stream_write(stream, table)
        case ExportFormat.XLSX:
            xlsx_stream_write(stream, table)
        case _:
            assert_never(fmt)


def export_rows(
    workspace: Workspace,
    *,
    monitor: str,
    indicator: str,
    fmt: ExportFormat,
    period: str | None = None,
    area_level: AreaLevel | None = None,
) -> ExportFile:
    """The protected observations of one indicator as a file: every period, or the one ``period`` names
    (its key or start date, see ``export_period``), optionally of one area level.

    Raises ``ExportNotFound``, ``ExportBadPeriod`` or ``ProtectionPending`` (the stored pattern is
    not that of the current figures; never worked out here)."""
    definition = _indicator_definition(workspace, monitor, indicator)
    chosen = export_period(workspace, monitor=monitor, indicator=indicator, asked=period) if period else None
    observations = tuple(
        o
        for o in observation_list(
            workspace,
            monitor=monitor,
            indicator=indicator,
            area_level=area_level.value if area_level is not None else None,
            period_start=chosen[0] if chosen else None,
            solve=False,
        )
        if chosen is None or o.period_end == chosen[1]
    )
    if not observations:
        raise _nothing(workspace, monitor, indicator, area_level)
    definitions = [definition.indicator(indicator)]
    table = ExportTable(
        monitor=monitor,
        observations=observations,
        attribution=attribution_lines(workspace, definitions),
        suppression_note=suppression_note(workspace, definition, definitions),
    )
    buffer = io.BytesIO()
    _stream_write(buffer, table, fmt)
    key = period_key(*chosen) if chosen else ALL_PERIODS
    return ExportFile(
        content=buffer.getvalue(),
        filename=f"{monitor}-{indicator}-{key}.{fmt.value}",
        media_type=MEDIA_TYPES[fmt],
        rows=len(observations),
    )

"""Exports: a monitor's protected observations as CSV, JSON or Excel, in the columns of docs/design.md.

``export_write`` writes a whole monitor to a file; ``export_rows`` one indicator (one period) to bytes, for
the downloads of the indicator page.

Everything written here comes through the privacy gate (``duiding.privacy.observation_list``);
no export reads the warehouse itself.
"""

from __future__ import annotations

from duiding.exports.columns import COLUMNS
from duiding.exports.indicator import ExportBadPeriod, ExportFile, ExportNotFound, export_period, export_rows
from duiding.exports.service import ExportFormat, export_waiting, export_write, waiting_text

__all__ = [
    "COLUMNS",
    "ExportBadPeriod",
    "ExportFile",
    "ExportFormat",
    "ExportNotFound",
    "export_period",
    "export_rows",
    "export_waiting",
    "export_write",
    "waiting_text",
]

"""Exports: a monitor's protected observations as CSV, JSON or Excel, in the columns of docs/design.md.

Everything written here comes through the privacy gate (``duiding.privacy.observation_list``);
no export reads the warehouse itself.
"""

from __future__ import annotations

from duiding.exports.columns import COLUMNS
from duiding.exports.service import ExportFormat, export_waiting, export_write, waiting_text

__all__ = ["COLUMNS", "ExportFormat", "export_waiting", "export_write", "waiting_text"]

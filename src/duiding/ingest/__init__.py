"""Data in: validate a file completely, then load it as a new version of its source."""

from __future__ import annotations

from duiding.ingest.kwb import KWB_COLUMNS, LoadResult, kwb_long_load

__all__ = ["KWB_COLUMNS", "LoadResult", "kwb_long_load"]

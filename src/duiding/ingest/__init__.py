"""Data in: validate a file completely, then load it as a new version of its source."""

from __future__ import annotations

from duiding.ingest.kwb import KWB_COLUMNS, kwb_long_load
from duiding.ingest.microdata import microdata_load
from duiding.ingest.results import LoadResult, QualityFinding
from duiding.ingest.service import source_load_file

__all__ = ["KWB_COLUMNS", "LoadResult", "QualityFinding", "kwb_long_load", "microdata_load", "source_load_file"]

"""Source connectors: one registry, built-ins included (CSV, Excel, Parquet).

Every connector stages a file as a DuckDB table of text columns plus ``_row`` (the row
number a person sees in a spreadsheet: the header is row 1). Validation and typing
happen afterwards, the same way for every format.
"""

from __future__ import annotations

from duiding.ingest.connectors.base import Connector, Staged
from duiding.ingest.connectors.registry import CONNECTORS, connector_for

__all__ = ["CONNECTORS", "Connector", "Staged", "connector_for"]

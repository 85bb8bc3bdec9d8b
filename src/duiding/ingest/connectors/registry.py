"""The one registry of connectors; built-ins register here like any other."""

from __future__ import annotations

from pathlib import Path

from duiding.errors import LoadError
from duiding.ingest.connectors.base import Connector
from duiding.ingest.connectors.csv import CsvConnector
from duiding.ingest.connectors.excel import ExcelConnector
from duiding.ingest.connectors.parquet import ParquetConnector

CONNECTORS: dict[str, Connector] = {}


def connector_register(connector: Connector) -> None:
    CONNECTORS[connector.name] = connector


def connector_for(path: Path) -> Connector:
    """The connector for a file, chosen by its extension."""
    suffix = path.suffix.lower()
    for connector in CONNECTORS.values():
        if suffix in connector.suffixes:
            return connector
    known = ", ".join(sorted(s for c in CONNECTORS.values() for s in c.suffixes))
    raise LoadError(f"{path.name}: bestandstype '{suffix or '(geen)'}' wordt niet ondersteund; wel: {known}.")


for _builtin in (CsvConnector(), ExcelConnector(), ParquetConnector()):
    connector_register(_builtin)

"""The local CBS StatLine server of the connector tests, for the online path of ``duiding init``."""

from __future__ import annotations

from tests.ingest.test_statline import cbs

__all__ = ["cbs"]

"""The presentation layer's refusals, each with a Dutch sentence for the reader (from ``duiding.errors``,
shared with the downloads of ``duiding.exports``)."""

from __future__ import annotations

from duiding.errors import BadParameter, NotFound

__all__ = ["BadParameter", "NotFound"]

"""The presentation layer's refusals, each with a Dutch sentence for the reader."""

from __future__ import annotations

from duiding.errors import DuidingError


class NotFound(DuidingError):
    """What was asked for does not exist (yet); the message is a Dutch sentence for the reader."""


class BadParameter(DuidingError):
    """A choice in the address (a period, an area) that does not exist: said in Dutch, never a
    silently different page."""

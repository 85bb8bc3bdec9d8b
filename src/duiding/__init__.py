"""Duiding: monitoring for the Dutch sociaal domein — tellen én vertellen."""

from __future__ import annotations

__version__ = "0.1.0"

"""Indicator engine: definitions → Ibis expressions → observations in the warehouse."""

from __future__ import annotations

from duiding.engine.backends import Engine
from duiding.engine.service import ComputeResult, Waiting, compute, explain

__all__ = ["ComputeResult", "Engine", "Waiting", "compute", "explain"]

"""Set up Duiding for any gemeente from CBS data (``duiding init``)."""

from __future__ import annotations

from duiding.onboarding.service import InitResult, gemeente_init

__all__ = ["InitResult", "gemeente_init"]

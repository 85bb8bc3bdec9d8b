"""The demo workspace: Utrecht (GM0344) from real CBS data."""

from __future__ import annotations

from duiding.demo.build import DEMO_GEMEENTE, demo_build

__all__ = ["DEMO_GEMEENTE", "demo_build"]

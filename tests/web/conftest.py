from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django import Settings


@pytest.fixture
def served(settings: Settings, demo_root: Path) -> Path:
    """Point the web app at the demo workspace for one test."""
    settings.DUIDING_WORKSPACE = demo_root
    return demo_root

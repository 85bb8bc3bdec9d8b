"""Dependencies point one way: the core never imports Django (DESIGN.md, STYLE.md item 1)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_core_imports_without_django() -> None:
    """Importing the whole core in a fresh interpreter does not load Django."""
    code = (
        "import sys, duiding.cli, duiding.demo, duiding.engine, duiding.privacy, duiding.charts;"
        "print('django' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"

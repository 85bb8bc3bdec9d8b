"""Dependencies point one way: the core never imports Django (docs/design.md, docs/conventions.md item 1)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "duiding"


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


def test_only_the_gate_reads_observations() -> None:
    """The engine writes the observations table; only duiding.privacy reads it (the one gate)."""
    sql = re.compile(r"(FROM|JOIN|UPDATE|TABLE)\s+observations\b|table\(\s*['\"]observations['\"]", re.IGNORECASE)
    readers = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative.startswith("privacy/") or relative == "warehouse.py":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if sql.search(line) and "DELETE FROM observations" not in line:  # the engine replacing its results
                readers.append(f"{relative}: {line.strip()}")
    assert readers == []

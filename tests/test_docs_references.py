"""Every document the repository refers to is in the repository: a clone stands on its own.

Checked: links in Markdown (``[…](kwb.md)``), paths under ``docs/`` and upper-case document
names (``DESIGN.md``, ``SOURCE.md``) anywhere in code, tests and docs.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("src", "tests", "docs")
SUFFIXES = {".py", ".md", ".html", ".yaml", ".toml"}
LINK = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")
DOCS_PATH = re.compile(r"(?<![\w/.-])((?:\.\./)*docs/[\w/-]+\.md)")
UPPER_NAME = re.compile(r"(?<![\w/.-])((?:\.\./|[\w-]+/)*[A-Z][A-Z_]+\.md)\b")
GENERATED = {"LEESMIJ.md"}
"""Written into a workspace by ``duiding init`` (the templates' explanation), not part of the repository."""


def _files() -> list[Path]:
    found = [ROOT / "README.md", ROOT / "GLOSSARY.md"]
    for folder in SCANNED:
        found += [p for p in (ROOT / folder).rglob("*") if p.suffix in SUFFIXES and p.is_file()]
    return [p for p in found if p.exists() and p != Path(__file__).resolve()]


@functools.cache
def _document_names() -> frozenset[str]:
    """Names of the Markdown files in the repository (not in the virtualenv or node_modules)."""
    found = set()
    for _folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [d for d in subfolders if d not in {".venv", "node_modules", ".git"}]
        found.update(name for name in files if name.endswith(".md"))
    return frozenset(found)


def _inside(path: Path) -> bool:
    resolved = path.resolve()
    return resolved.is_relative_to(ROOT) and resolved.exists()


def _problems(path: Path, text: str) -> list[str]:
    problems = []
    names = _document_names()
    for number, line in enumerate(text.splitlines(), start=1):
        for target in LINK.findall(line) if path.suffix == ".md" else []:
            if not target.startswith("http") and not _inside(path.parent / target):
                problems.append(f"{path.relative_to(ROOT)}:{number}: link {target}")
        for reference in DOCS_PATH.findall(line):
            if not any(_inside(base / reference) for base in (ROOT, path.parent)):
                problems.append(f"{path.relative_to(ROOT)}:{number}: {reference}")
        for reference in UPPER_NAME.findall(line):
            name = reference.rsplit("/", 1)[-1]
            outside = reference.startswith("../") and not _inside(path.parent / reference)
            if name not in GENERATED and (outside or name not in names):
                problems.append(f"{path.relative_to(ROOT)}:{number}: {reference}")
    return problems


def test_every_referenced_document_exists() -> None:
    problems = [p for path in _files() for p in _problems(path, path.read_text(encoding="utf-8", errors="replace"))]
    assert problems == []


def test_a_reference_to_a_document_outside_the_repository_is_found(tmp_path: Path) -> None:
    """The check sees what it must (so an empty result above means something)."""
    readme = ROOT / "README.md"
    text = "zie `DESIGN.md`, [stijl](../shared/STYLE.md), docs/bestaat-niet.md en [kwb](docs/kwb.md)\n"
    assert _problems(readme, text) == [
        "README.md:1: link ../shared/STYLE.md",
        "README.md:1: docs/bestaat-niet.md",
        "README.md:1: DESIGN.md",
        "README.md:1: ../shared/STYLE.md",
    ]

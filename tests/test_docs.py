"""Docs kept true by tests: the CLI reference is generated from --help (``pytest --docs-update``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from duiding.cli import main

ROOT = Path(__file__).resolve().parents[1]
CLI_DOC = ROOT / "docs" / "cli.md"


def _cli_reference() -> str:
    runner = CliRunner()
    parts = [
        "# `duiding` — command reference\n",
        "Generated from `duiding --help` by `pytest tests/test_docs.py --docs-update`; do not edit by hand.\n",
        "Exit codes: 0 success, 1 invalid input (a Dutch message says what and where), 2 usage error.\n",
    ]
    commands = [("duiding", [])] + [(f"duiding {name}", [name]) for name in main.list_commands(None)]  # type: ignore[arg-type]
    for title, args in commands:
        result = runner.invoke(main, [*args, "--help"], prog_name="duiding", terminal_width=100)
        assert result.exit_code == 0
        parts.append(f"## `{title}`\n\n```text\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def test_cli_reference_is_current(request: pytest.FixtureRequest) -> None:
    text = _cli_reference()
    if request.config.getoption("--docs-update"):
        CLI_DOC.write_text(text, encoding="utf-8")
    assert CLI_DOC.read_text(encoding="utf-8") == text


def test_readme_names_the_two_commands_and_every_cli_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme
    assert "make test" in readme
    for name in main.list_commands(None):  # type: ignore[arg-type]
        assert f"duiding {name}" in readme, name


def test_glossary_and_architecture_exist_and_name_the_core_packages() -> None:
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for package in sorted(p.name for p in (ROOT / "src" / "duiding").iterdir() if (p / "__init__.py").exists()):
        assert f"`{package}/`" in architecture, package
    assert (ROOT / "GLOSSARY.md").read_text(encoding="utf-8").count("|") > 100


DEFINITIONS_DOC = ROOT / "docs" / "definities.md"


def test_definitions_reference_is_current(request: pytest.FixtureRequest) -> None:
    from tests.definitions_reference import definitions_reference

    text = definitions_reference()
    if request.config.getoption("--docs-update"):
        DEFINITIONS_DOC.write_text(text, encoding="utf-8")
    assert DEFINITIONS_DOC.read_text(encoding="utf-8") == text


def test_every_example_in_the_definitions_reference_loads(tmp_path: Path) -> None:
    from duiding.definitions.loader import definition_load
    from tests.definitions_reference import SECTIONS

    for title, model, _, example in SECTIONS:
        path = tmp_path / f"{model.__name__}.yaml"
        path.write_text(example, encoding="utf-8")
        assert isinstance(definition_load(path, model), model), title
    # the monitor example also passes every check against the library's sources
    from duiding.definitions import sources_load
    from duiding.engine.validate import definition_file_problems
    from duiding.library import LIBRARY

    monitor = tmp_path / "Monitor.yaml"
    assert definition_file_problems([monitor], sources_load(LIBRARY / "sources")) == []

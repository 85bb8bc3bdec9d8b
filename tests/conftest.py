"""Shared fixtures: one real demo workspace per test session, built by the product itself."""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from duiding.demo import demo_build
from duiding.demo.build import KWB_UTRECHT
from duiding.engine import compute
from duiding.ingest import kwb_long_load
from duiding.ingest.pseudonym import KEY_ENV
from duiding.library import LIBRARY
from duiding.privacy import protection_compute
from duiding.workspace import Workspace, WorkspaceSettings, workspace_create, workspace_open

TESTS = Path(__file__).resolve().parent
TEST_KEY = "duiding-test-sleutel-niet-geheim"
os.environ.setdefault(KEY_ENV, TEST_KEY)  # pseudonymisation key for every test (never a real one)
CBS_2023_XLS = TESTS / "data" / "cbs" / "kwb_2023_utrecht_xls.csv"


@pytest.fixture(scope="session")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace, built once; tests that change a workspace copy it first."""
    root = tmp_path_factory.mktemp("demo") / "werkruimte"
    demo_build(root)
    return root


@pytest.fixture
def demo_workspace(demo_root: Path) -> Workspace:
    return workspace_open(demo_root)


@pytest.fixture(scope="session")
def kwb_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small workspace: Utrecht's real KWB data and one monitor of three CBS-based rates."""
    root = tmp_path_factory.mktemp("kwb") / "werkruimte"
    workspace = workspace_create(root=root, settings=WorkspaceSettings(gemeente_code="GM0344", gemeente_naam="Utrecht"))
    shutil.copyfile(LIBRARY / "sources" / "cbs_kwb.yaml", workspace.sources_dir / "cbs_kwb.yaml")
    shutil.copyfile(TESTS / "data" / "participatie_cbs.yaml", workspace.monitors_dir / "participatie.yaml")
    kwb_long_load(workspace.warehouse_path, source_id="cbs_kwb", path=KWB_UTRECHT)
    compute(workspace)
    protection_compute(workspace)  # protected, not analysed: pages show figures, no analysis
    return root


@pytest.fixture
def kwb_workspace(kwb_root: Path) -> Workspace:
    return workspace_open(kwb_root)


@pytest.fixture
def workspace_copy(kwb_root: Path, tmp_path: Path) -> Workspace:
    """A private copy of the small KWB workspace that a test may change."""
    target = tmp_path / "werkruimte"
    shutil.copytree(kwb_root, target)
    return workspace_open(target)


def cbs_2023_rows() -> dict[str, dict[str, str]]:
    """The CBS 2023 xls-release rows for Utrecht, by region code (gwb_code_10)."""
    with CBS_2023_XLS.open(encoding="utf-8") as handle:
        return {row["gwb_code_10"]: row for row in csv.DictReader(handle)}


def privacy_changed(workspace: Workspace, **changes: int) -> Workspace:
    """``workspace`` with other privacy settings (``min_count``, ``round_to``), everything else kept."""
    settings = replace(workspace.settings, privacy=replace(workspace.settings.privacy, **changes))
    return workspace_create(root=workspace.root, settings=settings)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--snapshot-update", action="store_true", help="rewrite SQL snapshots instead of comparing them")
    parser.addoption("--docs-update", action="store_true", help="regenerate docs/cli.md from --help")


@pytest.fixture(scope="session")
def almere_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Almere (GM0034): its real KWB series 2018–2025 with the 2022 re-division, and two extra CBS rates."""
    root = tmp_path_factory.mktemp("almere") / "werkruimte"
    workspace = workspace_create(root=root, settings=WorkspaceSettings(gemeente_code="GM0034", gemeente_naam="Almere"))
    for path in (LIBRARY / "sources").glob("*.yaml"):
        shutil.copyfile(path, workspace.sources_dir / path.name)
    shutil.copyfile(LIBRARY / "monitors" / "participatie.yaml", workspace.monitors_dir / "participatie.yaml")
    shutil.copyfile(TESTS / "data" / "zorg_cbs.yaml", workspace.monitors_dir / "zorg.yaml")
    kwb_long_load(
        workspace.warehouse_path, source_id="cbs_kwb", path=TESTS / "data" / "cbs" / "almere" / "kwb_almere_long.csv"
    )
    compute(workspace)
    protection_compute(workspace)
    return root


@pytest.fixture(scope="session")
def live_url(demo_root: Path) -> Iterator[str]:
    """The demo workspace served by the real ``duiding serve`` (one server per session)."""
    from tests.server import running_server

    with running_server(demo_root) as url:
        yield url

"""The second demo gemeente: Almere from CBS data alone, set up through ``duiding init``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from pytest_django import Settings

from duiding import presentation
from duiding.demo.build import demo_almere_build
from duiding.workspace import workspace_open


@pytest.fixture(scope="module")
def almere_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_almere_build(tmp_path_factory.mktemp("almere-demo") / "werkruimte").workspace.root


@pytest.fixture
def served_almere(settings: Settings, almere_demo: Path) -> Path:
    settings.DUIDING_WORKSPACE = almere_demo
    return almere_demo


def test_almere_demo_is_a_demo_workspace_of_almere(almere_demo: Path) -> None:
    settings = workspace_open(almere_demo).settings
    assert (settings.gemeente_code, settings.gemeente_naam, settings.demo) == ("GM0034", "Almere", True)


def test_almere_pages_show_cbs_figures_the_new_wijken_and_the_break(client: Client, served_almere: Path) -> None:
    home = client.get("/")
    assert home.status_code == 200
    assert "wacht op gegevens" in home.content.decode()
    page = client.get("/monitors/participatie/indicatoren/bijstand_per_1000/?periode=2022-01-01")
    html = page.content.decode()
    assert page.status_code == 200
    assert len(set(re.findall(r'data-area="(WK0034\d\d)"', html))) == 71  # the 2022 indeling
    assert "In 2022 is de wijkindeling gewijzigd" in html


def test_the_time_series_marks_the_new_wijk_indeling(almere_demo: Path) -> None:
    page = presentation.indicator_page(
        workspace_open(almere_demo), monitor_id="participatie", indicator_id="bijstand_per_1000", period=None
    )
    assert page.series_chart is not None and page.breaks
    marks = [
        part["data"]["values"]
        for part in page.series_chart["layer"]
        if part.get("mark", {}).get("type") == "rule" and "x" in part.get("encoding", {})
    ]
    assert marks == [[{"periode": "2022-01-01", "beschrijving": page.breaks[0]}]]

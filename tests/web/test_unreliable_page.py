"""Figures marked *onbetrouwbaar* on the indicator page and in ``duiding quality`` (Utrecht's real KWB)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.test import Client
from pytest_django import Settings

from duiding.analysis import unreliable_list
from duiding.cli import main
from duiding.workspace import Workspace
from tests.analysis.plausible import IMPOSSIBLE_BUURT, kwb, plausible_workspace
from tests.web.pages import by_testid, table_rows

URL = "/monitors/plausibel/indicatoren/aow_per_1000/?periode=2023-01-01_2023-12-31"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return plausible_workspace(tmp_path_factory.mktemp("plausibel-web") / "werkruimte")


@pytest.fixture
def client_on(settings: Settings, built: Workspace, client: Client) -> Client:
    settings.DUIDING_WORKSPACE = built.root
    return client


def test_impossible_buurt_shows_the_word_and_reason_and_no_verdict(client_on: Client) -> None:
    html = client_on.get(URL).content.decode()
    row = table_rows(html, "buurttabel")[IMPOSSIBLE_BUURT]
    expected = kwb(2023, IMPOSSIBLE_BUURT, "aow_uitkering_personen") / kwb(2023, IMPOSSIBLE_BUURT, "leeftijd_65plus")
    value_cell = next(c for c in row if "onbetrouwbaar" in c and "niet vergeleken" not in c)
    assert f"{expected * 1000:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".") in value_cell
    position = row[-1]
    assert position.startswith("niet vergeleken, onbetrouwbaar: onmogelijk")
    assert "hoger" not in position and "lager" not in position
    assert any("onbetrouwbaar" in p for p in by_testid(html, "onbetrouwbaar"))


def test_gemeente_key_figure_is_not_marked(client_on: Client) -> None:
    html = client_on.get(URL).content.decode()
    assert by_testid(html, "gemeente-onbetrouwbaar") == []
    assert "onbetrouwbaar" not in by_testid(html, "gemeente-waarde")[0]


def test_quality_lists_unreliable_figures_per_indicator_and_level(built: Workspace) -> None:
    result = CliRunner().invoke(main, ["quality", "--workspace", str(built.root)])
    assert result.exit_code == 0, result.output
    section = result.output.split("Onbetrouwbare cijfers", 1)[1]
    marks = [
        m for m in unreliable_list(built, monitor="plausibel", indicator="aow_per_1000") if m.area_level == "buurt"
    ]
    impossible = [m for m in marks if m.rule == "impossible"]
    assert f"plausibel / aow_per_1000, buurt: {len(impossible)} cijfer(s), onmogelijk" in section
    assert IMPOSSIBLE_BUURT in section
    assert "gemeente:" not in section


def test_quality_for_the_source_lists_the_indicators_that_read_it(built: Workspace) -> None:
    result = CliRunner().invoke(main, ["quality", "cbs_kwb", "--workspace", str(built.root)])
    assert result.exit_code == 0, result.output
    assert "aow_per_1000" in result.output

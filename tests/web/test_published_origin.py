"""The indicator page says which figures are CBS's own ratio and which Duiding computed."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import Settings

from duiding.workspace import Workspace
from tests.engine.published import WITHHELD, cbs_ratio_workspace
from tests.web.pages import by_testid


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return cbs_ratio_workspace(tmp_path_factory.mktemp("cbs-ratio-web") / "werkruimte")


@pytest.fixture
def client_on(settings: Settings, built: Workspace, client: Client) -> Client:
    settings.DUIDING_WORKSPACE = built.root
    return client


def _origin(client: Client, indicator: str, year: int) -> str:
    html = client.get(f"/monitors/cbs/indicatoren/{indicator}/?periode={year}-01-01_{year}-12-31").content.decode()
    found = by_testid(html, "herkomst-cijfer")
    assert len(found) == 1, found
    return found[0]


def test_every_figure_is_cbs_where_cbs_published_every_ratio(client_on: Client) -> None:
    assert _origin(client_on, "wmo_clienten_per_1000_cbs", 2022) == (
        "Elk cijfer hier is het cijfer zoals het CBS het publiceert (Wmo-cliënten per 1.000 inwoners (CBS))."
    )


def test_the_computed_wijk_is_named(client_on: Client) -> None:
    text = _origin(client_on, "wmo_clienten_per_1000_cbs", WITHHELD[0])
    assert text.startswith("Waar het CBS dit cijfer publiceert, is het het CBS-cijfer")
    assert "Voor 1 van de " in text and "publiceert het CBS het niet: " in text
    assert text.endswith("Duiding berekent het uit de aantallen: wmo-cliënten gedeeld door inwoners.")


def test_without_any_cbs_percentage_the_page_says_it_is_computed(client_on: Client) -> None:
    assert _origin(client_on, "jongeren_met_jeugdzorg_pct", 2023) == (
        "Het CBS publiceert dit cijfer voor deze periode niet. Duiding berekent het uit de aantallen: "
        "jongeren met jeugdzorg in natura gedeeld door inwoners van 0–24 jaar."
    )

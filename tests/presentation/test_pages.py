"""The presentation layer: page models without Django, never running the suppression solver."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from django.test import Client
from pytest_django import Settings

from duiding import presentation
from duiding.privacy import observation_list
from duiding.warehouse import SCHEMA_VERSION
from duiding.workspace import Workspace, workspace_open
from tests.web.pages import by_testid


def test_an_indicator_page_model_holds_the_gates_figures(demo_workspace: Workspace) -> None:
    page = presentation.indicator_page(demo_workspace, monitor_id="jeugd", indicator_id="nieuwe_trajecten", period=None)
    latest = page.periods[0]
    assert page.period == latest
    gate = {
        o.area_code: o
        for o in observation_list(
            demo_workspace, monitor="jeugd", indicator="nieuwe_trajecten", period_start=latest.start
        )
        if o.breakdown == "totaal" and o.period_end == latest.end
    }
    assert page.gemeente is not None and page.gemeente == gate[page.gemeente.area_code]
    assert {o.area_code: o for o in page.wijken} == {k: o for k, o in gate.items() if o.area_level == "wijk"}
    assert page.question and page.sources and page.findings is not None


def test_a_period_without_figures_is_refused_in_dutch_not_replaced(
    demo_workspace: Workspace, settings: Settings, client: Client
) -> None:
    for asked in ("foo", "2099-01-01", "2023-01-01_2023-03-31x"):
        with pytest.raises(presentation.BadParameter, match="geen cijfers") as refused:
            presentation.indicator_page(
                demo_workspace, monitor_id="jeugd", indicator_id="nieuwe_trajecten", period=asked
            )
        assert asked[:40] in str(refused.value)
    settings.DUIDING_WORKSPACE = demo_workspace.root
    response = client.get("/monitors/jeugd/indicatoren/nieuwe_trajecten/?periode=foo")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Voor de periode &#x27;foo&#x27; heeft deze indicator geen cijfers" in html
    assert 'data-testid="gemeente-waarde"' not in html
    assert (
        'data-testid="gemeente-waarde"' in client.get("/monitors/jeugd/indicatoren/nieuwe_trajecten/").content.decode()
    )
    # the start date alone, as a link typed by hand, still finds its period
    page = presentation.indicator_page(demo_workspace, monitor_id="jeugd", indicator_id="nieuwe_trajecten", period=None)
    shared = presentation.indicator_page(
        demo_workspace, monitor_id="jeugd", indicator_id="nieuwe_trajecten", period=page.periods[-1].start.isoformat()
    )
    assert shared.period == page.periods[-1]


def test_unknown_objects_are_not_found_in_dutch(demo_workspace: Workspace) -> None:
    with pytest.raises(presentation.NotFound, match="Deze monitor bestaat niet"):
        presentation.signal_page(demo_workspace, monitor_id="bestaat_niet")
    with pytest.raises(presentation.NotFound, match="Deze indicator bestaat niet"):
        presentation.indicator_page(demo_workspace, monitor_id="jeugd", indicator_id="bestaat_niet", period=None)


@pytest.fixture
def stale(demo_root: Path, tmp_path: Path) -> Workspace:
    """The demo as if its figures were computed and their protection not yet stored."""
    root = tmp_path / "werkruimte"
    shutil.copytree(demo_root, root)
    con = duckdb.connect(str(root / "warehouse.duckdb"))
    try:
        con.execute("DELETE FROM protections WHERE monitor = 'jeugd'")
    finally:
        con.close()
    return workspace_open(root)


def test_a_page_never_works_out_a_stale_pattern_it_says_wordt_bijgewerkt(
    stale: Workspace, settings: Settings, client: Client
) -> None:
    with pytest.raises(presentation.ProtectionPending, match="worden bijgewerkt"):
        presentation.indicator_page(stale, monitor_id="jeugd", indicator_id="nieuwe_trajecten", period=None)
    summaries = {s.monitor.id: s for s in presentation.monitor_summary_list(stale)}
    assert "worden bijgewerkt" in summaries["jeugd"].pending and summaries["jeugd"].indicators == []
    assert not summaries["wmo"].pending and summaries["wmo"].indicators
    settings.DUIDING_WORKSPACE = stale.root
    response = client.get("/monitors/jeugd/indicatoren/nieuwe_trajecten/")
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert "worden bijgewerkt" in response.content.decode()
    home = client.get("/").content.decode()
    assert "worden bijgewerkt" in by_testid(home, "bijgewerkt-jeugd")[0]
    assert "/monitors/jeugd/indicatoren/" not in home and "/monitors/wmo/indicatoren/" in home
    # another monitor, protected and current, is read as before
    assert client.get("/monitors/wmo/indicatoren/nieuwe_voorzieningen/").status_code == 200
    # the gate itself, asked outside a request, still works the pattern out (nothing unprotected)
    assert any(o.suppressed for o in observation_list(stale, monitor="jeugd", indicator="nieuwe_trajecten"))


def test_a_warehouse_of_a_newer_duiding_gets_its_dutch_message_not_a_stack_trace(
    demo_root: Path, tmp_path: Path, settings: Settings, client: Client
) -> None:
    root = tmp_path / "werkruimte"
    shutil.copytree(demo_root, root)
    con = duckdb.connect(str(root / "warehouse.duckdb"))
    try:
        con.execute("UPDATE schema_version SET version = ?", [SCHEMA_VERSION + 1])
    finally:
        con.close()
    settings.DUIDING_WORKSPACE = root
    for url in ("/", "/monitors/jeugd/indicatoren/nieuwe_trajecten/", "/monitors/jeugd/signalen/"):
        response = client.get(url)
        assert response.status_code == 503, url
        message = by_testid(response.content.decode(), "melding")[0]
        assert "nieuwere versie van Duiding" in message and "Traceback" not in response.content.decode()

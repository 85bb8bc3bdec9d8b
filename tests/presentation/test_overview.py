"""The monitor overview: purpose and questions first, indicators by level, latest figure and sparkline."""

from __future__ import annotations

import duckdb
import pytest
from django.test import Client
from pytest_django import Settings

from duiding import presentation
from duiding.definitions import monitors_load
from duiding.presentation.overview import KEY_FIGURES, LEVEL_ORDER
from duiding.workspace import Workspace
from tests.web.pages import by_testid


def _gemeente_series(workspace: Workspace, monitor: str) -> dict[str, list[float]]:
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        rows = con.execute(
            "SELECT indicator, value FROM observations WHERE monitor = ? AND area_level = 'gemeente' "
            "AND breakdown = 'totaal' AND value IS NOT NULL ORDER BY indicator, period_start, period_end",
            [monitor],
        ).fetchall()
    finally:
        con.close()
    found: dict[str, list[float]] = {}
    for indicator, value in rows:
        found.setdefault(indicator, []).append(value)
    return found


@pytest.mark.parametrize("monitor_id", ["jeugd", "wmo", "participatie", "onderwijs", "wijkteam"])
def test_every_indicator_is_under_its_question_by_level_with_its_latest_figure(
    demo_workspace: Workspace, monitor_id: str
) -> None:
    monitor = monitors_load(demo_workspace.monitors_dir)[monitor_id]
    page = presentation.monitor_page(demo_workspace, monitor_id=monitor_id)
    listed = [item for q in page.questions for _, items in q.levels for item in items]
    assert sorted(i.indicator.id for i in listed) == sorted(i.id for i in monitor.indicators)
    questions = {q.text: q.id for q in monitor.questions}
    for question in page.questions:
        chain = [LEVEL_ORDER[items[0].indicator.level] for _, items in question.levels]
        assert chain == sorted(chain), question.text
        for _, items in question.levels:
            assert all(
                item.indicator.question == questions.get(question.text, item.indicator.question) for item in items
            )
            flags = [item.indicator.need_to_know for item in items]
            assert flags == sorted(flags, reverse=True)  # need-to-know first
    stored = _gemeente_series(demo_workspace, monitor_id)
    for item in listed:
        values = stored.get(item.indicator.id, [])
        if item.latest is not None and not item.latest.suppressed and item.latest.value is not None:
            assert item.latest.value == pytest.approx(values[-1])
        if item.sparkline is not None:
            assert len(item.sparkline.points.split()) == len(values) >= 2
            assert item.sparkline.label.startswith("verloop ")
    assert len(page.key_figures) <= KEY_FIGURES and all(k.indicator.need_to_know for k in page.key_figures)
    assert page.purposes


def test_the_overview_page_is_linked_from_home_and_shows_the_key_figures(
    demo_workspace: Workspace, settings: Settings, client: Client
) -> None:
    settings.DUIDING_WORKSPACE = demo_workspace.root
    assert 'href="/monitors/wijkteam/"' in client.get("/").content.decode()
    html = client.get("/monitors/wijkteam/").content.decode()
    page = presentation.monitor_page(demo_workspace, monitor_id="wijkteam")
    assert len(by_testid(html, "kerncijfers")) == 1
    assert html.count('data-testid="verloop"') == sum(len(items) for q in page.questions for _, items in q.levels)
    assert "Deze monitor is er voor" in by_testid(html, "doel-monitor")[0]
    assert client.get("/monitors/bestaat-niet/").status_code == 404


def test_simulated_figures_are_marked_on_every_list(
    demo_workspace: Workspace, settings: Settings, client: Client
) -> None:
    settings.DUIDING_WORKSPACE = demo_workspace.root
    lists = {
        "/": '<a class="utrecht-link" href="/monitors/participatie/indicatoren/{}/">',
        "/monitors/participatie/": 'data-indicator="{}"',
        "/monitors/participatie/wijkprofiel/?gebied=WK034403": 'data-indicator="{}"',
    }
    for url, marker in lists.items():
        html = client.get(url).content.decode()
        for indicator, simulated in (("bijstand_lopend", True), ("bijstand_per_1000", False)):
            row = html.split(marker.format(indicator), 1)[1].split("</tr>", 1)[0]
            assert ("gesimuleerd" in row) is simulated, (url, indicator)

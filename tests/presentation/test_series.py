"""The indicator page's time series: every period's gemeente figure, its interval, the forecast and the target."""

from __future__ import annotations

import duckdb
import pytest
from django.test import Client
from pytest_django import Settings

from duiding import presentation
from duiding.charts.series import FONT_SIZE
from duiding.workspace import Workspace
from tests.web.pages import by_testid, spec_values


def _stored(workspace: Workspace, monitor: str, indicator: str) -> dict[str, float | None]:
    """The gemeente figure per period start, read with SQL straight from the warehouse."""
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        rows = con.execute(
            "SELECT period_start, value FROM observations WHERE monitor = ? AND indicator = ? "
            "AND area_level = 'gemeente' AND breakdown = 'totaal'",
            [monitor, indicator],
        ).fetchall()
    finally:
        con.close()
    return {start.isoformat(): value for start, value in rows}


@pytest.mark.parametrize(
    ("monitor", "indicator"),
    [("jeugd", "nieuwe_trajecten"), ("participatie", "bijstand_huishoudens_per_1000"), ("wijkteam", "doorverwezen")],
)
def test_the_series_holds_every_periods_gemeente_figure(
    demo_workspace: Workspace, monitor: str, indicator: str
) -> None:
    page = presentation.indicator_page(demo_workspace, monitor_id=monitor, indicator_id=indicator, period=None)
    stored = _stored(demo_workspace, monitor, indicator)
    measured = [p for p in page.series if not p.forecast]
    assert [p.start.isoformat() for p in measured] == sorted(stored)
    for point in measured:
        if not point.withheld:
            assert point.value == pytest.approx(stored[point.start.isoformat()])
            if point.low is not None:
                assert point.low <= point.value <= point.high
    assert len(measured) >= 2 and page.series_chart is not None
    rows = spec_values(page.series_chart, "soort")
    assert [r["periode"] for r in rows if r["soort"] == "gemeten"] == sorted(stored)
    forecast = [r for r in rows if r["soort"] == "verwachting"]
    outlook = page.findings.outlook
    assert len(forecast) == (len(outlook.points) if outlook is not None and outlook.shown else 0)
    assert all(r["periode"] > max(stored) for r in forecast)
    assert all(r["beschrijving"] for r in rows)
    band = next(layer for layer in page.series_chart["layer"] if layer["mark"]["type"] == "area")
    assert band["encoding"]["y"]["axis"]["labelFontSize"] >= FONT_SIZE


def test_the_target_line_is_the_gemeentes_target(demo_workspace: Workspace) -> None:
    pages = [
        presentation.indicator_page(demo_workspace, monitor_id=m.monitor.id, indicator_id=i.id, period=None)
        for m in presentation.monitor_summary_list(demo_workspace)
        for i in (s.indicator for s in m.indicators if s.period and s.indicator.targets)
    ]
    with_line = [p for p in pages if p.series_target]
    assert with_line, "the demo has targets with a value"
    for page in with_line:
        assert page.series_chart is not None
        rule = next(
            layer
            for layer in page.series_chart["layer"]
            if layer["mark"]["type"] == "rule" and "y" in layer["encoding"]
        )
        value = rule["data"]["values"][0]["waarde"]
        code = demo_workspace.settings.gemeente_code
        assert value in [t.status.target_value for t in page.findings.targets if t.status.area_code == code]


def test_a_count_has_no_gemeente_line_among_its_wijken_a_rate_has(demo_workspace: Workspace) -> None:
    count = presentation.indicator_page(
        demo_workspace, monitor_id="jeugd", indicator_id="nieuwe_trajecten", period=None
    )
    rate = presentation.indicator_page(
        demo_workspace, monitor_id="participatie", indicator_id="bijstand_per_1000", period=None
    )
    assert not count.gemeente_line and count.chart is not None and "layer" not in count.chart
    assert rate.gemeente_line and rate.chart is not None and len(rate.chart["layer"]) == 2


def test_the_page_says_how_sure_the_forecast_band_is(
    demo_workspace: Workspace, settings: Settings, client: Client
) -> None:
    page = presentation.indicator_page(
        demo_workspace, monitor_id="wijkteam", indicator_id="waardering_wijkteam", period=None
    )
    outlook = page.findings.outlook
    assert outlook is not None and outlook.shown and outlook.points
    assert page.forecast_level == f"{outlook.points[0].level:.0%}"
    settings.DUIDING_WORKSPACE = demo_workspace.root
    html = client.get("/monitors/wijkteam/indicatoren/waardering_wijkteam/").content.decode()
    explanation = by_testid(html, "reeks-uitleg")[0]
    assert f"met {page.forecast_level} zekerheid" in explanation and page.series_target in explanation

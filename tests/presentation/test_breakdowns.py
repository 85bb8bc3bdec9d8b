"""An indicator by breakdown on its page: the protected figures per group, for the gemeente or one wijk."""

from __future__ import annotations

import duckdb
import pytest
from django.test import Client
from pytest_django import Settings

from duiding import presentation
from duiding.workspace import Workspace
from tests.web.pages import by_testid

MONITOR, INDICATOR = "jeugd", "jongeren_met_jeugdzorg"


def _stored(workspace: Workspace, breakdown: str, area: str, start: object) -> dict[str, float | None]:
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        rows = con.execute(
            "SELECT breakdown_value, value FROM observations WHERE monitor = ? AND indicator = ? AND breakdown = ? "
            "AND area_code = ? AND period_start = ?",
            [MONITOR, INDICATOR, breakdown, area, start],
        ).fetchall()
    finally:
        con.close()
    return dict(rows)


@pytest.mark.parametrize(("breakdown", "area"), [(None, None), ("leeftijdsgroep", "WK034403"), ("geslacht", None)])
def test_every_group_is_there_with_the_gates_figure_and_nothing_withheld_leaks(
    demo_workspace: Workspace, breakdown: str | None, area: str | None
) -> None:
    page = presentation.indicator_page(
        demo_workspace, monitor_id=MONITOR, indicator_id=INDICATOR, period=None, breakdown=breakdown, area=area
    )
    view = page.breakdown
    assert view is not None
    assert view.id == (breakdown or "vorm") and view.area_code == (area or demo_workspace.settings.gemeente_code)
    stored = _stored(demo_workspace, view.id, view.area_code, page.period.start)
    assert sorted(row.label for row in view.rows) == sorted(stored)
    shown = {row.label: row.observation.value for row in view.rows if not row.observation.suppressed}
    for label, value in shown.items():
        assert value == pytest.approx(stored[label])
    for row in view.rows:
        if row.observation.suppressed:
            o = row.observation
            assert o.value is None and o.numerator is None and o.denominator is None and row.interval == ""
    bars = {r["groep"]: r["waarde"] for r in view.chart["data"]["values"]} if view.chart else {}
    assert bars == {k: v for k, v in shown.items() if v is not None}
    assert [c for c, _ in view.choices] == ["vorm", "aanbieder", "geslacht", "leeftijdsgroep"]
    assert view.areas[0][0] == demo_workspace.settings.gemeente_code
    assert all(code.startswith("WK") for code, _ in view.areas[1:])


def test_age_groups_come_in_age_order(demo_workspace: Workspace) -> None:
    page = presentation.indicator_page(
        demo_workspace, monitor_id=MONITOR, indicator_id=INDICATOR, period=None, breakdown="leeftijdsgroep"
    )
    assert page.breakdown is not None
    starts = [int(row.label.split("-")[0].rstrip("+")) for row in page.breakdown.rows]
    assert starts == sorted(starts) and len(starts) == 4


def test_an_unknown_breakdown_or_area_is_refused_in_dutch(
    demo_workspace: Workspace, settings: Settings, client: Client
) -> None:
    for asked in ({"breakdown": "postcode"}, {"area": "WK999999"}, {"area": "BU03440101"}):
        with pytest.raises(presentation.BadParameter, match="uitsplitsing"):
            presentation.indicator_page(
                demo_workspace, monitor_id=MONITOR, indicator_id=INDICATOR, period=None, **asked
            )
    with pytest.raises(presentation.BadParameter, match="niet uitgesplitst"):
        presentation.indicator_page(
            demo_workspace, monitor_id="participatie", indicator_id="bijstand_per_1000", period=None, breakdown="vorm"
        )
    settings.DUIDING_WORKSPACE = demo_workspace.root
    response = client.get(f"/monitors/{MONITOR}/indicatoren/{INDICATOR}/?uitsplitsing=postcode")
    assert response.status_code == 400
    assert "niet uitgesplitst naar" in by_testid(response.content.decode(), "melding")[0]


def test_the_page_shows_the_chosen_breakdown_and_keeps_it_in_the_address(
    demo_workspace: Workspace, settings: Settings, client: Client
) -> None:
    settings.DUIDING_WORKSPACE = demo_workspace.root
    html = client.get(f"/monitors/{MONITOR}/indicatoren/{INDICATOR}/?uitsplitsing=geslacht&gebied=WK034401").content
    text = html.decode()
    section = by_testid(text, "uitsplitsing")[0]
    assert "naar geslacht" in section and "Wijk 01" in section
    assert '<option value="geslacht" selected>' in text and '<option value="WK034401" selected>' in text
    assert '<input type="hidden" name="uitsplitsing" value="geslacht">' in text  # the period form keeps it
    plain = client.get("/monitors/participatie/indicatoren/bijstand_per_1000/").content.decode()
    assert 'data-testid="uitsplitsing"' not in plain

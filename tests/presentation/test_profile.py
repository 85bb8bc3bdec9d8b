"""The wijk profile: every indicator of a monitor for one wijk, against the gemeente and the other wijken."""

from __future__ import annotations

import duckdb
import pytest
from django.test import Client
from pytest_django import Settings

from duiding import presentation
from duiding.workspace import Workspace
from tests.web.pages import by_testid

WIJK = "WK034403"


def _latest(workspace: Workspace, monitor: str) -> dict[tuple[str, str], float | None]:
    """(indicator, area code) → the value in the indicator's latest wijk period, straight from SQL."""
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        rows = con.execute(
            """
            WITH latest AS (
                SELECT indicator, max(period_start) AS start FROM observations
                WHERE monitor = ? AND area_level = 'wijk' AND breakdown = 'totaal' GROUP BY indicator
            )
            SELECT o.indicator, o.area_code, o.value FROM observations o JOIN latest l
              ON l.indicator = o.indicator AND l.start = o.period_start
            WHERE o.monitor = ? AND o.breakdown = 'totaal' AND o.area_level IN ('wijk', 'gemeente')
            """,
            [monitor, monitor],
        ).fetchall()
    finally:
        con.close()
    return {(indicator, code): value for indicator, code, value in rows}


@pytest.mark.parametrize("monitor", ["jeugd", "participatie", "wijkteam"])
def test_each_indicator_shows_the_wijk_and_the_gemeente_of_its_latest_period(
    demo_workspace: Workspace, monitor: str
) -> None:
    profile = presentation.profile_page(demo_workspace, monitor_id=monitor, area=WIJK)
    stored = _latest(demo_workspace, monitor)
    items = [item for group in profile.groups for item in group.items]
    assert {item.indicator.id for item in items} == {i for i, _ in stored}
    gemeente = demo_workspace.settings.gemeente_code
    for item in items:
        for observation, code in ((item.wijk, WIJK), (item.gemeente, gemeente)):
            if observation is not None and not observation.suppressed and observation.value is not None:
                assert observation.value == pytest.approx(stored[item.indicator.id, code]), item.indicator.id
        if item.wijk is not None and item.wijk.value is not None and item.rank:
            published = [
                v for (i, c), v in stored.items() if i == item.indicator.id and c.startswith("WK") and v is not None
            ]
            higher = sum(1 for v in published if v > item.wijk.value + 1e-9)
            assert item.rank.startswith(f"{higher + 1}e van "), (item.indicator.id, item.rank)
        if not item.comparable:
            assert item.position == ""


def test_without_a_wijk_the_page_lists_the_wijken_and_a_wrong_one_is_refused(
    demo_workspace: Workspace, settings: Settings, client: Client
) -> None:
    profile = presentation.profile_page(demo_workspace, monitor_id="jeugd", area=None)
    assert profile.groups == [] and len(profile.wijken) == 10
    assert all(code.startswith("WK0344") for code, _ in profile.wijken)
    with pytest.raises(presentation.BadParameter, match="geen cijfers voor een wijk"):
        presentation.profile_page(demo_workspace, monitor_id="jeugd", area="BU03440101")
    settings.DUIDING_WORKSPACE = demo_workspace.root
    listing = client.get("/monitors/jeugd/wijkprofiel/").content.decode()
    assert len(by_testid(listing, "wijkenlijst")[0].split("Wijk ")) == 11
    assert client.get("/monitors/jeugd/wijkprofiel/?gebied=XX").status_code == 400
    page = client.get(f"/monitors/jeugd/wijkprofiel/?gebied={WIJK}").content.decode()
    assert "Wijk 03 Overvecht: wijkprofiel Jeugd" in page
    assert len(by_testid(page, "wijkwaarde")) == sum(
        len(g.items) for g in presentation.profile_page(demo_workspace, monitor_id="jeugd", area=WIJK).groups
    )
    indicator = client.get("/monitors/jeugd/indicatoren/pleegzorg_per_1000/").content.decode()
    assert f'/monitors/jeugd/wijkprofiel/?gebied={WIJK}"' in indicator  # one click from a wijk's row

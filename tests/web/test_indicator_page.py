"""The indicator page shows the real figures, what they mean, and where they come from."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from django.test import Client
from pytest_django import Settings

from duiding.library import LIBRARY
from duiding.privacy import observation_list
from duiding.workspace import Workspace
from tests.conftest import cbs_2023_rows, privacy_changed
from tests.web.pages import by_testid, dutch, table_rows

URL = "/monitors/participatie/indicatoren/bijstand_per_1000/"


def test_wijk_table_shows_cbs_figures_in_dutch_notation(client: Client, served: Path) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    rows = table_rows(response.content.decode(), "wijktabel")
    cbs = cbs_2023_rows()
    assert len(rows) == 11
    for code, cells in rows.items():
        numerator, inhabitants = int(cbs[code]["a_soz_wb"]), int(cbs[code]["a_inw"])
        assert cells[1:4] == [
            dutch(numerator, 0),
            dutch(inhabitants, 0),
            dutch(numerator / inhabitants * 1000, 1),
        ], code
    assert rows["WK034403"][:4] == ["Wijk 03 Overvecht", "2.680", "34.910", "76,8"]


def test_page_says_what_it_means_and_where_it_comes_from(client: Client, served: Path) -> None:
    html = client.get(URL).content.decode()
    assert '<html lang="nl"' in html
    assert '<h1 class="utrecht-heading-1">Personen met bijstand per 1.000 inwoners</h1>' in html
    assert "Wat betekent dit cijfer?" in html
    assert "Aantal personen met een bijstandsuitkering" in html
    assert "Lager is beter" in html
    assert "<strong>Bron: CBS</strong>, Kerncijfers wijken en buurten (CC BY 4.0)" in html
    assert "Hoe zeker is het?" in html
    assert "CBS rondt aantallen per wijk en buurt af op vijftallen" in html
    assert "Gemeente Utrecht, 2023:" in html


def test_chart_spec_holds_the_same_figures_as_the_table(client: Client, served: Path) -> None:
    html = client.get(URL).content.decode()
    match = re.search(r'<script id="grafiek-spec" type="application/json">(.*?)</script>', html, re.S)
    assert match is not None
    spec = json.loads(match.group(1))
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    bars, rule = spec["layer"]
    values = {v["code"]: v["waarde"] for v in bars["data"]["values"]}
    cbs = cbs_2023_rows()
    assert len(values) == 10
    for code, value in values.items():
        assert value == pytest.approx(int(cbs[code]["a_soz_wb"]) / int(cbs[code]["a_inw"]) * 1000)
    assert rule["data"]["values"][0]["waarde"] == pytest.approx(10410 / 367947 * 1000)


def test_home_lists_monitor_with_gemeente_figure(client: Client, served: Path) -> None:
    html = client.get("/").content.decode()
    assert "Participatie en armoede" in html
    assert f'href="{URL}"' in html
    assert dutch(10410 / 367947 * 1000, 1) + ' <span class="duiding-unit">per 1.000 inwoners</span>' in html


def test_an_unknown_period_is_refused_in_dutch_not_replaced_by_the_latest(client: Client, served: Path) -> None:
    response = client.get(URL, {"periode": "1999-01-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Voor de periode &#x27;1999-01-01&#x27; heeft deze indicator geen cijfers" in html and "2023" in html
    assert " selected>" not in html
    assert '<option value="2023-01-01_2023-12-31" selected>2023</option>' in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/monitors/participatie/indicatoren/onbekend/", "Deze indicator bestaat niet."),
        ("/monitors/onbekend/indicatoren/bijstand_per_1000/", "Deze monitor bestaat niet."),
        ("/bestaat/niet/", "Deze pagina bestaat niet."),
    ],
)
def test_not_found_isdutch(client: Client, served: Path, url: str, message: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert message in response.content.decode()


def test_without_workspace_the_app_says_so(client: Client, settings: Settings, tmp_path: Path) -> None:
    settings.DUIDING_WORKSPACE = tmp_path / "leeg"
    response = client.get("/")
    assert response.status_code == 404
    assert "Er is nog geen werkruimte ingericht." in response.content.decode()


def test_home_lists_indicators_waiting_for_data(
    client: Client, settings: Settings, kwb_root: Path, tmp_path: Path
) -> None:
    """A workspace with the library but without registrations says which source each indicator needs."""
    root = tmp_path / "werkruimte"
    shutil.copytree(kwb_root, root)
    for folder in ("monitors", "sources"):
        for path in (LIBRARY / folder).glob("*.yaml"):
            shutil.copyfile(path, root / folder / path.name)
    settings.DUIDING_WORKSPACE = root
    html = client.get("/").content.decode()
    for title in ("Jeugd", "Wmo", "Participatie en armoede", "Onderwijs", "Wijkteam"):
        assert title in html
    assert "wacht op gegevens: Bijstandsuitkeringen" in html
    # an indicator without figures is not a link to an empty page
    assert 'href="/monitors/participatie/indicatoren/uitstroom_naar_werk/"' not in html
    # and its page, opened by hand, says what it waits for
    page = client.get("/monitors/participatie/indicatoren/uitstroom_naar_werk/")
    assert page.status_code == 404
    assert "Deze indicator wacht op gegevens: de bron 'Bijstandsuitkeringen' (bijstand_uitkeringen)" in unescape(
        page.content.decode()
    )


def test_a_change_of_indeling_is_shown_where_it_matters(client: Client, settings: Settings, almere_root: Path) -> None:
    settings.DUIDING_WORKSPACE = almere_root
    html = client.get(URL).content.decode()
    assert "In 2022 is de wijkindeling gewijzigd (" in html
    assert "cijfers per wijk van voor en na 2022 zijn niet vergelijkbaar" in html
    assert "Gemeente Almere, 2024:" in html  # the latest KWB edition with benefits


def test_no_indeling_notice_without_a_change(client: Client, served: Path) -> None:
    assert 'data-testid="indelingsbreuk"' not in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("indicator", "unit"),
    [("jongeren_met_jeugdzorg", "jongeren"), ("duur_beeindigde_trajecten", "dagen")],
)
def test_counts_and_median_days_are_shown_without_decimals(
    client: Client, served: Path, indicator: str, unit: str
) -> None:
    html = client.get(f"/monitors/jeugd/indicatoren/{indicator}/").content.decode()
    key = re.sub(r"<[^>]+>", "", html.split('data-testid="gemeente-waarde"', 1)[1].split("</p>", 1)[0])
    assert re.search(r"\d", key), key
    assert not re.search(r"\d,\d", key), key  # '5.389 jongeren', not '5.389,0 jongeren'
    cells = [c for row in table_rows(html, "wijktabel").values() for c in row[1:2]]
    assert cells and not any(re.search(r"\d,\d", c) for c in cells), cells


def test_one_mark_and_one_explanation_for_every_withheld_cell(
    client: Client, served: Path, demo_workspace: Workspace
) -> None:
    """Primary and secondary suppression look the same: telling them apart would tell which cells hold
    fewer than 10 persons."""
    both = None
    for o in observation_list(demo_workspace, monitor="jeugd"):
        if o.suppressed and o.breakdown == "totaal" and o.area_level in ("wijk", "buurt"):
            reasons = {
                x.reason
                for x in observation_list(
                    demo_workspace, monitor="jeugd", indicator=o.indicator, period_start=o.period_start
                )
                if x.suppressed and x.breakdown == "totaal" and x.area_level in ("wijk", "buurt")
            }
            if reasons == {"primary", "secondary"}:
                both = o
                break
    assert both is not None, "the demo has a page with both kinds of suppression"
    period = f"{both.period_start.isoformat()}_{both.period_end.isoformat()}"
    html = client.get(f"/monitors/jeugd/indicatoren/{both.indicator}/?periode={period}").content.decode()
    titles = set(re.findall(r'<abbr class="duiding-suppressed" title="([^"]+)">', html))
    assert len(titles) == 1, titles
    assert html.count('class="duiding-suppressed"') > 1


def test_without_any_wijk_figure_the_page_says_so_instead_of_an_empty_chart(
    client: Client, settings: Settings, workspace_copy: Workspace
) -> None:
    """An empty chart says nothing and fails axe (an image without a name); the sentence says why."""
    privacy_changed(workspace_copy, min_count=10**7)  # more than anyone lives in a wijk
    settings.DUIDING_WORKSPACE = workspace_copy.root
    html = client.get(URL).content.decode()
    assert 'id="grafiek-spec"' not in html and 'id="grafiek"' not in html
    assert by_testid(html, "geen-grafiek") == [
        "Er is geen grafiek: geen enkele wijk heeft voor deze periode een cijfer dat getoond kan worden. "
        "De tabel hieronder zegt per wijk waarom."
    ]
    rows = table_rows(html, "wijktabel")
    assert len(rows) == 11 and all(cells[3].startswith("•") for cells in rows.values()), rows

"""The signals page lists what the analysis layer ranked, and the home page counts it."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import Client
from pytest_django import Settings

from duiding.analysis import Signal, signal_latest, target_status_list
from duiding.analysis.text import nl_date
from duiding.definitions import monitors_load
from duiding.periods import period_label
from duiding.presentation.signals import SignalItem, SignalPage
from duiding.privacy import observation_periods, observation_stamp
from duiding.workspace import Workspace, workspace_open
from tests.web.pages import by_testid, text

MONITORS = ["jeugd", "onderwijs", "participatie", "wijkteam", "wmo"]


@pytest.fixture
def ws(served: Path) -> Workspace:
    return workspace_open(served)


def _items(html: str) -> list[str]:
    return re.findall(r'<li class="[^"]*duiding-signal[^"]*" data-testid="signaal">(.*?)</li>', html, re.S)


@pytest.mark.parametrize("monitor", MONITORS)
def test_page_lists_exactly_the_latest_signals(client: Client, ws: Workspace, monitor: str) -> None:
    response = client.get(f"/monitors/{monitor}/signalen/")
    assert response.status_code == 200
    html = response.content.decode()
    signals = signal_latest(ws, monitor=monitor)
    assert by_testid(html, "signaalzin") == [s.sentence for s in signals]
    items = _items(html)
    assert len(items) == len(signals)
    for item, signal in zip(items, signals, strict=True):
        key = f"{signal.period_start.isoformat()}_{signal.period_end.isoformat()}"
        assert f'href="/monitors/{monitor}/indicatoren/{signal.indicator}/?periode={key}"' in item
        assert f" · {period_label(signal.period_start, signal.period_end)} · " in text(item)
        assert ("mogelijk registratie-effect" in item) == (signal.artefact != "")
        latest = observation_periods(ws, monitor=monitor, indicator=signal.indicator)[0]
        assert ("Ouder signaal" in item) == (latest != (signal.period_start, signal.period_end))


def test_the_demo_has_signals_of_each_indicators_latest_period_only(client: Client, ws: Workspace) -> None:
    signals = signal_latest(ws, monitor="jeugd")
    assert signals
    for signal in signals:
        latest = observation_periods(ws, monitor="jeugd", indicator=signal.indicator)[0]
        assert (signal.period_start, signal.period_end) == latest
    html = client.get("/monitors/jeugd/signalen/").content.decode()
    assert by_testid(html, "later") == [], "no signal about an earlier period than the indicator's latest"


def test_page_explains_what_a_signal_is_and_when_it_was_computed(client: Client, ws: Workspace) -> None:
    html = client.get("/monitors/participatie/signalen/").content.decode()
    assert '<h1 class="utrecht-heading-1">Signalen in de monitor Participatie en armoede</h1>' in html
    explanation = text(html.split('id="wat-is-een-signaal"', 1)[1].split("</section>", 1)[0])
    assert "Benjamini en Hochberg" in explanation
    assert "(false discovery rate) van 5%" in explanation
    assert "drempel die voor de indicator is vastgelegd" in explanation
    assert "mogelijk registratie-effect" in explanation
    stamp = observation_stamp(ws, monitor="participatie")
    assert stamp is not None
    assert by_testid(html, "berekend")[0].startswith(f"Cijfers en signalen berekend op {nl_date(stamp.date())}.")


def test_indicator_pages_link_to_the_signals_of_their_monitor(client: Client, served: Path) -> None:
    html = client.get("/monitors/wijkteam/indicatoren/waardering_wijkteam/").content.decode()
    assert '<a class="utrecht-link" href="/monitors/wijkteam/signalen/">Signalen in deze monitor</a>' in html


def test_home_counts_signals_per_monitor(client: Client, ws: Workspace) -> None:
    html = client.get("/").content.decode()
    for monitor in MONITORS:
        count = len(signal_latest(ws, monitor=monitor))
        [line] = by_testid(html, f"signalen-{monitor}")
        word = "Geen signalen" if count == 0 else ("1 signaal" if count == 1 else f"{count} signalen")
        assert line.startswith(word), (monitor, line)
        assert f'href="/monitors/{monitor}/signalen/"' in html


def test_home_shows_the_status_of_each_target(client: Client, ws: Workspace) -> None:
    html = client.get("/").content.decode()
    for monitor in monitors_load(ws.monitors_dir).values():
        if not any(i.targets for i in monitor.indicators):
            continue
        section = html.split(f'id="monitor-{monitor.id}"', 1)[1].split("</section>", 1)[0]
        statuses = {s.indicator: s.status for s in target_status_list(ws, monitor=monitor.id)}
        expected = [statuses[i.id] if i.targets else "geen doel" for i in monitor.indicators]
        assert by_testid(section, "doelstatus") == expected, monitor.id
    wijkteam = html.split('id="monitor-wijkteam"', 1)[1].split("</section>", 1)[0]
    assert "niet op koers" in by_testid(wijkteam, "doelstatus")


def test_unknown_monitor_has_no_signals_page(client: Client, served: Path) -> None:
    response = client.get("/monitors/onbekend/signalen/")
    assert response.status_code == 404
    assert "Deze monitor bestaat niet." in response.content.decode()


def _signal(artefact: str, sentence: str) -> Signal:
    return Signal(
        monitor="jeugd",
        indicator="nieuwe_trajecten",
        kind="year_ago",
        period_start=date(2024, 7, 1),
        period_end=date(2024, 9, 30),
        area_level="gemeente",
        area_code="GM0344",
        area_name="Utrecht",
        breakdown="totaal",
        breakdown_value="",
        value=1376.0,
        reference=1225.0,
        p_value=0.001,
        score=3.0,
        rank=1,
        artefact=artefact,
        sentence=sentence,
    )


def test_a_possible_registration_effect_is_marked(ws: Workspace) -> None:
    monitor = monitors_load(ws.monitors_dir)["jeugd"]
    real = SignalItem(_signal("", "Echte verandering."), "Gestarte trajecten", "3e kwartaal 2024", "k", "verandering")
    artefact = replace(real, signal=_signal("een nieuwe levering van de aanbieder", "Mogelijk artefact."))
    page = SignalPage(monitor, [real, artefact], analysed=True, computed_on="1 juni 2025", false_discovery_rate="5%")
    items = _items(render_to_string("monitoring/signals.html", {"page": page}))
    assert "mogelijk registratie-effect" not in items[0]
    assert '<strong class="duiding-artefact" data-testid="artefact">mogelijk registratie-effect</strong>' in items[1]


def test_an_empty_list_says_so(ws: Workspace) -> None:
    monitor = monitors_load(ws.monitors_dir)["jeugd"]
    page = SignalPage(monitor, [], analysed=True, computed_on="1 juni 2025", false_discovery_rate="5%")
    html = render_to_string("monitoring/signals.html", {"page": page})
    assert by_testid(html, "geen-signalen") == [
        "Er zijn geen signalen: in de cijfers van deze monitor is geen verschil gevonden dat zowel meer dan toeval "
        "als groot genoeg is."
    ]


def test_without_current_analysis_the_pages_say_so(client: Client, settings: Settings, kwb_root: Path) -> None:
    settings.DUIDING_WORKSPACE = kwb_root
    html = client.get("/monitors/participatie/signalen/").content.decode()
    assert "De analyse is nog niet bijgewerkt voor de laatste cijfers van deze monitor" in html
    assert 'data-testid="signaal"' not in html
    home = client.get("/").content.decode()
    [line] = by_testid(home, "signalen-participatie")
    assert line == "Signalen: de analyse is nog niet bijgewerkt voor de laatste cijfers."

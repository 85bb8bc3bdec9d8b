"""The indicator page shows what the analysis layer stored: intervals, comparisons, funnel, trend, target,
forecast and comparable gemeenten — each as the readers give it, in Dutch."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from pytest_django import Settings

from duiding.analysis import (
    comparison_list,
    forecast_list,
    interval_method_get,
    peer_standing_get,
    target_status_list,
    trend_list,
)
from duiding.analysis.intervals import METHOD_LABELS, IntervalMethod
from duiding.periods import period_label
from duiding.privacy import ProtectedObservation, observation_list, observation_periods
from duiding.warehouse import TOTAL
from duiding.workspace import Workspace, workspace_open
from tests.web.pages import by_testid, dutch, dutch_interval, plain_rows, spec, table_rows, text

BIJSTAND = ("participatie", "bijstand_per_1000")
WAARDERING = ("wijkteam", "waardering_wijkteam")
PAGES = [BIJSTAND, WAARDERING]


def _url(monitor: str, indicator: str) -> str:
    return f"/monitors/{monitor}/indicatoren/{indicator}/"


def _latest(ws: Workspace, monitor: str, indicator: str) -> list[ProtectedObservation]:
    start, end = observation_periods(ws, monitor=monitor, indicator=indicator)[0]
    return [
        o
        for o in observation_list(ws, monitor=monitor, indicator=indicator, period_start=start)
        if o.period_end == end and o.breakdown == TOTAL
    ]


@pytest.fixture
def ws(served: Path) -> Workspace:
    return workspace_open(served)


@pytest.mark.parametrize(("monitor", "indicator"), PAGES)
def test_key_figure_interval_is_the_gates(client: Client, ws: Workspace, monitor: str, indicator: str) -> None:
    html = client.get(_url(monitor, indicator)).content.decode()
    gemeente = next(o for o in _latest(ws, monitor, indicator) if o.area_level == "gemeente")
    assert gemeente.ci_low is not None and gemeente.ci_high is not None
    [shown] = by_testid(html, "gemeente-interval")
    assert shown.startswith(f"95%-interval {dutch_interval(gemeente.ci_low, gemeente.ci_high)} ")
    assert gemeente.ci_low < gemeente.value < gemeente.ci_high  # type: ignore[operator]


def test_bijstand_interval_in_words(client: Client, served: Path) -> None:
    html = client.get(_url(*BIJSTAND)).content.decode()
    assert by_testid(html, "gemeente-interval") == [
        "95%-interval 27,8 – 28,8 per 1.000 inwoners: met 95% zekerheid ligt het cijfer hiertussen, "
        "als toeval de enige onzekerheid is."
    ]
    # one KWB edition: nothing to compare with and no trend, and the page says why
    assert by_testid(html, "verandering") == ["Er is geen eerdere periode met een cijfer om dit mee te vergelijken."]
    assert by_testid(html, "trend") == [
        "Voor een trend over de hele reeks zijn cijfers over minstens 3 perioden nodig."
    ]


def test_change_is_against_a_year_earlier_for_half_years(client: Client, ws: Workspace) -> None:
    """A half year is compared with the same half year a year before, with the stored verdict."""
    html = client.get(_url(*WAARDERING)).content.decode()
    gemeente = next(o for o in _latest(ws, *WAARDERING) if o.area_level == "gemeente")
    [stored] = comparison_list(
        ws,
        monitor=WAARDERING[0],
        indicator=WAARDERING[1],
        period_start=gemeente.period_start,
        kind="year_ago",
        area_code=gemeente.area_code,
        breakdown=TOTAL,
    )
    assert stored.reference_start is not None and stored.reference_end is not None
    [sentence] = by_testid(html, "verandering")
    before = period_label(stored.reference_start, stored.reference_end)
    side = "hoger" if stored.difference > 0 else "lager"
    verdict = "meer dan toeval" if stored.significant else "binnen de toevalsmarge"
    decimals = 2 if abs(stored.difference) < 1 else 1
    assert sentence == (
        f"Dat is {dutch(abs(stored.difference), decimals)} rapportcijfer {side} dan in {before} "
        f"({dutch(stored.reference, 1)} rapportcijfer): {verdict}."
    )
    assert before == "2e halfjaar 2023"


def test_trend_sentence_follows_the_stored_trend(client: Client, ws: Workspace) -> None:
    html = client.get(_url(*WAARDERING)).content.decode()
    [trend] = [
        t
        for t in trend_list(ws, monitor=WAARDERING[0], indicator=WAARDERING[1], area_code=ws.settings.gemeente_code)
        if t.breakdown == TOTAL
    ]
    [sentence] = by_testid(html, "trend")
    assert sentence.startswith(f"Over {trend.first_start.year}–{trend.last_start.year} ({trend.points} perioden) ")
    if trend.significant:
        assert ("stijgt" if (trend.slope or 0) > 0 else "daalt") in sentence
    else:
        assert "geen duidelijke trend" in sentence and "binnen de toevalsmarge" in sentence
    assert "per jaar" in sentence and "95%-interval" in sentence


@pytest.mark.parametrize(("monitor", "indicator"), PAGES)
def test_wijk_table_interval_and_position_agree_with_the_analysis(
    client: Client, ws: Workspace, monitor: str, indicator: str
) -> None:
    html = client.get(_url(monitor, indicator)).content.decode()
    rows = table_rows(html, "wijktabel")
    observations = {o.area_code: o for o in _latest(ws, monitor, indicator)}
    start = next(iter(observations.values())).period_start
    bands = {
        c.area_code: c
        for c in comparison_list(ws, monitor=monitor, indicator=indicator, period_start=start, kind="gemeente")
        if c.breakdown == TOTAL
    }
    words = {"binnen": "binnen de marge", "95": "{side}", "99.8": "duidelijk {side}"}
    wijken = [code for code in rows if observations[code].area_level == "wijk"]
    assert len(wijken) == 10
    for code in wijken:
        observation, cells = observations[code], rows[code]
        interval, position = cells[-2], cells[-1]
        if observation.suppressed:
            assert interval == position == "•", code
            continue
        assert observation.ci_low is not None and observation.ci_high is not None
        assert interval == dutch_interval(observation.ci_low, observation.ci_high), code
        stored = bands[code]
        side = "hoger" if stored.value > stored.reference else "lager"
        assert position == words[stored.band].format(side=side), code
    positions = {rows[code][-1] for code in wijken}
    assert len(positions) >= 2  # the demo has wijken on both sides of the margin


def test_overvecht_row_in_full(client: Client, served: Path) -> None:
    rows = table_rows(client.get(_url(*BIJSTAND)).content.decode(), "wijktabel")
    # Garwood on 2 680 ± 2 over 34 910 ± 2 (CBS rounds both to fives): 73,83 – 79,79
    assert rows["WK034403"] == ["Wijk 03 Overvecht", "2.680", "34.910", "76,8", "73,8 – 79,8", "duidelijk hoger"]
    assert rows["GM0344"][-2:] == ["27,8 – 28,8", "vergelijkingspunt"]


def test_suppressed_buurten_keep_their_mark(client: Client, ws: Workspace) -> None:
    html = client.get(_url(*BIJSTAND)).content.decode()
    rows = table_rows(html, "buurttabel")
    buurten = {o.area_code: o for o in _latest(ws, *BIJSTAND) if o.area_level == "buurt"}
    assert set(rows) == set(buurten)
    hidden = [code for code, o in buurten.items() if o.suppressed]
    assert hidden, "the demo withholds small buurten"
    for code in hidden:
        assert rows[code][1:] == ["•"] * 5, code


def _funnel_layers(html: str) -> dict[str, list[dict[str, object]]]:
    found = spec(html, "trechter-spec")
    return {layer["mark"]["type"]: layer["data"]["values"] for layer in found["layer"]}


@pytest.mark.parametrize(("monitor", "indicator"), PAGES)
def test_funnel_holds_exactly_the_published_wijken_and_buurten(
    client: Client, ws: Workspace, monitor: str, indicator: str
) -> None:
    html = client.get(_url(monitor, indicator)).content.decode()
    layers = _funnel_layers(html)
    observations = [o for o in _latest(ws, monitor, indicator) if o.area_level in ("wijk", "buurt")]
    published = {
        o.area_code: o for o in observations if not o.suppressed and o.value is not None and o.denominator is not None
    }
    points = {str(p["code"]): p for p in layers["point"]}
    assert set(points) == set(published)
    for code, point in points.items():
        assert point["waarde"] == published[code].value and point["grootte"] == published[code].denominator
    suppressed = {o.area_code for o in observations if o.suppressed}
    assert suppressed.isdisjoint(points)
    assert all(code not in str(layers) for code in suppressed)
    # the limits are drawn at the sizes of published areas only, four lines at each
    sizes = [p["grootte"] for p in layers["point"]]
    assert sorted(row["grootte"] for row in layers["line"]) == sorted(sizes * 4)  # type: ignore[type-var]
    gemeente = next(o for o in _latest(ws, monitor, indicator) if o.area_level == "gemeente")
    assert layers["rule"][0]["waarde"] == gemeente.value


def test_funnel_has_a_description_and_a_table_alternative(client: Client, served: Path) -> None:
    html = client.get(_url(*BIJSTAND)).content.decode()
    assert 'role="img" aria-labelledby="trechter-titel" aria-describedby="trechter-uitleg"' in html
    [explanation] = [text(p) for p in html.split('id="trechter-uitleg">')[1:2]]
    assert "De wijken staan met hun oordeel in de tabel hierboven" in explanation
    assert "99,8%-grenzen" in explanation
    overvecht = next(p for p in _funnel_layers(html)["point"] if p["code"] == "WK034403")
    assert overvecht["beschrijving"] == (
        "Wijk 03 Overvecht: 76,8 per 1.000 inwoners (inwoners: 34.910); ten opzichte van de gemeente: duidelijk hoger"
    )


def test_target_section_shows_the_stored_status(client: Client, ws: Workspace) -> None:
    html = client.get(_url(*WAARDERING)).content.decode()
    statuses = target_status_list(ws, monitor=WAARDERING[0], indicator=WAARDERING[1])
    assert [s.status for s in statuses] != ["geen doel"]
    assert by_testid(html, "doelstatus") == [s.status for s in statuses]
    assert by_testid(html, "doeluitleg") == [s.explanation for s in statuses]
    assert 'id="doel"' not in client.get(_url(*BIJSTAND)).content.decode()  # no target, no section


def test_forecast_table_equals_the_stored_forecast(client: Client, ws: Workspace) -> None:
    html = client.get(_url(*WAARDERING)).content.decode()
    [model], points = forecast_list(
        ws, monitor=WAARDERING[0], indicator=WAARDERING[1], area_code=ws.settings.gemeente_code
    )
    assert model.shown and points
    assert plain_rows(html, "verwachtingstabel") == [
        [
            period_label(p.period_start, p.period_end),
            f"{dutch(p.value, 1)} rapportcijfer",
            dutch_interval(p.pi_low, p.pi_high),
        ]
        for p in points
    ]
    [words] = by_testid(html, "verwachting-model")
    assert words.startswith(model.reason)
    assert model.backtest_mae is not None and model.naive_mae is not None
    assert f"gemiddeld {dutch(model.backtest_mae, 2)} rapportcijfer naast" in words
    assert f"gemiddeld {dutch(model.naive_mae, 2)} rapportcijfer naast" in words


def test_without_a_forecast_the_page_says_why(client: Client, ws: Workspace) -> None:
    html = client.get(_url(*BIJSTAND)).content.decode()
    [model], points = forecast_list(ws, monitor=BIJSTAND[0], indicator=BIJSTAND[1], area_code=ws.settings.gemeente_code)
    assert not model.shown and points == []
    assert by_testid(html, "verwachting-reden") == [f"Voor de hele gemeente tonen we geen verwachting. {model.reason}"]
    assert 'data-testid="verwachtingstabel"' not in html


def test_peer_table_equals_the_stored_standing(client: Client, ws: Workspace) -> None:
    html = client.get(_url(*BIJSTAND)).content.decode()
    standing = peer_standing_get(ws, monitor=BIJSTAND[0], indicator=BIJSTAND[1])
    assert standing is not None
    everyone = sorted([*standing.peers, ("GM0344", "Utrecht", standing.value)], key=lambda p: -p[2])
    assert plain_rows(html, "peertabel") == [
        [f"{name} (deze gemeente)" if code == "GM0344" else name, dutch(value, 1)] for code, name, value in everyone
    ]
    [summary] = by_testid(html, "peer-samenvatting")
    assert f"{standing.rank}e van {standing.of_count}" in summary
    assert summary.startswith(f"In {standing.year} was het cijfer voor Utrecht {dutch(standing.value, 1)} per 1.000")
    assert f"mediaan van {dutch(standing.peer_median, 1)} per 1.000 inwoners" in summary
    assert f"tussen {dutch(standing.peer_low, 1)} per 1.000 inwoners en {dutch(standing.peer_high, 1)}" in summary
    [method] = by_testid(html, "peer-methode")
    assert standing.method in method and "2015" in method
    assert "Vergeleken met vergelijkbare gemeenten" not in client.get(_url(*WAARDERING)).content.decode()


@pytest.mark.parametrize(("monitor", "indicator"), PAGES)
def test_certainty_names_the_interval_method(client: Client, ws: Workspace, monitor: str, indicator: str) -> None:
    html = client.get(_url(monitor, indicator)).content.decode()
    found = interval_method_get(ws, monitor=monitor, indicator=indicator)
    assert found is not None
    [line] = by_testid(html, "intervalmethode")
    assert line.startswith(f"Intervallen: {METHOD_LABELS[IntervalMethod(found[0])]}.")


def test_stale_analysis_is_not_shown(client: Client, settings: Settings, kwb_root: Path) -> None:
    """A workspace computed without the analysis (readers return nothing) shows figures and says so."""
    settings.DUIDING_WORKSPACE = kwb_root
    html = client.get(_url(*BIJSTAND)).content.decode()
    assert "De analyse (intervallen, vergelijkingen, trend, verwachting) is nog niet bijgewerkt" in html
    for testid in ("verandering", "trend", "positie", "peertabel"):
        assert f'data-testid="{testid}"' not in html, testid
    assert 'id="trechter-spec"' not in html

"""The pages in a real browser (Debian's Chromium): chart drawn, keyboard usable, WCAG checks pass."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from tests.server import running_server
from tests.web.pages import spec_values

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
INDICATOR = "/monitors/participatie/indicatoren/bijstand_per_1000/"
"""Has a funnel of wijken and buurten, and a comparison with comparable gemeenten."""
TARGET = "/monitors/wijkteam/indicatoren/waardering_wijkteam/"
"""Has a target, a trend and a forecast."""
SIGNALS = "/monitors/jeugd/signalen/"
BREAKDOWN = "/monitors/jeugd/indicatoren/jongeren_met_jeugdzorg/?uitsplitsing=leeftijdsgroep&gebied=WK034403"
"""A count by age group for one wijk, some groups withheld."""
PROFILE = "/monitors/jeugd/wijkprofiel/?gebied=WK034403"
MONITOR = "/monitors/wijkteam/"
"""A monitor overview: key figures, questions, sparklines."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def served_url(demo_root: Path) -> Iterator[str]:
    """The demo served by the real ``duiding serve``, for these tests only (the session's server
    may have been used, and outlived, by a long run of other tests)."""
    with running_server(demo_root) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert errors == [], errors


def test_chart_is_drawn_with_a_bar_per_wijk(page: Page, served_url: str) -> None:
    page.goto(served_url + INDICATOR)
    chart = page.locator("#grafiek[data-rendered='true']")
    chart.wait_for(timeout=15_000)
    assert chart.locator("svg").count() == 1
    # Vega draws each mark as a graphics-symbol with our Dutch description as its label
    marks = chart.locator("svg [role='graphics-symbol']")
    labels = [marks.nth(i).get_attribute("aria-label") or "" for i in range(marks.count())]
    assert len(labels) == 11
    assert "Wijk 03 Overvecht: 76,8 per 1.000 inwoners" in labels
    assert "Gemeente Utrecht: 28,3 per 1.000 inwoners" in labels
    assert sum(label.startswith("Wijk ") for label in labels) == 10


def test_keyboard_reaches_content_through_skip_link(page: Page, served_url: str) -> None:
    page.goto(served_url + INDICATOR)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Ga direct naar de inhoud"
    assert page.locator(".utrecht-skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Monitors"


def test_period_form_works_without_a_mouse(page: Page, served_url: str) -> None:
    page.goto(served_url + INDICATOR)
    page.focus("#periode")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**periode=2023-01-01_2023-12-31")
    assert page.locator("h1").inner_text() == "Personen met bijstand per 1.000 inwoners"


def _charts_drawn(page: Page) -> None:
    """Wait until every chart on the page is drawn (or failed, which the console check then reports)."""
    page.wait_for_function("document.querySelectorAll('[data-spec-id]:not([data-rendered])').length === 0")


def test_funnel_is_drawn_with_a_described_point_per_area(page: Page, served_url: str) -> None:
    page.goto(served_url + INDICATOR)
    funnel = page.locator("#trechtergrafiek[data-rendered='true']")
    funnel.wait_for(timeout=15_000)
    spec = json.loads(page.locator("#trechter-spec").text_content() or "{}")
    points = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "point")["data"]["values"]
    marks = funnel.locator("svg [role='graphics-symbol']")
    labels = {marks.nth(i).get_attribute("aria-label") or "" for i in range(marks.count())}
    assert {p["beschrijving"] for p in points} <= labels
    assert (
        "Wijk 03 Overvecht: 76,8 per 1.000 inwoners (inwoners: 34.910); ten opzichte van de gemeente: duidelijk hoger"
        in labels
    )
    assert "Gemeente Utrecht: 28,3 per 1.000 inwoners" in labels


def test_buurt_table_opens_from_the_keyboard(page: Page, served_url: str) -> None:
    page.goto(served_url + INDICATOR)
    table = page.locator("[data-testid='buurttabel']")
    assert not table.is_visible()
    page.focus("section[aria-labelledby='trechter'] .duiding-details__summary")
    page.keyboard.press("Enter")
    assert table.is_visible()


@pytest.mark.parametrize("path", ["/", MONITOR, INDICATOR, TARGET, SIGNALS, BREAKDOWN, PROFILE])
def test_no_accessibility_violations(page: Page, served_url: str, path: str) -> None:
    page.goto(served_url + path)
    _charts_drawn(page)
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}},
    )
    assert results.violations_count == 0, results.generate_report()


def test_time_series_is_drawn_with_a_described_point_per_period(page: Page, served_url: str) -> None:
    page.goto(served_url + TARGET)
    series = page.locator("#reeks[data-rendered='true']")
    series.wait_for(timeout=15_000)
    spec = json.loads(page.locator("#reeks-spec").text_content() or "{}")
    rows = spec_values(spec, "soort")
    marks = series.locator("svg [role='graphics-symbol']")
    labels = {marks.nth(i).get_attribute("aria-label") or "" for i in range(marks.count())}
    assert {r["beschrijving"] for r in rows if r["waarde"] is not None} <= labels
    assert any("(verwachting)" in label for label in labels) and any("(gemeten)" in label for label in labels)
    assert any(label.startswith("Doel") for label in labels)
    table = page.locator("[data-testid='reekstabel']")
    assert not table.is_visible()
    page.focus("#reeks-tabel-titel")
    page.keyboard.press("Enter")
    assert table.is_visible() and table.locator("tbody tr").count() == len(rows)


SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PAGE_TYPES = {
    "overzicht": "/",
    "monitor": MONITOR,
    "indicator": INDICATOR,
    "indicator-doel": TARGET,
    "indicator-uitsplitsing": BREAKDOWN,
    "signalen": SIGNALS,
    "wijkprofiel": PROFILE,
}


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_every_page_type_reflows_and_is_photographed(browser: Browser, served_url: str, name: str, width: int) -> None:
    # WCAG 1.4.10: at 320 CSS px wide, content reflows without scrolling sideways. The screenshot
    # is for a reviewer who looks without starting a server.
    context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(served_url + PAGE_TYPES[name])
        _charts_drawn(page)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{name} is {scroll_width} px wide at {width} px"
    finally:
        context.close()


def test_the_maps_are_drawn_with_a_described_area_per_wijk_and_buurt(page: Page, served_url: str) -> None:
    page.goto(served_url + INDICATOR)
    for level in ("wijk", "buurt"):
        drawn = page.locator(f"#kaart-{level}[data-rendered='true']")
        drawn.wait_for(timeout=15_000)
        spec = json.loads(page.locator(f"#kaart-{level}-spec").text_content() or "{}")
        areas = [feature["properties"] for feature in spec["data"]["values"]]  # GeoJSON features
        marks = drawn.locator("svg [role='graphics-symbol']")
        labels = {marks.nth(i).get_attribute("aria-label") or "" for i in range(marks.count())}
        assert areas and {a["beschrijving"] for a in areas} <= labels
        if level == "wijk":
            assert "Wijk 03 Overvecht: 76,8 per 1.000 inwoners" in labels

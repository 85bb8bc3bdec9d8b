"""No unprotected small count leaves Duiding, through any URL of the web app or any export.

Canary cells: in a copy of the demo workspace a few observations (gemeente, wijk and buurt
level, one broken down) get a small numerator and a distinctive denominator and value. The
gate must suppress them, so those distinctive numbers may appear nowhere. The walker starts
at the home page and follows every internal link and every option of every GET form; every
URL pattern of the app must have been visited, so a new page is walked as soon as it is
linked, and a page nobody links to fails the test until it is.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit

import duckdb
import openpyxl
import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from pytest_django import Settings

from duiding.definitions import monitors_load
from duiding.exports import export_write
from duiding.exports.service import ExportFormat
from duiding.workspace import Workspace, workspace_open
from tests.exports.readers import csv_rows, json_rows, xlsx_rows

CANARY_DENOMINATOR = 86421.0
CANARY_VALUE = 97531.864
CANARY_TEXTS = ("86421", "86.421", "86,421", "97531", "97532", "97.531", "97.532", "97,531", "97,532")
Canary = tuple[str, str, str, str, str, str]
"""monitor, indicator, period start, area code, breakdown, breakdown value."""
SMALL = 3.0
"""Below every threshold: the gate must withhold the whole cell."""


class _Links(HTMLParser):
    """Hrefs of links and the URLs a GET form can submit (each option of each select)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self._form: str | None = None
        self._select: str | None = None
        self._options: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")
        elif tag == "form" and (found.get("method") or "get").lower() == "get":
            self._form, self._options = found.get("action") or "", {}
        elif tag == "select" and self._form is not None:
            self._select = found.get("name")
        elif tag == "option" and self._select and found.get("value") is not None:
            self._options.setdefault(self._select, []).append(found["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            action = self._form.split("#", 1)[0]  # a browser submits to the action without its fragment
            for name, values in self._options.items():
                self.links += [f"{action}?{urlencode({name: value})}" for value in values]
            self._form = None


def _patterns(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    for item in (resolver or get_resolver()).url_patterns:
        if isinstance(item, URLResolver):
            yield from _patterns(item, prefix + str(item.pattern))
        elif isinstance(item, URLPattern):
            yield prefix + str(item.pattern)


def _text(content: bytes, content_type: str) -> str:
    """What a reader sees in a response: the page, or every cell of a downloaded file."""
    if content_type.startswith("application/vnd.openxmlformats"):
        workbook = openpyxl.load_workbook(BytesIO(content), read_only=True)
        return "\n".join(
            str(value) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for value in row
        )
    return content.decode()


def _walk(client: Client, start: str = "/", *, canaries: set[str] | None = None) -> dict[str, str]:
    """Every page reachable from ``start``, and its downloads: URL → body (a download's cells as text).

    Downloads and the choices of an indicator page (period, breakdown, area) are followed only
    for the indicator pages in ``canaries`` (paths; all when None): a canary's figures can only
    show there and on the pages that gather indicators (overviews, profiles, signals), which are
    all walked; following every choice of every indicator takes many minutes (each page draws
    charts and maps). tests/web/test_downloads.py and tests/presentation check them in general."""
    seen: dict[str, str] = {}
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = _text(response.content, response["Content-Type"])
        seen[url] = body
        if not response["Content-Type"].startswith("text/html"):
            continue  # a download: checked, not followed
        parser = _Links()
        parser.feed(body)
        for link in parser.links:
            target, _ = urldefrag(urljoin(url, link))
            parts = urlsplit(target)
            if parts.netloc or not target or parts.path.startswith("/static/"):
                continue
            page, _, name = parts.path.rpartition("/")
            if canaries is not None:
                if name.startswith("download.") and f"{page}/" not in canaries:
                    continue
                if parts.query and "/indicatoren/" in parts.path and parts.path not in canaries:
                    continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


def _canaries(workspace: Workspace) -> list[Canary]:
    """Turn one observation per level (and one broken-down one) into a canary; returns their keys."""
    con = duckdb.connect(str(workspace.warehouse_path))
    try:
        picks = con.execute(
            """
            SELECT * FROM (
                SELECT monitor, indicator, CAST(period_start AS VARCHAR), area_code, breakdown, breakdown_value,
                       row_number() OVER (PARTITION BY area_level, breakdown = 'totaal' ORDER BY monitor, indicator,
                                          period_start DESC, area_code, breakdown_value) AS n
                FROM observations WHERE denominator IS NOT NULL AND value IS NOT NULL
            ) WHERE n = 1
            """
        ).fetchall()
        for monitor, indicator, start, code, breakdown, value in [p[:6] for p in picks]:
            con.execute(
                "UPDATE observations SET numerator = ?, denominator = ?, value = ? WHERE monitor = ? AND indicator = ? "
                "AND period_start = CAST(? AS DATE) AND area_code = ? AND breakdown = ? AND breakdown_value = ?",
                [SMALL, CANARY_DENOMINATOR, CANARY_VALUE, monitor, indicator, start, code, breakdown, value],
            )
    finally:
        con.close()
    return [(p[0], p[1], p[2], p[3], p[4], p[5]) for p in picks]


_KEY = ("monitor", "indicator", "period_start", "area_code", "breakdown", "breakdown_value")


def _leaks(text: str) -> list[str]:
    return [canary for canary in CANARY_TEXTS if re.search(rf"(?<![\d.,]){re.escape(canary)}(?!\d)", text)]


@pytest.fixture(scope="module")
def canary_root(demo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Canary]]:
    root = tmp_path_factory.mktemp("canary") / "werkruimte"
    shutil.copytree(demo_root, root)
    return root, _canaries(workspace_open(root))


def test_the_canaries_are_distinctive(
    client: Client, settings: Settings, demo_root: Path, canary_root: tuple[Path, list[Canary]]
) -> None:
    """Without canaries the pages that would show them hold none of those numbers, so a hit there
    later is a leak, not a coincidence. (These pages only, not a second walk of the whole app: a
    hit elsewhere fails the walk below just the same, and is then looked into.)"""
    settings.DUIDING_WORKSPACE = demo_root
    _, canaries = canary_root
    urls = {"/"} | {f"/monitors/{c[0]}/signalen/" for c in canaries}
    urls |= {f"/monitors/{c[0]}/indicatoren/{c[1]}/?periode={c[2]}" for c in canaries}
    for url in sorted(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _leaks(response.content.decode()) == [], url


def test_no_url_shows_a_suppressed_cell(
    client: Client, settings: Settings, canary_root: tuple[Path, list[Canary]]
) -> None:
    root, canaries = canary_root
    assert len(canaries) >= 4  # gemeente, wijk, buurt, and a breakdown
    settings.DUIDING_WORKSPACE = root
    pages = _walk(client, canaries={f"/monitors/{c[0]}/indicatoren/{c[1]}/" for c in canaries})
    assert {url: hits for url, body in pages.items() if (hits := _leaks(body))} == {}
    visited = {resolve(urlsplit(url).path).route for url in pages}
    assert visited == set(_patterns()), "every page of the app must be reachable by a link and walked"
    for monitor, indicator, start, *_ in canaries:
        page = f"/monitors/{monitor}/indicatoren/{indicator}/?periode={start}"
        walked = page.split("?")[0] + f"?periode={start}"
        assert any(url.startswith(walked) for url in pages), f"canary page {page} was not walked with its period"


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_no_export_holds_a_suppressed_cell(fmt: str, canary_root: tuple[Path, list[Canary]], tmp_path: Path) -> None:
    root, canaries = canary_root
    workspace = workspace_open(root)
    assert {c[0] for c in canaries} <= set(monitors_load(workspace.monitors_dir))
    for monitor in sorted({c[0] for c in canaries}):  # the monitors holding canaries
        target = tmp_path / f"{monitor}.{fmt}"
        export_write(workspace, monitor=monitor, fmt=ExportFormat(fmt), path=target)
        rows = {"csv": csv_rows, "json": json_rows, "xlsx": xlsx_rows}[fmt](target)
        text = "\n".join(str(value) for row in rows for value in row.values())
        assert _leaks(text) == [], (monitor, fmt)
        for row in rows:
            key = (row["monitor"], row["indicator"], str(row["period_start"])[:10], row["area_code"])
            if key in canaries:
                assert row["suppressed"] is True and row["numerator"] is None, key

"""Reading rendered pages in tests: text by ``data-testid``, table rows by area, Dutch numbers, chart specs."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

VISUALLY_HIDDEN = re.compile(r'<span class="duiding-visually-hidden">.*?</span>', re.S)


def text(fragment: str, *, hidden: bool = False) -> str:
    """The visible text of an HTML fragment, whitespace collapsed (``hidden``: with screen-reader-only text)."""
    if not hidden:
        fragment = VISUALLY_HIDDEN.sub("", fragment)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def by_testid(html: str, testid: str) -> list[str]:
    """The visible text of every element marked ``data-testid=testid`` (elements of that tag not nested)."""
    found = []
    for match in re.finditer(rf'<(\w+)[^>]*data-testid="{re.escape(testid)}"[^>]*>', html):
        tag = match.group(1)
        end = html.index(f"</{tag}>", match.end())
        found.append(text(html[match.end() : end]))
    return found


def table_rows(html: str, testid: str) -> dict[str, list[str]]:
    """The table marked ``testid``: area code → the visible text of each cell."""
    table = html.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for code, body in re.findall(r'<tr class="utrecht-table__row" data-area="(\w+)">(.*?)</tr>', table, re.S):
        rows[code] = [text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", body, re.S)]
    return rows


def plain_rows(html: str, testid: str) -> list[list[str]]:
    """The body rows of the table marked ``testid``, each as the visible text of its cells."""
    table = html.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody", 1)[1]
    return [
        [text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def spec(html: str, script_id: str) -> dict[str, Any]:
    match = re.search(rf'<script id="{script_id}" type="application/json">(.*?)</script>', html, re.S)
    assert match is not None, script_id
    loaded: dict[str, Any] = json.loads(match.group(1))
    return loaded


def spec_values(chart: dict[str, Any], field: str) -> list[dict[str, Any]]:
    """The inline rows of the chart's data set whose rows have ``field`` (top level or a layer's)."""
    return next(
        part["data"]["values"]
        for part in [chart, *chart.get("layer", [])]
        if field in (part.get("data", {}).get("values") or [{}])[0]
    )


def dutch(value: float, decimals: int) -> str:
    """Format as a Dutch reader expects: 1.234,5."""
    formatted = f"{value:,.{decimals}f}"
    return formatted.replace(",", "_").replace(".", ",").replace("_", ".")


def dutch_interval(low: float, high: float, decimals: int = 1) -> str:
    """'27,8 – 28,9'; a decimal more when the bounds would otherwise read the same."""
    if low != high and dutch(low, decimals) == dutch(high, decimals):
        decimals += 1
    return f"{dutch(low, decimals)} – {dutch(high, decimals)}"

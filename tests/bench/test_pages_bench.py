"""The page benchmark: the real server, every page measured at every number of clients, the command.

Only the shape and sanity of the figures are asserted, never their size: speed is reported by
``duiding bench pages``, not checked against a clock.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from duiding.bench import BenchError
from duiding.bench.pages import (
    BASELINE,
    DEFAULT_CLIENTS,
    DEFAULT_REQUESTS,
    PAGES,
    Page,
    PagesBench,
    bench_pages,
    percentile,
)
from duiding.cli import BENCH_CLIENTS, BENCH_REQUESTS, main
from duiding.workspace import Workspace

KWB_PAGES = (
    Page("overzicht", "/"),
    Page("indicator", "/monitors/participatie/indicatoren/bijstand_per_1000/"),
)


def _sane(result: PagesBench, pages: tuple[Page, ...], clients: tuple[int, ...], requests: int) -> None:
    assert [(t.page, t.clients) for t in result.timings] == [(p, c) for c in clients for p in (BASELINE, *pages)]
    for timing in result.timings:
        assert timing.requests == requests
        assert 0 < timing.p50_ms <= timing.p95_ms <= timing.max_ms, timing
        assert timing.requests_per_second > 0
        assert result.p95_ratio(timing) > 0
        assert timing.latencies_ms == tuple(sorted(timing.latencies_ms))


@pytest.mark.slow  # starts the real server: 5-10 s on a busy 2-core machine
def test_every_page_is_measured_at_every_number_of_clients(workspace_copy: Workspace) -> None:
    steps: list[tuple[int, int, str]] = []
    result = bench_pages(
        workspace_copy.root, pages=KWB_PAGES, clients=(1, 3), requests=6, progress=lambda *s: steps.append(s)
    )
    _sane(result, KWB_PAGES, (1, 3), 6)
    assert [done for done, _, _ in steps] == list(range(3 * 2 + 3))
    assert steps[-1] == (8, 8, "klaar")
    assert json.loads(json.dumps(result.as_json()))["timings"][0]["p95_ms"] == result.timings[0].p95_ms


@pytest.mark.slow  # starts the real server: 5-10 s on a busy 2-core machine
def test_a_page_that_does_not_answer_200_stops_the_benchmark_naming_its_address(workspace_copy: Workspace) -> None:
    missing = Page("onbekend", "/monitors/bestaat_niet/")
    with pytest.raises(BenchError, match="/monitors/bestaat_niet/ antwoordde met HTTP 404 in plaats van 200"):
        bench_pages(workspace_copy.root, pages=(KWB_PAGES[0], missing), clients=(1,), requests=2)


def test_percentile_is_a_value_and_monotone() -> None:
    values = (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0)
    assert (percentile(values, 0.5), percentile(values, 0.95), percentile(values, 1.0)) == (5.0, 10.0, 10.0)
    assert percentile((7.0,), 0.5) == percentile((7.0,), 0.95) == 7.0


@pytest.mark.slow
def test_command_measures_every_main_page_of_the_demo(demo_root: Path, tmp_path: Path) -> None:
    root = tmp_path / "werkruimte"
    shutil.copytree(demo_root, root)  # serving writes the app database into the workspace
    report = tmp_path / "pagina.json"
    args = ["bench", "pages", "--workspace", str(root), "--requests", "3", "--clients", "1", "--clients", "2"]
    result = CliRunner().invoke(main, [*args, "--json", str(report)])
    assert result.exit_code == 0, result.output
    for page in PAGES:
        assert page.name in result.output
        assert page.path in result.output
    found = json.loads(report.read_text(encoding="utf-8"))
    measured = (BASELINE, *PAGES)
    assert [(t["path"], t["clients"]) for t in found["timings"]] == [(p.path, c) for c in (1, 2) for p in measured]
    for timing in found["timings"]:
        assert timing["requests"] == 3
        assert 0 < timing["p50_ms"] <= timing["p95_ms"] <= timing["max_ms"]
        assert timing["requests_per_second"] > 0
        assert timing["p95_ratio"] > 0


def test_cli_defaults_are_the_benchmark_defaults() -> None:
    assert (BENCH_REQUESTS, BENCH_CLIENTS) == (DEFAULT_REQUESTS, DEFAULT_CLIENTS)

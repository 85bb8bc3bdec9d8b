"""The standard monitor library: it loads, fits its sources, covers every level and formula kind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from duiding.definitions import monitor_dump, monitor_load, monitors_load, source_dump, source_load, sources_load
from duiding.definitions.models import FORMULA_KINDS, Level, Monitor, Source, SourceKind
from duiding.engine.validate import monitor_problems
from duiding.library import LIBRARY, library_monitors, library_sources
from duiding.workspace import Workspace

MONITOR_IDS = {"jeugd", "wmo", "participatie", "onderwijs", "wijkteam"}
SOURCE_IDS = {
    "cbs_kwb",
    "jeugdhulp_trajecten",
    "wmo_voorzieningen",
    "bijstand_uitkeringen",
    "vve_deelname",
    "wijkteam_contacten",
    "clientervaring",
    "school_inloop",
}
MONITOR_FILES = sorted((LIBRARY / "monitors").glob("*.yaml"))
SOURCE_FILES = sorted((LIBRARY / "sources").glob("*.yaml"))


@pytest.fixture(scope="module")
def monitors() -> dict[str, Monitor]:
    return library_monitors()


@pytest.fixture(scope="module")
def sources() -> dict[str, Source]:
    return library_sources()


def test_all_monitors_and_sources_load(monitors: dict[str, Monitor], sources: dict[str, Source]) -> None:
    assert set(monitors) == MONITOR_IDS
    assert set(sources) == SOURCE_IDS
    assert [p.stem for p in MONITOR_FILES] == sorted(MONITOR_IDS)
    assert [p.stem for p in SOURCE_FILES] == sorted(SOURCE_IDS)


@pytest.mark.parametrize("monitor_id", sorted(MONITOR_IDS))
def test_monitor_fits_its_sources(monitors: dict[str, Monitor], sources: dict[str, Source], monitor_id: str) -> None:
    assert monitor_problems(monitors[monitor_id], sources) == []


def test_registrations_are_definitions_for_the_gemeente(sources: dict[str, Source]) -> None:
    for source in sources.values():
        assert not source.simulated, source.id
        if source.kind is SourceKind.MICRODATA:
            assert source.publisher == "Gemeente", source.id
            assert source.area == "buurt_code", source.id
            assert source.column("buurt_code").type.value == "buurt", source.id
            assert source.key, source.id
            assert source.description, source.id


def test_at_least_forty_indicators(monitors: dict[str, Monitor]) -> None:
    assert sum(len(m.indicators) for m in monitors.values()) >= 40


def test_every_level_occurs(monitors: dict[str, Monitor]) -> None:
    levels = {i.level for m in monitors.values() for i in m.indicators}
    assert levels == set(Level)


def test_every_formula_kind_occurs(monitors: dict[str, Monitor]) -> None:
    kinds = {i.formula.kind for m in monitors.values() for i in m.indicators}
    assert kinds == set(FORMULA_KINDS)


@pytest.mark.parametrize("monitor_id", sorted(MONITOR_IDS))
def test_ids_unique_and_every_indicator_answers_a_question(monitors: dict[str, Monitor], monitor_id: str) -> None:
    monitor = monitors[monitor_id]
    ids = [i.id for i in monitor.indicators]
    assert len(ids) == len(set(ids))
    assert 2 <= len(monitor.questions) <= 4
    asked = {q.id for q in monitor.questions}
    answered = {i.question for i in monitor.indicators}
    assert None not in answered
    assert answered == asked, "every question has an indicator, every indicator a question"


def test_published_figures_are_yearly_totals(monitors: dict[str, Monitor], sources: dict[str, Source]) -> None:
    for monitor in monitors.values():
        for indicator in monitor.indicators:
            kinds = {sources[s].kind for s in indicator.sources}
            if SourceKind.AGGREGATE in kinds:
                assert indicator.period_grain.value == "year", indicator.id
            if kinds == {SourceKind.AGGREGATE}:
                assert not indicator.breakdowns, indicator.id


@pytest.mark.parametrize("path", MONITOR_FILES, ids=lambda p: p.stem)
def test_monitor_round_trips(tmp_path: Path, path: Path) -> None:
    first = monitor_load(path)
    written = tmp_path / path.name
    written.write_text(monitor_dump(first), encoding="utf-8")
    assert monitor_load(written) == first


@pytest.mark.parametrize("path", SOURCE_FILES, ids=lambda p: p.stem)
def test_source_round_trips(tmp_path: Path, path: Path) -> None:
    first = source_load(path)
    written = tmp_path / path.name
    written.write_text(source_dump(first), encoding="utf-8")
    assert source_load(written) == first


def test_demo_workspace_is_the_library(demo_workspace: Workspace) -> None:
    """The demo runs the standard library as shipped; its registrations are marked simulated."""
    demo_monitors = monitors_load(demo_workspace.monitors_dir)
    assert {k: m.model_copy(update={"periods": None}) for k, m in demo_monitors.items()} == library_monitors()
    assert {(m.periods.start.year, m.periods.end.year) for m in demo_monitors.values() if m.periods} == {(2019, 2024)}
    demo = sources_load(demo_workspace.sources_dir)
    assert demo.keys() == library_sources().keys()
    for source_id, source in library_sources().items():
        shown = demo[source_id]
        assert shown.simulated is (source.kind is SourceKind.MICRODATA), source_id  # registrations are simulated
        assert shown.model_copy(update={"simulated": False, "attribution": source.attribution}) == source


def test_steering_figures_and_targets(monitors: dict[str, Monitor]) -> None:
    wijkteam = monitors["wijkteam"]
    wachttijd = wijkteam.indicator("wachttijd_binnen_norm")
    assert wachttijd.need_to_know
    assert [(t.value, t.direction) for t in wachttijd.targets] == [(80, "at_least")]
    assert [(t.value, t.direction) for t in wijkteam.indicator("waardering_wijkteam").targets] == [(8, "at_least")]
    assert [(t.value, t.direction) for t in wijkteam.indicator("schoolweken_met_inloop").targets] == [(80, "at_least")]
    for monitor in monitors.values():
        assert any(i.need_to_know for i in monitor.indicators), monitor.id


def test_library_does_not_import_django() -> None:
    code = "import sys, duiding.library as l; l.library_monitors(); print('django' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"

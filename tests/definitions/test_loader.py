"""Definitions: typed, validated, round-tripping, and errors as file:line: message."""

from __future__ import annotations

from pathlib import Path

import pytest

from duiding.definitions import monitor_dump, monitor_load, monitors_load, source_dump, source_load
from duiding.definitions.models import Level, Polarity
from duiding.errors import DefinitionError
from duiding.library import LIBRARY

DEMO_MONITOR = LIBRARY / "monitors" / "participatie.yaml"
DEMO_SOURCE = LIBRARY / "sources" / "cbs_kwb.yaml"


def test_demo_monitor_is_typed() -> None:
    monitor = monitor_load(DEMO_MONITOR)
    indicator = monitor.indicator("bijstand_per_1000")
    assert indicator.level is Level.OUTCOME
    assert indicator.polarity is Polarity.LOWER_IS_BETTER
    assert indicator.formula.per == 1000
    assert indicator.sources == ("cbs_kwb",)


@pytest.mark.parametrize(
    ("path", "load", "dump"),
    [(DEMO_MONITOR, monitor_load, monitor_dump), (DEMO_SOURCE, source_load, source_dump)],
)
def test_round_trip(tmp_path: Path, path: Path, load, dump) -> None:  # type: ignore[no-untyped-def]
    first = load(path)
    written = tmp_path / path.name
    written.write_text(dump(first), encoding="utf-8")
    second = load(written)
    assert second == first
    assert dump(second) == dump(first)


def _broken(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        monitor_load(path)
    return [p.replace(str(path), "m.yaml") for p in caught.value.problems]


GOOD_INDICATOR = """\
- id: a
  title: A
  definition: Iets
  level: outcome
  unit: per 1.000 inwoners
  polarity: lower_is_better
  formula:
    kind: rate
    numerator: {source: cbs_kwb, variable: x}
    denominator: {source: cbs_kwb, variable: y}
"""


def test_every_problem_has_file_and_line(tmp_path: Path) -> None:
    text = "id: m\ntitle: M\npurpose: [signaleren, raden]\nkleur: blauw\nindicators:\n" + GOOD_INDICATOR.replace(
        "level: outcome", "level: resultaat"
    )
    assert _broken(tmp_path, text) == [
        "m.yaml:3: purpose.1: ongeldige waarde 'raden'; kies uit 'signaleren', 'leren', 'sturen', "
        "'verantwoorden', 'voorspellen'",
        "m.yaml:4: kleur: onbekend veld",
        "m.yaml:9: indicators.0.level: ongeldige waarde 'resultaat' (bedoelde je "
        "'maatschappelijk_resultaat'?); kies uit 'maatschappelijk_resultaat', "
        "'outcome', 'output', 'proces', 'input'",
    ]


def test_missing_field_and_bad_reference(tmp_path: Path) -> None:
    assert _broken(tmp_path, "id: m\npurpose: [sturen]\nindicators:\n" + GOOD_INDICATOR) == [
        "m.yaml:1: title: verplicht veld ontbreekt"
    ]
    text = "id: m\ntitle: M\npurpose: [sturen]\nindicators:\n" + GOOD_INDICATOR + "  question: onbekend\n"
    assert _broken(tmp_path, text) == [
        "m.yaml:15: indicators.0.question: indicator 'a' verwijst naar onbekende vraag 'onbekend'"
    ]


def test_invalid_yaml_reports_its_line(tmp_path: Path) -> None:
    assert _broken(tmp_path, "id: m\ntitle: [open\n") == [
        "m.yaml:2: geen geldige YAML (kolom 8): een lijst die met '[' begint, is niet gesloten met ']'"
    ]


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(DEMO_MONITOR.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        monitors_load(tmp_path)
    assert caught.value.problems == [f"{tmp_path / 'b.yaml'}:1: id 'participatie' is al gebruikt in een ander bestand"]

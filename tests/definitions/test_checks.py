"""Definition checks: mistakes a definition can make against its sources and areas are caught,
in Dutch, on the line of the offending key, with the nearest correct name where there is one."""

from __future__ import annotations

from pathlib import Path

import pytest

from duiding.definitions import monitor_load, source_load, sources_load
from duiding.definitions.yaml_text import MAX_DEPTH
from duiding.engine.validate import definition_file_problems
from duiding.errors import DefinitionError
from duiding.ingest.kwb_variables import KWB_VARIABLES
from duiding.library import LIBRARY

SOURCES = sources_load(LIBRARY / "sources")
AREAS = {"GM0344": "Utrecht", "WK034403": "Wijk 03 Overvecht", "BU03440301": "Tigris"}

HEAD = "id: m\ntitle: M\npurpose: [sturen]\nindicators:\n"
INDICATOR = "- id: {id}\n  title: T\n  definition: x\n  level: output\n  unit: x\n  polarity: neutral\n"


def _problems(tmp_path: Path, body: str, areas: dict[str, str] | None = AREAS) -> list[str]:
    path = tmp_path / "m.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    return [p.replace(f"{path}:", "") for p in definition_file_problems([path], SOURCES, areas)]


def _line_of(body: str, text: str) -> int:
    """The 1-based line of ``text`` in the file ``_problems`` writes (an independent count)."""
    return (HEAD + body).splitlines().index(text) + 1


def test_a_value_the_column_does_not_allow_is_named_with_the_nearest_allowed(tmp_path: Path) -> None:
    body = (
        INDICATOR.format(id="wmo_hh")
        + "  formula:\n    kind: count\n    measure:\n      source: wmo_voorzieningen\n      where:\n"
        + "      - column: soort\n        equals: huishoudelijke_hulp\n"
        + "      - column: geslacht\n        in:\n        - vrouw\n        - vrouwen\n"
        + "      - column: leeftijd\n        not_in: [achttien]\n"
    )
    problems = _problems(tmp_path, body)
    assert problems[0].startswith(f"{_line_of(body, '        equals: huishoudelijke_hulp')}: indicator 'wmo_hh': ")
    assert (
        "kolom 'soort' kent de waarde 'huishoudelijke_hulp' niet (bedoelde je 'hulp_bij_het_huishouden'?)"
        in (problems[0])
    )
    assert problems[1] == (
        f"{_line_of(body, '        - vrouwen')}: indicator 'wmo_hh': kolom 'geslacht' kent de waarde 'vrouwen' niet "
        "(bedoelde je 'vrouw'?); toegestaan: 'man', 'vrouw', 'onbekend'"
    )
    assert problems[2] == (
        f"{_line_of(body, '        not_in: [achttien]')}: indicator 'wmo_hh': kolom 'leeftijd' is integer: "
        "vergelijk met een geheel getal, niet met 'achttien'"
    )
    assert len(problems) == 3


def test_an_unknown_kwb_variable_suggests_the_known_one(tmp_path: Path) -> None:
    body = (
        INDICATOR.format(id="bijstand")
        + "  formula:\n    kind: rate\n    per: 1000\n"
        + "    numerator: {source: cbs_kwb, variable: bijstand_persoon}\n"
        + "    denominator:\n      source: cbs_kwb\n      variable: [leeftijd_15_24, leeftijd_25_44, inwoners_18plus]\n"
    )
    problems = _problems(tmp_path, body)
    assert problems == [
        f"{_line_of(body, '    numerator: {source: cbs_kwb, variable: bijstand_persoon}')}: indicator 'bijstand' "
        "(teller): bron 'cbs_kwb' heeft geen variabele 'bijstand_persoon' (bedoelde je 'bijstand_personen'?) "
        "(zie de lijst in docs/definities.md)",
        f"{_line_of(body, '      variable: [leeftijd_15_24, leeftijd_25_44, inwoners_18plus]')}: indicator "
        "'bijstand' (noemer): bron 'cbs_kwb' heeft geen variabele 'inwoners_18plus' (bedoelde je "
        "'inwoners'?) (zie de lijst in docs/definities.md)",
    ]


def test_the_kwb_source_lists_every_variable_the_kwb_reader_knows() -> None:
    assert SOURCES["cbs_kwb"].variables == tuple(v.name for v in KWB_VARIABLES)


def test_a_target_for_an_area_the_workspace_does_not_have(tmp_path: Path) -> None:
    body = (
        INDICATOR.format(id="inw")
        + "  formula: {kind: count, measure: {source: cbs_kwb, variable: inwoners}}\n"
        + "  targets:\n  - {value: 1, direction: at_least, by: 2030-12-31, area: WK034403}\n"
        + "  - value: 1\n    direction: at_least\n    by: 2030-12-31\n    area: WK034430\n"
    )
    assert _problems(tmp_path, body) == [
        f"{_line_of(body, '    area: WK034430')}: indicator 'inw': doel voor gebied 'WK034430', maar dat gebied "
        "bestaat niet in de werkruimte (bedoelde je 'WK034403'?) (gebruik de CBS-code, zoals 'WK034401')"
    ]
    assert _problems(tmp_path, body, areas=None) == []  # no warehouse yet: areas are not checked


def test_unknown_source_and_column_get_the_nearest_name(tmp_path: Path) -> None:
    body = (
        INDICATOR.format(id="a")
        + "  formula: {kind: count, measure: {source: wmo_voorziening}}\n"
        + INDICATOR.format(id="b")
        + "  formula: {kind: statistic, statistic: mean, source: wmo_voorzieningen, column: leeftyd}\n"
    )
    assert _problems(tmp_path, body) == [
        "11: indicator 'a': bron 'wmo_voorziening' bestaat niet (bedoelde je 'wmo_voorzieningen'?)",
        "18: indicator 'b': kolom 'leeftyd' bestaat niet in bron 'wmo_voorzieningen' (bedoelde je 'leeftijd'?)",
    ]


def test_a_column_named_twice_in_a_source(tmp_path: Path) -> None:
    text = (LIBRARY / "sources" / "wmo_voorzieningen.yaml").read_text(encoding="utf-8")
    text = text.replace("- name: geslacht\n", "- name: leeftijd\n")
    folder = tmp_path / "sources"
    folder.mkdir()
    path = folder / "wmo.yaml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("- name: leeftijd", text.splitlines().index("- name: leeftijd") + 1) + 1
    names = [line for line in text.splitlines() if line.startswith("- name: ")]
    first, second = [i for i, name in enumerate(names) if name == "- name: leeftijd"]
    with pytest.raises(DefinitionError) as caught:
        source_load(path)
    assert caught.value.problems == [
        f"{path}:{line}: columns.{second}.name: kolom 'leeftijd' staat twee keer in 'columns' "
        f"(eerder als kolom {first + 1})"
    ]


def test_a_key_used_but_not_declared_points_at_its_use(tmp_path: Path) -> None:
    text = (LIBRARY / "sources" / "wmo_voorzieningen.yaml").read_text(encoding="utf-8")
    assert "area: buurt_code\n" in text
    text = text.replace("area: buurt_code\n", "area: buurtcode\n")
    path = tmp_path / "wmo.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        source_load(path)
    line = text.splitlines().index("area: buurtcode") + 1
    assert caught.value.problems == [
        f"{path}:{line}: area: kolom 'buurtcode' wordt gebruikt maar staat niet in 'columns' "
        "(bedoelde je 'buurt_code'?)"
    ]


def test_an_unknown_question_is_reported_on_its_line(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    body = (
        "questions:\n- id: armoede\n  text: Hoe gaat het met armoede?\n"
        + "indicators:\n"
        + INDICATOR.format(id="a")
        + "  formula: {kind: count, measure: {source: cbs_kwb, variable: inwoners}}\n  question: armoedee\n"
    )
    path.write_text("id: m\ntitle: M\npurpose: [sturen]\n" + body, encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        monitor_load(path)
    line = path.read_text(encoding="utf-8").splitlines().index("  question: armoedee") + 1
    assert caught.value.problems == [
        f"{path}:{line}: indicators.0.question: indicator 'a' verwijst naar onbekende vraag 'armoedee' "
        "(bedoelde je 'armoede'?)"
    ]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5000])
def test_deep_nesting_is_refused_in_dutch_without_recursion_error(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("id: m\ntitle: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        monitor_load(path)
    assert caught.value.problems == [
        f"{path}:2: te diep genest (kolom {7 + MAX_DEPTH}): meer dan {MAX_DEPTH} niveaus van lijsten en objecten"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: m\ntitle: [open\n", "m.yaml:2: geen geldige YAML (kolom 8): een lijst die met '[' begint, is niet"),
        ("id: m\n\ttitle: M\n", "m.yaml:2: geen geldige YAML (kolom 1): er staat een tab"),
        ("id: m\ntitle: M\nid: n\n", "m.yaml:3: sleutel 'id' staat twee keer in hetzelfde object (eerder op regel 1)"),
        ('id: m\ntitle: "a\\qb"\n', "m.yaml:2: geen geldige YAML (kolom 11): onbekend teken '\\q'"),
        ("id: m\ntitle: *anker\n", "m.yaml:2: geen geldige YAML (kolom 8): verwijzing '*anker' naar een anker"),
        ("id: m\ntitle: 'open\n", "m.yaml:2: geen geldige YAML (kolom 8): een tekst tussen aanhalingstekens"),
        ("- id: m\n", "m.yaml:1: verwacht sleutels met waarden, maar het bestand bevat een lijst"),
        ("id: m\ntitle: M\n  purpose: x\n", "m.yaml:3: geen geldige YAML (kolom 10): hier kan geen dubbele punt"),
        (
            "id: m\nindicators:\n  - id: a\n title: x\n",
            "m.yaml:4: geen geldige YAML (kolom 2): de inspringing klopt niet",
        ),
        ("", "m.yaml:1: verwacht sleutels met waarden, maar het bestand bevat niets"),
    ],
)
def test_yaml_mistakes_are_told_in_dutch_with_their_place(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        monitor_load(path)
    problems = [p.replace(str(path), "m.yaml") for p in caught.value.problems]
    assert len(problems) == 1 and problems[0].startswith(expected), problems


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("polarity: neutral", "polarity: lager_is_beter"),
            "polarity: ongeldige waarde 'lager_is_beter' (bedoelde je 'lower_is_better'?); kies uit",
        ),
        (("level: output", "levle: output"), "levle: onbekend veld (bedoelde je 'level'?)"),
        (("kind: count", "kind: cuont"), "onbekende formulesoort 'cuont' (bedoelde je 'count'?); kies uit"),
        (("unit: x", "unit: ''"), "unit: mag niet leeg zijn"),
        (
            ("  unit: x\n", "  unit: x\n  targets: [{value: 1, direction: at_most, by: 2026-13-01}]\n"),
            "by: moet een datum als jjjj-mm-dd zijn, niet '2026-13-01' (de maand moet 1 tot en met 12 zijn)",
        ),
        (("  unit: x\n", "  unit: x\n  maximum: veel\n"), "maximum: moet een getal zijn, niet 'veel'"),
    ],
)
def test_model_problems_are_told_in_dutch(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    body = INDICATOR.format(id="a") + "  formula: {kind: count, measure: {source: cbs_kwb, variable: inwoners}}\n"
    path = tmp_path / "m.yaml"
    path.write_text(HEAD + body.replace(*change), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        monitor_load(path)
    assert any(expected in problem for problem in caught.value.problems), caught.value.problems


def test_the_library_passes_every_check() -> None:
    monitors = sorted((LIBRARY / "monitors").glob("*.yaml"))
    sources = sorted((LIBRARY / "sources").glob("*.yaml"))
    assert definition_file_problems([*monitors, *sources], SOURCES, None) == []

"""``duiding init``: Utrecht and Almere from the files CBS publishes, and a gemeente never seen before."""

from __future__ import annotations

import csv
import re
import shutil
import socket
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from duiding.cli import main
from duiding.definitions import sources_load
from duiding.definitions.models import AreaLevel, SourceKind
from duiding.demo.build import DATA
from duiding.errors import DuidingError
from duiding.geography import breaks_list
from duiding.onboarding import InitResult, gemeente_init
from tests.conftest import CBS_2023_XLS, TESTS
from tests.ingest.test_statline import CbsServer
from tests.ingest.test_statline import _serve_kwb_2019 as serve_kwb_2019

CBS = TESTS / "data" / "cbs"
UTRECHT_FILES = (
    CBS / "utrecht" / "kwb_2019_utrecht_odata.csv",
    CBS / "utrecht" / "kwb_2021_utrecht_odata.csv",
    CBS_2023_XLS,
    CBS / "utrecht" / "kwb_2024_utrecht_xls.csv",
)
UTRECHT_SHAPES = (
    DATA / "cbs-grenzen-2014" / "wijken_2014_GM0344.geojson",
    DATA / "cbs-grenzen-2014" / "buurten_2014_GM0344.geojson",
)
ALMERE_FILES = tuple(sorted((DATA / "kwb-almere").glob("kwb_*_almere_odata.csv")))


def _number(text: str | None) -> float | None:
    text = (text or "").strip()
    return None if text in ("", ".") else float(text)


def _query(result: InitResult, sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(result.workspace.warehouse_path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def utrecht(tmp_path_factory: pytest.TempPathFactory) -> InitResult:
    root = tmp_path_factory.mktemp("init") / "utrecht"
    return gemeente_init(root, gemeente_code="GM0344", kwb_files=UTRECHT_FILES, boundary_files=UTRECHT_SHAPES)


@pytest.fixture(scope="module")
def almere(tmp_path_factory: pytest.TempPathFactory) -> InitResult:
    root = tmp_path_factory.mktemp("init") / "almere"
    shapes = tuple(sorted((DATA / "cbs-grenzen-2014").glob("*_GM0034.geojson")))
    return gemeente_init(root, gemeente_code="gm0034", kwb_files=ALMERE_FILES, boundary_files=shapes)


def test_utrecht_workspace_has_its_areas_per_year_and_name(utrecht: InitResult) -> None:
    assert utrecht.workspace.settings.gemeente_naam == "Utrecht"
    assert [r.year for r in utrecht.releases] == [2019, 2021, 2023, 2024]
    counts = _query(utrecht, "SELECT year, level, count(*) FROM areas GROUP BY ALL ORDER BY ALL")
    assert counts == [
        (y, lvl, n) for y in (2019, 2021, 2023, 2024) for lvl, n in (("buurt", 111), ("gemeente", 1), ("wijk", 10))
    ]
    assert breaks_list(utrecht.workspace.warehouse_path) == []
    shapes = dict(_query(utrecht, "SELECT level, count(*) FROM area_shapes GROUP BY level"))
    assert shapes == {"wijk": 10, "buurt": 110}


def test_cbs_indicators_match_the_2023_file(utrecht: InitResult) -> None:
    with CBS_2023_XLS.open(encoding="utf-8") as handle:
        raw = {row["gwb_code_10"]: row for row in csv.DictReader(handle)}
    rows = _query(
        utrecht,
        "SELECT area_code, numerator, denominator, value FROM observations "
        "WHERE indicator = 'bijstand_per_1000' AND year(period_start) = 2023",
    )
    compared = 0
    for code, numerator, denominator, value in rows:
        expected_num, expected_den = _number(raw[code]["a_soz_wb"]), _number(raw[code]["a_inw"])
        assert (numerator, denominator) == (expected_num, expected_den), code
        if expected_num is not None and expected_den:
            assert value == pytest.approx(expected_num / expected_den * 1000, rel=1e-12)
            compared += 1
        else:
            assert value is None, code  # suppressed by CBS: missing, never zero
    assert compared >= 100 and len(rows) == 122


def test_gemeente_totals_are_compared_with_the_sum_of_the_areas(utrecht: InitResult) -> None:
    with CBS_2023_XLS.open(encoding="utf-8") as handle:
        raw = list(csv.DictReader(handle))
    gemeente = next(float(r["a_inw"]) for r in raw if r["recs"] == "Gemeente")
    wijken = sum(float(r["a_inw"]) for r in raw if r["recs"] == "Wijk" and r["a_inw"])
    check = next(c for c in utrecht.totals if (c.year, c.variable, c.level) == (2023, "inwoners", "wijk"))
    assert (check.gemeente, check.total, check.areas, check.missing) == (gemeente, wijken, 10, 0)
    assert check.difference == wijken - gemeente and not check.within_rounding  # 192 > 2 per wijk
    stored = _query(
        utrecht,
        "SELECT subject, message FROM load_quality WHERE check_name = 'totals' AND load_id = ?",
        [utrecht.load.load_id],
    )
    messages = dict(stored)
    assert messages["inwoners 2023 (wijk)"] == check.sentence()
    assert "367.947" in check.sentence() and "verschil -192" in check.sentence()
    assert messages["optelling"].endswith("de andere staan hieronder met hun verklaring.")


def test_indicators_needing_registrations_wait_with_a_template(utrecht: InitResult) -> None:
    sources = sources_load(utrecht.workspace.sources_dir)
    waiting_sources = {s for w in utrecht.computed.waiting for s in w.sources}
    assert waiting_sources == {s.id for s in sources.values() if s.kind is SourceKind.MICRODATA}
    assert utrecht.computed.indicators >= 9 and len(utrecht.computed.waiting) >= 40
    folder = utrecht.workspace.root / "sjablonen"
    for source_id in waiting_sources:
        with (folder / f"{source_id}.csv").open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert header == [c.name for c in sources[source_id].file_columns]
    readme = (folder / "LEESMIJ.md").read_text(encoding="utf-8")
    assert "## Wmo-voorzieningen (`wmo_voorzieningen`)" in readme
    assert "- `bsn` (BSN (9 cijfers; wordt bij het inlezen gepseudonimiseerd en nergens bewaard); verplicht)." in readme


def test_running_init_twice_changes_nothing(utrecht: InitResult) -> None:
    again = gemeente_init(utrecht.workspace.root, gemeente_code="GM0344", kwb_files=UTRECHT_FILES)
    assert again.load.unchanged and again.load.load_id == utrecht.load.load_id
    with pytest.raises(DuidingError, match="is al een werkruimte voor Utrecht \\(GM0344\\)"):
        gemeente_init(utrecht.workspace.root, gemeente_code="GM0034", kwb_files=ALMERE_FILES[:1])


def test_almere_re_division_is_a_break_and_rates_match_the_odata_files(almere: InitResult) -> None:
    assert almere.workspace.settings.gemeente_naam == "Almere"
    breaks = {(b.year, b.level): b for b in breaks_list(almere.workspace.warehouse_path)}
    wijk = breaks[(2022, AreaLevel.WIJK)]
    assert (wijk.previous, wijk.removed + wijk.kept, wijk.added + wijk.kept) == (2021, 6, 71)
    raw: dict[tuple[int, str], dict[str, str]] = {}
    for path in ALMERE_FILES:
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                clean = {re.sub(r"_\d+$", "", k): v for k, v in row.items()}
                raw[(int(row["jaar"]), clean["Codering"].strip())] = clean
    rows = _query(
        almere,
        "SELECT year(period_start), area_code, value FROM observations "
        "WHERE indicator = 'ww_per_1000' AND value IS NOT NULL",
    )
    for year, code, value in rows:
        source = raw[(int(year), str(code))]  # type: ignore[call-overload]
        expected = _number(source["PersonenPerSoortUitkeringWW"]) / _number(source["AantalInwoners"]) * 1000  # type: ignore[operator]
        assert value == pytest.approx(expected, rel=1e-12), (year, code)
    assert len(rows) > 300 and {r[0] for r in rows} >= {2021, 2022}


def test_a_gemeente_never_seen_before_works_the_same_way(tmp_path: Path) -> None:
    """Utrecht's 2023 file recoded to GM9876 'Nergensdam': nothing in Duiding knows this gemeente.

    Its first wijk gets letters, as some gemeenten have (Amsterdam: WK0363AF).
    """
    recoded = tmp_path / "kwb-2023.csv"
    text = CBS_2023_XLS.read_text(encoding="utf-8").replace("0344", "9876").replace(",Utrecht,", ",Nergensdam,")
    text = text.replace("WK987601", "WK9876AF").replace("BU987601", "BU9876AF")
    recoded.write_text(text, encoding="utf-8")
    result = gemeente_init(tmp_path / "werkruimte", gemeente_code="GM9876", kwb_files=(recoded,))
    assert result.workspace.settings.gemeente_naam == "Nergensdam"
    counts = dict(_query(result, "SELECT level, count(*) FROM areas GROUP BY level"))
    assert counts == {"gemeente": 1, "wijk": 10, "buurt": 111}
    parents = _query(result, "SELECT DISTINCT parent_code FROM areas WHERE code LIKE 'BU9876AF%'")
    assert parents == [("WK9876AF",)]
    gemeente = _query(
        result, "SELECT value FROM observations WHERE indicator = 'bijstand_per_1000' AND area_code = 'GM9876'"
    )
    assert gemeente == [(pytest.approx(10410 / 367947 * 1000, rel=1e-12),)]


def test_init_without_data_or_with_a_wrong_code_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DuidingError, match="Geen KWB-gegevens: geef de bestanden"):
        gemeente_init(tmp_path / "a", gemeente_code="GM0344")
    with pytest.raises(DuidingError, match="Ongeldige gemeentecode 'Utrecht'"):
        gemeente_init(tmp_path / "b", gemeente_code="Utrecht", kwb_files=UTRECHT_FILES)
    with pytest.raises(DuidingError, match="KWB 2023 komt twee keer voor"):
        gemeente_init(tmp_path / "c", gemeente_code="GM0344", kwb_files=(CBS_2023_XLS, CBS_2023_XLS))
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists() and not (tmp_path / "c").exists()


def test_cli_init_reports_what_it_did(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DUIDING_PSEUDONYM_KEY", "DUIDING_PSEUDONYM_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    files = [arg for path in UTRECHT_FILES[2:] for arg in ("--kwb", str(path))]
    result = CliRunner().invoke(main, ["init", "-w", str(tmp_path / "w"), "--gemeente", "GM0344", *files])
    assert result.exit_code == 0, result.output
    assert "Werkruimte voor Utrecht (GM0344)" in result.output
    assert "KWB-jaren: 2023, 2024" in result.output
    assert re.search(r"Optelling: \d+ van \d+ gemeentetotalen kloppen", result.output)
    assert "wachten op gegevens" in result.output and "Sjablonen om in te vullen" in result.output
    assert re.search(r"Monitor 'wijkteam': alle \d+ indicatoren wachten op gegevens\.", result.output)
    computed = re.search(r"waarnemingen berekend voor \d+ indicatoren \(([^)]*)\)", result.output)
    assert computed and "wijkteam" not in computed.group(1)  # it computed nothing of wijkteam
    assert "Maak er een buiten de werkruimte met 'duiding key ~/.config/duiding/pseudoniem.key'" in result.output
    bad = CliRunner().invoke(main, ["init", "-w", str(tmp_path / "x"), "--gemeente", "GM12"])
    assert bad.exit_code == 1 and "Ongeldige gemeentecode 'GM12'" in bad.output
    wrong = tmp_path / "kwb-2023.csv"
    wrong.write_text("dit;is;geen\nKWB;bestand;\n", encoding="utf-8")
    refused = CliRunner().invoke(main, ["init", "-w", str(tmp_path / "y"), "--gemeente", "GM0344", "--kwb", str(wrong)])
    assert refused.exit_code == 1, refused.output
    assert "Indicatoren berekenen" not in refused.output  # no progress bar before the error
    shutil.rmtree(tmp_path / "w")


def test_online_init_fetches_kwb_from_statline_and_matches_the_downloaded_file(cbs: CbsServer, tmp_path: Path) -> None:
    """The StatLine path (against a local server with the CBS fixtures) gives the same figures as the CSV."""
    serve_kwb_2019(cbs)
    online = gemeente_init(
        tmp_path / "online", gemeente_code="GM0344", online=True, years=(2019,), base_url=cbs.base_url
    )
    offline = gemeente_init(tmp_path / "offline", gemeente_code="GM0344", kwb_files=UTRECHT_FILES[:1])
    query = "SELECT indicator, area_code, numerator, denominator, value FROM observations ORDER BY ALL"
    assert _query(online, query) == _query(offline, query)
    assert online.workspace.settings.gemeente_naam == "Utrecht" and online.releases[0].year == 2019


def test_online_init_without_network_names_the_offline_route(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(DuidingError, match=r"CBS StatLine is niet bereikbaar .* gebruik --kwb"):
        gemeente_init(
            tmp_path / "w",
            gemeente_code="GM0344",
            online=True,
            years=(2019,),
            base_url=f"http://127.0.0.1:{port}/odata",
        )


def test_quality_report_shows_the_load_and_the_totals_explanations(utrecht: InitResult) -> None:
    result = CliRunner().invoke(main, ["quality", "-w", str(utrecht.workspace.root), "cbs_kwb"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "cbs_kwb"
    assert lines[1].startswith(f"  actieve versie {utrecht.load.load_id}: cbs_kwb.csv, {utrecht.load.rows} rijen, ")
    assert lines[3].startswith("  - optelling: ")
    check = next(c for c in utrecht.totals if (c.year, c.variable, c.level) == (2023, "inwoners", "wijk"))
    assert f"  - inwoners 2023 (wijk): {check.sentence()}" in lines
    unknown = CliRunner().invoke(main, ["quality", "-w", str(utrecht.workspace.root), "jeugdhulp_trajecten"])
    assert unknown.exit_code == 1 and "Geen geladen bron 'jeugdhulp_trajecten'" in unknown.output

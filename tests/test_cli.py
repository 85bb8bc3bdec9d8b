"""The duiding command: exit codes 0 / 1 / 2, Dutch messages, --workspace everywhere."""

from __future__ import annotations

import re
import subprocess
import urllib.request
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from duiding.analysis import signal_latest
from duiding.cli import main
from duiding.workspace import Workspace, workspace_open
from tests.server import DUIDING


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(DUIDING), *args], capture_output=True, text=True, timeout=300, check=False)


def test_every_command_takes_workspace() -> None:
    runner = CliRunner()
    for name in main.list_commands(None):  # type: ignore[arg-type]
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert "--workspace" in result.output, name


def test_demo_without_server_builds_the_workspace_and_exits_0(tmp_path: Path) -> None:
    root = tmp_path / "x"
    result = _run("demo", "--no-serve", "--workspace", str(root))
    assert result.returncode == 0, result.stderr
    assert "cbs_kwb: 7686 rijen geladen" in result.stderr
    assert re.search(r"jeugdhulp_trajecten: \d+ rijen geladen", result.stderr)
    assert "wachten op gegevens" not in result.stderr  # every library source has (simulated) data
    assert (root / "duiding.toml").is_file()
    assert (root / "monitors" / "participatie.yaml").is_file()
    con = duckdb.connect(str(root / "warehouse.duckdb"), read_only=True)
    try:
        wijken = con.execute(
            "SELECT count(*) FROM observations WHERE indicator = 'bijstand_per_1000' AND area_level = 'wijk'"
            " AND value IS NOT NULL"
        ).fetchall()[0][0]
    finally:
        con.close()
    assert wijken == 10
    again = _run("demo", "--no-serve", "--workspace", str(root))
    assert again.returncode == 0
    assert "cbs_kwb: ongewijzigd" in again.stderr
    assert "jeugdhulp_trajecten: ongewijzigd" in again.stderr


def test_not_a_workspace_exits_1_with_dutch_message(tmp_path: Path) -> None:
    result = _run("serve", "--workspace", str(tmp_path))
    assert result.returncode == 1
    assert f"Fout: {tmp_path} is geen Duiding-werkruimte: duiding.toml ontbreekt." in result.stderr


def test_usage_error_exits_2() -> None:
    result = _run("demo", "--port", "nul")
    assert result.returncode == 2
    assert "'nul' is not a valid integer" in result.stderr or "nul" in result.stderr


def test_check_reports_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "monitors" / "m.yaml"
    path.parent.mkdir()
    path.write_text("id: m\ntitle: M\npurpose: [sturen]\n", encoding="utf-8")
    result = _run("check", "--workspace", str(tmp_path), str(path))
    assert result.returncode == 1
    assert result.stderr.strip() == f"{path}:1: indicators: verplicht veld ontbreekt"


def test_compute_and_explain(demo_root: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main, ["compute", "--workspace", str(demo_root), "--monitor", "participatie", "--explain", "bijstand_per_1000"]
    )
    assert result.exit_code == 0
    assert 'FROM "src_cbs_kwb"' in result.output
    missing = runner.invoke(main, ["compute", "--workspace", str(demo_root), "--explain", "bijstand_per_1000"])
    assert missing.exit_code == 2


@pytest.mark.slow
def test_serve_shows_the_indicator_page(live_url: str) -> None:
    with urllib.request.urlopen(live_url + "/monitors/participatie/indicatoren/bijstand_per_1000/") as response:
        html = response.read().decode()
    assert response.status == 200
    assert "Wijk 03 Overvecht" in html
    assert "76,8" in html
    with urllib.request.urlopen(live_url + "/static/vendor/vega-embed/vega-embed.min.js") as response:
        assert response.status == 200


def test_check_tests_a_monitor_against_the_workspace_sources(demo_root: Path, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "id: m\ntitle: M\npurpose: [sturen]\nindicators:\n"
        "- id: goed\n  title: Goed\n  definition: x\n  level: output\n  unit: x\n  polarity: neutral\n"
        "  formula: {kind: count, measure: {source: wmo_voorzieningen}}\n"
        "- id: fout\n  title: Fout\n  definition: x\n  level: output\n  unit: x\n  polarity: neutral\n"
        "  formula: {kind: count, measure: {source: wmo_voorzieningen, where: [{column: kleur, equals: rood}]}}\n",
        encoding="utf-8",
    )
    result = _run("check", "--workspace", str(demo_root), str(path))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"{path}:18: indicator 'fout': kolom 'kleur' bestaat niet in bron 'wmo_voorzieningen'"
    )
    library = sorted(str(p) for p in (demo_root / "monitors").glob("*.yaml"))
    assert _run("check", "--workspace", str(demo_root), *library).returncode == 0


def test_compute_analyses(workspace_copy: Workspace) -> None:
    result = CliRunner().invoke(main, ["compute", "--workspace", str(workspace_copy.root)])
    assert result.exit_code == 0, result.output
    pattern = r"Analyse: (\d+) intervallen, \d+ vergelijkingen, \d+ signalen, \d+ voorspellingen"
    match = re.search(pattern, result.output)
    assert match and int(match.group(1)) > 100


def test_signals_lists_the_stored_signals(demo_root: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["signals", "--workspace", str(demo_root), "--monitor", "participatie"])
    assert listed.exit_code == 0, listed.output
    found = signal_latest(workspace_open(demo_root), monitor="participatie")
    assert found
    assert f"(participatie): {len(found)} signaal/signalen" in listed.output
    for signal in found:
        assert signal.sentence in listed.output
    unknown = runner.invoke(main, ["signals", "--workspace", str(demo_root), "--monitor", "bestaat_niet"])
    assert unknown.exit_code == 1
    assert "Onbekende monitor 'bestaat_niet'" in unknown.output


def test_check_tests_targets_against_the_workspace_areas(kwb_root: Path, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "id: m\ntitle: M\npurpose: [sturen]\nindicators:\n"
        "- id: inw\n  title: Inwoners\n  definition: x\n  level: output\n  unit: x\n  polarity: neutral\n"
        "  formula: {kind: count, measure: {source: cbs_kwb, variable: inwoners}}\n"
        "  targets:\n  - {value: 1, direction: at_least, by: 2030-12-31, area: WK034403}\n"
        "  - {value: 1, direction: at_least, by: 2030-12-31, area: WK039903}\n",
        encoding="utf-8",
    )
    result = _run("check", "--workspace", str(kwb_root), str(path))
    assert result.returncode == 1
    assert result.stderr.strip().startswith(
        f"{path}:14: indicator 'inw': doel voor gebied 'WK039903', maar dat gebied bestaat niet in de werkruimte"
    )


def test_key_makes_a_private_key_once_and_never_inside_the_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from duiding.ingest.pseudonym import KEY_ENV, KEY_FILE_ENV, key_load

    workspace = tmp_path / "werkruimte"
    workspace.mkdir()
    path = tmp_path / "geheim" / "pseudoniem.key"
    made = _run("key", "--workspace", str(workspace), str(path))
    assert made.returncode == 0, made.stderr
    assert f"export {KEY_FILE_ENV}={path}" in made.stderr
    assert path.stat().st_mode & 0o777 == 0o600
    text = path.read_text(encoding="ascii").strip()
    assert len(text) == 64 and int(text, 16) >= 0
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.setenv(KEY_FILE_ENV, str(path))
    assert key_load() == text.encode("ascii")

    again = _run("key", "--workspace", str(workspace), str(path))
    assert again.returncode == 1
    assert "bestaat al" in again.stderr and "nooit overschreven" in again.stderr
    assert path.read_text(encoding="ascii").strip() == text  # the first key is untouched

    inside = _run("key", "--workspace", str(workspace), str(workspace / "sleutel.key"))
    assert inside.returncode == 1
    assert "ligt in de werkruimte" in inside.stderr
    assert not (workspace / "sleutel.key").exists()

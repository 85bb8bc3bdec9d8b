"""``duiding export``: exit 0 with a message, 1 with a Dutch error, 2 on a usage error."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from duiding.cli import main


def test_export_writes_the_file_and_says_so(kwb_root: Path, tmp_path: Path) -> None:
    target = tmp_path / "participatie.xlsx"
    result = CliRunner().invoke(
        main, ["export", "-w", str(kwb_root), "--monitor", "participatie", "--format", "xlsx", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == f"366 waarnemingen geschreven naar {target}.\n"
    assert target.read_bytes().startswith(b"PK")  # a zip container, as xlsx is


def test_unknown_monitor_exits_1(kwb_root: Path, tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    result = CliRunner().invoke(
        main,
        ["export", "--workspace", str(kwb_root), "--monitor", "jeugd", "--format", "csv", "--output", str(target)],
    )
    assert result.exit_code == 1
    assert result.stderr == "Fout: Onbekende monitor 'jeugd'. Bekende monitors: participatie.\n"
    assert not target.exists()


def test_bad_format_exits_2(kwb_root: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["export", "-w", str(kwb_root), "--monitor", "participatie", "--format", "pdf", "-o", str(tmp_path / "x")],
    )
    assert result.exit_code == 2
    assert "'pdf' is not one of 'csv', 'json', 'xlsx'" in result.stderr


def test_cli_format_choices_are_the_export_formats() -> None:
    from duiding.cli import EXPORT_FORMATS
    from duiding.exports import ExportFormat

    assert tuple(f.value for f in ExportFormat) == EXPORT_FORMATS


def test_a_monitor_whose_indicators_wait_says_for_which_source(workspace_copy, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from duiding.definitions import monitor_load
    from duiding.engine import compute
    from duiding.library import LIBRARY

    root = workspace_copy.root
    for path in (LIBRARY / "sources").glob("*.yaml"):
        (root / "sources" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    wijkteam = LIBRARY / "monitors" / "wijkteam.yaml"
    (root / "monitors" / "wijkteam.yaml").write_text(wijkteam.read_text(encoding="utf-8"), encoding="utf-8")
    compute(workspace_copy)
    target = tmp_path / "wijkteam.csv"
    result = CliRunner().invoke(
        main, ["export", "-w", str(root), "--monitor", "wijkteam", "--format", "csv", "-o", str(target)]
    )
    assert result.exit_code == 1, result.output
    count = len(monitor_load(wijkteam).indicators)
    assert f"Monitor 'wijkteam' heeft nog geen cijfers: {count} van de {count} indicatoren wachten" in result.stderr
    assert "bron 'wijkteam_contacten' (voor " in result.stderr and result.stderr.count("Laad eerst ") == 1
    assert "draai eerst 'duiding compute'" not in result.stderr
    assert not target.exists()

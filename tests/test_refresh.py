"""All or nothing and one writer at a time: ``duiding compute`` killed half-way publishes
nothing and leaves no workers, a second writer waits or is told in Dutch, and every
unprotected export says so and names the account that asked."""

from __future__ import annotations

import csv
import json
import os
import pwd
import signal
import subprocess
from pathlib import Path

import duckdb
import openpyxl
from click.testing import CliRunner

from duiding.cli import main
from duiding.exports import ExportFormat, export_write
from duiding.refresh import refresh
from duiding.warehouse import LOCK_WAIT_ENV, LOCK_WAIT_SECONDS, WORK_DIR
from duiding.workspace import Workspace
from tests.exports.readers import DESIGN_COLUMNS, csv_rows
from tests.processes import alive, children, command_line, duiding_start, lock_holder, wait_for
from tests.server import DUIDING

SPAWNED_WORKER = "multiprocessing.spawn"
ACCOUNT = pwd.getpwuid(os.geteuid()).pw_name


def _export(workspace: Workspace, target: Path) -> bytes:
    export_write(workspace, monitor="participatie", fmt=ExportFormat.CSV, path=target)
    return target.read_bytes()


def _state(workspace: Workspace) -> tuple[object, ...]:
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        return tuple(
            con.execute(query).fetchall()[0][0]
            for query in (
                "SELECT max(computed_at) FROM observations",
                "SELECT max(computed_at) FROM protections",
                "SELECT max(computed_at) FROM intervals",
                "SELECT count(*) FROM loads",
            )
        )
    finally:
        con.close()


def _workers(pid: int) -> set[int]:
    return {child for child in children(pid) if SPAWNED_WORKER in command_line(child)}


def test_compute_killed_during_protection_publishes_nothing_and_leaves_no_workers(
    workspace_copy: Workspace, tmp_path: Path
) -> None:
    refresh(workspace_copy)  # the old state: observations, protections and intervals of one compute
    before = _export(workspace_copy, tmp_path / "voor.csv")
    state = _state(workspace_copy)
    assert all(row["ci_low"] is not None for row in csv_rows(tmp_path / "voor.csv") if row["value"] is not None)
    process = duiding_start("compute", "--workspace", str(workspace_copy.root))
    seen: set[int] = set()
    workers: set[int] = set()

    def working() -> bool:
        seen.update(children(process.pid))
        workers.update(_workers(process.pid))
        return bool(workers)  # the pools start after the observations are stored

    wait_for(working, timeout=120, what="compute start zijn werkprocessen (beveiligen)")
    seen.update(children(process.pid))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    wait_for(lambda: not any(alive(pid) for pid in seen), timeout=10, what="alle processen van compute gestopt")
    assert workers <= seen
    assert _state(workspace_copy) == state
    assert _export(workspace_copy, tmp_path / "na.csv") == before
    again = subprocess.run(
        [str(DUIDING), "compute", "--workspace", str(workspace_copy.root)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    after = _state(workspace_copy)
    assert after[0] > state[0] and after[0] == after[1] == after[2]  # the next compute publishes all three
    assert not (workspace_copy.root / WORK_DIR).exists()


def test_a_second_writer_is_told_in_dutch_or_waits_its_turn(workspace_copy: Workspace) -> None:
    root = str(workspace_copy.root)
    first = duiding_start("compute", "--workspace", root)
    wait_for(lambda: lock_holder(workspace_copy.root) == first.pid, timeout=60, what="compute houdt het slot")
    refused = subprocess.run(
        [str(DUIDING), "compute", "--workspace", root],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, LOCK_WAIT_ENV: "1"},
    )
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"Fout: Er wordt al geladen of berekend in deze werkruimte (door proces {first.pid}); "
        "probeer het over een paar minuten opnieuw."
    )
    for command in ("compute", "load"):  # the help names the wait the code uses
        shown = " ".join(CliRunner().invoke(main, [command, "--help"]).output.split())
        assert f"wacht hoogstens {LOCK_WAIT_ENV} seconden (standaard {LOCK_WAIT_SECONDS:g})" in shown
    waiting = duiding_start("compute", "--workspace", root, env={LOCK_WAIT_ENV: "300"})
    _, first_err = first.communicate(timeout=300)
    assert first.returncode == 0, first_err
    _, waiting_err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, waiting_err
    assert "Analyse:" in waiting_err and "Traceback" not in waiting_err


def _unprotected(workspace: Workspace, fmt: str, target: Path) -> subprocess.CompletedProcess[str]:
    process = duiding_start(
        "export",
        "--workspace",
        str(workspace.root),
        "--monitor",
        "participatie",
        "--format",
        fmt,
        "-o",
        str(target),
        "--onbeschermd",
        "controle uitschieters wijk West",
        env={"USER": "iemand-anders", "LOGNAME": "iemand-anders"},
    )
    out, err = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode or 0, out, err)


def test_every_unprotected_file_says_so_and_names_the_account_that_asked(
    workspace_copy: Workspace, tmp_path: Path
) -> None:
    recorded = f"{ACCOUNT} (systeemaccount)"
    for fmt in ("csv", "json", "xlsx"):
        result = _unprotected(workspace_copy, fmt, tmp_path / f"onbeschermd.{fmt}")
        assert result.returncode == 0, result.stderr
    with (tmp_path / "onbeschermd.csv").open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0][0].startswith("ONBESCHERMD: alleen voor kwaliteitscontrole door de analist, niet verspreiden.")
    assert f"Opgevraagd door {recorded} op " in lines[0][0] and lines[0][0].endswith(
        "reden: controle uitschieters wijk West"
    )
    assert lines[1] == DESIGN_COLUMNS
    document = json.loads((tmp_path / "onbeschermd.json").read_text(encoding="utf-8"))
    assert document["unprotected"].startswith("ONBESCHERMD: alleen voor kwaliteitscontrole")
    assert f"Opgevraagd door {recorded} op " in document["unprotected"]
    sheet = openpyxl.load_workbook(tmp_path / "onbeschermd.xlsx")["Bron"]
    assert any(f"Opgevraagd door {recorded}" in str(cell.value) for row in sheet.iter_rows() for cell in row)
    con = duckdb.connect(str(workspace_copy.warehouse_path), read_only=True)
    try:
        log = con.execute("SELECT DISTINCT user_name, purpose FROM disclosure_log").fetchall()
    finally:
        con.close()
    assert log == [(recorded, "controle uitschieters wijk West")]  # the account, not $USER
    protected = tmp_path / "beschermd.csv"
    export_write(workspace_copy, monitor="participatie", fmt=ExportFormat.CSV, path=protected)
    assert "ONBESCHERMD" not in protected.read_text(encoding="utf-8-sig")
    assert csv_rows(protected)  # a protected file keeps the header on its first line

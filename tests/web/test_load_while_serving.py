"""The web app keeps answering while a real ``duiding load`` and ``duiding compute`` run in
another process: every page is the old state or the new, never an error or a mix."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

from django.test import Client
from pytest_django import Settings

from duiding.demo.build import KWB_UTRECHT
from duiding.refresh import refresh
from duiding.workspace import Workspace
from tests.processes import duiding_start, lock_holder
from tests.web.pages import table_rows

URL = "/monitors/participatie/indicatoren/bijstand_per_1000/"


def _wijken(html: str) -> dict[str, list[str]]:
    return table_rows(html, "wijktabel")


def _kwb_with_more_bijstand(target: Path) -> Path:
    """Utrecht's KWB file with every published bijstand count doubled: a new version whose figures differ."""
    with (
        KWB_UTRECHT.open(encoding="utf-8", newline="") as source,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        reader = csv.DictReader(source)
        writer = csv.DictWriter(out, fieldnames=list(reader.fieldnames or ()))
        writer.writeheader()
        for row in reader:
            if row["indicator"] == "bijstand_personen" and row["waarde"].strip().isdigit():
                row["waarde"] = str(2 * int(row["waarde"]))
            writer.writerow(row)
    return target


def _serve_while(process: subprocess.Popen[str], client: Client, root: Path) -> list[tuple[int, str, bool]]:
    """Ask for the page until ``process`` ends: (status, body, whether a writer held the lock then)."""
    answers = []
    while process.poll() is None:
        writing = lock_holder(root) == process.pid
        response = client.get(URL)
        answers.append((response.status_code, response.content.decode(), writing))
    _, err = process.communicate()
    assert process.returncode == 0, err
    return answers


def test_pages_answer_with_the_old_or_new_state_during_load_and_compute(
    settings: Settings, workspace_copy: Workspace, tmp_path: Path
) -> None:
    refresh(workspace_copy)
    settings.DUIDING_WORKSPACE = workspace_copy.root
    client = Client(raise_request_exception=False)
    first = client.get(URL)
    assert first.status_code == 200
    old = _wijken(first.content.decode())
    root = str(workspace_copy.root)
    kwb = _kwb_with_more_bijstand(tmp_path / "kwb_meer_bijstand.csv")
    answers = _serve_while(duiding_start("load", "--workspace", root, "cbs_kwb", str(kwb)), client, workspace_copy.root)
    answers += _serve_while(duiding_start("compute", "--workspace", root), client, workspace_copy.root)
    new = _wijken(client.get(URL).content.decode())
    assert new != old  # the doubled counts were published
    assert [status for status, *_ in answers] == [200] * len(answers)
    assert all(_wijken(body) in (old, new) for _, body, _ in answers)
    assert sum(writing for *_, writing in answers) >= 3  # pages were served while a writer held the lock

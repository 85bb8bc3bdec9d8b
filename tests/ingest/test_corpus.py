"""Every broken file in the corpus gets its exact Dutch report, and nothing changes."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from duiding.errors import LoadError
from duiding.ingest import source_load_file
from duiding.library import LIBRARY
from duiding.workspace import Workspace

CORPUS = Path(__file__).parent / "corpus"
CASES: list[dict[str, Any]] = yaml.safe_load((CORPUS / "corpus.yaml").read_text(encoding="utf-8"))


def _state(workspace: Workspace) -> tuple[object, ...]:
    con = duckdb.connect(str(workspace.warehouse_path), read_only=True)
    try:
        tables = sorted(r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall())
        counts = tuple(con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in tables)
        loads = con.execute("SELECT load_id, source_id, sha256, active FROM loads ORDER BY load_id").fetchall()
        kwb = con.execute("SELECT sum(value) FROM src_cbs_kwb").fetchall()[0][0]
    finally:
        con.close()
    return tuple(tables), counts, tuple(loads), kwb


def test_the_corpus_is_large_and_every_file_is_covered() -> None:
    files = sorted(p.name for p in CORPUS.iterdir() if p.is_file() and p.suffix not in {".py", ".yaml"})
    assert files == sorted(case["file"] for case in CASES)
    assert len(files) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_broken_file_is_refused_with_its_report(workspace_copy: Workspace, case: dict[str, Any]) -> None:
    for name in ("jeugdhulp_trajecten", "wijkteam_contacten", "vve_deelname"):
        shutil.copyfile(LIBRARY / "sources" / f"{name}.yaml", workspace_copy.sources_dir / f"{name}.yaml")
    before = _state(workspace_copy)
    with pytest.raises(LoadError) as caught:
        source_load_file(workspace_copy, source_id=case["source"], path=CORPUS / case["file"], sheet=case.get("sheet"))
    assert str(caught.value) == case["message"]
    assert _state(workspace_copy) == before

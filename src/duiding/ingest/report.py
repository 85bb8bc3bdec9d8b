"""The quality report per source: its load history and what the checks found in the active version.

Findings can mention small numbers of rows (a thin month of one aanbieder), so this report is
for the analist's quality control only: the CLI shows it, and the web app will show it behind
the analist role, never on public pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from duiding.ingest.results import QualityFinding
from duiding.warehouse import warehouse_connect


@dataclass(frozen=True)
class LoadRecord:
    load_id: int
    file_name: str
    rows: int
    loaded_at: datetime
    loaded_by: str
    active: bool


@dataclass(frozen=True)
class SourceQuality:
    """One source: every load (newest first) and the findings of the active one."""

    source_id: str
    loads: tuple[LoadRecord, ...]
    findings: tuple[QualityFinding, ...]

    @property
    def active(self) -> LoadRecord | None:
        return next((load for load in self.loads if load.active), None)


def quality_report(warehouse: Path, *, source_id: str | None = None) -> list[SourceQuality]:
    """The quality report of every loaded source, or of one."""
    if not warehouse.exists():
        return []
    con = warehouse_connect(warehouse, read_only=True)
    try:
        where, params = ("WHERE source_id = ?", [source_id]) if source_id else ("", [])
        loads = con.execute(
            "SELECT source_id, load_id, file_name, row_count, loaded_at, loaded_by, active FROM loads "
            f"{where} ORDER BY source_id, load_id DESC",  # only a constant clause is formatted in
            params,
        ).fetchall()
        findings = con.execute(
            "SELECT l.source_id, q.check_name, q.subject, q.message FROM load_quality q "
            "JOIN loads l ON l.load_id = q.load_id AND l.active ORDER BY l.source_id, q.rowid"
        ).fetchall()
    finally:
        con.close()
    per_source: dict[str, list[LoadRecord]] = {}
    for source, load_id, file_name, rows, loaded_at, loaded_by, active in loads:
        per_source.setdefault(source, []).append(LoadRecord(load_id, file_name, rows, loaded_at, loaded_by, active))
    return [
        SourceQuality(
            source,
            tuple(records),
            tuple(QualityFinding(check, subject, message) for s, check, subject, message in findings if s == source),
        )
        for source, records in per_source.items()
    ]

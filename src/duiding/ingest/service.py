"""The one entry point for loading a file into a workspace source (CLI now, web upload later)."""

from __future__ import annotations

from pathlib import Path

from duiding.definitions import sources_load
from duiding.definitions.models import POSTCODE_SOURCE, SourceKind
from duiding.errors import LoadError
from duiding.ingest.kwb import kwb_long_load
from duiding.ingest.microdata import Step, microdata_load
from duiding.ingest.postcodes import postcode_buurt_load
from duiding.ingest.results import LoadResult
from duiding.warehouse import warehouse_write
from duiding.workspace import Workspace


def source_load_file(
    workspace: Workspace,
    *,
    source_id: str,
    path: Path,
    loaded_by: str | None = None,
    sheet: str | None = None,
    progress: Step | None = None,
    key: bytes | None = None,
) -> LoadResult:
    """Load ``path`` as a new version of ``source_id``; on any problem nothing changes.

    The load holds the workspace's writer lock and is published in one step
    (``warehouse_write``): readers keep the previous version until it is complete.
    ``postcode_buurt`` is built in: the table that places postcodes in buurten.
    """
    with warehouse_write(workspace) as work:
        return _load(work, source_id=source_id, path=path, loaded_by=loaded_by, sheet=sheet, progress=progress, key=key)


def _load(
    workspace: Workspace,
    *,
    source_id: str,
    path: Path,
    loaded_by: str | None,
    sheet: str | None,
    progress: Step | None,
    key: bytes | None,
) -> LoadResult:
    if source_id == POSTCODE_SOURCE:
        return postcode_buurt_load(
            workspace.warehouse_path,
            path=path,
            gemeente_code=workspace.settings.gemeente_code,
            loaded_by=loaded_by,
            sheet=sheet,
        )
    sources = sources_load(workspace.sources_dir)
    source = sources.get(source_id)
    if source is None:
        known = ", ".join(sorted([*sources, POSTCODE_SOURCE]))
        raise LoadError(f"Onbekende bron '{source_id}'. Bronnen in deze werkruimte: {known}.")
    if source.kind is SourceKind.AGGREGATE:
        return kwb_long_load(workspace.warehouse_path, source_id=source.id, path=path, loaded_by=loaded_by)
    return microdata_load(
        workspace.warehouse_path, source=source, path=path, loaded_by=loaded_by, sheet=sheet, progress=progress, key=key
    )

"""``duiding init``: a working workspace for any gemeente from CBS data, in one step.

Steps:

1. read the KWB tables: files the user downloaded from CBS (OData CSV, the xls/xlsx release),
   or fetched from CBS StatLine when asked to go online; variables are matched by their CBS
   key, and what cannot be matched is reported;
2. create the workspace with the standard monitor library and its sources;
3. write one harmonised KWB table into the workspace and load it (areas per year, breaks
   between indelingen, suppressed values kept missing);
4. compare gemeente totals with the sums over wijken and buurten (quality findings);
5. load wijk and buurt boundaries for maps, if given;
6. compute every indicator that CBS data alone allows; the others wait for the gemeente's
   registrations, each with a template file in ``sjablonen/``.

Safe to run twice: an unchanged KWB table is not loaded again, results are replaced atomically.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from duiding.definitions import monitor_dump, monitors_load, source_dump, sources_load
from duiding.engine import ComputeResult
from duiding.engine.service import Progress, compute_check
from duiding.errors import LoadError, WorkspaceError
from duiding.geography.boundaries import BoundaryLoad, boundaries_load
from duiding.ingest import LoadResult, QualityFinding, kwb_long_load
from duiding.ingest.kwb_raw import KwbRelease, kwb_long_write, kwb_release_read, kwb_rows_harmonise
from duiding.ingest.statline import DEFAULT_BASE_URL, kwb_statline_fetch
from duiding.library import LIBRARY
from duiding.onboarding.templates import templates_write, waiting_by_source
from duiding.onboarding.totals import TotalCheck, totals_check, totals_findings
from duiding.refresh import compute_stage, refresh
from duiding.warehouse import warehouse_connect, warehouse_transaction, warehouse_write
from duiding.workspace import SETTINGS_FILE, Workspace, WorkspaceSettings, workspace_create, workspace_open

KWB_SOURCE = "cbs_kwb"
KWB_FILE = "bronnen/cbs_kwb.csv"
"""The harmonised KWB table inside the workspace: what was loaded, readable by anyone."""
_GEMEENTE = re.compile(r"^GM\d{4}$")
Say = Callable[[str], None]


@dataclass(frozen=True)
class InitResult:
    workspace: Workspace
    releases: tuple[KwbRelease, ...]
    load: LoadResult
    totals: tuple[TotalCheck, ...]
    boundaries: tuple[BoundaryLoad, ...]
    computed: ComputeResult
    templates: tuple[Path, ...] = field(default=())

    @property
    def unmatched(self) -> dict[int, tuple[str, ...]]:
        """Per KWB year, the CBS columns that could not be matched to a Duiding variable."""
        return {r.year: r.unmatched for r in self.releases if r.unmatched}


def _code(gemeente_code: str) -> str:
    code = gemeente_code.strip().upper()
    if not _GEMEENTE.match(code):
        raise LoadError(f"Ongeldige gemeentecode '{gemeente_code}': verwacht GM en vier cijfers, bijvoorbeeld GM0344.")
    return code


def _releases(
    code: str, files: Sequence[Path], years: Sequence[int], online: bool, base_url: str, say: Say
) -> list[KwbRelease]:
    releases = [kwb_release_read(path, gemeente_code=code) for path in files]
    if online:
        for year in years:
            say(f"KWB {year} ophalen bij CBS StatLine …")
            table = kwb_statline_fetch(year, gemeente_code=code, base_url=base_url)
            releases.append(
                kwb_rows_harmonise(
                    table.row_keys, table.rows, gemeente_code=code, year=year, source_name=table.source_url
                )
            )
    if not releases:
        raise LoadError(
            "Geen KWB-gegevens: geef de bestanden die je bij CBS downloadde met --kwb BESTAND (een per jaar), "
            "of gebruik --online om ze bij CBS StatLine op te halen."
        )
    seen: dict[int, str] = {}
    for release in releases:
        if release.year in seen:
            raise LoadError(
                f"KWB {release.year} komt twee keer voor ({seen[release.year]} en {release.source_name}); "
                "geef per jaar één bestand."
            )
        seen[release.year] = release.source_name
    return sorted(releases, key=lambda r: r.year)


def _gemeente_name(releases: Sequence[KwbRelease], code: str) -> str:
    return next((r.gemeente_name for r in reversed(releases) if r.gemeente_name), code)


def _gemeente_named(release: KwbRelease) -> KwbRelease:
    """The release with the gemeente's own rows named (``Gemeentenaam``/``gm_naam``) where they hold no name.

    Wijken and buurten without a name get theirs when the areas are refreshed (``geography.names``).
    """
    if not release.gemeente_name:
        return release
    rows = [
        {**row, "regio_naam": release.gemeente_name}
        if row["regio_type"] == "Gemeente" and not row["regio_naam"].strip()
        else row
        for row in release.rows
    ]
    return replace(release, rows=rows)


def _library(workspace: Workspace) -> None:
    """The standard library's monitors and sources, unless the workspace already has its own version."""
    for monitor in monitors_load(LIBRARY / "monitors").values():
        path = workspace.monitors_dir / f"{monitor.id}.yaml"
        if not path.exists():
            path.write_text(monitor_dump(monitor), encoding="utf-8")
    for source in sources_load(LIBRARY / "sources").values():
        path = workspace.sources_dir / f"{source.id}.yaml"
        if not path.exists():
            path.write_text(source_dump(source), encoding="utf-8")


def _workspace(root: Path, code: str, name: str) -> Workspace:
    if (root / SETTINGS_FILE).is_file():
        existing = workspace_open(root)
        if existing.settings.gemeente_code != code:
            raise WorkspaceError(
                f"{existing.root} is al een werkruimte voor {existing.settings.gemeente_naam} "
                f"({existing.settings.gemeente_code}); kies een andere map voor {code}."
            )
        return existing
    return workspace_create(root=root, settings=WorkspaceSettings(gemeente_code=code, gemeente_naam=name))


def _totals(workspace: Workspace, load: LoadResult, releases: Sequence[KwbRelease]) -> list[TotalCheck]:
    con = warehouse_connect(workspace.warehouse_path, read_only=True)
    try:
        checks = totals_check(con, source_table=f"src_{KWB_SOURCE}")
    finally:
        con.close()
    if not load.unchanged:
        findings: list[QualityFinding] = totals_findings(checks) + [
            QualityFinding(
                "columns",
                f"KWB {r.year}",
                f"{len(r.unmatched)} kolom(men) uit {r.source_name} niet herkend en niet geladen: "
                + ", ".join(r.unmatched),
            )
            for r in releases
            if r.unmatched
        ]
        with warehouse_transaction(workspace.warehouse_path) as db:
            if findings:
                db.executemany(
                    "INSERT INTO load_quality VALUES (?, ?, ?, ?)",
                    [(load.load_id, f.check, f.subject, f.message) for f in findings],
                )
    return checks


def gemeente_init(
    root: Path,
    *,
    gemeente_code: str,
    kwb_files: Sequence[Path] = (),
    boundary_files: Sequence[Path] = (),
    online: bool = False,
    years: Sequence[int] = (),
    base_url: str = DEFAULT_BASE_URL,
    progress: Progress | None = None,
    say: Say | None = None,
) -> InitResult:
    """Create or refresh a workspace for ``gemeente_code`` from CBS data (see the module's steps)."""
    tell = say or (lambda _: None)
    code = _code(gemeente_code)
    releases = _releases(code, kwb_files, years, online, base_url, tell)
    for release in releases:
        if release.unmatched:
            shown = ", ".join(release.unmatched[:8]) + (" …" if len(release.unmatched) > 8 else "")
            tell(f"KWB {release.year}: {len(release.unmatched)} kolom(men) niet herkend (niet geladen): {shown}")
    workspace = _workspace(root, code, _gemeente_name(releases, code))
    _library(workspace)
    harmonised = workspace.root / KWB_FILE
    harmonised.parent.mkdir(exist_ok=True)
    kwb_long_write([_gemeente_named(r) for r in releases], harmonised)
    compute_check(workspace)  # a definition error names the workspace's own files
    with warehouse_write(workspace) as work:  # loads and refresh are published at once, or not at all
        load = kwb_long_load(work.warehouse_path, source_id=KWB_SOURCE, path=harmonised, loaded_by="duiding init")
        tell(f"{KWB_SOURCE}: {'ongewijzigd' if load.unchanged else f'{load.rows} rijen geladen'}")
        totals = _totals(work, load, releases)
        boundaries = tuple(
            boundaries_load(work.warehouse_path, path=path, gemeente_code=code) for path in boundary_files
        )
        computed = refresh(work, stage=compute_stage(progress)).computed
    sources = sources_load(workspace.sources_dir)
    titles = {(m.id, i.id): i.title for m in monitors_load(workspace.monitors_dir).values() for i in m.indicators}
    waiting = waiting_by_source((titles[(w.monitor, w.indicator)], w.sources) for w in computed.waiting)
    templates = templates_write(workspace.root, waiting=waiting, sources=sources)
    return InitResult(workspace, tuple(releases), load, tuple(totals), boundaries, computed, tuple(templates))

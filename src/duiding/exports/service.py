"""``export_write``: a monitor's protected observations to a file, in one of three formats.

Steps:

1. find the monitor definition (an unknown id is a Dutch error naming the known ones);
2. read its observations through the privacy gate (``observation_list``), the only way
   observations leave the warehouse;
3. gather the attribution of the sources its indicators use and the suppression note;
4. write the chosen format to a temporary file beside the target and move it into place.

An unprotected export (the analist's quality control) is recorded by the gate with the
account that asked (published before the file is written), and the file says so.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import assert_never

from duiding.accounts import Account
from duiding.definitions import Indicator, Monitor, monitors_load, sources_load
from duiding.engine.validate import indicator_inputs
from duiding.errors import DuidingError
from duiding.exports.atomic import atomic_target
from duiding.exports.columns import ExportTable
from duiding.exports.csv import csv_write, formula_escape
from duiding.exports.json import json_write
from duiding.exports.xlsx import xlsx_write
from duiding.privacy import (
    SUPPRESSION_EXPLANATION,
    ProtectedObservation,
    indicator_min_count,
    observation_list,
    observation_list_unprotected,
)
from duiding.warehouse import loaded_sources, warehouse_write
from duiding.workspace import Workspace


class ExportFormat(StrEnum):
    """The file formats ``duiding export`` writes."""

    CSV = "csv"
    JSON = "json"
    XLSX = "xlsx"


def _monitor_get(workspace: Workspace, monitor: str) -> Monitor:
    monitors = monitors_load(workspace.monitors_dir)
    if monitor in monitors:
        return monitors[monitor]
    known = ", ".join(sorted(monitors)) or f"geen; {workspace.monitors_dir} bevat geen monitors"
    raise DuidingError(f"Onbekende monitor '{monitor}'. Bekende monitors: {known}.")


def attribution_lines(workspace: Workspace, indicators: Sequence[Indicator]) -> tuple[str, ...]:
    """The credit lines of the sources ``indicators`` use, each once, in order (``("Bron: CBS",)``)."""
    sources = sources_load(workspace.sources_dir)
    lines: dict[str, None] = {}
    for indicator in indicators:
        for source_id in indicator.sources:
            source = sources.get(source_id)
            if source is None:
                raise DuidingError(
                    f"Indicator '{indicator.id}' gebruikt bron '{source_id}', maar die staat niet in "
                    f"{workspace.sources_dir}; zonder bronvermelding wordt niets geëxporteerd."
                )
            lines[source.attribution] = None
    return tuple(lines)


def suppression_note(workspace: Workspace, definition: Monitor, indicators: Sequence[Indicator]) -> str:
    """``… minder dan 10 personen …``, or per threshold which of ``indicators`` use it when they differ."""
    thresholds: dict[int, list[str]] = {}
    for indicator in indicators:
        thresholds.setdefault(indicator_min_count(workspace, indicator, definition), []).append(indicator.id)
    if len(thresholds) == 1:
        min_count = str(next(iter(thresholds)))
    else:
        min_count = " of ".join(f"{count} ({', '.join(ids)})" for count, ids in sorted(thresholds.items()))
    return "Lege waarde met suppressed = waar: " + SUPPRESSION_EXPLANATION.format(min_count=min_count)


UNPROTECTED_MARK = "ONBESCHERMD: alleen voor kwaliteitscontrole door de analist, niet verspreiden."
"""The first words of every unprotected file (CSV: its first line; JSON: ``unprotected``; xlsx: sheet Bron)."""


def unprotected_note(account: Account, purpose: str, when: datetime) -> str:
    """``ONBESCHERMD: … Opgevraagd door jansen (systeemaccount) op 07-12-2026 15:30 UTC; reden: …``."""
    return (
        f"{UNPROTECTED_MARK} Opgevraagd door {account.recorded} op {when:%d-%m-%Y %H:%M} UTC; reden: {purpose.strip()}"
    )


def _unprotected_read(
    workspace: Workspace, monitor: str, purpose: str, account: Account
) -> tuple[ProtectedObservation, ...]:
    """The figures without disclosure control; who asked is recorded and published before any file is written."""
    with warehouse_write(workspace) as work:
        return tuple(observation_list_unprotected(work, monitor=monitor, purpose=purpose, user=account.recorded))


def _csv_mark(path: Path, note: str) -> None:
    """Put ``note`` as the first line of the CSV at ``path``, above the header (a separate step: ``csv_write``
    writes the columns of every export)."""
    line = io.StringIO()
    csv.writer(line).writerow([formula_escape(note)])  # the purpose is typed text
    body = path.read_text(encoding="utf-8-sig")
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        handle.write(line.getvalue() + body)


def export_write(
    workspace: Workspace,
    *,
    monitor: str,
    fmt: ExportFormat,
    path: Path,
    unprotected_purpose: str | None = None,
    account: Account | None = None,
) -> int:
    """Write the monitor's protected observations to ``path``; returns the number of rows.

    With ``unprotected_purpose`` the figures are written WITHOUT disclosure control, for the
    analist's own quality control: the gate records ``account`` (who asked), when and why,
    and the file says it is unprotected, by whom and why (``UNPROTECTED_MARK``).
    """
    definition = _monitor_get(workspace, monitor)
    note = ""
    if unprotected_purpose is not None:
        if account is None:
            raise ValueError("an unprotected export needs the account that asks for it")
        note = unprotected_note(account, unprotected_purpose, datetime.now(UTC))
        observations = _unprotected_read(workspace, monitor, unprotected_purpose, account)
    else:
        observations = tuple(observation_list(workspace, monitor=monitor))
    if not observations:
        waiting = export_waiting(workspace, monitor=monitor)
        if waiting:
            raise DuidingError(
                f"Monitor '{monitor}' heeft nog geen cijfers: {len(waiting)} van de {len(definition.indicators)} "
                f"indicatoren wachten op gegevens. {waiting_text(waiting)}"
            )
        raise DuidingError(f"Monitor '{monitor}' heeft nog geen berekende waarnemingen; draai eerst 'duiding compute'.")
    table = ExportTable(
        monitor=monitor,
        observations=observations,
        attribution=attribution_lines(workspace, definition.indicators),
        suppression_note=note or suppression_note(workspace, definition, definition.indicators),
    )
    with atomic_target(path) as target:
        match fmt:
            case ExportFormat.CSV:
                csv_write(target, table)
                if note:
                    _csv_mark(target, note)
            case ExportFormat.JSON:
                json_write(target, table, unprotected=note or None)
            case ExportFormat.XLSX:
                xlsx_write(target, table)
            case _:
                assert_never(fmt)
    return len(observations)


def export_waiting(workspace: Workspace, *, monitor: str) -> dict[str, tuple[str, ...]]:
    """The monitor's indicators that wait for data, with the sources not loaded yet that each needs."""
    definition = _monitor_get(workspace, monitor)
    sources = sources_load(workspace.sources_dir)
    loaded = loaded_sources(workspace.warehouse_path)
    waiting = {}
    for indicator in definition.indicators:
        missing = tuple(s for s in indicator_inputs(indicator, sources) if s not in loaded)
        if missing:
            waiting[indicator.id] = missing
    return waiting


def waiting_text(waiting: dict[str, tuple[str, ...]]) -> str:
    """``'Laad eerst bron wijkteam_contacten (voor wijkteam_contacten, …) met duiding load …'``."""
    per_source: dict[str, list[str]] = {}
    for indicator, missing in waiting.items():
        for source in missing:
            per_source.setdefault(source, []).append(indicator)
    parts = []
    for source, indicators in sorted(per_source.items()):
        more = f" en nog {len(indicators) - 4}" if len(indicators) > 4 else ""
        parts.append(f"bron '{source}' (voor {', '.join(indicators[:4])}{more})")
    return (
        f"Laad eerst {' en '.join(parts)} met 'duiding load BRON BESTAND' (sjablonen staan in de map "
        "sjablonen/ van de werkruimte) en draai dan 'duiding compute'."
    )

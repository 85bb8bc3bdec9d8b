"""Template files for the registrations a gemeente still has to deliver.

For every source that an indicator waits for, ``sjablonen/<source>.csv`` holds the header
row the loader expects (the BSN column, not the pseudonym made from it) and
``sjablonen/LEESMIJ.md`` says per column what goes in it and which indicators wait.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from duiding.definitions.models import Column, ColumnType, Source

TEMPLATES_DIR = "sjablonen"
_TYPE_TEXT = {
    ColumnType.STRING: "tekst",
    ColumnType.INTEGER: "geheel getal",
    ColumnType.NUMBER: "getal (punt of komma als decimaalteken)",
    ColumnType.DATE: "datum (dd-mm-jjjj of jjjj-mm-dd)",
    ColumnType.BOOLEAN: "ja/nee",
    ColumnType.BSN: "BSN (9 cijfers; wordt bij het inlezen gepseudonimiseerd en nergens bewaard)",
    ColumnType.PSEUDONYM: "pseudoniem (al versleutelde sleutel)",
    ColumnType.BUURT: "CBS-buurtcode (BU + 8 cijfers)",
    ColumnType.POSTCODE: "postcode (1234 AB)",
}


def _column_line(column: Column) -> str:
    parts = [_TYPE_TEXT[column.type], "verplicht" if column.required else "mag leeg"]
    if column.allowed:
        parts.append("een van: " + ", ".join(column.allowed))
    if column.minimum is not None or column.maximum is not None:
        low = "" if column.minimum is None else f"{column.minimum:g}"
        high = "" if column.maximum is None else f"{column.maximum:g}"
        parts.append(f"bereik {low}–{high}")
    description = f" {column.description}" if column.description else ""
    return f"- `{column.name}` ({'; '.join(parts)}).{description}"


def templates_write(root: Path, *, waiting: dict[str, list[str]], sources: dict[str, Source]) -> list[Path]:
    """Write a template per waited-for microdata source; ``waiting`` maps source id → indicator titles."""
    folder = root / TEMPLATES_DIR
    folder.mkdir(exist_ok=True)
    written = []
    lines = [
        "# Sjablonen voor de eigen registraties",
        "",
        "Deze indicatoren wachten op gegevens van de gemeente. Vul per bron het CSV-sjabloon (één rij per "
        "regel zoals hieronder beschreven) en laad het met `duiding load BRON BESTAND`; daarna berekent "
        "`duiding compute` de indicatoren. Komma, puntkomma of tab als scheidingsteken mag, net als een "
        "Excel-bestand met dezelfde kolommen.",
    ]
    for source_id, indicators in sorted(waiting.items()):
        source = sources.get(source_id)
        if source is None or not source.columns:
            continue
        path = folder / f"{source_id}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerow([c.name for c in source.file_columns])
        written.append(path)
        lines += ["", f"## {source.title} (`{source_id}`)", "", source.description or "", ""]
        if source.row:
            lines.append(f"Eén rij per {source.row}. Bestand: `{TEMPLATES_DIR}/{path.name}`.")
            lines.append("")
        lines += [_column_line(c) for c in source.file_columns]
        lines += ["", "Wachtende indicatoren: " + ", ".join(sorted(indicators)) + "."]
    (folder / "LEESMIJ.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return written


def waiting_by_source(items: Iterable[tuple[str, tuple[str, ...]]]) -> dict[str, list[str]]:
    """Indicator titles per source they wait for, from (title, missing sources) pairs."""
    found: dict[str, list[str]] = {}
    for title, sources in items:
        for source in sources:
            found.setdefault(source, []).append(title)
    return found

"""CSV as people really produce it: UTF-8 (with or without BOM), UTF-16 or Windows-1252;
comma, semicolon or tab separated; quoted fields with newlines. Large files stream
through DuckDB; only a re-encoded copy is written when the file is not UTF-8.
"""

from __future__ import annotations

import codecs
import csv
import shutil
import tempfile
from pathlib import Path

import duckdb

from duiding.errors import LoadError
from duiding.ingest.connectors.base import Staged, staged_from

_SAMPLE = 1 << 16
_SEPARATORS = {",": "komma", ";": "puntkomma", "\t": "tab"}


def _encoding(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(_SAMPLE)
    if not head:
        raise LoadError(f"{path.name}: het bestand is leeg. Er is niets geladen.")
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        raise LoadError(
            f"{path.name}: dit is geen tekstbestand (CSV); het bevat binaire gegevens. Er is niets geladen."
        )
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _utf8_copy(path: Path, encoding: str, folder: Path) -> Path:
    target = folder / "bestand.csv"
    errors = "strict" if encoding != "cp1252" else "replace"
    with (
        path.open(encoding=encoding, errors=errors, newline="") as source,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        shutil.copyfileobj(source, out, 1 << 20)
    return target


def _separator(path: Path) -> str:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        sample = handle.read(_SAMPLE)
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        header = sample.splitlines()[0] if sample else ""
        counts = {sep: header.count(sep) for sep in _SEPARATORS}
        return max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ","


class CsvConnector:
    name: str = "csv"
    suffixes: tuple[str, ...] = (".csv", ".txt", ".tsv")

    def stage(self, con: duckdb.DuckDBPyConnection, path: Path, *, table: str, sheet: str | None) -> Staged:
        encoding = _encoding(path)
        with tempfile.TemporaryDirectory(prefix="duiding-csv-") as folder:
            readable = path if encoding == "utf-8" else _utf8_copy(path, encoding, Path(folder))
            separator = _separator(readable)
            options = f"delim = '{separator}', quote = '\"', escape = '\"', header = true, all_varchar = true"
            file = str(readable).replace("'", "''")
            try:
                staged = staged_from(con, table, f"SELECT * FROM read_csv('{file}', {options})", ())
            except duckdb.Error as exc:
                raise LoadError(
                    f"{path.name}: het bestand is geen leesbare CSV ({_reason(exc)}). Er is niets geladen."
                ) from exc
        notes = (f"tekenset {encoding.replace('-sig', ' met BOM')}", f"scheidingsteken {_SEPARATORS[separator]}")
        return Staged(staged.table, staged.rows, staged.columns, notes)


def _reason(exc: duckdb.Error) -> str:
    first = str(exc).strip().splitlines()[0]
    return first.split(":", 1)[-1].strip() if ":" in first else first

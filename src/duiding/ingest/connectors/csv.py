"""CSV as people really produce it: UTF-8 (with or without BOM), UTF-16 (with or without BOM)
or Windows-1252; comma, semicolon or tab separated; quoted fields with newlines.

The file is decoded and parsed in one stream (Python's ``csv`` module) and handed to DuckDB in
Arrow batches, so no decoded copy of the file is ever written to disk, and every structural
problem (a row with too many or too few fields, a quote that is never closed, a field larger
than ``FIELD_LIMIT``) is reported in Dutch with its row number.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import IO

import duckdb
import pyarrow as pa

from duiding.errors import LoadError
from duiding.ingest.connectors.base import ROW_COLUMN, Staged, headers_check, staged_from
from duiding.ingest.pseudonym import shown

_SAMPLE = 1 << 16
_BATCH = 20_000
FIELD_LIMIT = 1 << 20
"""A field longer than this (1 MB) is refused: in a registration it is almost always a quote that
is never closed, which swallows the lines after it."""
LINE_LIMIT = 2 << 20
"""DuckDB's default longest line, which the fast path for UTF-8 files keeps."""
_SEPARATORS = {",": "komma", ";": "puntkomma", "\t": "tab"}
_NOTHING = " Er is niets geladen."


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the zero bytes sit on one side of each pair (ASCII text)."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    odd = head[1 : 2 * pairs : 2].count(0)
    even = head[0 : 2 * pairs : 2].count(0)
    for encoding, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros >= 0.3 * pairs and others <= 0.02 * pairs:
            try:
                head[: 2 * pairs].decode(encoding)
            except UnicodeDecodeError:
                continue
            return encoding
    return None


def _encoding(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(_SAMPLE)
    if not head:
        raise LoadError(f"{path.name}: het bestand is leeg.{_NOTHING}")
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        found = _utf16_without_bom(head)
        if found:
            return found
        raise LoadError(f"{path.name}: dit is geen tekstbestand (CSV); het bevat binaire gegevens.{_NOTHING}")
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _separator(header: str) -> str:
    """The separator that occurs most often in the header line (outside quotes); comma on a tie."""
    bare = re.sub(r'"[^"]*"', "", header)
    counts = {sep: bare.count(sep) for sep in _SEPARATORS}
    best = max(counts, key=lambda sep: (counts[sep], sep == ","))
    return best if counts[best] else ","


def _first_line(path: Path, encoding: str) -> str:
    """The first line that is not empty (the header)."""
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        return next((line for line in handle if line.strip()), "")


def _header_name(text: str, index: int) -> str:
    return text.strip() or f"kolom_{index + 1}"


def _schema(width: int) -> pa.Schema:
    return pa.schema([(ROW_COLUMN, pa.int64()), *[(f"c{i}", pa.string()) for i in range(width)]])


def _batch(rows: list[int], columns: list[list[str]]) -> pa.RecordBatch:
    """One Arrow batch: the row numbers, then the columns as text."""
    arrays = [pa.array(rows, pa.int64()), *[pa.array(c, pa.string()) for c in columns]]
    return pa.record_batch(arrays, schema=_schema(len(columns)))


class _Reader:
    """The records of a CSV file, checked for shape while they stream past."""

    def __init__(self, path: Path, encoding: str, separator: str) -> None:
        self.path = path
        self.encoding = encoding
        self.separator = separator
        self.header: list[str] = []
        self.rows = 0
        """Rows read after the header (empty lines are skipped): row n of the file is row n + 1."""
        self.failure: LoadError | None = None
        self.build = True
        """False: only check the shape (DuckDB reads the file itself), build no batches."""

    def _refuse(self, row: int, what: str) -> LoadError:
        return LoadError(f"{self.path.name}: rij {row}: {what}.{_NOTHING}")

    def batches(self) -> Iterator[pa.RecordBatch]:
        """The rows in batches; a problem ends the stream and is kept in ``failure``."""
        try:
            yield from self._batches()
        except LoadError as exc:
            self.failure = exc

    def _open(self) -> IO[str]:
        errors = "replace" if self.encoding == "cp1252" else "strict"
        return self.path.open(encoding=self.encoding, errors=errors, newline="")

    def _csv(self, handle: IO[str]) -> Iterator[list[str]]:
        return csv.reader(handle, delimiter=self.separator, quotechar='"', doublequote=True, strict=True)

    def _batches(self) -> Iterator[pa.RecordBatch]:
        with self._open() as handle:
            try:
                yield from self._read(self._csv(handle))
            except csv.Error as exc:
                raise self._csv_problem(exc, self._failing_row()) from exc
            except UnicodeDecodeError as exc:
                raise self._refuse(
                    self._failing_row(),
                    f"de tekens kloppen niet met de tekenset {self.encoding}; sla het bestand op als UTF-8",
                ) from exc

    def _failing_row(self) -> int:
        """The row at which reading fails, counted in a second, slower pass (only after a failure)."""
        read = 0
        with self._open() as handle:
            try:
                for record in self._csv(handle):
                    read += 1 if record else 0
            except (csv.Error, UnicodeDecodeError):
                pass
        return read + 1  # the header is record 1 and row 1; the failing record is the next one

    def _csv_problem(self, exc: csv.Error, row: int) -> LoadError:
        text = str(exc)
        if "field larger than field limit" in text:
            return self._refuse(
                row,
                f'een veld is langer dan {FIELD_LIMIT // (1 << 20)} MB; meestal wordt een aanhalingsteken (") niet '
                "gesloten. Controleer de aanhalingstekens in deze rij",
            )
        if "unexpected end of data" in text:
            return self._refuse(
                row, 'een aanhalingsteken (") wordt niet gesloten. Sluit elk veld dat met " begint af met "'
            )
        if "NUL" in text:
            return self._refuse(row, "de rij bevat binaire tekens (NUL); dit is geen tekstbestand")
        return self._refuse(
            row,
            'de aanhalingstekens kloppen niet (na een afsluitend " moet een scheidingsteken komen; schrijf een " '
            'binnen een veld als "")',
        )

    def _read(self, reader: Iterator[list[str]]) -> Iterator[pa.RecordBatch]:
        records = filter(None, reader)  # empty lines are no rows (as DuckDB reads them)
        first = next(records, None)
        if first is None:
            raise LoadError(f"{self.path.name}: het bestand is leeg.{_NOTHING}")
        self.header = [_header_name(text, i) for i, text in enumerate(first)]
        if self.header and self.header[0].startswith("\ufeff"):
            self.header[0] = self.header[0][1:]
        width = len(self.header)
        while chunk := list(islice(records, _BATCH)):
            first_row = self.rows + 2
            if set(map(len, chunk)) != {width}:
                row, record = next((r, c) for r, c in enumerate(chunk, start=first_row) if len(c) != width)
                raise self._width_problem(row, len(record), width)
            self.rows += len(chunk)
            if self.build:
                numbers = list(range(first_row, first_row + len(chunk)))
                yield _batch(numbers, [list(column) for column in zip(*chunk, strict=True)])

    def _width_problem(self, row: int, found: int, width: int) -> LoadError:
        name = _SEPARATORS[self.separator]
        return self._refuse(
            row,
            f"{found} veld(en), maar de kopregel heeft {width} kolommen (scheidingsteken: {name}). "
            "Zet een waarde met een scheidingsteken erin tussen aanhalingstekens, gebruik in het hele "
            "bestand hetzelfde scheidingsteken en laat geen kolommen weg",
        )


class CsvConnector:
    name: str = "csv"
    suffixes: tuple[str, ...] = (".csv", ".txt", ".tsv")

    def stage(self, con: duckdb.DuckDBPyConnection, path: Path, *, table: str, sheet: str | None) -> Staged:
        encoding = _encoding(path)
        separator = _separator(_first_line(path, encoding))
        reader = _Reader(path, encoding, separator)
        if encoding in ("utf-8", "utf-8-sig"):
            staged = _stage_utf8(con, reader, table)
        else:
            staged = _stage_stream(con, reader, table)
        notes = (f"tekenset {encoding.replace('-sig', ' met BOM')}", f"scheidingsteken {_SEPARATORS[separator]}")
        return Staged(staged.table, staged.rows, staged.columns, notes)


def _renamed(header: list[str]) -> str:
    return ", ".join(f'c{i} AS "{name.replace(chr(34), chr(34) * 2)}"' for i, name in enumerate(header))


def _stage_utf8(con: duckdb.DuckDBPyConnection, reader: _Reader, table: str) -> Staged:
    """UTF-8: check the shape in one pass (Dutch messages with rows), then let DuckDB read the file
    itself, fast and in parallel, with the same separator and quoting."""
    reader.build = False
    for _ in reader.batches():
        pass
    if reader.failure:
        raise reader.failure
    headers_check(reader.path.name, reader.header)
    names = "[" + ", ".join(f"'c{i}'" for i in range(len(reader.header))) + "]"
    options = (
        f"delim = '{reader.separator}', quote = '\"', escape = '\"', header = true, all_varchar = true, "
        f"names = {names}"
    )  # DuckDB's own line limit (2 MB): a larger one makes it allocate 16 times it per buffer
    file = str(reader.path).replace("'", "''")
    try:
        staged = staged_from(con, table, f"SELECT {_renamed(reader.header)} FROM read_csv('{file}', {options})", ())
    except duckdb.Error as exc:  # the shape was checked: only a very long row is expected here
        if "maximum line size" in str(exc).lower():
            raise LoadError(
                f"{reader.path.name}: een rij is langer dan {LINE_LIMIT // (1 << 20)} MB; zo lang is geen rij met "
                "gegevens. Controleer de aanhalingstekens of deel lange teksten op. Er is niets geladen."
            ) from exc
        raise LoadError(
            f"{reader.path.name}: het bestand is geen leesbare CSV ({shown(_reason(exc))}). Sla het opnieuw op als CSV "
            "(UTF-8) uit het programma waarmee het gemaakt is. Er is niets geladen."
        ) from exc
    if staged.rows != reader.rows:  # row numbers would not match the file: refuse rather than mislead
        raise LoadError(
            f"{reader.path.name}: het bestand is niet eenduidig te lezen ({reader.rows} of {staged.rows} rijen). "
            "Sla het opnieuw op als CSV (UTF-8) uit het programma waarmee het gemaakt is. Er is niets geladen."
        )
    return staged


def _stage_stream(con: duckdb.DuckDBPyConnection, reader: _Reader, table: str) -> Staged:
    """Another encoding: decode and parse in one stream and hand DuckDB Arrow batches, so no decoded
    copy of the file is written anywhere."""
    batches = reader.batches()
    first = next(batches, None)  # reads the header
    if reader.failure:
        raise reader.failure
    headers_check(reader.path.name, reader.header)

    def all_batches() -> Iterator[pa.RecordBatch]:
        if first is not None:
            yield first
        yield from batches

    stream = pa.RecordBatchReader.from_batches(_schema(len(reader.header)), all_batches())
    con.register(f"{table}_stream", stream)
    try:
        staged = staged_from(con, table, f"SELECT {ROW_COLUMN}, {_renamed(reader.header)} FROM {table}_stream", ())
    finally:
        con.unregister(f"{table}_stream")
    if reader.failure:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        raise reader.failure
    return staged


def _reason(exc: duckdb.Error) -> str:
    first = str(exc).strip().splitlines()[0]
    return first.split(":", 1)[-1].strip() if ":" in first else first


csv.field_size_limit(FIELD_LIMIT)

"""What a load reports, and small helpers every loader shares."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from duiding.accounts import account_system
from duiding.errors import LoadError
from duiding.ingest.pseudonym import KEY_FILE_ENV, key_fingerprint, shown


@dataclass(frozen=True)
class QualityFinding:
    """Something a person should look at after a load; it does not stop the load."""

    check: str
    """completeness, jump, area or aanbieder."""
    subject: str
    message: str


@dataclass(frozen=True)
class LoadResult:
    """What a load did."""

    source_id: str
    load_id: int
    rows: int
    unchanged: bool
    """True when this exact file was already the active version: nothing was done."""
    notes: tuple[str, ...] = ()
    """What the reader detected (encoding, separator, sheet) and columns it ignored."""
    quality: tuple[QualityFinding, ...] = ()


MAX_LISTED = 20
"""A load report lists this many problems in full; the rest are counted."""


def problem_line(row: int, column: str, value: str | None, rule: str) -> str:
    """One problem of a load report; ``value`` None means the value is not shown. A value that may be a
    BSN (the elfproef, whatever its column) is never shown."""
    text = "" if value is None else f", waarde {shown(value)!r}"
    return f"  rij {row}, kolom '{column}'{text}: {rule}"


def problems_report(file_name: str, total: int, listed: list[str], per_rule: list[tuple[str, int]]) -> str:
    """The Dutch report of a refused file: the first problems in full, then a count per rule."""
    lines = [f"{file_name}: {total} fout(en) gevonden; er is niets geladen.", *listed]
    if total > len(listed):
        lines.append(f"  … en nog {total - len(listed)} fout(en).")
    lines.append("Aantal per regel:")
    lines += [f"  {count} × {rule}" for rule, count in per_rule]
    return "\n".join(lines)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def user_name() -> str:
    """Who loads, as the load history records it: the account of the process (by user id, not by
    ``$USER``, which anyone can set)."""
    return account_system().recorded


KEY_TABLE = "pseudonym_keys"
"""The fingerprint of the key the workspace's BSNs were pseudonymised with (``key_fingerprint``)."""
_KEY_DDL = (
    f"CREATE TABLE IF NOT EXISTS {KEY_TABLE} (fingerprint VARCHAR PRIMARY KEY, first_load_id BIGINT NOT NULL, "
    "recorded_at TIMESTAMP WITH TIME ZONE NOT NULL)"
)


def _fingerprints(con: duckdb.DuckDBPyConnection) -> list[str]:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = 'main'", [KEY_TABLE]
    ).fetchall()[0][0]
    return [r[0] for r in con.execute(f"SELECT fingerprint FROM {KEY_TABLE}").fetchall()] if exists else []


def key_fingerprint_check(con: duckdb.DuckDBPyConnection, key: bytes, file_name: str) -> str:
    """The fingerprint of ``key``; refuses a key other than the one earlier loads used, because its
    pseudonyms would not match theirs (stapeling over sources would silently break)."""
    fingerprint = key_fingerprint(key)
    known = _fingerprints(con)
    if known and fingerprint not in known:
        raise LoadError(
            f"{file_name}: de sleutel voor pseudonimisering is een andere dan die waarmee eerder BSN's in deze "
            "werkruimte zijn vervangen; met deze sleutel passen de pseudoniemen niet bij de eerder geladen "
            f"bronnen. Zet {KEY_FILE_ENV} op de oorspronkelijke sleutel. Er is niets geladen."
        )
    return fingerprint


def _fingerprint_record(con: duckdb.DuckDBPyConnection, fingerprint: str, load_id: int) -> None:
    con.execute(_KEY_DDL)
    if fingerprint not in _fingerprints(con):
        con.execute(f"INSERT INTO {KEY_TABLE} VALUES (?, ?, ?)", [fingerprint, load_id, datetime.now(UTC)])


def load_swap(
    con: duckdb.DuckDBPyConnection,
    *,
    source_id: str,
    select: str,
    file_name: str,
    checksum: str,
    rows: int,
    loaded_by: str | None,
    findings: Sequence[QualityFinding],
    key_fingerprint: str | None = None,
) -> int:
    """In one transaction: make ``SELECT {select}`` the active ``src_<source_id>``, record the
    load and its quality findings. Returns the new load id.

    ``source_id`` is a checked identifier and ``select`` SQL built by the loader, never file content.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        load_id = int(con.execute("SELECT nextval('load_ids')").fetchall()[0][0])
        con.execute(f"CREATE OR REPLACE TABLE src_{source_id} AS SELECT ? AS load_id, {select}", [load_id])
        con.execute("UPDATE loads SET active = false WHERE source_id = ?", [source_id])
        con.execute(
            "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, true)",
            [load_id, source_id, file_name, checksum, rows, datetime.now(UTC), loaded_by or user_name()],
        )
        if key_fingerprint is not None:
            _fingerprint_record(con, key_fingerprint, load_id)
        if findings:
            con.executemany(
                "INSERT INTO load_quality VALUES (?, ?, ?, ?)",
                [(load_id, f.check, f.subject, f.message) for f in findings],
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return load_id

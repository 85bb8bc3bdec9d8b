"""What a load reports, and small helpers every loader shares."""

from __future__ import annotations

import getpass
import hashlib
from dataclasses import dataclass
from pathlib import Path


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
    """One problem of a load report; ``value`` None means the value is not shown (e.g. a BSN)."""
    shown = "" if value is None else f", waarde {value!r}"
    return f"  rij {row}, kolom '{column}'{shown}: {rule}"


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
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "onbekend"

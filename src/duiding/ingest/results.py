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

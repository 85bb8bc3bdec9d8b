"""Write a file completely or not at all."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from duiding.errors import DuidingError


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` to write to; it replaces ``path`` only when all went well.

    On any failure the temporary file is removed and an existing ``path`` is left as it was.
    The temporary file is created with the usual permissions (``umask``), not ``mkstemp``'s
    0600, because it becomes the export itself.
    """
    folder = path.parent
    if not folder.is_dir():
        raise DuidingError(f"De map {folder} bestaat niet; maak hem eerst aan of kies een andere plek.")
    if path.is_dir():
        raise DuidingError(f"{path} is een map; geef de naam van een bestand op.")
    temporary = folder / f".{path.name}.{secrets.token_hex(6)}.tmp"
    try:
        temporary.open("xb").close()
    except OSError as exc:
        raise DuidingError(f"Kan niet schrijven in {folder}: {exc.strerror or exc}.") from exc
    try:
        yield temporary
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise DuidingError(f"Kan {path} niet schrijven: {exc.strerror or exc}.") from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise

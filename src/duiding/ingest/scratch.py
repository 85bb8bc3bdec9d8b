"""The private scratch folder where DuckDB may spill rows (with BSNs) while a file loads.

Every load gets its own folder under one folder per user, ``<tmp>/duiding-<uid>/``, which only
its owner can open (0700). A load holds an exclusive lock on ``<folder>.lock`` while it runs and
removes its folder when it ends, also on an error. A load killed hard (``kill -9``, power loss)
cannot clean up; the next load removes every folder whose lock is free, so what a killed load left
lives until the next load starts.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from duiding.errors import LoadError

_PREFIX = "load-"


def scratch_root() -> Path:
    """``<tmp>/duiding-<uid>``: created 0700, refused when someone else owns it or may open it."""
    root = Path(tempfile.gettempdir()) / f"duiding-{os.getuid()}"
    with suppress(FileExistsError):
        root.mkdir(mode=0o700)
    info = root.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise LoadError(
            f"De map voor tijdelijke bestanden ({root}) is niet privé: hij hoort van u te zijn en alleen door u "
            f"te openen (chmod 700). Verwijder hem of zet TMPDIR op een eigen map. Er is niets geladen."
        )
    return root


def _stale(root: Path) -> Iterator[Path]:
    """Folders of loads that no longer run (their lock is free)."""
    for folder in root.glob(f"{_PREFIX}*"):
        if not folder.is_dir() or folder.is_symlink():
            continue
        lock = folder.with_name(folder.name + ".lock")
        try:
            handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            continue
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            continue  # a load that still runs
        try:
            yield folder
        finally:
            os.close(handle)


def scratch_clean(root: Path) -> list[Path]:
    """Remove what killed loads left behind; returns the folders removed."""
    removed = []
    for folder in _stale(root):
        shutil.rmtree(folder, ignore_errors=True)
        folder.with_name(folder.name + ".lock").unlink(missing_ok=True)
        removed.append(folder)
    return removed


@contextmanager
def scratch_folder() -> Iterator[Path]:
    """A new private folder for one load, locked while the load runs and removed afterwards."""
    root = scratch_root()
    scratch_clean(root)
    handle, name = tempfile.mkstemp(prefix=_PREFIX, suffix=".lock", dir=root)  # locked before the folder exists
    lock = Path(name)
    folder = lock.with_name(lock.name.removesuffix(".lock"))
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        folder.mkdir(mode=0o700)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        lock.unlink(missing_ok=True)
        os.close(handle)

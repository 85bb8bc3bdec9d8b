"""Real ``duiding`` processes for the publishing tests: start, watch their children, kill them."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from duiding.warehouse import LOCK_FILE
from tests.server import DUIDING


def duiding_start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """``duiding ARGS`` in its own process, output captured."""
    return subprocess.Popen(
        [str(DUIDING), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def _stat(pid: int) -> tuple[str, int] | None:
    """State letter and parent pid of ``pid`` from ``/proc``, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text.rsplit(")", 1)[1].split()
    return fields[0], int(fields[1])


def children(pid: int) -> set[int]:
    """Live direct children of ``pid``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) and stat[1] == pid and stat[0] != "Z":
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except (FileNotFoundError, ProcessLookupError):
        return ""


def lock_holder(root: Path) -> int | None:
    """The pid a writer wrote into the workspace's lock file while it holds the lock."""
    try:
        text = (root / LOCK_FILE).read_text().strip()
    except FileNotFoundError:
        return None
    return int(text) if text.isdigit() else None


def wait_for(condition: object, *, timeout: float, what: str) -> None:
    """Poll ``condition()`` until it is true; fail with ``what`` after ``timeout`` seconds."""
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"na {timeout} s nog niet: {what}")
        time.sleep(0.02)

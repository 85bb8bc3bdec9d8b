"""Worker processes that die with the process that started them.

``worker_pool`` is the one way Duiding starts a process pool (protection, analysis): spawned
workers whose initializer asks Linux to kill them when their parent dies
(``prctl(PR_SET_PDEATHSIG, SIGKILL)``) and exits at once if the parent is already gone. So a
``duiding compute`` that is killed (``kill -9``) leaves no workers behind.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

PR_SET_PDEATHSIG = 1
"""``linux/prctl.h``: the signal a process gets when its parent dies."""


def _die_with_parent(parent: int) -> None:
    """Initializer of every worker: follow the parent ``parent`` into death."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` spawned processes that die with this one."""
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("spawn"), initializer=_die_with_parent, initargs=(os.getpid(),)
    )

"""Run the real ``duiding serve`` in a subprocess for end-to-end and browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DUIDING = Path(sys.executable).with_name("duiding")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(workspace: Path, *, timeout: float = 60) -> Iterator[str]:
    """Start ``duiding serve`` for ``workspace``; yield its base URL; stop it afterwards."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "duiding.web.conf.dev"}
    env.pop("DATABASE_URL", None)
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed below; a pipe nobody reads would fill up and block the server
    process = subprocess.Popen(
        [str(DUIDING), "serve", "--workspace", str(workspace), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"duiding serve stopped with {process.returncode}:\n{log.read().decode()}")
            try:
                with urllib.request.urlopen(url + "/", timeout=10):
                    break
            except OSError:  # refused, reset or timed out while starting
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield url
        if process.poll() is not None:  # it died while the tests used it: say so, with what it printed
            log.seek(0)
            raise RuntimeError(f"duiding serve stopped with {process.returncode}:\n{log.read().decode()[-4000:]}")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()

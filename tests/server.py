"""Run the real ``duiding serve`` in a subprocess for end-to-end and browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
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
    process = subprocess.Popen(
        [str(DUIDING), "serve", "--workspace", str(workspace), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                output = process.stdout.read().decode() if process.stdout else ""
                raise RuntimeError(f"duiding serve stopped with {process.returncode}:\n{output}")
            try:
                with urllib.request.urlopen(url + "/", timeout=10):
                    break
            except OSError:  # refused, reset or timed out while starting
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

"""How fast the real web server answers the main page types, with one and with many clients.

Steps:

1. start ``duiding serve`` for the workspace in a child process on a free port (Waitress, as in
   production) and wait until it answers;
2. ask every page once, unmeasured, so each page's first-request costs (imports, caches,
   DuckDB's first read of the file) are out of the figures, and fail unless it answers 200;
3. per number of clients, first the baseline (a small static file, served by WhiteNoise
   without Django's views: what the server, the network and the client threads cost alone),
   then each page: ``requests`` requests spread over that many threads, each with its own
   keep-alive ``http.client`` connection, every response read to the end;
4. stop the server and report per page and number of clients p50, p95 and maximum latency,
   requests per second (``requests`` / wall time of the round) and p95 / the baseline's p95.

Every response must be 200, otherwise the benchmark fails naming the address.
"""

from __future__ import annotations

import http.client
import math
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from duiding.bench.load import BenchError
from duiding.demo import demo_build
from duiding.workspace import workspace_open

HOST = "127.0.0.1"
DEFAULT_REQUESTS = 40
"""Requests per page and number of clients."""
DEFAULT_CLIENTS = (1, 20)
START_TIMEOUT = 120.0
"""Seconds the server may take to answer its first request (migrating the app database included)."""
REQUEST_TIMEOUT = 120.0
Step = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Page:
    """One page type of the web app, at an address of the demo workspace."""

    name: str
    path: str


PAGES = (
    Page("overzicht", "/"),
    Page("indicator", "/monitors/participatie/indicatoren/bijstand_per_1000/"),
    Page("doel en voorspelling", "/monitors/wijkteam/indicatoren/waardering_wijkteam/"),
    Page(
        "uitsplitsing",
        "/monitors/jeugd/indicatoren/jongeren_met_jeugdzorg/?uitsplitsing=leeftijdsgroep&gebied=WK034403",
    ),
    Page("wijkprofiel", "/monitors/jeugd/wijkprofiel/?gebied=WK034403"),
    Page("signalen", "/monitors/jeugd/signalen/"),
)
"""The main page types, at addresses of the demo workspace (Utrecht)."""
BASELINE = Page("basislijn (css)", "/static/duiding/site.css")
"""Measured like the pages, in the same run: the cost of serving anything at all."""


def percentile(ordered: Sequence[float], share: float) -> float:
    """The nearest-rank percentile of sorted values: always one of the values, and monotone in ``share``."""
    if not ordered:
        raise ValueError("geen waarden")
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass(frozen=True)
class PageTiming:
    """One page at one number of clients."""

    page: Page
    clients: int
    seconds: float
    """Wall time of the round, from the first request sent to the last response read."""
    latencies_ms: tuple[float, ...]
    """Every request's time from sending to the last byte of the response, sorted."""

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    @property
    def p50_ms(self) -> float:
        return percentile(self.latencies_ms, 0.50)

    @property
    def p95_ms(self) -> float:
        return percentile(self.latencies_ms, 0.95)

    @property
    def max_ms(self) -> float:
        return self.latencies_ms[-1]

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else math.inf

    def as_json(self) -> dict[str, object]:
        return {
            "page": self.page.name,
            "path": self.page.path,
            "clients": self.clients,
            "requests": self.requests,
            "p50_ms": self.p50_ms,
            "p95_ms": self.p95_ms,
            "max_ms": self.max_ms,
            "requests_per_second": self.requests_per_second,
        }


@dataclass(frozen=True)
class PagesBench:
    """What ``bench_pages`` measured."""

    workspace: Path
    requests: int
    clients: tuple[int, ...]
    timings: tuple[PageTiming, ...]
    """Per number of clients: the baseline (when measured), then every page."""
    baseline: Page | None = BASELINE

    def p95_ratio(self, timing: PageTiming) -> float:
        """``timing``'s p95 over the baseline's p95 at the same number of clients (NaN without a baseline)."""
        for other in self.timings:
            if other.page == self.baseline and other.clients == timing.clients:
                return timing.p95_ms / other.p95_ms
        return math.nan

    def as_json(self) -> dict[str, object]:
        return {
            "workspace": str(self.workspace),
            "requests": self.requests,
            "clients": list(self.clients),
            "cpus": os.cpu_count(),
            "timings": [{**timing.as_json(), "p95_ratio": self.p95_ratio(timing)} for timing in self.timings],
        }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _tail(log: IO[bytes]) -> str:
    log.seek(0)
    lines = log.read().decode(errors="replace").strip().splitlines()
    return lines[-1] if lines else ""


def _get(connection: http.client.HTTPConnection, path: str) -> int:
    """Ask for ``path``; read the whole response; its status."""
    connection.request("GET", path, headers={"Accept-Encoding": "gzip, br"})
    response = connection.getresponse()
    response.read()
    return response.status


@contextmanager
def server_running(workspace: Path, *, timeout: float = START_TIMEOUT) -> Iterator[int]:
    """``duiding serve`` for ``workspace`` in a child process on a free port; yields the port, stops it afterwards."""
    port = _free_port()
    env = {**os.environ}
    env.setdefault("DJANGO_SETTINGS_MODULE", "duiding.web.conf.dev")
    command = [sys.executable, "-m", "duiding.cli", "serve", "--workspace", str(workspace), "--port", str(port)]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    raise BenchError(f"De webserver is gestopt (exitcode {process.returncode}): {_tail(log)}")
                connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
                try:
                    _get(connection, "/")
                    break
                except OSError as exc:  # refused or reset while it starts
                    if time.monotonic() > deadline:
                        raise BenchError(f"De webserver antwoordt na {timeout:.0f} s nog niet: {exc}") from exc
                    time.sleep(0.2)
                finally:
                    connection.close()
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _refused(path: str, status: int) -> BenchError:
    return BenchError(f"{path} antwoordde met HTTP {status} in plaats van 200; de meting is afgebroken.")


def _round(port: int, page: Page, *, clients: int, requests: int) -> PageTiming:
    """``requests`` requests for ``page`` from ``clients`` threads at once."""
    latencies: list[float] = []
    failures: list[BaseException | int] = []
    lock = threading.Lock()
    remaining = [requests]
    threads = min(clients, requests)
    start_together = threading.Barrier(threads + 1)

    def client() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        try:
            start_together.wait()
            while True:
                with lock:
                    if remaining[0] == 0 or failures:
                        return
                    remaining[0] -= 1
                began = time.perf_counter()
                status = _get(connection, page.path)
                took = (time.perf_counter() - began) * 1000
                with lock:
                    if status != 200:
                        failures.append(status)
                    latencies.append(took)
        except Exception as exc:  # reported by the round, in the main thread
            with lock:
                failures.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=client, daemon=True) for _ in range(threads)]
    for worker in workers:
        worker.start()
    start_together.wait()
    began = time.perf_counter()
    for worker in workers:
        worker.join()
    seconds = time.perf_counter() - began
    for failure in failures:
        if isinstance(failure, int):
            raise _refused(page.path, failure)
        raise BenchError(f"{page.path} gaf geen antwoord: {failure}") from failure
    return PageTiming(page, clients, seconds, tuple(sorted(latencies)))


def bench_pages(
    workspace: Path,
    *,
    pages: Sequence[Page] = PAGES,
    clients: Sequence[int] = DEFAULT_CLIENTS,
    requests: int = DEFAULT_REQUESTS,
    baseline: Page | None = BASELINE,
    progress: Step | None = None,
) -> PagesBench:
    """Serve ``workspace`` with the real web server and measure every page at every number of clients."""
    if requests < 1 or not clients or min(clients) < 1 or not pages:
        raise BenchError("Geef minstens één pagina, één client en één verzoek per meting.")
    root = workspace_open(workspace).root
    measured = [*([baseline] if baseline is not None else []), *pages]
    total = 2 + len(measured) * len(clients)

    def step(done: int, label: str) -> None:
        if progress is not None:
            progress(done, total, label)

    step(0, "webserver starten")
    with server_running(root) as port:
        step(1, "elke pagina één keer vooraf")
        connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        try:
            for page in measured:
                status = _get(connection, page.path)
                if status != 200:
                    raise _refused(page.path, status)
        finally:
            connection.close()
        timings: list[PageTiming] = []
        for count in clients:
            for page in measured:
                step(2 + len(timings), f"{page.name}, {count} client(s)")
                timings.append(_round(port, page, clients=count, requests=requests))
    step(total, "klaar")
    return PagesBench(root, requests, tuple(clients), tuple(timings), baseline)


def bench_demo_build(folder: Path, *, progress: Step | None = None) -> Path:
    """Build the demo workspace in ``folder/werkruimte`` to measure it; returns its root."""
    return demo_build(folder / "werkruimte", progress=progress).workspace.root

"""API create throughput: concurrent clients POST /api/v1/requests to gunicorn.

gunicorn runs as a subprocess on a free local port with DEBUG off, reading the static files that
bench.run collected into the scratch folder: exactly as in production except that notifications are only queued.
The clients are threads in this process: each request is timed from the client's side.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.config import ROOT, Config
from bench.fixtures import Fixtures, api_answers, colleagues
from bench.stats import Timing, summarise
from inservice.catalog.models import Service

PAYLOADS = 400


@dataclass
class CreateResult:
    requests: int
    seconds: float
    per_second: float
    timing: Timing | None
    failures: dict[str, int] = field(default_factory=dict)
    skipped: str = ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def payloads(f: Fixtures, count: int) -> list[bytes]:
    """Valid requests with answers to each service's form, from the bench client, to every team
    but the one whose queue the pages time (so repeated runs do not grow that queue)."""
    rng = random.Random(3)
    people = colleagues()[:100]
    services = list(
        Service.objects.offered_to(f.client)
        .filter(is_confidential=False)
        .exclude(team=f.team)
        .order_by("id")
    )
    bodies = []
    for n in range(count):
        service = services[n % len(services)]
        body = {
            "service": service.slug,
            "subject": f"Benchmark request {n} for {service.name}",
            "description": "Asked by the benchmark's API clients.",
            "answers": api_answers(service, rng, people),
        }
        bodies.append(json.dumps(body).encode())
    return bodies


class Server:
    """gunicorn with N workers (sync, or gthread with threads > 1) on a free port; stopped when
    the block ends."""

    def __init__(self, workers: int, threads: int = 1) -> None:
        self.port = free_port()
        self.workers = workers
        self.threads = threads
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        bin_dir = Path(sys.executable).parent
        self.process = subprocess.Popen(
            [
                str(bin_dir / "gunicorn"),
                "inservice.wsgi:application",
                f"--workers={self.workers}",
                f"--threads={self.threads}",
                f"--bind=127.0.0.1:{self.port}",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=os.environ.copy(),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = self.request("GET", "/login/", None, {})
                if status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn did not start within 60 s")

    def __exit__(self, *args: object) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def request(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()


def measure_create(config: Config, f: Fixtures) -> CreateResult:
    bodies = payloads(f, PAYLOADS)
    headers = {"Authorization": f"Bearer {f.tokens['write']}", "Content-Type": "application/json"}
    with Server(config.workers, config.threads) as server:
        status, _ = server.request("POST", "/api/v1/requests", bodies[0], headers)
        if status == 404:
            return CreateResult(0, 0, 0, None, skipped="POST /api/v1/requests answers 404")
        for body in bodies[1 : 1 + 2 * config.clients]:
            server.request("POST", "/api/v1/requests", body, headers)  # warm-up
        return _run(server, config, bodies, headers)


def _run(
    server: Server, config: Config, bodies: list[bytes], headers: dict[str, str]
) -> CreateResult:
    lock = threading.Lock()
    numbers = itertools.count()
    seconds: list[float] = []
    failures: dict[str, int] = {}
    started = time.monotonic()
    deadline = started + config.create_seconds

    def client() -> None:
        while True:
            with lock:
                n = next(numbers)
            if n >= config.create_limit or time.monotonic() > deadline:
                return
            began = time.perf_counter()
            try:
                status, content = server.request(
                    "POST", "/api/v1/requests", bodies[n % len(bodies)], headers
                )
                problem = "" if status == 201 else f"{status} {content[:120]!r}"
            except OSError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            took = time.perf_counter() - began
            with lock:
                if problem:
                    failures[problem] = failures.get(problem, 0) + 1
                else:
                    seconds.append(took)

    threads = [threading.Thread(target=client) for _ in range(config.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    done = len(seconds)
    return CreateResult(
        requests=done,
        seconds=elapsed,
        per_second=done / elapsed if elapsed else 0,
        timing=summarise(seconds) if seconds else None,
        failures=failures,
    )

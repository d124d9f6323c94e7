"""What a benchmark run measures and against which database, read from the environment.

Read before Django starts: the database URL becomes DATABASE_URL for this process and for the
gunicorn it starts.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
# What BENCH_ONLY may name (comma-separated); everything runs when it is empty.
PARTS = ("pages", "create", "workflows", "search", "dashboards", "business_time", "sweep")


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return default if value == "" else int(value.replace("_", ""))


@dataclass(frozen=True)
class Config:
    database_url: str  # BENCH_DATABASE_URL: never the development database unless asked
    requests: int  # BENCH_REQUESTS: requests in the database; seeded up to this when fewer
    open_requests: int  # BENCH_OPEN: of which still open (when seeding; default a fifth)
    samples: int  # BENCH_SAMPLES: timed requests per page, after warm-up
    warmup: int  # BENCH_WARMUP
    create_limit: int  # BENCH_CREATE_LIMIT: API creates at most this many requests...
    create_seconds: int  # BENCH_CREATE_SECONDS: ...or runs at most this long
    clients: int  # BENCH_CLIENTS: concurrent API clients
    workers: int  # BENCH_WORKERS: gunicorn workers
    threads: int  # BENCH_THREADS: threads per worker (1: sync workers, more: gthread)
    only: str  # BENCH_ONLY: some of PARTS, comma-separated
    redis_url: str  # BENCH_REDIS_URL: queue notifications in Redis (the production shape)
    sweep_due: int  # BENCH_SWEEP_DUE: clocks due at the moment the sweep is timed
    business_calls: int  # BENCH_BUSINESS_CALLS: due-time computations timed

    @classmethod
    def from_env(cls) -> Config:
        requests = _int("BENCH_REQUESTS", 100_000)
        only = os.environ.get("BENCH_ONLY", "").replace(" ", "")
        unknown = [part for part in only.split(",") if part and part not in PARTS]
        if unknown:
            raise SystemExit(
                f"BENCH_ONLY names {', '.join(unknown)}; choose from {', '.join(PARTS)}."
            )
        return cls(
            database_url=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
            requests=requests,
            open_requests=min(requests, _int("BENCH_OPEN", requests // 5)),
            samples=max(1, _int("BENCH_SAMPLES", 200)),
            warmup=_int("BENCH_WARMUP", 20),
            create_limit=_int("BENCH_CREATE_LIMIT", 5000),
            create_seconds=_int("BENCH_CREATE_SECONDS", 60),
            clients=_int("BENCH_CLIENTS", 8),
            workers=_int("BENCH_WORKERS", 2),
            threads=max(1, _int("BENCH_THREADS", 1)),
            only=only,
            redis_url=os.environ.get("BENCH_REDIS_URL", ""),
            sweep_due=max(1, _int("BENCH_SWEEP_DUE", 300)),
            business_calls=max(1000, _int("BENCH_BUSINESS_CALLS", 200_000)),
        )

    def runs(self, part: str) -> bool:
        """Whether this run measures `part` (one of PARTS)."""
        return not self.only or part in self.only.split(",")

    def as_dict(self) -> dict[str, Any]:
        values = asdict(self)
        values["database_url"] = _without_password(self.database_url)
        return values


def _without_password(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    return f"{scheme}{sep}{credentials.split(':')[0]}:***@{host}"


def prepare_environment(config: Config) -> Path:
    """Environment for this process and gunicorn: the bench database, DEBUG off, and a scratch
    folder for static files, uploads, email and the task queue (nothing lands in var/)."""
    scratch = Path(tempfile.mkdtemp(prefix="inservice-bench-"))
    for folder in ("celery/queue", "celery/processed", "mail", "media", "static"):
        (scratch / folder).mkdir(parents=True, exist_ok=True)
    if config.database_url.startswith("sqlite:///"):
        Path(config.database_url.removeprefix("sqlite:///")).parent.mkdir(
            parents=True, exist_ok=True
        )
    os.environ.update(
        DATABASE_URL=config.database_url,
        DEBUG="false",
        INSERVICE_VAR_DIR=str(scratch),
        DJANGO_SETTINGS_MODULE="inservice.settings",
        # Notifications are queued (to the scratch folder, or Redis with BENCH_REDIS_URL) and
        # never sent: the benchmark measures the request path, not email delivery.
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    if config.redis_url:
        os.environ["REDIS_URL"] = config.redis_url
    else:
        os.environ.pop("REDIS_URL", None)
    return scratch

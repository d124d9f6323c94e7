"""Test session setup: fast hashing, a throwaway media folder, tasks run inline.

Tests that need more than SQLite say so with a marker, and are never silently skipped:
- `browser` needs Debian's Chromium at /usr/bin/chromium (and Playwright);
- `services` needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL).
Where these are missing the tests are skipped with the reason in the summary; in CI (CI=true) a
missing browser is a failure, and `services` tests run in the PostgreSQL + Redis pass of .ci/run
(the SQLite pass deselects them and says so).
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

# The browser tests' fixtures (chromium, visits, cast); Playwright itself is imported lazily.
pytest_plugins = ["inservice.browser"]

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    from inservice.celery import app

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="inservice-test-media-")
    # Tests read static files from the source folders: no collectstatic manifest needed.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STATIC_ROOT = tempfile.mkdtemp(prefix="inservice-test-static-")
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _fresh_business_time() -> None:
    """Each test builds its calendars' business-time tables afresh (see sla.business.forget),
    and reads workflow steps afresh (ids and times repeat after each test's rollback)."""
    from inservice.sla import business, policies
    from inservice.workflows import definitions

    business.forget()
    policies.forget()
    definitions.forget()


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1
        ):
            return True
    except OSError:
        return False


def _services_problem() -> str | None:
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test"
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        return "needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0"
    if not _reachable(redis_url, 6379):
        return f"Redis at {redis_url} does not answer"
    return None


def _browser_problem() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"needs Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "needs Playwright for Python (make test installs it)"
    return None


_deselected_services: list[str] = []


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    services = _services_problem()
    browser = _browser_problem()
    keep: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        if item.get_closest_marker("services") and services:
            if IN_CI and "PostgreSQL" in services:
                dropped.append(item)  # the SQLite pass: these run in the PostgreSQL + Redis pass
                continue
            if IN_CI:
                raise pytest.UsageError(
                    f"CI's PostgreSQL pass must run the services tests: {services}"
                )
            item.add_marker(pytest.mark.skip(reason=services))
        if item.get_closest_marker("browser") and browser:
            if IN_CI:
                raise pytest.UsageError(f"CI must run the browser tests: {browser}")
            item.add_marker(pytest.mark.skip(reason=browser))
        keep.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        _deselected_services.extend(i.nodeid for i in dropped)
        items[:] = keep


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _deselected_services:
        terminalreporter.write_line(
            f"{len(_deselected_services)} tests need PostgreSQL + Redis and were left to the second "
            "pass of .ci/run (DATABASE_URL=postgres://…, REDIS_URL=redis://…):"
        )
        for nodeid in _deselected_services:
            terminalreporter.write_line(f"  {nodeid}")

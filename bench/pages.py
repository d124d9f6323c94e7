"""Server-side latency of pages and API lists: time inside Django, measured in-process.

Each request goes through the whole Django stack (middleware, URL routing, views, templates,
the database) with django.test.Client, without a network or a web server in front. The test
client keeps the database connection open between requests, as a production server with
persistent connections does.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.fixtures import Fixtures
from bench.stats import Timing, summarise


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    client: Client
    headers: dict[str, str]
    api: bool = False


@dataclass
class PageResult:
    name: str
    path: str
    timing: Timing | None
    queries: int
    skipped: str = ""


def pages(f: Fixtures) -> list[Page]:
    requester, agent = Client(), Client()
    requester.force_login(f.requester)
    agent.force_login(f.agent)
    api = Client()
    slug = f.team.slug
    as_requester = {"Authorization": f"Bearer {f.tokens['requester']}"}
    as_agent = {"Authorization": f"Bearer {f.tokens['agent']}"}
    filtered = f"status=open&service={f.service.pk}&assignee={f.agent.pk}"
    return [
        Page("portal home", "/", requester, {}),
        Page("my requests", "/requests/", requester, {}),
        Page("team queue, first page", f"/teams/{slug}/queue/", agent, {}),
        Page("queue by service + assignee", f"/teams/{slug}/queue/?{filtered}", agent, {}),
        Page("request page, 30 entries", f"/requests/{f.detail_key}/", agent, {}),
        Page("API: my requests", "/api/v1/requests", api, as_requester, api=True),
        Page("API: team queue", f"/api/v1/teams/{slug}/queue", api, as_agent, api=True),
    ]


def measure(page: Page, warmup: int, samples: int) -> PageResult:
    response = page.client.get(page.path, headers=page.headers)
    if page.api and response.status_code == 404:
        return PageResult(page.name, page.path, None, 0, "the API answers 404 at this path")
    if response.status_code != 200:
        raise RuntimeError(f"{page.name}: {page.path} answered {response.status_code}")
    with CaptureQueriesContext(connection) as captured:
        page.client.get(page.path, headers=page.headers)
    queries = len(captured)  # now: the next request empties the connection's query log
    for _ in range(warmup):
        page.client.get(page.path, headers=page.headers)
    seconds = []
    for _ in range(samples):
        started = time.perf_counter()
        response = page.client.get(page.path, headers=page.headers)
        seconds.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{page.name}: {page.path} answered {response.status_code}")
    return PageResult(page.name, page.path, summarise(seconds), queries)

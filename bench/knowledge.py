"""Knowledge search at scale: `knowledge.search.search` over 10,000 articles and the seeded
requests, as an agent and as an employee, and the suggestions shown while asking.

The articles are written once, in bulk through `knowledge.services.seed_articles`, when the
database holds fewer than BENCH_ARTICLES (10,000): generated from a vocabulary of the demo's
services (passwords, VPN, laptops, payslips, expenses, badges...), a few kilobytes of Markdown
each, owned by members of the demo's service teams, linked to their services, spread over three
years; about one in twenty is a draft or archived. PostgreSQL computes each one's search
document, SQLite's triggers fill its full-text table, as for articles written one by one.

Times are in-process: one call of `search(...)` (the page and the API add their rendering), the
queries of the same list used in turn, after warm-up, over the samples; `queries` is the SQL one
call runs. Target: p95 ≤ 50 ms at 10,000 articles and 1,000,000 requests on PostgreSQL.
- "search as an agent": articles, services and the requests the IT Service Desk agent's team
  holds (about 370,000 of a million), every word needed;
- "search as an employee": articles and services (no requests: not an agent);
- "suggestions while asking": any of the words of a request's subject and description, the
  articles linked to the service asked for first (the ask page asks after each pause in typing).
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterator
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.text import slugify

from bench.pages import PageResult
from bench.stats import summarise
from inservice.catalog.models import Service
from inservice.knowledge import services
from inservice.knowledge.choices import Kind, State
from inservice.knowledge.models import Article
from inservice.knowledge.search import search
from inservice.org.models import Membership, Person

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "10000").replace("_", ""))
SLUG_PREFIX = "bench-"

AGENT_QUERIES = (
    "password reset",
    "vpn",
    "laptop",
    "locked account",
    "docking station",
    "microphone",
    "monitor no signal",
    "new starter",
    "software licence",
    "invoice overdue",
    "printer",
    "badge",
)
EMPLOYEE_QUERIES = (
    "expense claim",
    "payslip",
    "vpn disconnects",
    "forgot password",
    "parental leave",
    "desk booking",
    "employment letter",
    "phishing email",
    "bank details",
    "meeting room screen",
    "commission",
    "nda",
)
ASKING = (
    ("Locked out of my account", "I typed my password wrong a few times and now it says locked."),
    ("VPN drops every hour", "Working from home, the connection stops and I lose the CRM."),
    ("Laptop very slow", "Since the update it takes minutes to open Outlook and Teams."),
    ("Expense claim for the Lisbon trip", "Hotel and two dinners, receipts attached."),
    ("Payslip shows wrong tax", "My tax code changed this month and net pay is lower."),
    ("Badge stopped working", "The door on floor 3 does not open with my badge any more."),
)

# Topics: (words an article about it uses, the title's subject).
TOPICS = (
    (("password", "account", "sign-in", "authenticator", "locked", "reset"), "your password"),
    (("vpn", "network", "remote", "connection", "globalprotect", "wifi"), "the VPN"),
    (("laptop", "docking station", "monitor", "charger", "keyboard", "battery"), "your laptop"),
    (("expense", "receipt", "reimbursement", "hotel", "travel", "meal"), "expense claims"),
    (("payslip", "salary", "tax", "deduction", "net pay", "bonus"), "your payslip"),
    (("badge", "building", "reception", "visitor", "door", "floor"), "building badges"),
    (("printer", "toner", "scan", "print queue", "paper", "followme"), "printing"),
    (("phishing", "email", "attachment", "link", "sender", "report"), "phishing emails"),
    (("invoice", "supplier", "payment run", "purchase order", "due date", "bank"), "invoices"),
    (("new starter", "first day", "onboarding", "manager", "buddy", "checklist"), "new starters"),
    (("software", "licence", "install", "self service", "seat", "renewal"), "software licences"),
    (("meeting room", "screen", "camera", "hdmi", "booking", "projector"), "meeting rooms"),
    (("shared drive", "folder", "access", "mailbox", "group", "permission"), "shared drives"),
    (("contract", "nda", "signature", "template", "review", "clause"), "contracts and NDAs"),
    (("parental leave", "holiday", "absence", "notice", "keeping in touch", "return"), "leave"),
    (("desk", "office move", "hot desk", "quiet room", "chair", "floor plan"), "desks"),
    (("microphone", "headset", "audio", "speaker", "teams call", "noise"), "headsets"),
    (("commission", "quote", "discount", "order", "crm", "booking"), "sales orders"),
)
TITLES = (
    "How to fix {subject}",
    "{Subject}: frequently asked questions",
    "Troubleshooting {subject} in the {office} office",
    "A guide to {subject} for {team}",
    "What to do when {subject} stops working",
    "Everything about {subject}",
)
SENTENCES = (
    "If the {a} does not work, check the {b} first and try again after a restart.",
    "Most questions about the {a} are answered by the steps below.",
    "Ask the team when the {a} still fails after you checked the {b}.",
    "The {a} and the {b} are set up for you on your first day.",
    "Changes to the {a} reach everyone within one working day.",
    "Keep the {b} up to date: an old version causes most {a} problems.",
    "In the {office} office, the {a} is handled at reception.",
    "Managers approve a new {a} before the team orders it.",
    "You can change the {b} yourself in the portal, no request needed.",
    "Write down what you did before the {a} stopped, and since when.",
)
OFFICES = ("Berlin", "London", "New York", "Singapore", "Austin", "Lisbon")
FILLER = (
    "Remember that the {a} settings differ between Windows and Mac.",
    "This page is reviewed twice a year by its owner.",
    "See also the related guides linked below.",
)


def ensure_articles(wanted: int = ARTICLES, progress: Callable[[str], None] = print) -> int:
    """Writes benchmark articles until the database holds `wanted`; returns how many it holds."""
    have = Article.objects.count()
    if have >= wanted:
        return have
    rng = random.Random(have)
    authors = _authors()
    if not authors:
        raise SystemExit("The bench database has no service teams with members to own articles.")
    progress(f"  Knowledge: writing {wanted - have:,} articles…")
    written = services.seed_articles(_articles(rng, authors, have, wanted - have))
    if connection.vendor == "postgresql":
        # What autovacuum does soon after: fresh statistics, and the GIN index's pending list
        # of new entries merged (searching a long pending list reads every entry in it).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) knowledge_article")
    return have + written


def _authors() -> list[tuple[int, int, list[int]]]:
    """(team id, a member's id, the team's service ids) for each member of a service team."""
    by_team: dict[int, list[int]] = {}
    for service_id, team_id in Service.objects.filter(is_active=True).values_list("pk", "team_id"):
        by_team.setdefault(team_id, []).append(service_id)
    members = Membership.objects.filter(team_id__in=list(by_team), person__is_active=True)
    return [(t, p, by_team[t]) for t, p in members.values_list("team_id", "person_id")]


def _articles(
    rng: random.Random, authors: list[tuple[int, int, list[int]]], start: int, count: int
) -> Iterator[services.SeedArticle]:
    now = timezone.now()
    for n in range(start, start + count):
        team_id, owner_id, team_services = rng.choice(authors)
        words, subject = rng.choice(TOPICS)
        office = rng.choice(OFFICES)
        title = rng.choice(TITLES).format(
            subject=subject, Subject=subject[:1].upper() + subject[1:], office=office, team="teams"
        )
        created = now - timedelta(days=rng.uniform(1, 3 * 365))
        state = rng.choices((State.PUBLISHED, State.DRAFT, State.ARCHIVED), (95, 4, 1))[0]
        answers = rng.randint(0, 40)
        helpful = round(answers * rng.uniform(0.4, 1.0))
        yield services.SeedArticle(
            title=title,
            slug=f"{SLUG_PREFIX}{n}-{slugify(title)}"[:80],
            body=_body(rng, words, office),
            summary=_sentence(rng, words, office),
            team_id=team_id,
            owner_id=owner_id,
            created_at=created,
            review_on=(created + timedelta(days=rng.randint(90, 540))).date(),
            kind=rng.choice(Kind.values),
            state=state,
            service_ids=tuple(
                rng.sample(team_services, min(len(team_services), rng.randint(0, 2)))
            ),
            helpful=helpful,
            unhelpful=answers - helpful,
            deflections=rng.randint(0, 30),
        )


def _sentence(rng: random.Random, words: tuple[str, ...], office: str) -> str:
    a, b = rng.sample(words, 2)
    return rng.choice(SENTENCES).format(a=a, b=b, office=office)


def _body(rng: random.Random, words: tuple[str, ...], office: str) -> str:
    """A few kilobytes of Markdown: a heading, paragraphs, a numbered list, now and then a word
    of another topic."""
    other = rng.choice(TOPICS)[0]
    parts = []
    for section in range(rng.randint(3, 6)):
        parts.append(f"## Step {section + 1}")
        for _ in range(rng.randint(2, 4)):
            pool = other if rng.random() < 0.15 else words
            sentences = [_sentence(rng, pool, office) for _ in range(rng.randint(3, 6))]
            sentences.append(rng.choice(FILLER).format(a=rng.choice(pool)))
            parts.append(" ".join(sentences))
        parts.append("\n".join(f"{i}. {_sentence(rng, words, office)}" for i in (1, 2, 3)))
    return "\n\n".join(parts)


def _timed(
    name: str, path: str, call: Callable[[int], object], warmup: int, samples: int
) -> PageResult:
    call(0)
    with CaptureQueriesContext(connection) as captured:
        call(1)
    queries = len(captured)
    for n in range(warmup):
        call(n)
    seconds = []
    for n in range(samples):
        began = time.perf_counter()
        call(n)
        seconds.append(time.perf_counter() - began)
    return PageResult(name, path, summarise(seconds), queries)


def measure(agent: Person, requester: Person, warmup: int, samples: int) -> list[PageResult]:
    """Search as the agent and as the requester, and the suggestions while asking, each after
    `warmup` calls over `samples` calls, the queries used in turn."""
    ensure_articles()
    # A service of the agent's team the requester may ask for: its articles come first.
    asked_for = (
        Service.objects.offered_to(requester)
        .filter(team__memberships__person=agent)
        .order_by("pk")
        .first()
    )

    def as_agent(n: int) -> object:
        agent.forget_memberships()  # each call reads the person's teams, as a request would
        return search(agent, AGENT_QUERIES[n % len(AGENT_QUERIES)], limit=10)

    def as_employee(n: int) -> object:
        requester.forget_memberships()
        return search(requester, EMPLOYEE_QUERIES[n % len(EMPLOYEE_QUERIES)], limit=10)

    def asking(n: int) -> object:
        requester.forget_memberships()
        subject, description = ASKING[n % len(ASKING)]
        return search(
            requester,
            f"{subject} {description}",
            scope=("articles",),
            limit=5,
            service=asked_for,
            any_word=True,
        )

    return [
        _timed("search as an agent", "knowledge.search(all scopes)", as_agent, warmup, samples),
        _timed(
            "search as an employee",
            "knowledge.search(articles, services)",
            as_employee,
            warmup,
            samples,
        ),
        _timed("suggestions while asking", "knowledge.search(any word)", asking, warmup, samples),
    ]

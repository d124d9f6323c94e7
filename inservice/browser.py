"""What the browser tests share: one headless Chromium per session, a fresh context per person.

Loaded by inservice/conftest.py as a pytest plugin. Playwright drives Debian's Chromium (its own
browser download does not work here); pytest-django's `live_server` serves the app from a thread
of the test process, so tasks run eagerly and emails land in `django.core.mail.outbox`. The tests
use a transactional database: build the cast inside the test (the `cast` fixture does).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import time_machine
from django.utils import timezone

from inservice.catalog import services as catalog
from inservice.catalog.choices import FieldKind
from inservice.catalog.models import Service
from inservice.catalog.services import FieldSpec
from inservice.factories import PASSWORD
from inservice.org import services as org
from inservice.org.choices import Role
from inservice.org.models import Person
from inservice.sla import services as sla
from inservice.test import Cast
from inservice.tickets import services as tickets
from inservice.tickets.choices import Priority
from inservice.tickets.models import Ticket

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize
    from pytest_django.live_server_helper import LiveServer

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without the background-networking flags Chromium phones home on start, and this machine's
# closed network refuses it; Playwright gives each launch a new, empty profile of its own.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}
# The README's screenshots are refreshed with `make screenshots`; other runs capture them into a
# scratch folder, so the capture is exercised without leaving the working tree changed.
SCREENSHOTS = (
    Path(__file__).resolve().parent.parent / "docs" / "screenshots"
    if os.environ.get("INSERVICE_SCREENSHOTS", "").lower() == "true"
    else Path(tempfile.gettempdir()) / "inservice-screenshots"
)
TIMEOUT_MS = 10_000


class Visits:
    """Pages on the live server, each person signed in in a browser context of their own."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.contexts: list[BrowserContext] = []
        self.script_errors: list[str] = []  # uncaught JavaScript errors on any page

    def page(self, viewport: ViewportSize = DESKTOP) -> Page:
        """A signed-out page in a fresh context (no cookies shared with any other page)."""
        context = self.browser.new_context(
            base_url=self.base_url, viewport=viewport, locale="en-GB"
        )
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.script_errors.append(f"{page.url}: {error}"))
        return page

    def signed_in(self, person: Person, viewport: ViewportSize = DESKTOP) -> Page:
        page = self.page(viewport)
        sign_in(page, person)
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def sign_in(page: Page, person: Person, password: str = PASSWORD) -> None:
    """Signs in through the sign-in page, as a person does, and waits for the portal."""
    from playwright.sync_api import expect

    page.goto("/login/")
    page.get_by_label("Username").fill(person.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".usermenu summary")).to_have_text(person.get_short_name())


def screenshot(page: Page, name: str) -> Path:
    """Captures the whole page (for the README: docs/screenshots/<name>.png), overwriting it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


def overflow(page: Page) -> dict[str, Any]:
    """How wide the page is against the window, and the elements that stick out to the right."""
    result: dict[str, Any] = page.evaluate(
        """() => {
          const width = window.innerWidth;
          const wide = [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > width + 1)
            .slice(0, 5)
            .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                 + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''));
          return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide};
        }"""
    )
    return result


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; Django refuses ORM calls where a
    # loop runs unless told otherwise. Set for the rest of the session: the loop lives that long.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def visits(chromium: Browser, live_server: LiveServer, transactional_db: None) -> Iterator[Visits]:
    opened = Visits(chromium, live_server.url)
    yield opened
    opened.close()
    assert not opened.script_errors, "pages raised JavaScript errors: " + "; ".join(
        opened.script_errors
    )


@pytest.fixture
def cast(transactional_db: None) -> Cast:
    """The named cast of inservice.test, built in this test's (transactional) database."""
    return Cast()


def populate(cast: Cast) -> list[Ticket]:
    """A few more services per team and a queue's worth of requests from the past days.

    The screenshots in the README come from these, so they read like a working week.
    """
    it_services = [
        catalog.create_service(
            cast.it,
            name=name,
            summary=summary,
            accountable=cast.erin,
            response_target_minutes=240,
            resolution_target_minutes=1440,
        )
        for name, summary in [
            ("VPN access", "Connect to the company network from home or on the road."),
            ("Software licence", "Figma, JetBrains, Adobe and other paid tools."),
            ("Broken or lost hardware", "Repairs and replacements for your equipment."),
        ]
    ]
    for name, summary in [
        ("Bank details change", "Your salary goes to a new account from next month."),
        ("Expense reimbursement", "Travel, meals and equipment you paid for yourself."),
    ]:
        catalog.create_service(cast.payroll, name=name, summary=summary, accountable=cast.grace)
    facilities = org.create_team(name="Facilities", key_prefix="FAC")
    hana = org.create_person(
        username="hana", name="Hana Okafor", email="hana@example.org", team=facilities
    )
    org.add_member(facilities, hana, Role.LEAD)
    for name, summary in [
        ("Desk, chair or monitor", "Ergonomic equipment for your workplace."),
        ("Building access badge", "A new or replacement badge for any office."),
        ("Meeting room problem", "Screen, camera or heating not working."),
    ]:
        catalog.create_service(facilities, name=name, summary=summary, accountable=hana)
    software = it_services[1]
    catalog.set_form(
        software,
        [FieldSpec(key="tool", label="Which tool", kind=FieldKind.TEXT, required=True)],
    )

    colleagues = [
        org.create_person(
            username=username,
            name=name,
            email=f"{username}@example.org",
            team=cast.sales,
            time_zone="Europe/London",
        )
        for username, name in [
            ("priya", "Priya Shah"),
            ("marco", "Marco Rossi"),
            ("lena", "Lena Vogel"),
            ("sam", "Sam Okoro"),
        ]
    ]
    priya, marco, lena, sam = colleagues
    vpn, _software, broken = it_services
    asks: list[tuple[Person, Service, str, dict[str, str], Priority, Person | None, bool]] = [
        (
            priya,
            vpn,
            "VPN drops every few minutes in the Lisbon office",
            {},
            Priority.HIGH,
            cast.carol,
            True,
        ),
        (marco, broken, "Cracked screen after the trade fair", {}, Priority.HIGH, None, False),
        (
            lena,
            software,
            "Figma seat for the rebrand",
            {"tool": "Figma"},
            Priority.NORMAL,
            cast.erin,
            True,
        ),
        (
            sam,
            cast.laptop,
            "Laptop for new starter in March",
            {"model": "Standard"},
            Priority.NORMAL,
            None,
            False,
        ),
        (
            cast.bob,
            vpn,
            "Cannot reach the CRM from the hotel",
            {},
            Priority.URGENT,
            cast.carol,
            False,
        ),
        (cast.alice, broken, "Docking station shows no picture", {}, Priority.NORMAL, None, False),
        (
            priya,
            software,
            "JetBrains licence renewal",
            {"tool": "PyCharm"},
            Priority.LOW,
            None,
            False,
        ),
    ]
    now = timezone.now()
    opened: list[Ticket] = []
    for hours_ago, (who, service, subject, answers, priority, assignee, acknowledge) in zip(
        (74, 51, 30, 26, 7, 5, 3), asks, strict=True
    ):
        with time_machine.travel(now - timedelta(hours=hours_ago), tick=False):
            ticket = tickets.open_ticket(
                who,
                tickets.NewRequest(
                    service=service,
                    subject=subject,
                    answers=answers,
                    priority=priority,
                ),
            )
        with time_machine.travel(now - timedelta(hours=hours_ago - 1), tick=False):
            if assignee is not None:
                tickets.assign(assignee, ticket, assignee)
            if acknowledge:
                tickets.transition(assignee or cast.carol, ticket, "acknowledge")
        opened.append(ticket)
    with time_machine.travel(now - timedelta(hours=20), tick=False):
        payslip = tickets.open_ticket(
            cast.alice,
            tickets.NewRequest(service=cast.payslip, subject="Overtime missing from my payslip"),
        )
    opened.append(payslip)
    sla.sweep(timezone.now())  # what beat's sweep has done by now: at risk and breached recorded
    return opened

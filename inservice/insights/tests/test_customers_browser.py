"""In a real browser: IT Service Desk's lead opens the customer map over the requests of the
past days (inservice.browser.populate and a few between the service teams, counted by the
rollups): the SVG shows the teams and the arrows between them, with data; clicking a team opens
its own map with its customers and suppliers; the colour toggle and the table of the same flows.
Then, on the team's customers page, the lead marks a key customer with htmx: a refusal shows
beside the field, a save shows the worksheet in the list."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from inservice.browser import Visits, populate, screenshot
from inservice.insights import periods
from inservice.insights import services as insights
from inservice.test import Cast
from inservice.tickets import services as tickets

pytestmark = pytest.mark.browser


def requests_between_teams(cast: Cast) -> None:
    """The past days' requests, and a few between the service teams themselves, rolled up."""
    populate(cast)
    now = timezone.now()
    for hours_ago, person, service in ((30, cast.carol, cast.payslip), (6, cast.dave, cast.laptop)):
        with time_machine.travel(now - timedelta(hours=hours_ago), tick=False):
            answers = {"model": "Standard"} if service == cast.laptop else {}
            tickets.open_ticket(
                person,
                tickets.NewRequest(service=service, subject="Between teams", answers=answers),
            )
    today = periods.today()
    insights.refresh_days(today - timedelta(days=35), today)


def test_a_lead_opens_the_map_and_focuses_a_team(visits: Visits, cast: Cast) -> None:
    requests_between_teams(cast)
    erin = visits.signed_in(cast.erin)
    erin.goto("/insights/")
    erin.locator(".page-head").get_by_role("link", name="Customer map").click()
    expect(erin.get_by_role("heading", name="Customer map", level=1)).to_be_visible()
    drawing = erin.locator("svg.cm")
    expect(drawing).to_have_attribute("role", "img")
    expect(drawing).to_be_visible()
    dots = drawing.locator("g.cm-dot")
    expect(dots).to_have_count(3)  # Sales West, IT Service Desk, Payroll
    arrows = drawing.locator("path.cm-link")
    expect(arrows).to_have_count(4)  # Sales West to IT and Payroll, IT and Payroll both ways
    volumes = [int(v or 0) for v in arrows.evaluate_all("(ps) => ps.map((p) => p.dataset.volume)")]
    assert max(volumes) >= 6  # Sales West's requests to IT
    assert min(volumes) >= 1
    box = arrows.first.bounding_box()  # drawn, not just present
    assert box is not None
    assert box["width"] > 10
    table = erin.get_by_role("table")
    expect(table).to_contain_text("Sales West")
    expect(erin.get_by_role("link", name="CSV of Flows between teams")).to_be_visible()
    screenshot(erin, "insights-customer-map")

    drawing.locator('a g[data-key="it-service-desk"] circle').click()  # the team's dot
    expect(erin).to_have_url(re.compile(r"/insights/map/\?focus=it-service-desk&from="))
    expect(
        erin.get_by_role("heading", name="Customer map: IT Service Desk", level=1)
    ).to_be_visible()
    focused = erin.locator("svg.cm")
    expect(focused.locator('g[data-key="focus:it-service-desk"]')).to_be_visible()
    expect(focused.locator('g[data-key="customer:sales-west"]')).to_be_visible()
    expect(focused.locator('g[data-key="customer:payroll"]')).to_be_visible()
    expect(focused.locator('g[data-key="supplier:payroll"]')).to_be_visible()
    expect(focused.locator("path.cm-link")).to_have_count(3)

    erin.get_by_role("link", name="Resolution on time (SLA)").click()
    expect(erin).to_have_url(re.compile(r"colour=sla"))
    expect(erin.locator("svg.cm")).to_contain_text("Resolution on time (SLA)")
    expect(erin.locator('.colour-toggle [aria-current="page"]')).to_have_text(
        "Resolution on time (SLA)"
    )


def test_a_lead_marks_a_key_customer_in_place(visits: Visits, cast: Cast) -> None:
    requests_between_teams(cast)
    erin = visits.signed_in(cast.erin)
    erin.goto("/directory/teams/it-service-desk/")
    erin.get_by_role("link", name="Internal customers").click()
    expect(
        erin.get_by_role("heading", name="Internal customers of IT Service Desk", level=1)
    ).to_be_visible()
    erin.get_by_role("link", name="Mark as key Sales West").click()
    form = erin.locator("#key-customer-form")
    expect(form.get_by_role("heading", name="Sales West: key customer worksheet")).to_be_visible()
    form.get_by_role("button", name="Save the worksheet").click()
    expect(form.get_by_text("Say what this customer needs from your team")).to_be_visible()
    form.get_by_label("What they need from us").fill("Laptops ready before client visits.")
    form.get_by_label("What we need from them").fill("Tell us about new starters 10 days ahead.")
    form.get_by_label("Contact").fill("alice@example.org")
    form.get_by_role("button", name="Save the worksheet").click()
    card = erin.locator("article.key-customer")
    expect(card).to_contain_text("Laptops ready before client visits.")
    expect(card).to_contain_text("Alice Asker")
    expect(erin.locator("#key-customer-form")).to_have_count(0)
    expect(erin.locator(".customers-table").first).not_to_contain_text("Sales West")
    screenshot(erin, "insights-customers")
